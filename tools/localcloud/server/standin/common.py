"""The stand-in's HTTP server: routes ``/<service>/...`` to a service.

A service is a ``Service``: its version document (``GET /<service>``,
no token needed), the handler of everything else under ``/<service>``
(token needed), optionally other paths that need no token and headers
added to its successful answers.
"""

import http.server
import json
import sys
import typing
import urllib.parse

from localcloud import config


class Service(typing.NamedTuple):
    # versions(root) -> body, root being 'http://host:port/<service>'.
    versions: typing.Callable
    # route(root, parts, query) -> (code, body); parts after the service.
    route: typing.Callable
    # public(root, parts) -> (code, body) or None: other token-free paths.
    public: typing.Callable = lambda root, parts: None
    headers: typing.Mapping = {}


def version_list(root, version_id, path, **extra):
    """A ``{'versions': [...]}`` document with one CURRENT version."""
    return {'versions': [dict(
        {'id': version_id, 'status': 'CURRENT'}, **extra,
        links=[{'rel': 'self', 'href': f'{root}/{path}/'}])]}


NOT_FOUND = 404, {'error': {'message': 'Not found'}}
UNAUTHORIZED = 401, {'error': {
    'code': 401, 'title': 'Unauthorized',
    'message': 'The request you have made requires authentication.'}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'localcloud-standin/1.0'
    services: typing.Mapping[str, Service] = {}

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [urllib.parse.unquote(p) for p in url.path.split('/') if p]
        root = f'http://{self.headers.get("Host", config.HOST)}'
        headers = {}
        try:
            code, body = self.route(root, parts, query)
            if code == 200 and parts and parts[0] in self.services:
                headers = self.services[parts[0]].headers
        except Exception as exc:  # a stand-in must answer something
            self.log_error('error: %r', exc)
            code, body = 500, {'error': {'message': str(exc)}}
        self.reply(code, body, headers)

    def route(self, root, parts, query):
        if not parts:
            return 200, {'services': sorted(self.services)}
        service = self.services.get(parts[0])
        if service is None:
            return NOT_FOUND
        root, rest = f'{root}/{parts[0]}', parts[1:]
        if not rest:
            return 200, service.versions(root)
        answer = service.public(root, rest)
        if answer is not None:
            return answer
        if not self.headers.get('X-Auth-Token'):
            return UNAUTHORIZED
        return service.route(root, rest, query)

    def reply(self, code, body, headers):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write('%s %s\n' % (self.log_date_time_string(),
                                      fmt % args))


def serve(services):
    """Serve ``services`` (name -> Service) on the stand-in's port."""
    handler = type('StandInHandler', (Handler,), {'services': services})
    server = http.server.ThreadingHTTPServer(
        (config.HOST, config.PORTS['standin']), handler)
    server.daemon_threads = True
    server.serve_forever()
