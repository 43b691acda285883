"""The local cloud's cluster driver: the real lifecycle, no servers.

Two behaviours, chosen per cluster (``scenarios.kind``): the Heat-era
drivers' (a stack id, ``Stack ... started/completed`` reasons, failures
in ``status_reason`` and ``faults``) and magnum-capi-helm's (see
``clusterapi``; no stack, progress and failures in
``health_status_reason`` and the ``addons`` property of
``status_reason``).  Operations only record what was asked; the
conductor's periodic status sync (``update_cluster_status``, about every
10 s) then moves the cluster and its node groups on, or, when a
``fake_failure`` label asks, fails them with the texts the real driver
writes.  See ``scenarios``.
"""

import datetime
import hashlib
import uuid

from magnum.common import exception
import magnum.conf
from magnum.drivers.common import driver
from magnum.objects import fields

from localcloud_driver import clusterapi
from localcloud_driver import scenarios

Status = fields.ClusterStatus

IN_PROGRESS = (Status.CREATE_IN_PROGRESS, Status.UPDATE_IN_PROGRESS,
               Status.DELETE_IN_PROGRESS, Status.ROLLBACK_IN_PROGRESS)
DELETE_STARTED = 'Stack DELETE started'
DELETE_RETRY = 'Stack DELETE started (retry)'


def _age(timestamp):
    if timestamp is None:
        return float('inf')
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=datetime.timezone.utc)
    now = datetime.datetime.now(datetime.timezone.utc)
    return (now - timestamp).total_seconds()


def _octet(seed, lo=10, hi=250):
    digest = hashlib.sha256(seed.encode()).digest()
    return lo + digest[0] % (hi - lo)


_kube_tag = scenarios.kube_tag_of


def _kind(cluster):
    template = cluster.cluster_template
    return scenarios.kind(scenarios.labels_of(template, cluster),
                          getattr(template, 'cluster_distro', None))


class Driver(driver.Driver):
    """Kubernetes on Ubuntu, Flatcar or Fedora VMs, provisioned by nobody."""

    # Magnum makes a new driver object for every call: the Cluster API
    # lifecycle, which remembers when operations started, is shared.
    capi = clusterapi.LIFECYCLE

    @property
    def provides(self):
        return [{'server_type': 'vm', 'os': os_name, 'coe': 'kubernetes'}
                for os_name in ('ubuntu', 'flatcar', 'fedora-coreos')]

    # -- operations (called by the conductor's RPC handlers) --------------

    def create_cluster(self, context, cluster, cluster_create_timeout):
        labels = scenarios.labels_of(cluster.cluster_template, cluster)
        if _kind(cluster) == scenarios.CAPI:
            self.capi.create(cluster, labels, _kube_tag(cluster))
            return
        scenario = scenarios.failure(labels)
        if scenario in scenarios.CREATE_REFUSALS:
            raise exception.MagnumException(
                message=scenarios.create_refusal(scenario, cluster))
        cluster.stack_id = str(uuid.uuid4())
        cluster.status_reason = 'Stack CREATE started'
        cluster.coe_version = _kube_tag(cluster)
        cluster.health_status = 'UNKNOWN'

    def update_cluster(self, context, cluster, scale_manager=None,
                       rollback=False):
        worker = cluster.default_ng_worker
        if _kind(cluster) == scenarios.CAPI:
            self.capi.validate_flavor(worker.flavor_id)
        worker.status = Status.UPDATE_IN_PROGRESS
        worker.save()

    def resize_cluster(self, context, cluster, resize_manager, node_count,
                       nodes_to_remove, nodegroup=None):
        return None

    def upgrade_cluster(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, scale_manager=None,
                        rollback=False):
        if _kind(cluster) == scenarios.CAPI:
            self.capi.upgrade(cluster, cluster_template,
                              scenarios.labels_of(cluster))
        cluster.cluster_template_id = cluster_template.uuid
        new_tag = (cluster_template.labels or {}).get('kube_tag')
        if new_tag:
            labels = dict(cluster.labels or {})
            labels['kube_tag'] = new_tag
            cluster.labels = labels
        for ng in cluster.nodegroups:
            ng.image_id = cluster_template.image_id
            if ng.uuid != nodegroup.uuid:
                ng.status = Status.UPDATE_IN_PROGRESS
            ng.save()

    def delete_cluster(self, context, cluster):
        if _kind(cluster) == scenarios.CAPI:
            self.capi.delete(cluster)
            return
        reason = (DELETE_RETRY if cluster.status == Status.DELETE_FAILED
                  else DELETE_STARTED)
        for ng in cluster.nodegroups:
            ng.status = Status.DELETE_IN_PROGRESS
            ng.status_reason = reason
            ng.save()

    def create_nodegroup(self, context, cluster, nodegroup):
        nodegroup.stack_id = cluster.stack_id
        if _kind(cluster) == scenarios.CAPI:
            self.capi.validate_flavor(nodegroup.flavor_id)
            return
        nodegroup.status_reason = 'Stack UPDATE started'

    def update_nodegroup(self, context, cluster, nodegroup):
        if _kind(cluster) == scenarios.CAPI:
            return
        nodegroup.status_reason = 'Stack UPDATE started'

    def delete_nodegroup(self, context, cluster, nodegroup):
        nodegroup.status = Status.DELETE_IN_PROGRESS
        if _kind(cluster) != scenarios.CAPI:
            nodegroup.status_reason = 'Stack UPDATE started'
        nodegroup.save()

    def rotate_credential(self, context, cluster):
        if _kind(cluster) != scenarios.CAPI:
            # The Heat drivers have no credential rotation (the conductor
            # answers "Credential rotation is not supported by driver.").
            raise NotImplementedError()
        self.capi.rotate(context, cluster, scenarios.labels_of(cluster))

    def create_federation(self, context, federation):
        raise exception.NotSupported('Federations are not supported.')

    def update_federation(self, context, federation):
        raise exception.NotSupported('Federations are not supported.')

    def delete_federation(self, context, federation):
        raise exception.NotSupported('Federations are not supported.')

    # -- the periodic sync -------------------------------------------------

    def update_cluster_status(self, context, cluster, use_admin_ctx=False):
        status = cluster.status
        if status not in IN_PROGRESS:
            return
        labels = scenarios.labels_of(cluster)
        if _kind(cluster) == scenarios.CAPI:
            self.capi.sync(cluster, labels, _kube_tag(cluster),
                           magnum.conf.CONF.host)
            return
        nodegroups = list(cluster.nodegroups)
        if status == Status.CREATE_IN_PROGRESS:
            self._sync_create(cluster, nodegroups, labels)
        elif status == Status.DELETE_IN_PROGRESS:
            self._sync_delete(cluster, nodegroups, labels)
        else:
            self._sync_update(context, cluster, nodegroups, labels)

    def _sync_create(self, cluster, nodegroups, labels):
        if not cluster.stack_id:
            # The conductor's create handler has not saved the cluster yet;
            # acting now would race with that save (it would overwrite our
            # status_reason and keep our status).
            return
        scenario = scenarios.failure(labels)
        age = _age(cluster.created_at)
        if scenario == 'timeout':
            if age < scenarios.timeout_seconds(labels):
                progress = scenarios.TIMEOUT_PROGRESS.format(
                    n=cluster.node_count)
                if cluster.status_reason != progress:
                    cluster.status_reason = progress
                    cluster.save()
                return
        elif age < scenarios.duration(labels):
            return
        if scenario in scenarios.CREATE_FAILURES:
            worker = _first(nodegroups, 'worker')
            master = _first(nodegroups, 'master')
            reason, faults = scenarios.create_failure(scenario, cluster,
                                                      worker, master)
            self._fail(cluster, nodegroups, Status.CREATE_FAILED, reason,
                       faults, Status.CREATE_COMPLETE)
            return
        for ng in nodegroups:
            self._complete_ng(cluster, ng, Status.CREATE_COMPLETE, 'CREATE')
        self._complete(cluster, nodegroups, labels, Status.CREATE_COMPLETE,
                       'Stack CREATE completed successfully')

    def _sync_delete(self, cluster, nodegroups, labels):
        if _age(cluster.updated_at) < scenarios.delete_duration(labels):
            return
        first_try = not any(ng.status_reason == DELETE_RETRY
                            for ng in nodegroups)
        scenario = scenarios.delete_blocked(labels)
        if scenario and first_try:
            reason = scenarios.delete_failure(cluster, scenario)
            worker = _first(nodegroups, 'worker')
            self._fail(cluster, nodegroups, Status.DELETE_FAILED, reason,
                       {worker.name: reason}, Status.DELETE_COMPLETE)
            return
        cluster.status = Status.DELETE_COMPLETE
        cluster.status_reason = 'Stack DELETE completed successfully'

    def _sync_update(self, context, cluster, nodegroups, labels):
        if _age(cluster.updated_at) < scenarios.duration(labels):
            return
        rollback = cluster.status == Status.ROLLBACK_IN_PROGRESS
        busy = [ng for ng in nodegroups if ng.status in IN_PROGRESS]
        for ng in busy or [_first(nodegroups, 'worker')]:
            ng_labels = scenarios.labels_of(cluster, ng)
            if rollback or ng.status == Status.DELETE_IN_PROGRESS:
                continue
            scenario = scenarios.failure(ng_labels)
            if scenario in scenarios.UPDATE_FAILURES:
                reason, faults = scenarios.update_failure(cluster, ng,
                                                          scenario)
                ng_failed = (Status.CREATE_FAILED
                             if ng.status == Status.CREATE_IN_PROGRESS
                             else Status.UPDATE_FAILED)
                self._fail(cluster, [ng], Status.UPDATE_FAILED, reason,
                           faults, None, ng_failed)
                for other in busy:
                    if other.uuid != ng.uuid:
                        self._complete_ng(cluster, other,
                                          Status.UPDATE_COMPLETE, 'UPDATE')
                return
        remaining = []
        for ng in nodegroups:
            if ng.status == Status.DELETE_IN_PROGRESS:
                ng.destroy()
                continue
            remaining.append(ng)
            if ng.status == Status.CREATE_IN_PROGRESS:
                self._complete_ng(cluster, ng, Status.CREATE_COMPLETE,
                                  'CREATE')
            elif ng.status in IN_PROGRESS or ng.status.endswith('_FAILED'):
                self._complete_ng(cluster, ng, Status.UPDATE_COMPLETE,
                                  'UPDATE')
            else:
                self._set_addresses(cluster, ng)
                ng.save()
        final = (Status.ROLLBACK_COMPLETE if rollback
                 else Status.UPDATE_COMPLETE)
        op = 'ROLLBACK' if rollback else 'UPDATE'
        self._complete(cluster, remaining, labels, final,
                       f'Stack {op} completed successfully')

    # -- helpers -------------------------------------------------------------

    def _complete(self, cluster, nodegroups, labels, status, reason):
        workers = sum(ng.node_count for ng in nodegroups
                      if ng.role != 'master')
        cluster.status = status
        cluster.status_reason = reason
        cluster.coe_version = _kube_tag(cluster)
        cluster.container_version = '1.7.27'
        cluster.api_address = (
            f'https://203.0.113.{_octet(cluster.uuid)}:6443')
        cluster.discovery_url = None
        cluster.health_status, cluster.health_status_reason = (
            scenarios.health(labels, cluster.name, workers))
        cluster.save()

    def _complete_ng(self, cluster, ng, status, op):
        ng.status = status
        ng.status_reason = f'Stack {op} completed successfully'
        ng.stack_id = ng.stack_id or cluster.stack_id
        self._set_addresses(cluster, ng)
        ng.save()

    def _fail(self, cluster, nodegroups, status, reason, faults,
              others_status, ng_status=None):
        for ng in nodegroups:
            if ng.name in faults:
                ng.status = ng_status or status
                ng.status_reason = faults[ng.name]
                ng.save()
            elif others_status:
                self._complete_ng(cluster, ng, others_status,
                                  others_status.split('_')[0])
        cluster.status = status
        cluster.status_reason = reason
        if status == Status.CREATE_FAILED:
            cluster.health_status = 'UNKNOWN'
            cluster.health_status_reason = {}
        cluster.save()

    def _set_addresses(self, cluster, ng):
        if ng.role == 'master':
            subnet = 0
        else:
            subnet = 1 + _octet(ng.uuid or ng.name, 0, 200)
        ng.node_addresses = [f'10.0.{subnet}.{10 + i}'
                             for i in range(ng.node_count or 0)]


def _first(nodegroups, role):
    for ng in nodegroups:
        is_master = ng.role == 'master'
        if (role == 'master') == is_master and ng.is_default:
            return ng
    for ng in nodegroups:
        if (role == 'master') == (ng.role == 'master'):
            return ng
    return nodegroups[0]
