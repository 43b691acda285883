"""The stand-in's HTTP server: routes ``/<service>/...`` to a service.

A service is a ``Service``: its version document (``GET /<service>``,
no token needed), the handler of everything else under ``/<service>``
(token needed), optionally other paths that need no token and headers
added to its successful answers.

A service answers either GETs only (``route(root, parts, query)``) or
every method (``handle(request)``, given a :class:`Request` with the
caller's identity, its microversion header and the JSON body).  Helpers
shared by the services: :func:`microversion`, :func:`filtered`,
:func:`page` (limit/marker pagination with ``<key>_links``).
"""

import http.server
import json
import sys
import threading
import typing
import urllib.parse

from localcloud import config
from localcloud.server import servicefacts


class Service(typing.NamedTuple):
    # versions(root) -> body, root being 'http://host:port/<service>'.
    versions: typing.Callable
    # route(root, parts, query) -> (code, body); parts after the service.
    route: typing.Callable | None = None
    # public(root, parts) -> (code, body) or None: other token-free paths.
    public: typing.Callable = lambda root, parts: None
    headers: typing.Mapping = {}
    # handle(request) -> (code, body) or (code, body, headers); any method.
    handle: typing.Callable | None = None


class Identity(typing.NamedTuple):
    """Who a token belongs to (from Keystone's token validation)."""

    user_id: str
    project_id: str
    project_name: str
    roles: frozenset

    @property
    def admin(self):
        return 'admin' in self.roles


class Request(typing.NamedTuple):
    method: str
    root: str               # 'http://host:port/<service>'
    parts: list             # path parts after the service
    query: dict             # name -> [values]
    headers: typing.Any     # the request's headers (case-insensitive)
    body: typing.Any        # parsed JSON, or None
    identity: Identity


def version_list(root, version_id, path, **extra):
    """A ``{'versions': [...]}`` document with one CURRENT version."""
    return {'versions': [dict(
        {'id': version_id, 'status': 'CURRENT'}, **extra,
        links=[{'rel': 'self', 'href': f'{root}/{path}/'}])]}


NOT_FOUND = 404, {'error': {'message': 'Not found'}}
UNAUTHORIZED = 401, {'error': {
    'code': 401, 'title': 'Unauthorized',
    'message': 'The request you have made requires authentication.'}}


# -- identity -----------------------------------------------------------------

_TOKENS: dict = {}
_TOKENS_LOCK = threading.Lock()
_ADMIN: dict = {}


def _admin_session():
    """A keystoneauth session of the cloud's admin (made once)."""
    with _TOKENS_LOCK:
        if 'session' not in _ADMIN:
            from keystoneauth1.identity import v3
            from keystoneauth1 import session as ks_session
            admin = config.USERS['admin']
            auth = v3.Password(
                auth_url=config.KEYSTONE_URL, username='admin',
                password=admin['password'], project_name='admin',
                user_domain_id='default', project_domain_id='default')
            _ADMIN['session'] = ks_session.Session(auth=auth)
        return _ADMIN['session']


def identity(token):
    """The Identity of a token (asked of Keystone once), or None."""
    with _TOKENS_LOCK:
        if token in _TOKENS:
            return _TOKENS[token]
    resp = _admin_session().get(
        f'{config.KEYSTONE_URL}/auth/tokens',
        headers={'X-Subject-Token': token}, raise_exc=False)
    if resp.status_code != 200:
        return None
    data = resp.json()['token']
    project = data.get('project') or {}
    who = Identity(data['user']['id'], project.get('id', ''),
                   project.get('name', ''),
                   frozenset(r['name'] for r in data.get('roles', ())))
    with _TOKENS_LOCK:
        _TOKENS[token] = who
    return who


def project_name(project_id):
    """The name of a project some caller's token was scoped to, or ''."""
    with _TOKENS_LOCK:
        for who in _TOKENS.values():
            if who.project_id == project_id:
                return who.project_name
    return ''


# -- helpers for services -----------------------------------------------------

def microversion(headers, service, legacy_header, minimum, maximum):
    """The microversion asked for, as ``(major, minor)``, or None if bad.

    ``OpenStack-API-Version: <service> <x.y>|latest`` (or the legacy
    header); none given means the minimum.
    """
    value = None
    for text in headers.get_all('OpenStack-API-Version') or ():
        words = text.split()
        if len(words) == 2 and words[0].lower() == service:
            value = words[1]
    if value is None and legacy_header:
        value = headers.get(legacy_header)
    if not value:
        return minimum
    if value.strip().lower() == 'latest':
        return maximum
    try:
        major, minor = (int(x) for x in value.strip().split('.'))
    except ValueError:
        return None
    if not minimum <= (major, minor) <= maximum:
        return None
    return major, minor


def text_version(version):
    return f'{version[0]}.{version[1]}'


def negotiate(headers, service, legacy_header, minimum, maximum):
    """``(version, answer headers)``, or ``(None, the 406 message)``."""
    version = microversion(headers, service, legacy_header, minimum,
                           maximum)
    if version is None:
        return None, ('Version not supported by the API. Minimum is '
                      f'{text_version(minimum)} and maximum is '
                      f'{text_version(maximum)}.')
    text = text_version(version)
    answer = {'OpenStack-API-Version': f'{service} {text}',
              'Vary': 'OpenStack-API-Version'}
    if legacy_header:
        answer[legacy_header] = text
        answer['Vary'] += f', {legacy_header}'
    return version, answer


PAGING = ('limit', 'marker', 'fields', 'sort_key', 'sort_dir',
          'page_reverse', 'all_tenants', 'all_projects', 'details')


def filtered(items, query, ignore=()):
    """Items whose fields equal the query's (any of its values).

    Neutron's and Octavia's way: any attribute is a filter; booleans
    compare as ``true``/``false``. Unknown fields filter nothing out
    when they are in ``ignore`` or PAGING.
    """
    out = list(items)
    for key, values in query.items():
        if key in PAGING or key in ignore:
            continue
        wanted = {v.lower() if v.lower() in ('true', 'false') else v
                  for v in values}
        out = [item for item in out
               if _text(item.get(key, _MISSING)) in wanted]
    return out


_MISSING = object()


def _text(value):
    if value is _MISSING:
        return _MISSING
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value) if value is not None else ''


def page(items, query, key, url, max_limit=1000):
    """``{key: items[...], key_links: [...]}`` after limit and marker.

    The ``next`` link (when more items follow) carries the same query
    with the last item's id as the marker.  Returns ``(code, body)``.
    """
    limit = max_limit
    if 'limit' in query:
        try:
            limit = min(int(query['limit'][0]), max_limit)
        except ValueError:
            return 400, {'badRequest': {
                'code': 400, 'message': 'limit param must be an integer'}}
        if limit < 0:
            return 400, {'badRequest': {
                'code': 400, 'message': 'limit param must be positive'}}
    start = 0
    if 'marker' in query:
        marker = query['marker'][0]
        ids = [item.get('id') for item in items]
        if marker not in ids:
            return 400, {'badRequest': {
                'code': 400, 'message': f'marker [{marker}] not found'}}
        start = ids.index(marker) + 1
    chunk = items[start:start + limit]
    body = {key: chunk}
    if 'limit' in query and start + limit < len(items) and chunk:
        rest = {k: v for k, v in query.items() if k != 'marker'}
        rest['marker'] = [chunk[-1]['id']]
        body[f'{key}_links'] = [{
            'rel': 'next',
            'href': f'{url}?{urllib.parse.urlencode(rest, doseq=True)}'}]
    return 200, body


# -- the server ---------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'localcloud-standin/1.0'
    services: typing.Mapping[str, Service] = {}

    def do_GET(self):
        self.dispatch('GET')

    def do_POST(self):
        self.dispatch('POST')

    def do_PUT(self):
        self.dispatch('PUT')

    def do_DELETE(self):
        self.dispatch('DELETE')

    def dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [urllib.parse.unquote(p) for p in url.path.split('/') if p]
        root = f'http://{self.headers.get("Host", config.HOST)}'
        headers = {}
        try:
            body = self.read_body()
            answer = self.route(method, root, parts, query, body)
            code, body = answer[0], answer[1]
            if len(answer) > 2:
                headers = dict(answer[2])
            if code < 300 and parts and parts[0] in self.services:
                headers = dict(self.services[parts[0]].headers, **headers)
        except ValueError as exc:
            code, body = 400, {'badRequest': {
                'code': 400, 'message': f'Malformed request body: {exc}'}}
        except Exception as exc:  # a stand-in must answer something
            self.log_error('error: %r', exc)
            code, body = 500, {'error': {'message': str(exc)}}
        self.reply(code, body, headers)

    def read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        if not length:
            return None
        return json.loads(self.rfile.read(length).decode('utf-8'))

    def route(self, method, root, parts, query, body):
        # The service facts documents (GET; tests publish theirs by PUT).
        if method == 'PUT' and parts[:2] == ['catalystcoe', 'facts']:
            return servicefacts.put(parts, json.dumps(body).encode())
        facts = servicefacts.get(parts) if method == 'GET' else None
        if facts is not None:
            return facts
        if not parts:
            return 200, {'services': sorted(self.services)}
        service = self.services.get(parts[0])
        if service is None:
            return NOT_FOUND
        root, rest = f'{root}/{parts[0]}', parts[1:]
        if not rest and method == 'GET':
            return 200, service.versions(root)
        if method == 'GET':
            answer = service.public(root, rest)
            if answer is not None:
                return answer
        token = self.headers.get('X-Auth-Token')
        if not token:
            return UNAUTHORIZED
        if service.handle is not None:
            who = identity(token)
            if who is None:
                return UNAUTHORIZED
            return service.handle(Request(method, root, rest, query,
                                          self.headers, body, who))
        if method != 'GET':
            return 405, {'error': {'message': f'{method} not allowed'}}
        return service.route(root, rest, query)

    def reply(self, code, body, headers):
        data = b'' if body is None else json.dumps(body).encode()
        self.send_response(code)
        if body is not None:
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
