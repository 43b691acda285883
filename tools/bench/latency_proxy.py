"""A loopback proxy that adds latency in front of the Magnum API.

Two listeners on 127.0.0.1:

* an identity front (no delay) forwarding to Keystone, which rewrites
  every Keystone answer so that Keystone's own URL and the Magnum
  endpoint of the catalog point at this proxy (the "catalog trick": a
  client configured with the front's auth URL sends every Magnum request
  through the delaying listener, without any client-side override);
* a Magnum front that waits ``delay`` seconds, then forwards.

It can also fail chosen Magnum paths (``fail={regex: status}``) or slow
them down (``slow={regex: seconds}``) to test collectors against an API
that errors or stalls mid-collection, and answer them in hostile ways
(``faults={regex: fault}``, changeable while it runs with
:meth:`LatencyProxy.set_fault`): :data:`HTML` (a 200 login page),
:data:`EMPTY` (an empty 200), :data:`JSON_LIST` (a JSON list where an
object belongs), :func:`retry_after` (a 503 with ``Retry-After``),
:func:`stall` (hold the request N s, then forward it) and :data:`DRIP`
(one byte a second, never finishing), each for the :func:`first` N
requests only if wanted.  A regex is searched in
``"<METHOD> <path>"``, so ``'^GET /v1/clusters/<uuid>$'`` spares the
DELETE.  Standard library only; used by ``tools/bench-support-bundle``
and the functional tests of hostile answers.
"""

import http.client
import http.server
import re
import socketserver
import threading
import time
import urllib.parse

HOP_BY_HOP = {'connection', 'keep-alive', 'proxy-authenticate',
              'proxy-authorization', 'te', 'trailers', 'transfer-encoding',
              'upgrade', 'content-length'}


class Fault:
    """A way to answer a request; ``serve`` returns True when it answered."""

    def serve(self, handler, proxy):
        raise NotImplementedError


class _Canned(Fault):
    def __init__(self, status, content_type, body, headers=None):
        self.status = status
        self.headers = {'Content-Type': content_type, **(headers or {})}
        self.body = body

    def serve(self, handler, proxy):
        handler._reply(self.status, self.headers, self.body)
        return True


class _Stall(Fault):
    def __init__(self, seconds):
        self.seconds = seconds

    def serve(self, handler, proxy):
        proxy.stopping.wait(self.seconds)
        return False  # then forward, late


class _Drip(Fault):
    """Headers promising a large body, then one byte a second."""

    def serve(self, handler, proxy):
        handler.send_response(200)
        handler.send_header('Content-Type', 'application/json')
        handler.send_header('Content-Length', '1000000')
        handler.end_headers()
        try:
            while not proxy.stopping.wait(1):
                handler.wfile.write(b' ')
                handler.wfile.flush()
        except OSError:
            pass  # the client gave up
        handler.close_connection = True
        return True


HTML = _Canned(200, 'text/html; charset=utf-8',
               b'<!DOCTYPE html><html><head><title>Sign in</title></head>'
               b'<body><form>Proxy login</form></body></html>')
EMPTY = _Canned(200, 'application/json', b'')
JSON_LIST = _Canned(200, 'application/json', b'[{"status": "DELETED"}]')
DRIP = _Drip()


def retry_after(seconds, status=503):
    """An error answer like Magnum's, with ``Retry-After: <seconds>``."""
    body = (b'{"errors": [{"status": %d, "code": "server", "title": '
            b'"Service Unavailable", "detail": "injected by latency_proxy: '
            b'down for maintenance"}]}' % status)
    return _Canned(status, 'application/json', body,
                   {'Retry-After': str(seconds)})


def stall(seconds):
    """Hold the request ``seconds``, then forward it."""
    return _Stall(seconds)


class _First(Fault):
    def __init__(self, times, fault):
        self.left = times
        self.fault = fault
        self._lock = threading.Lock()

    def serve(self, handler, proxy):
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
        return self.fault.serve(handler, proxy)


def first(times, fault):
    """``fault`` for the first ``times`` matching requests, then forward."""
    return _First(times, fault)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _handler(proxy, upstream, delay, rewrite):
    up = urllib.parse.urlsplit(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _forward(self):
            proxy.record(self.command, self.path)
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else None
            if delay:
                time.sleep(delay)
            fault = None if rewrite else proxy.fault_for(self.command,
                                                         self.path)
            if fault is not None and fault.serve(self, proxy):
                return
            if not rewrite:
                time.sleep(proxy.slowness_for(self.path))
            status = proxy.failure_for(self.path) if not rewrite else None
            if status:
                payload = (b'{"errors": [{"status": %d, "title": "injected",'
                           b' "detail": "injected by latency_proxy"}]}'
                           % status)
                self._reply(status, {'Content-Type': 'application/json'},
                            payload)
                return
            conn = http.client.HTTPConnection(up.hostname, up.port,
                                              timeout=120)
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP_BY_HOP and k.lower() != 'host'}
            headers['Host'] = up.netloc
            try:
                conn.request(self.command, self.path, body=body,
                             headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                out_headers = {k: v for k, v in resp.getheaders()
                               if k.lower() not in HOP_BY_HOP}
            except OSError as exc:
                self._reply(502, {'Content-Type': 'text/plain'},
                            f'latency_proxy: upstream: {exc}'.encode())
                return
            finally:
                conn.close()
            if rewrite and data:
                data = proxy.rewrite(data)
                if 'Location' in out_headers:
                    out_headers['Location'] = proxy.rewrite(
                        out_headers['Location'].encode()).decode()
            self._reply(resp.status, out_headers, data)

        def _reply(self, status, headers, data):
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward

    return Handler


class LatencyProxy:
    """Start with :meth:`start`; ``auth_url`` is what clients should use."""

    def __init__(self, keystone_url, magnum_url, delay=0.1, fail=None,
                 slow=None, faults=None):
        self.keystone = urllib.parse.urlsplit(keystone_url)
        self.magnum = urllib.parse.urlsplit(magnum_url)
        self.delay = delay
        self.fail = {re.compile(k): v for k, v in (fail or {}).items()}
        self.slow = {re.compile(k): v for k, v in (slow or {}).items()}
        self.faults = {}
        self.hits = {}
        # (time.monotonic(), method, path) of every request, both fronts.
        self.requests = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._servers = []
        for pattern, fault in (faults or {}).items():
            self.set_fault(pattern, fault)

    def set_fault(self, pattern, fault):
        """Answer requests matching ``pattern`` with ``fault`` (None: stop).

        ``pattern`` is searched in ``"<METHOD> <path>"``.
        """
        with self._lock:
            if fault is None:
                self.faults.pop(pattern, None)
            else:
                self.faults[pattern] = (re.compile(pattern), fault)
                self.hits.setdefault(pattern, 0)

    def record(self, method, path):
        with self._lock:
            self.requests.append((time.monotonic(), method, path))

    def fault_for(self, method, path):
        with self._lock:
            for pattern, (regex, fault) in self.faults.items():
                if regex.search(f'{method} {path}'):
                    self.hits[pattern] += 1
                    return fault
        return None

    def slowness_for(self, path):
        return sum(seconds for pattern, seconds in self.slow.items()
                   if pattern.search(path))

    def failure_for(self, path):
        for pattern, status in self.fail.items():
            if pattern.search(path):
                return status
        return None

    def start(self):
        ident = _Server(('127.0.0.1', 0), _handler(
            self, f'{self.keystone.scheme}://{self.keystone.netloc}', 0,
            rewrite=True))
        magnum = _Server(('127.0.0.1', 0), _handler(
            self, f'{self.magnum.scheme}://{self.magnum.netloc}',
            self.delay, rewrite=False))
        self._servers = [ident, magnum]
        self.identity_base = f'http://127.0.0.1:{ident.server_address[1]}'
        self.magnum_base = f'http://127.0.0.1:{magnum.server_address[1]}'
        self.auth_url = self.identity_base + self.keystone.path
        for server in self._servers:
            threading.Thread(target=server.serve_forever,
                             daemon=True).start()
        return self

    def rewrite(self, data):
        """Keystone's and Magnum's URLs in a body, pointed at the proxy."""
        old_ks = f'{self.keystone.scheme}://{self.keystone.netloc}'
        old_mg = f'{self.magnum.scheme}://{self.magnum.netloc}'
        return (data.replace(old_ks.encode(), self.identity_base.encode())
                .replace(old_mg.encode(), self.magnum_base.encode()))

    def stop(self):
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
