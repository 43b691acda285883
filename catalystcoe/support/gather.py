"""Collect clusters concurrently through a recording session.

Shared by ``coe support bundle create`` and ``coe cluster diagnose``:
sets up a python-magnumclient client at the newest microversion on top
of a :class:`~catalystcoe.support.requestlog.RecordingSession`, runs the
collectors and turns a cluster that cannot be read into one clear line.
"""

import dataclasses
import datetime

from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.support import collectors
from catalystcoe.support import diagnosis
from catalystcoe.support import requestlog
from catalystcoe.support import runner

MICROVERSION = 'latest'
DEFAULT_WORKERS = 8
DEFAULT_TIMEOUT = 30.0


@dataclasses.dataclass
class Gathered:
    clusters: list            # [collectors.ClusterData]
    shared: collectors.Shared
    outcomes: list            # [runner.Outcome]
    log: requestlog.RequestLog
    session: object
    started_at: datetime.datetime
    duration_seconds: float = 0.0


def make_client(session, region, interface):
    """A magnumclient Client on ``session`` at the newest microversion."""
    return cloud.magnum_client(session, region, interface=interface,
                               api_version=MICROVERSION)


def list_cluster_names(magnum):
    with errors.api_errors('listing clusters'):
        clusters = magnum.clusters.list()
    return [c.uuid for c in clusters]


def gather(client_manager, idents, timeout=DEFAULT_TIMEOUT,
           workers=DEFAULT_WORKERS, with_templates=True, all_clusters=False):
    """Collect ``idents`` (names or UUIDs) concurrently.

    Raises CommandError when a cluster is not there, is ambiguous or the
    API cannot be reached.
    """
    import time

    log = requestlog.RequestLog()
    session = requestlog.RecordingSession(client_manager.session, log,
                                          timeout=timeout)
    region = client_manager.region_name
    interface = client_manager.interface
    started_at = datetime.datetime.now(datetime.timezone.utc)
    start = time.monotonic()
    magnum = make_client(session, region, interface)
    if all_clusters:
        requestlog.set_collector('cluster_list')
        idents = list_cluster_names(magnum)
        if not idents:
            raise osc_exc.CommandError(
                'there are no clusters in this project and region')
    idents = list(dict.fromkeys(idents))
    clusters = [collectors.ClusterData(ident) for ident in idents]
    shared = collectors.Shared()
    collector = collectors.Collector(magnum, session, region=region,
                                     interface=interface,
                                     with_templates=with_templates)
    try:
        outcomes = runner.run(
            collector.tasks(clusters, shared), workers=workers,
            timeout=timeout,
            on_start=lambda task: requestlog.set_collector(task.name))
    except runner.Fatal as exc:
        outcome = exc.args[0]
        raise osc_exc.CommandError(
            f'cluster {outcome.cluster}: {outcome.detail}') from None
    return Gathered(clusters, shared, outcomes, log, session, started_at,
                    round(time.monotonic() - start, 3))


def template_info(data, shared):
    """The catalogue's TemplateInfo for the cluster's template, or None."""
    if data.template is None:
        return None
    from catalystcoe.templates import catalogue

    templates = {t.get('uuid'): t for t in shared.templates or ()}
    templates[data.template.get('uuid')] = data.template
    infos = catalogue.classify(list(templates.values()))
    return infos.get(data.template.get('uuid'))


def facts_for(data, shared, now=None):
    stack_readable = data.stack is not None
    return diagnosis.Facts(
        cluster=data.cluster or {},
        template=data.template,
        template_info=template_info(data, shared),
        nodegroups=data.full_nodegroups(),
        stack=data.stack,
        failed_resources=data.failed_resources(),
        stack_readable=stack_readable,
        now=now)


def stack_note(data):
    """Why the stack could not be read, or None."""
    outcome = data.stack_outcome
    if outcome is None:
        return None
    if outcome.outcome == runner.FORBIDDEN:
        return ('the Heat stack behind the cluster is not visible to you '
                '(HTTP 403); stack checks were skipped')
    if outcome.outcome == runner.NOT_FOUND:
        return ('the Heat stack behind the cluster was not found (HTTP '
                '404); stack checks were skipped')
    return f'stack checks were skipped: {outcome.detail}'
