"""What is collected for a cluster, from the user's side of the API.

For each cluster: the cluster (every field, newest microversion), its
node groups (list and each in full), its template, the Heat stack behind
it when the user may read it (stack, failed resources, recent events).
Once per run: the visible templates (to judge the cluster template's
support status).  Every API call goes through the recording session, so
it shows in the request log.
"""

import dataclasses

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
    error: runner.Outcome | None = None

    @property
    def name(self):
        return (self.cluster or {}).get('name') or self.ident

    @property
    def uuid(self):
        return (self.cluster or {}).get('uuid') or self.ident

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

    templates: list | None = None


def as_dict(resource):
    """A magnumclient resource (or dict) as a plain dict."""
    if resource is None or isinstance(resource, dict):
        return resource
    info = getattr(resource, '_info', None)
    if isinstance(info, dict):
        return dict(info)
    return resource.to_dict()


class Collector:
    """Builds the tasks for a run.

    ``magnum`` is a python-magnumclient ``Client`` at the newest
    microversion, ``session`` the (recording) keystoneauth session.
    """

    def __init__(self, magnum, session, region=None, interface=None,
                 with_stack=True, with_templates=True):
        self.magnum = magnum
        self.session = session
        self.region = region
        self.interface = interface
        self.with_stack = with_stack
        self.with_templates = with_templates
        self._shared = Shared()
        self._templates_asked = False

    # -- plans --------------------------------------------------------

    def tasks(self, clusters, shared):
        """First tasks: each cluster; the rest follows from its answer.

        The first answer also warms the API's token cache, so the
        requests that follow are not each validated against Keystone.
        """
        self._shared = shared
        self._templates_asked = False
        return [self._cluster_task(data) for data in clusters]

    def _cluster_task(self, data):
        def store(value):
            data.cluster = value
            return self._after_cluster(data)

        def failed(outcome):
            data.error = outcome
            raise runner.Fatal(outcome)

        return runner.Task('cluster', lambda: self._get_cluster(data.ident),
                           on_result=store, on_error=failed,
                           cluster=data.ident)

    def _after_cluster(self, data):
        cluster = data.cluster
        tasks = [self._nodegroup_list_task(data)]
        if self.with_templates and not self._templates_asked:
            self._templates_asked = True
            shared = self._shared
            tasks.append(runner.Task(
                'templates', self._list_templates,
                on_result=lambda value: setattr(shared, 'templates', value)))
        template_id = cluster.get('cluster_template_id')
        if template_id:
            tasks.append(runner.Task(
                'cluster_template',
                lambda: as_dict(self.magnum.cluster_templates.get(
                    template_id)),
                on_result=lambda value: setattr(data, 'template', value),
                cluster=data.ident))
        if self.with_stack:
            tasks.append(self._stack_task(data))
        return tasks

    def _nodegroup_list_task(self, data):
        ident = data.uuid

        def store(value):
            data.nodegroup_list = value
            return [self._nodegroup_task(data, ident, ng) for ng in value]

        return runner.Task(
            'nodegroup_list',
            lambda: [as_dict(ng) for ng in self.magnum.nodegroups.list(
                ident)],
            on_result=store, cluster=data.ident)

    def _nodegroup_task(self, data, cluster_ident, listed):
        ng_id = listed.get('uuid') or listed.get('name')

        def store(value):
            data.nodegroups[ng_id] = value

        return runner.Task(
            f'nodegroup:{listed.get("name") or ng_id}',
            lambda: as_dict(self.magnum.nodegroups.get(cluster_ident, ng_id)),
            on_result=store, cluster=data.ident)

    def _stack_task(self, data):
        stack_id = data.cluster.get('cluster_id') or data.cluster.get(
            'stack_id')

        def fetch():
            if not stack_id:
                raise runner.Skipped('the cluster has no stack ID (yet)')
            body = self._heat_get(f'stacks/{stack_id}')
            return body.get('stack') or body

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
            return body.get('resources') or []

        def fetch_events():
            body = self._heat_get(
                f'stacks/{stack_id}/events',
                params={'sort_dir': 'desc', 'limit': EVENT_LIMIT})
            return (body.get('events') or [])[:EVENT_LIMIT]

        return runner.Task('stack', fetch, on_result=store, on_error=failed,
                           cluster=data.ident)

    # -- API calls ----------------------------------------------------

    def _get_cluster(self, ident):
        return as_dict(self.magnum.clusters.get(ident))

    def _list_templates(self):
        return [as_dict(t) for t in
                self.magnum.cluster_templates.list(detail=True)]

    def _heat_get(self, path, params=None):
        from keystoneauth1 import exceptions as ks_exc

        filter_ = {'service_type': 'orchestration',
                   'interface': self.interface or 'public',
                   'region_name': self.region}
        try:
            endpoint = self.session.get_endpoint(**filter_)
        except ks_exc.EndpointNotFound:
            endpoint = None
        if not endpoint:
            raise runner.Skipped(
                'no orchestration (Heat) endpoint in the service catalog'
                + (f' for region {self.region}' if self.region else ''))
        resp = self.session.get(path, endpoint_filter=filter_,
                                params=params,
                                headers={'Accept': 'application/json'})
        return resp.json()
