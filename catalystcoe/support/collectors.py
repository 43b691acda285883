"""What is collected for clusters, from the user's side of the API.

For each cluster: the cluster (every field, newest microversion), its
node groups (the list, and each in full), its template, the Heat stack
behind it when the user may read it (stack, failed resources, recent
events).  Once per run: the visible templates in full (to judge the
cluster template's support status; the cluster's own template is taken
from that answer, and asked for by ID only when it is not in it).

Every task starts as soon as what it needs is known, in the one pool of
:mod:`~catalystcoe.support.runner`: a cluster's node groups are listed
while the cluster itself is asked for, and with ``--all`` the list of
clusters in full (``clusters/detail``) replaces one request per cluster.
No answer is asked for twice.  Every call goes through
:mod:`catalystcoe.cloud` and the recording session, so it shows in the
request log, and an answer that is not what the API promises is that
collector's failure.
"""

import dataclasses

from catalystcoe import cloud
from catalystcoe.support import runner

EVENT_LIMIT = 50
STACK_NESTED_DEPTH = 3


@dataclasses.dataclass
class ClusterData:
    """Everything collected for one cluster (plain dicts)."""

    ident: str
    cluster: dict | None = None
    template: dict | None = None
    nodegroup_list: list | None = None
    nodegroups: dict = dataclasses.field(default_factory=dict)
    stack: dict | None = None
    stack_resources: list | None = None
    stack_events: list | None = None
    stack_outcome: runner.Outcome | None = None

    @property
    def name(self):
        return (self.cluster or {}).get('name') or self.ident

    @property
    def uuid(self):
        return (self.cluster or {}).get('uuid') or self.ident

    @property
    def template_id(self):
        return (self.cluster or {}).get('cluster_template_id')

    def failed_resources(self):
        return [r for r in self.stack_resources or ()
                if str(r.get('resource_status', '')).endswith('FAILED')]

    def full_nodegroups(self):
        """Node groups in full where shown, else as listed."""
        listed = self.nodegroup_list or []
        return [self.nodegroups.get(ng.get('uuid'), ng) for ng in listed]


@dataclasses.dataclass
class Shared:
    """What is collected once per run."""

    templates: list | None = None     # the list answer, in full
    fetched: dict = dataclasses.field(default_factory=dict)  # id -> dict

    def all_templates(self):
        """Every template seen (the list, and any asked for by ID)."""
        by_id = {t.get('uuid'): t for t in self.templates or ()}
        by_id.update(self.fetched)
        return list(by_id.values())

    def template(self, ident):
        return next((t for t in self.all_templates()
                     if ident in (t.get('uuid'), t.get('name'))), None)


class Collector:
    """Plans the tasks of one run; holds what they collect.

    ``magnum`` is a python-magnumclient ``Client`` at the newest
    microversion, ``session`` the (recording) keystoneauth session.
    """

    def __init__(self, magnum, session, region=None, interface=None):
        self.magnum = magnum
        self.session = session
        self.region = region
        self.interface = interface
        self.clusters: list[ClusterData] = []
        self.shared = Shared()
        self._templates_answered = False
        self._template_asked: set = set()

    # -- first tasks --------------------------------------------------

    def named(self, idents):
        """First tasks for clusters named by the user (name or UUID).

        A cluster that cannot be read stops the run (Fatal); its node
        groups are listed meanwhile, by the same name.
        """
        self.clusters = [ClusterData(i) for i in dict.fromkeys(idents)]
        tasks = [self._templates_task()]
        for data in self.clusters:
            tasks += [self._cluster_task(data, fatal=True),
                      self._nodegroup_list_task(data)]
        return tasks

    def every_cluster(self):
        """First tasks for every cluster of the project in the region."""
        return [self._templates_task(), runner.Task(
            'cluster_list', lambda: cloud.list_clusters_in_full(self.magnum),
            on_result=self._listed_clusters, on_error=_fatal('listing '
                                                             'clusters'))]

    def _listed_clusters(self, listed):
        if not listed:
            raise runner.Fatal('there are no clusters in this project and '
                               'region')
        tasks = []
        for cluster in listed:
            data = ClusterData(cluster.get('uuid') or cluster.get('name'),
                               cluster=cluster)
            self.clusters.append(data)
            tasks.append(self._nodegroup_list_task(data))
            tasks += self._after_cluster(data)
            if str(cluster.get('status', '')).endswith('_FAILED'):
                # Magnum computes "faults" only when one cluster is shown.
                tasks.append(self._cluster_task(data, fatal=False))
        return tasks

    # -- the cluster --------------------------------------------------

    def _cluster_task(self, data, fatal):
        first = data.cluster is None

        def store(value):
            data.cluster = value
            return self._after_cluster(data) if first else []

        return runner.Task(
            'cluster', lambda: cloud.get_cluster(self.magnum, data.ident),
            on_result=store,
            on_error=_fatal(f'cluster {data.ident}') if fatal else None,
            cluster=data.ident)

    def _after_cluster(self, data):
        return [self._stack_task(data)] + self._template_tasks([data])

    # -- templates ----------------------------------------------------

    def _templates_task(self):
        def store(value):
            self.shared.templates = value
            self._templates_answered = True
            return self._template_tasks(self.clusters)

        def failed(_outcome):
            # Ask for the clusters' templates by ID instead.
            self._templates_answered = True
            return self._template_tasks(self.clusters)

        return runner.Task('templates',
                           lambda: cloud.list_templates(self.magnum),
                           on_result=store, on_error=failed)

    def _template_tasks(self, clusters):
        """The clusters' templates: from the list, else one GET per ID.

        Runs once the cluster and the template list have both answered
        (whichever comes last), so the list is never second-guessed.
        """
        if not self._templates_answered:
            return []
        tasks = []
        for data in clusters:
            template_id = data.template_id
            if not template_id:
                continue
            data.template = self.shared.template(template_id)
            if data.template is None and (
                    template_id not in self._template_asked):
                self._template_asked.add(template_id)
                tasks.append(self._template_task(data, template_id))
        return tasks

    def _template_task(self, data, template_id):
        def store(value):
            self.shared.fetched[template_id] = value
            for other in self.clusters:
                if other.template_id == template_id:
                    other.template = value

        return runner.Task(
            'cluster_template',
            lambda: cloud.get_template(self.magnum, template_id),
            on_result=store, cluster=data.ident)

    # -- node groups --------------------------------------------------

    def _nodegroup_list_task(self, data):
        def store(value):
            data.nodegroup_list = value
            return [self._nodegroup_task(data, ng) for ng in value]

        return runner.Task(
            'nodegroup_list',
            lambda: cloud.list_nodegroups(self.magnum, data.uuid),
            on_result=store, cluster=data.ident)

    def _nodegroup_task(self, data, listed):
        ng_id = listed.get('uuid') or listed.get('name')

        def store(value):
            data.nodegroups[ng_id] = value

        return runner.Task(
            f'nodegroup:{listed.get("name") or ng_id}',
            lambda: cloud.get_nodegroup(self.magnum, data.uuid, ng_id),
            on_result=store, cluster=data.ident)

    # -- the Heat stack -----------------------------------------------

    def _stack_task(self, data):
        stack_id = data.cluster.get('cluster_id') or data.cluster.get(
            'stack_id')

        def fetch():
            if not stack_id:
                raise runner.Skipped('the cluster has no stack ID (yet)')
            body = self._heat_get(f'stacks/{stack_id}')
            return cloud.to_dict(body.get('stack', body), 'stack')

        def store(value):
            data.stack = value
            return [
                runner.Task('stack_resources', fetch_resources,
                            on_result=lambda v: setattr(
                                data, 'stack_resources', v),
                            cluster=data.ident),
                runner.Task('stack_events', fetch_events,
                            on_result=lambda v: setattr(
                                data, 'stack_events', v),
                            cluster=data.ident),
            ]

        def failed(outcome):
            data.stack_outcome = outcome

        def fetch_resources():
            body = self._heat_get(
                f'stacks/{stack_id}/resources',
                params={'nested_depth': STACK_NESTED_DEPTH})
            return cloud.to_dicts(body.get('resources', []),
                                  'stack resource')

        def fetch_events():
            body = self._heat_get(
                f'stacks/{stack_id}/events',
                params={'sort_dir': 'desc', 'limit': EVENT_LIMIT})
            return cloud.to_dicts(body.get('events', []),
                                  'stack event')[:EVENT_LIMIT]

        return runner.Task('stack', fetch, on_result=store, on_error=failed,
                           cluster=data.ident)

    def _heat_get(self, path, params=None):
        try:
            return cloud.heat_get(self.session, path, region=self.region,
                                  interface=self.interface, params=params)
        except cloud.NoEndpoint as exc:
            raise runner.Skipped(str(exc)) from None


def _fatal(doing):
    """An on_error that stops the run with ``<doing>: <detail>``."""
    def stop(outcome):
        raise runner.Fatal(f'{doing}: {outcome.detail}')
    return stop
