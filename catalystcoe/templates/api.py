"""Fetch cluster templates through python-magnumclient, per region.

The only module of ``catalystcoe.templates`` that talks to an API. Its
imports stay light (python-magnumclient is imported inside functions):
the hooks on ``coe cluster create/upgrade`` import it.
"""

import typing

from osc_lib import exceptions as osc_exc

from catalystcoe import errors
from catalystcoe.templates import aliases
from catalystcoe.templates import catalogue

SERVICE_TYPE = 'container-infra'
MAX_THREADS = 8


def clients(app) -> typing.Any:
    """The OSC app's client manager, typed loosely.

    Its clients (``.container_infra``) are attributes made at run time.
    """
    return app.client_manager


def fetch(client):
    """Every template the caller can see, as dicts: ONE request."""
    with errors.api_errors('listing cluster templates'):
        return [catalogue.as_dict(template) for template in
                client.cluster_templates.list(detail=True)]


def classified(client, today=None):
    """``catalogue.classify`` over :func:`fetch` (one request)."""
    return catalogue.classify(fetch(client), today=today)


def resolve(client, value, today=None):
    """Resolve a name, UUID or alias with one template list request.

    Returns ``(info, infos)``: the chosen :class:`TemplateInfo` and every
    classified template (for callers that need more facts).
    """
    infos = classified(client, today=today)
    try:
        return aliases.resolve(value, infos.values()), infos
    except aliases.ResolveError as exc:
        raise osc_exc.CommandError(str(exc)) from exc


def announce(stream, value, info):
    """Say on ``stream`` which template an alias chose (not for names)."""
    if value in (info.name, info.uuid):
        return
    stream.write(f'Cluster template "{value}" resolves to '
                 f'{aliases.describe(info)}\n')


def get_cluster(client, cluster):
    """A cluster (by name or UUID) as a dict."""
    with errors.api_errors(f'looking up cluster {cluster}'):
        return catalogue.as_dict(client.clusters.get(cluster))


def client_for(session, region, interface=None, api_version='latest',
               insecure=False, ca_cert=None):
    """A magnumclient client for ``region`` on a keystoneauth session.

    A region without a container-infra endpoint is a CommandError
    (magnumclient says so with a RuntimeError).
    """
    from magnumclient.v1 import client as magnum_client

    try:
        return magnum_client.Client(
            session=session, region_name=region, interface=interface,
            insecure=insecure, ca_cert=ca_cert, api_version=api_version)
    except RuntimeError as exc:
        raise osc_exc.CommandError(
            f'no {SERVICE_TYPE} endpoint in region {region}: {exc}') from exc


def regional_client(client_manager, region):
    """A magnumclient client for ``region`` on the same keystone session.

    Built the way ``magnumclient.osc.plugin.make_client`` builds the
    default one (same interface, TLS options and microversion), with
    ``region_name`` set.
    """
    from magnumclient.osc import plugin

    requested = (getattr(client_manager, '_api_version', None) or {}).get(
        plugin.API_NAME, plugin.DEFAULT_MAJOR_API_VERSION)
    api_version = (requested if '.' in str(requested)
                   else plugin.DEFAULT_MAGNUM_API_VERSION)
    return client_for(client_manager.session, region,
                      interface=client_manager.interface,
                      api_version=api_version,
                      insecure=not client_manager.verify,
                      ca_cert=client_manager.cacert)


def catalog_regions(client_manager):
    """Regions with a container-infra endpoint, from the service catalog."""
    with errors.api_errors('reading the service catalog'):
        access = client_manager.auth_ref
        catalog = access.service_catalog
        data = catalog.get_endpoint_data_list(
            service_type=SERVICE_TYPE,
            interface=client_manager.interface or 'public')
    regions = sorted({entry.region_name for entry in data
                      if entry.region_name})
    if not regions:
        raise osc_exc.CommandError(
            f'no region has a {SERVICE_TYPE} endpoint in the service '
            'catalog')
    return regions


def fetch_regions(client_manager, regions, fetcher=fetch):
    """Run ``fetcher(client)`` for each region concurrently.

    Returns ``(results, failures)``: ``{region: result}`` and
    ``{region: one-line reason}``, both in the order of ``regions``.
    """
    import concurrent.futures

    # Authenticate once before the threads start, so they share a token.
    with errors.api_errors('authenticating'):
        client_manager.session.get_token()
    results, failures = {}, {}
    workers = max(1, min(MAX_THREADS, len(regions)))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {
            region: pool.submit(
                lambda r: fetcher(regional_client(client_manager, r)),
                region)
            for region in regions}
    for region in regions:
        try:
            results[region] = futures[region].result()
        except osc_exc.CommandError as exc:
            failures[region] = str(exc)
    return ({r: results[r] for r in regions if r in results},
            {r: failures[r] for r in regions if r in failures})
