"""Collect clusters through a recording session, then diagnose each once.

Shared by ``coe support bundle create`` and ``coe cluster diagnose``:
sets up a python-magnumclient client at the newest microversion on top
of a :class:`~catalystcoe.support.requestlog.RecordingSession`, runs the
collectors in one pool within one time limit, and turns a cluster that
cannot be read into one clear line.
"""

import dataclasses
import time

from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe.support import collectors
from catalystcoe.support import diagnosis
from catalystcoe.support import requestlog
from catalystcoe.support import runner

MICROVERSION = cloud.NEWEST
# API calls at once. Measured with tools/bench-support-bundle (100 ms
# added to every Magnum request, 20 clusters): see the user guide's
# "Speed" section for the figures behind this choice.
DEFAULT_WORKERS = 16
# Seconds for the whole collection (every request gets the time left).
DEFAULT_TIMEOUT = 30.0


@dataclasses.dataclass
class Gathered:
    clusters: list            # [collectors.ClusterData]
    shared: collectors.Shared
    outcomes: list            # [runner.Outcome]
    log: requestlog.RequestLog
    session: object
    duration_seconds: float = 0.0


@dataclasses.dataclass
class Diagnosed:
    """One cluster's data, its template's support status, its findings."""

    data: collectors.ClusterData
    template_info: object | None      # catalogue.TemplateInfo
    findings: list                    # [diagnosis.Finding]


def gather(client_manager, idents, timeout=DEFAULT_TIMEOUT,
           workers=DEFAULT_WORKERS, all_clusters=False):
    """Collect ``idents`` (names or UUIDs), or every cluster.

    Raises CommandError when a named cluster is not there, is ambiguous
    or the API cannot be reached, and with ``all_clusters`` when the
    clusters cannot be listed or there are none.
    """
    log = requestlog.RequestLog()
    start = time.monotonic()
    requestlog.keep_connections(client_manager.session, workers)
    session = requestlog.RecordingSession(client_manager.session, log,
                                          deadline=start + timeout)
    region = client_manager.region_name
    interface = client_manager.interface
    magnum = cloud.magnum_client(session, region, interface=interface,
                                 api_version=MICROVERSION)
    collector = collectors.Collector(magnum, session, region=region,
                                     interface=interface)
    tasks = (collector.every_cluster() if all_clusters
             else collector.named(idents))
    try:
        outcomes = runner.run(
            tasks, workers=workers, timeout=timeout,
            on_start=lambda task: requestlog.set_collector(task.name))
    except runner.Fatal as exc:
        raise osc_exc.CommandError(str(exc)) from None
    return Gathered(collector.clusters, collector.shared, outcomes, log,
                    session, round(time.monotonic() - start, 3))


def diagnose_each(got, now=None):
    """Each cluster diagnosed once, with its template's support status.

    The templates are judged once for the whole run (the catalogue needs
    every visible template to tell which is the latest).
    """
    infos = template_infos(got.shared)
    out = []
    for data in got.clusters:
        info = infos.get((data.template or {}).get('uuid'))
        findings = diagnosis.diagnose(facts_for(data, info, now))
        out.append(Diagnosed(data, info, findings))
    return out


def template_infos(shared):
    """The catalogue's TemplateInfo of every template seen, by UUID."""
    templates = shared.all_templates()
    if not templates:
        return {}
    from catalystcoe.templates import catalogue

    return catalogue.classify(templates)


def facts_for(data, template_info=None, now=None):
    return diagnosis.Facts(
        cluster=data.cluster or {},
        template=data.template,
        template_info=template_info,
        nodegroups=data.full_nodegroups(),
        stack=data.stack,
        failed_resources=data.failed_resources(),
        stack_readable=data.stack is not None,
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
