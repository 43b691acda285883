"""Record every API call made while collecting a bundle.

:class:`RecordingSession` wraps the keystoneauth session that OSC built:
its ``request`` records method, path, status, duration and the request
IDs the services answered with (support uses them to find their logs),
and gives every request the time left before the collection's deadline
as its timeout.  Everything else is the wrapped session's, so auth, the
catalog and connection pooling are shared.
"""

import threading
import time
import urllib.parse

REQUEST_ID_HEADERS = ('x-openstack-request-id', 'x-compute-request-id')
MICROVERSION_HEADER = 'openstack-api-version'
MAX_MICROVERSION_HEADER = 'openstack-api-maximum-version'
# Magnum answers with its long service name, clients send the short one.
MAGNUM_SERVICE_NAMES = ('container-infra',
                        'container-infrastructure-management')
# Seconds: a request made at the deadline fails at once as timed out.
MIN_TIMEOUT = 0.01


class RequestLog:
    """A thread-safe list of request records (plain dicts)."""

    def __init__(self, clock=time.monotonic):
        self._entries = []
        self._lock = threading.Lock()
        self._clock = clock
        self._start = clock()

    def add(self, method, url, status, duration, headers=None, error=None,
            collector=None):
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        entry = {
            'method': method.upper(),
            'path': _path(url),
            'status': status,
            'duration_ms': round(duration * 1000, 1),
            'request_ids': {h: headers[h] for h in REQUEST_ID_HEADERS
                            if headers.get(h)},
        }
        if headers.get(MICROVERSION_HEADER):
            entry['microversion'] = headers[MICROVERSION_HEADER]
        if headers.get(MAX_MICROVERSION_HEADER):
            entry['max_microversion'] = headers[MAX_MICROVERSION_HEADER]
        if error:
            entry['error'] = error
        if collector:
            entry['collector'] = collector
        with self._lock:
            entry['started_at_s'] = round(
                self._clock() - duration - self._start, 3)
            self._entries.append(entry)

    def entries(self):
        with self._lock:
            return sorted(self._entries, key=lambda e: e['started_at_s'])

    def server_microversion(self, services=MAGNUM_SERVICE_NAMES):
        """The microversion Magnum answered with, e.g. ``'1.14'``."""
        for entry in self.entries():
            value = entry.get('microversion') or ''
            name, _sep, version = value.partition(' ')
            if name in services and version:
                return version
        return None


def _path(url):
    """The path and query of a URL (no scheme, host or credentials)."""
    parts = urllib.parse.urlsplit(str(url))
    path = parts.path or '/'
    return path + ('?' + parts.query if parts.query else '')


_current = threading.local()


def keep_connections(session, count):
    """Let a keystoneauth session keep ``count`` connections to a host.

    requests keeps 10 a host: with more calls at once, each extra one
    opens and drops a connection, and urllib3 says "Connection pool is
    full" on stderr. The session's adapters are replaced by the same
    keystoneauth adapters with a larger pool.
    """
    from keystoneauth1 import session as ks_session

    adapters = getattr(getattr(session, 'session', None), 'adapters', None)
    for prefix, old in list((adapters or {}).items()):
        if (isinstance(old, ks_session.TCPKeepAliveAdapter)
                and getattr(old, '_pool_maxsize', 0) < count):
            session.mount(prefix, ks_session.TCPKeepAliveAdapter(
                pool_maxsize=count, max_retries=old.max_retries,
                tls_ciphers=old.tls_ciphers,
                tls_min_version=old.tls_min_version))


def set_collector(name):
    """Name the collector running on this thread (for the log)."""
    _current.name = name


class RecordingSession:
    """A keystoneauth session that records its requests in a RequestLog."""

    def __init__(self, session, log, deadline=None, clock=time.monotonic):
        self._session = session
        self._log = log
        self._deadline = deadline
        self._clock = clock

    def request(self, url, method, **kwargs):
        if self._deadline is not None:
            # Never wait past the collection's time limit.
            kwargs['timeout'] = max(MIN_TIMEOUT,
                                    self._deadline - self._clock())
        collector = getattr(_current, 'name', None)
        start = time.monotonic()
        try:
            resp = self._session.request(url, method, **kwargs)
        except Exception as exc:
            duration = time.monotonic() - start
            response = getattr(exc, 'response', None)
            if response is not None:
                self._record_response(response, duration, collector)
            else:
                self._log.add(method, url, None, duration,
                              error=type(exc).__name__,
                              collector=collector)
            raise
        self._record_response(resp, time.monotonic() - start, collector)
        return resp

    def _record_response(self, resp, duration, collector):
        hops = list(getattr(resp, 'history', None) or []) + [resp]
        for hop in hops:
            request = getattr(hop, 'request', None)
            elapsed = getattr(hop, 'elapsed', None)
            hop_duration = (elapsed.total_seconds()
                            if elapsed is not None and hop is not resp
                            else duration)
            self._log.add(getattr(request, 'method', None) or 'GET',
                          getattr(hop, 'url', None)
                          or getattr(request, 'url', ''),
                          hop.status_code, hop_duration,
                          headers=hop.headers, collector=collector)

    def get(self, url, **kwargs):
        return self.request(url, 'GET', **kwargs)

    # Everything else (auth, endpoints, ids) is the wrapped session's.
    def __getattr__(self, name):
        return getattr(self._session, name)
