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
