"""The one seam to the cloud: clients, answers as dicts, lookups.

Everything above this module (commands, hooks, the template, support and
wait logic) reaches Magnum and the other services through these
functions, and only here is anything known about python-magnumclient's
shapes or about how the OSC shell holds its clients:

* :func:`client_manager`, :func:`magnum`, :func:`sdk`: the OSC app's
  clients (Magnum through python-magnumclient; Nova, Neutron, Octavia,
  Cinder and Glance through the openstacksdk connection the app holds);
* :func:`magnum_client`, :func:`regional_magnum`,
  :func:`catalog_regions`, :func:`for_each_region`: Magnum in other
  regions, on the same keystoneauth session;
* :func:`to_dict`: one conversion of a resource into a plain dict;
* :func:`get_cluster`, :func:`list_clusters`, :func:`get_template`,
  :func:`list_templates`, :func:`list_nodegroups`, :func:`get_nodegroup`,
  :func:`heat_get`: lookups that return dicts (or lists of dicts), or
  raise; an answer that is not what the API promises raises
  :class:`catalystcoe.errors.MalformedAnswer`, never ``None``. Given
  ``within=<seconds>``, a lookup ends in that time whatever the server
  does (:class:`catalystcoe.errors.DeadlineExceeded`);
* :class:`GuardedSession`, :func:`guard`, :func:`call_within`: every
  request gets a timeout (:func:`request_timeout`), never longer than the
  time left before a deadline; an error answer
  with ``Retry-After`` raises :class:`catalystcoe.errors.RetryLater`; a
  2xx answer to a JSON GET that is not a JSON object raises
  MalformedAnswer naming the URL and what came back.

Errors are not turned into text here: callers classify them with
:mod:`catalystcoe.errors`. Imported by hooks of coe commands: keep the
module-level imports light (client libraries are imported inside
functions).
"""

import os
import threading
import time
import typing

from osc_lib import exceptions as osc_exc

from catalystcoe import errors

SERVICE_TYPE = 'container-infra'
HEAT_SERVICE_TYPE = 'orchestration'
# The microversion the support bundle and diagnose ask for.
NEWEST = 'latest'
MAX_REGION_THREADS = 8
# Seconds any one request may take, unless CATALYSTCOE_REQUEST_TIMEOUT
# says otherwise. (OSC has no such option: osc-lib sets the api_timeout of
# clouds.yaml and OS_API_TIMEOUT to None.)
DEFAULT_REQUEST_TIMEOUT = 60.0
ENV_REQUEST_TIMEOUT = 'CATALYSTCOE_REQUEST_TIMEOUT'
# python-magnumclient's exceptions when a 2xx body has the wrong shape
# (a list where an object belongs, a string where a list belongs, ...).
_SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError,
                 ValueError)


# -- the OSC app's clients ----------------------------------------------------

def client_manager(app) -> typing.Any:
    """The OSC app's client manager, typed loosely.

    Its clients (``.container_infra``, ``.sdk_connection``) are attributes
    made at run time.
    """
    return app.client_manager


def magnum(app) -> typing.Any:
    """The command's python-magnumclient client (its region, microversion).

    Guarded (see :func:`guard`): its requests, the stock command's too,
    have a timeout and their answers are checked.
    """
    client = client_manager(app).container_infra
    guard(client)
    return client


def sdk(app) -> typing.Any:
    """The openstacksdk connection the OSC app holds (Nova, Neutron, ...)."""
    return client_manager(app).sdk_connection


# -- answers as dicts ---------------------------------------------------------

def to_dict(resource, what='resource'):
    """A python-magnumclient resource (or a dict) as a plain dict.

    A missing or unreadable answer (python-magnumclient gives ``None``
    for a 200 whose body is not JSON), or a Magnum answer whose fields
    have the wrong types (:data:`FIELD_TYPES`), raises MalformedAnswer.
    openstacksdk resources (``to_dict()``) have typed fields of their own
    (Glance's ``tags`` is a list) and are not held to Magnum's.
    """
    if isinstance(resource, dict):
        # openstacksdk's resources are dicts too, with typed fields of
        # their own (Glance's tags is a list): only Magnum's are checked.
        if what in MAGNUM_KINDS:
            return _checked(dict(resource), what)
        return dict(resource)
    info = getattr(resource, '_info', None)
    if isinstance(info, dict):
        return _checked(dict(info), what)
    to_dict_method = getattr(resource, 'to_dict', None)
    if callable(to_dict_method):
        value = to_dict_method()
        if isinstance(value, dict):
            return value
    raise errors.MalformedAnswer(
        f'expected a {what} (a JSON object), got {_shape(resource)}')


# The types of the Magnum fields this plugin reads (None is allowed for
# each): an answer that breaks them is malformed, said at the seam rather
# than as a Python error wherever the field is used.
MAGNUM_KINDS = ('resource', 'cluster', 'cluster template', 'node group',
                'certificate')
FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    **dict.fromkeys(('uuid', 'name', 'status', 'status_reason',
                     'cluster_template_id', 'coe_version', 'tags',
                     'role', 'cluster_id', 'stack_id', 'image_id'), str),
    **dict.fromkeys(('labels', 'labels_added', 'labels_overridden',
                     'labels_skipped'), dict),
    **dict.fromkeys(('hidden', 'public', 'is_default'), bool),
    **dict.fromkeys(('node_count', 'master_count', 'create_timeout'), int),
}


def _checked(fields, what):
    for key, kind in FIELD_TYPES.items():
        value = fields.get(key)
        if value is not None and not isinstance(value, kind):
            raise errors.MalformedAnswer(
                f'expected a {what}, got one whose {key} is '
                f'{_shape(value)}')
    return fields


def to_dicts(resources, what='resource'):
    """A list answer as a list of dicts (MalformedAnswer if it is not)."""
    if resources is None or isinstance(resources, (str, bytes, dict)):
        raise errors.MalformedAnswer(
            f'expected a list of {what}s, got {_shape(resources)}')
    try:
        items = list(resources)
    except TypeError:
        raise errors.MalformedAnswer(
            f'expected a list of {what}s, got {_shape(resources)}') from None
    return [to_dict(item, what) for item in items]


def _shape(value):
    if value is None:
        return 'nothing (an empty or non-JSON body)'
    return f'{type(value).__name__} {str(value)[:40]!r}'


# -- guarded requests ---------------------------------------------------------

def request_timeout(environ=None):
    """Seconds one request may take (``CATALYSTCOE_REQUEST_TIMEOUT``)."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV_REQUEST_TIMEOUT) or '').strip()
    if not value:
        return DEFAULT_REQUEST_TIMEOUT
    seconds = positive_seconds(value)
    if seconds is None:
        raise osc_exc.CommandError(
            f'{ENV_REQUEST_TIMEOUT}: {value!r} is not a positive number of '
            'seconds')
    return seconds


def positive_seconds(text):
    """``text`` as a positive, finite number of seconds, or None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 < value < float('inf') else None


class GuardedSession:
    """A keystoneauth session whose requests end in time, answers checked.

    Wraps the session OSC built (or any wrapper of it); everything but
    ``request`` is the wrapped session's, so auth, the catalog and the
    connection pool are shared.  On each request:

    * a timeout: the one asked for, else the wrapped session's own
      (``timeout``), else :func:`request_timeout`; never more than the
      time left before this thread's deadline (:meth:`bound`);
    * an error answer (5xx, 429) with ``Retry-After`` raises
      :class:`errors.RetryLater` (python-magnumclient cannot build its
      own exception for one and raises a TypeError);
    * a 2xx answer to a GET that asked for JSON must be a JSON object,
      or :class:`errors.MalformedAnswer` names the URL, the status, the
      content type and the first bytes.

    Requests time out by socket operation only (a server that drips a
    byte a second never times out): :func:`call_within` bounds a whole
    call.
    """

    def __init__(self, session, clock=time.monotonic, timeout=None):
        self._session = session
        self._clock = clock
        self._local = threading.local()
        self._timeout = timeout or request_timeout()

    def bound(self, seconds, requested=None):
        """This thread's requests end within ``seconds`` from now.

        ``requested``: a list to which each request's method and URL is
        appended (to say which request did not end in time).
        """
        self._local.deadline = (None if seconds is None
                                else self._clock() + seconds)
        self._local.requested = requested

    def last_answer(self):
        """This thread's last response (None before any)."""
        return getattr(self._local, 'answer', None)

    def request(self, url, method, **kwargs):
        from keystoneauth1 import exceptions as ks_exc

        timeout = (kwargs.get('timeout')
                   or getattr(self._session, 'timeout', None)
                   or self._timeout)
        deadline = getattr(self._local, 'deadline', None)
        requested = getattr(self._local, 'requested', None)
        if requested is not None:
            requested.append(f'{method} {url}')
        if deadline is not None:
            left = deadline - self._clock()
            if left <= 0:
                raise errors.DeadlineExceeded(
                    f'no time left for {method} {url}')
            timeout = min(timeout, left)
        kwargs['timeout'] = timeout
        try:
            resp = self._session.request(url, method, **kwargs)
        except ks_exc.ConnectTimeout as exc:
            raise errors.DeadlineExceeded(
                f'no complete answer to {method} {url} within '
                f'{timeout:.3g} s') from exc
        self._local.answer = resp
        _check_answer(resp, method, kwargs.get('headers'))
        return resp

    def get(self, url, **kwargs):
        return self.request(url, 'GET', **kwargs)

    def __getattr__(self, name):
        return getattr(self._session, name)


def _check_answer(resp, method, headers):
    status = getattr(resp, 'status_code', 0) or 0
    retry_header = (getattr(resp, 'headers', None) or {}).get('Retry-After')
    if retry_header is not None and (status >= 500 or status == 429):
        raise errors.retry_later(resp)
    accept = {str(k).lower(): str(v) for k, v in (headers or {}).items()
              }.get('accept', '')
    if (method.upper() == 'GET' and 200 <= status < 300
            and status not in (204, 205) and 'json' in accept):
        errors.json_object(resp)


def guard(client):
    """Put a python-magnumclient client's requests on a GuardedSession.

    In place and once; returns the GuardedSession (None for a client
    without a keystoneauth session, such as a test double).
    """
    http: typing.Any = getattr(client, 'http_client', None)
    session = getattr(http, 'session', None)
    if session is None:
        return None
    if not isinstance(session, GuardedSession):
        session = GuardedSession(session)
        http.session = session
    return session


def call_within(seconds, call, *args):
    """``call(*args)`` that ends within ``seconds``, whatever it waits for.

    The call runs on a daemon thread; when it has not ended in time it is
    abandoned (its socket is closed when the process ends) and
    :class:`errors.DeadlineExceeded` is raised.  Its exceptions (Ctrl-C
    included) are raised here.
    """
    if seconds <= 0:
        raise errors.DeadlineExceeded('no time left')
    box: dict = {}

    def run():
        try:
            box['value'] = call(*args)
        except BaseException as exc:  # handed to the caller's thread
            box['error'] = exc

    worker = threading.Thread(target=run, name='catalystcoe-request',
                              daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise errors.DeadlineExceeded(
            f'no complete answer within {seconds:.3g} s')
    if 'error' in box:
        raise box['error']
    return box['value']


# Magnum's master_count race (errors.is_magnum_race) lasts a moment: a
# read meeting it is sent again after 0.5, 1 and 2 s.
RACE_PAUSES = (0.5, 1.0, 2.0)


def _through_magnum_race(call, *args):
    for pause in RACE_PAUSES + (None,):
        try:
            return call(*args)
        except Exception as exc:
            if pause is None or not errors.is_magnum_race(exc):
                raise
            time.sleep(pause)


def _read(client, what, within, convert, call, *args):
    """``convert(call(*args))`` on a guarded client, odd answers named.

    python-magnumclient's own errors on an answer of the wrong shape, and
    ``convert``'s MalformedAnswer, become a MalformedAnswer naming the
    URL and what came back. With ``within`` (seconds), the whole call
    ends in that time.
    """
    session = guard(client)

    def read():
        try:
            answer = _through_magnum_race(call, *args)
        except _SHAPE_ERRORS as exc:
            replacement = _unreadable(exc, session, what)
            if replacement is exc:
                raise
            raise replacement from exc
        try:
            return convert(answer)
        except errors.MalformedAnswer as exc:
            answer = session.last_answer() if session else None
            if answer is None:
                raise
            last = session.last_answer() if session else None
            if last is None:
                raise
            raise errors.MalformedAnswer(
                f'{getattr(last, "url", "the API")}: {exc}') from exc

    if within is None:
        return read()
    requested: list = []

    def bounded():
        if session is not None:
            session.bound(within, requested)
        return read()

    try:
        return call_within(within, bounded)
    except errors.DeadlineExceeded as exc:
        doing = f' to {requested[-1]}' if requested else ''
        raise errors.DeadlineExceeded(
            f'no complete answer{doing} within {within:.3g} s') from exc


def _unreadable(exc, session, what):
    """The exception to raise for python-magnumclient's ``exc``."""
    if errors.classify(exc).kind != errors.ERROR:
        return exc  # JSON errors, python-magnumclient's Retry-After bug
    answer = session.last_answer() if session else None
    if answer is not None:
        return errors.MalformedAnswer(errors.answer_text(answer, what))
    return errors.MalformedAnswer(
        f'expected {what}, got an answer python-magnumclient cannot read '
        f'({type(exc).__name__}: {exc})')


def _one(what):
    return lambda resource: to_dict(resource, what)


def _many(what):
    return lambda resources: to_dicts(resources, what)


# -- Magnum lookups -----------------------------------------------------------
#
# ``within``: seconds the whole lookup may take (default: each request
# has the default timeout).

def get_cluster(client, ident, within=None):
    """One cluster (name or UUID) as a dict."""
    return _read(client, 'a cluster', within, _one('cluster'),
                 client.clusters.get, ident)


def list_clusters(client, within=None):
    return _read(client, 'a list of clusters', within, _many('cluster'),
                 client.clusters.list)


def get_template(client, ident, within=None):
    return _read(client, 'a cluster template', within,
                 _one('cluster template'), client.cluster_templates.get,
                 ident)


def list_templates(client, within=None):
    """Every template the caller can see, in full: ONE request."""
    return _read(client, 'a list of cluster templates', within,
                 _many('cluster template'),
                 lambda: client.cluster_templates.list(detail=True))


def list_nodegroups(client, cluster, within=None):
    return _read(client, 'a list of node groups', within,
                 _many('node group'), client.nodegroups.list, cluster)


def get_nodegroup(client, cluster, nodegroup, within=None):
    return _read(client, 'a node group', within, _one('node group'),
                 client.nodegroups.get, cluster, nodegroup)


# -- Magnum in any region -----------------------------------------------------

def magnum_client(session, region, interface=None, api_version=NEWEST,
                  insecure=False, ca_cert=None):
    """A python-magnumclient client for ``region`` on a keystoneauth session.

    A region without a container-infra endpoint is a CommandError
    (python-magnumclient says so with a RuntimeError).
    """
    from magnumclient.v1 import client as magnum_module

    try:
        return magnum_module.Client(
            session=session, region_name=region, interface=interface,
            insecure=insecure, ca_cert=ca_cert, api_version=api_version)
    except RuntimeError as exc:
        raise osc_exc.CommandError(
            f'no {SERVICE_TYPE} endpoint in region {region}: {exc}') from exc


def command_microversion(manager):
    """The microversion the command asked for (as magnumclient's plugin)."""
    from magnumclient.osc import plugin

    requested = (getattr(manager, '_api_version', None) or {}).get(
        plugin.API_NAME, plugin.DEFAULT_MAJOR_API_VERSION)
    return (requested if '.' in str(requested)
            else plugin.DEFAULT_MAGNUM_API_VERSION)


def regional_magnum(manager, region, session=None, api_version=None):
    """A python-magnumclient client for ``region``.

    Built the way ``magnumclient.osc.plugin.make_client`` builds the
    command's own (same interface, TLS options and, unless
    ``api_version`` is given, the same microversion) on ``session``
    (default: the OSC app's session).
    """
    return magnum_client(
        session if session is not None else manager.session, region,
        interface=manager.interface,
        api_version=api_version or command_microversion(manager),
        insecure=not manager.verify, ca_cert=manager.cacert)


def catalog_regions(manager, service_type=SERVICE_TYPE):
    """Regions with an endpoint of ``service_type``, from the catalog."""
    with errors.api_errors('reading the service catalog'):
        access = manager.auth_ref
        data = access.service_catalog.get_endpoint_data_list(
            service_type=service_type,
            interface=manager.interface or 'public')
    regions = sorted({entry.region_name for entry in data
                      if entry.region_name})
    if not regions:
        raise osc_exc.CommandError(
            f'no region has a {service_type} endpoint in the service '
            'catalog')
    return regions


def for_each_region(manager, regions, fetch):
    """Run ``fetch(client)`` on each region's Magnum concurrently.

    Returns ``(results, failures)``: ``{region: result}`` and
    ``{region: one-line reason}``, both in the order of ``regions``.
    """
    import concurrent.futures

    # Authenticate once before the threads start, so they share a token.
    with errors.api_errors('authenticating'):
        manager.session.get_token()
    results, failures = {}, {}
    workers = max(1, min(MAX_REGION_THREADS, len(regions)))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {
            region: pool.submit(
                lambda r: fetch(regional_magnum(manager, r)), region)
            for region in regions}
    for region in regions:
        try:
            results[region] = futures[region].result()
        except osc_exc.CommandError as exc:
            failures[region] = str(exc)
    return ({r: results[r] for r in regions if r in results},
            {r: failures[r] for r in regions if r in failures})


# -- Heat (Heat-era clusters only) --------------------------------------------

class NoEndpoint(Exception):
    """The catalog has no endpoint for a service in this region."""


def heat_get(session, path, region=None, interface=None, params=None):
    """GET ``path`` of the orchestration API as a JSON object.

    Raises NoEndpoint when the catalog has no Heat in ``region``, and
    MalformedAnswer when the body is not a JSON object.
    """
    from keystoneauth1 import exceptions as ks_exc

    filter_ = {'service_type': HEAT_SERVICE_TYPE,
               'interface': interface or 'public',
               'region_name': region}
    try:
        endpoint = session.get_endpoint(**filter_)
    except ks_exc.EndpointNotFound:
        endpoint = None
    if not endpoint:
        raise NoEndpoint(
            'no orchestration (Heat) endpoint in the service catalog'
            + (f' for region {region}' if region else ''))
    resp = session.get(path, endpoint_filter=filter_, params=params,
                       headers={'Accept': 'application/json'})
    return errors.json_object(resp)


# -- cluster certificates (kubeconfig) ----------------------------------------

def region_name(app):
    """The region this command's Magnum client talks to.

    The region the user chose (``--os-region-name``, ``OS_REGION_NAME``
    or the cloud's ``region_name``/first ``regions`` entry); without one,
    the region of the container-infra endpoint the catalog gives first.
    """
    manager = client_manager(app)
    if manager.region_name:
        return manager.region_name
    with errors.api_errors('reading the service catalog'):
        data = manager.session.get_endpoint_data(
            service_type=SERVICE_TYPE,
            interface=manager.interface or 'public')
    region = getattr(data, 'region_name', None)
    if not region:
        raise osc_exc.CommandError(
            'cannot tell which region this cluster is in: give '
            '--os-region-name')
    return region


def get_ca_pem(client, cluster_uuid):
    """The cluster's CA certificate (PEM text) from Magnum."""
    answer = to_dict(client.certificates.get(cluster_uuid=cluster_uuid),
                     'certificate')
    return _pem(answer)


def sign_csr(client, cluster_uuid, csr_pem):
    """A client certificate (PEM text) Magnum signs with the cluster's CA.

    Only the certificate signing request goes to Magnum; the private key
    stays with the caller.
    """
    answer = to_dict(client.certificates.create(cluster_uuid=cluster_uuid,
                                                csr=csr_pem), 'certificate')
    return _pem(answer)


def _pem(answer):
    pem = answer.get('pem')
    if not isinstance(pem, str) or 'BEGIN CERTIFICATE' not in pem:
        raise errors.MalformedAnswer(
            f'no PEM certificate in the answer (pem is {_shape(pem)})')
    return pem


# -- added for the support bundle ---------------------------------------------

def list_clusters_in_full(client):
    """Every cluster in full, in ONE request (``clusters/detail``).

    Each has every field ``get_cluster`` gives but ``faults``, which
    Magnum adds only when one failed cluster is shown.
    """
    return _read(client, 'a list of clusters', None, _many('cluster'),
                 lambda: client.clusters.list(detail=True))


# -- the cloud's settings and documents outside the APIs ----------------------

class Settings(typing.NamedTuple):
    """What the OSC app read for the cloud, without any request."""

    region: str | None
    auth_url: str | None
    config: dict           # the cloud's clouds.yaml entry, as merged
    verify: typing.Any     # requests' form: True, False or a CA path


def settings(app):
    """The region, auth URL, clouds.yaml entry and TLS setting of ``app``.

    Reads only what the OSC shell holds; never authenticates.
    """
    manager = getattr(app, 'client_manager', None)
    cli_options = getattr(manager, '_cli_options', None)
    config = getattr(cli_options, 'config', None)
    config = config if isinstance(config, dict) else {}
    region = (getattr(cli_options, 'region_name', None)
              or config.get('region_name'))
    auth_url = (config.get('auth') or {}).get('auth_url')
    verify = getattr(manager, 'verify', True)
    return Settings(region, auth_url, config,
                    verify if isinstance(verify, (bool, str)) else True)


def get_json(url, timeout, verify=True, session=None, max_bytes=1 << 20):
    """GET ``url`` without authentication; its JSON body.

    For documents published outside the cloud's APIs (the service facts).
    Raises on any failure: keystoneauth's errors, an HTTP error status,
    a body over ``max_bytes`` or not JSON (MalformedAnswer).
    """
    import json
    import time

    if session is None:
        from keystoneauth1 import session as ks_session
        session = ks_session.Session(verify=verify, timeout=timeout)
    deadline = time.monotonic() + timeout
    resp = session.get(url, authenticated=False, timeout=timeout,
                       stream=True, headers={'Accept': 'application/json'})
    body = b''
    for chunk in resp.iter_content(65536):
        body += chunk
        if len(body) > max_bytes:
            raise errors.MalformedAnswer(f'more than {max_bytes} bytes')
        if time.monotonic() > deadline:
            raise errors.MalformedAnswer(f'no complete answer in {timeout}s')
    try:
        return json.loads(body)
    except ValueError:
        raise errors.MalformedAnswer('the body is not JSON') from None


# -- Nova, Neutron, Octavia, Cinder, Glance (openstacksdk) --------------------
# Added for the pre-flight checks and a cluster's associated resources.
# ``conn`` is the connection of :func:`sdk`. Every function makes one
# request (a list may follow the API's pagination) and returns dicts
# with openstacksdk's attribute names; errors are openstacksdk's (or
# keystoneauth's), classified by :mod:`catalystcoe.errors`.

def authenticate(app):
    """Get the token once, before threads share the session.

    Returns ``(project_id, application_credential)``: the project the
    token is scoped to, and the token's application credential (a dict
    with ``id``, ``name``, ``restricted``) or None.
    """
    manager = client_manager(app)
    session = manager.session
    session.get_token()
    access = session.auth.get_access(session)
    credential = None
    if getattr(access, 'version', None) == 'v3':
        credential = access._data.get('token', {}).get(
            'application_credential')
    return access.project_id, credential


def compute_limits(conn):
    """Nova's absolute limits and usage of the caller's project.

    Keys: ``total_cores``, ``total_cores_used``, ``total_ram``,
    ``instances``, ...
    """
    return to_dict(conn.compute.get_limits().absolute, 'compute limits')


def list_flavors(conn):
    """Every flavor the project may use, in detail.

    ``extra_specs`` come in the same answer from Nova 2.61 (None before).
    """
    return to_dicts(conn.compute.flavors(details=True), 'flavor')


def flavor_extra_specs(conn, flavor_id):
    return dict(conn.compute.fetch_flavor_extra_specs(flavor_id)
                .extra_specs or {})


def get_keypair(conn, name):
    return to_dict(conn.compute.get_keypair(name), 'keypair')


def find_image(conn, ident):
    """An image by UUID or by name, in one request.

    A name that matches no image raises openstacksdk's
    NotFoundException, as its own ``find_image`` does; one that
    matches several is ambiguous (DuplicateResource).
    """
    from openstack import exceptions as sdk_exc

    if _looks_like_uuid(ident):
        return to_dict(conn.image.get_image(ident), 'image')
    found = to_dicts(conn.image.images(name=ident), 'image')
    if not found:
        raise sdk_exc.NotFoundException(f'No Image found for {ident}')
    if len(found) > 1:
        raise sdk_exc.DuplicateResource(
            f'More than one Image exists with the name {ident}')
    return found[0]


def _looks_like_uuid(text):
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def list_servers(conn):
    """The project's servers, in detail."""
    return to_dicts(conn.compute.servers(details=True), 'server')


def list_networks(conn, project_id):
    return to_dicts(conn.network.networks(project_id=project_id), 'network')


def list_ports(conn, project_id):
    return to_dicts(conn.network.ports(project_id=project_id), 'port')


def list_routers(conn, project_id):
    return to_dicts(conn.network.routers(project_id=project_id), 'router')


def list_floating_ips(conn, project_id):
    return to_dicts(conn.network.ips(project_id=project_id), 'floating IP')


def network_quota(conn, project_id):
    """Neutron's quota with usage: ``{resource: {limit, used, ...}}``.

    Resources: ``floating_ips``, ``networks``, ``ports``, ``routers``, ...
    """
    return to_dict(conn.network.get_quota(project_id, details=True),
                   'network quota')


def list_load_balancers(conn, project_id):
    return to_dicts(conn.load_balancer.load_balancers(project_id=project_id),
                    'load balancer')


def load_balancer_quota(conn, project_id):
    """Octavia's quota (``load_balancers``, ...); Octavia has no usage."""
    return to_dict(conn.load_balancer.get_quota(project_id),
                   'load balancer quota')


def volume_limits(conn):
    """Cinder's absolute limits and usage of the caller's project.

    Keys: ``max_total_volumes``, ``total_volumes_used``,
    ``max_total_volume_gigabytes``, ``total_gigabytes_used``, ...
    """
    return to_dict(conn.block_storage.get_limits().absolute, 'volume limits')


def list_volumes(conn):
    """The project's volumes, in detail (with metadata, attachments)."""
    return to_dicts(conn.block_storage.volumes(details=True), 'volume')


def magnum_quota(client, project_id, resource='Cluster'):
    """Magnum's quota of ``resource`` for a project (``hard_limit``).

    Magnum answers its configured default when no quota was set.
    """
    return to_dict(client.quotas.get(project_id, resource), 'quota')
