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
  :class:`catalystcoe.errors.MalformedAnswer`, never ``None``.

Errors are not turned into text here: callers classify them with
:mod:`catalystcoe.errors`. Imported by hooks of coe commands: keep the
module-level imports light (client libraries are imported inside
functions).
"""

import typing

from osc_lib import exceptions as osc_exc

from catalystcoe import errors

SERVICE_TYPE = 'container-infra'
HEAT_SERVICE_TYPE = 'orchestration'
# The microversion the support bundle and diagnose ask for.
NEWEST = 'latest'
MAX_REGION_THREADS = 8


# -- the OSC app's clients ----------------------------------------------------

def client_manager(app) -> typing.Any:
    """The OSC app's client manager, typed loosely.

    Its clients (``.container_infra``, ``.sdk_connection``) are attributes
    made at run time.
    """
    return app.client_manager


def magnum(app) -> typing.Any:
    """The command's python-magnumclient client (its region, microversion)."""
    return client_manager(app).container_infra


def sdk(app) -> typing.Any:
    """The openstacksdk connection the OSC app holds (Nova, Neutron, ...)."""
    return client_manager(app).sdk_connection


# -- answers as dicts ---------------------------------------------------------

def to_dict(resource, what='resource'):
    """A python-magnumclient resource (or a dict) as a plain dict.

    A missing or unreadable answer (python-magnumclient gives ``None``
    for a 200 whose body is not JSON) raises MalformedAnswer.
    """
    if isinstance(resource, dict):
        return dict(resource)
    info = getattr(resource, '_info', None)
    if isinstance(info, dict):
        return dict(info)
    to_dict_method = getattr(resource, 'to_dict', None)
    if callable(to_dict_method):
        value = to_dict_method()
        if isinstance(value, dict):
            return value
    raise errors.MalformedAnswer(
        f'expected a {what} (a JSON object), got {_shape(resource)}')


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


# -- Magnum lookups -----------------------------------------------------------

def get_cluster(client, ident):
    """One cluster (name or UUID) as a dict."""
    return to_dict(client.clusters.get(ident), 'cluster')


def list_clusters(client):
    return to_dicts(client.clusters.list(), 'cluster')


def get_template(client, ident):
    return to_dict(client.cluster_templates.get(ident), 'cluster template')


def list_templates(client):
    """Every template the caller can see, in full: ONE request."""
    return to_dicts(client.cluster_templates.list(detail=True),
                    'cluster template')


def list_nodegroups(client, cluster):
    return to_dicts(client.nodegroups.list(cluster), 'node group')


def get_nodegroup(client, cluster, nodegroup):
    return to_dict(client.nodegroups.get(cluster, nodegroup), 'node group')


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
