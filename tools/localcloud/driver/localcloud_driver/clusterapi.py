"""The Cluster API lifecycle: what magnum-capi-helm does, without Helm.

Operations validate and record what was asked, as the real driver does
before it installs its Helm release; the conductor's periodic sync then
walks the operation through the steps the real driver reports (the
infrastructure, the control plane, the machine deployments, the add-ons)
over ``fake_duration`` seconds, writing what Magnum would show: node
group statuses, ``health_status``/``health_status_reason`` as the CAPI
monitor sets them, the ``addons`` progress in ``status_reason``.  As in
the real driver, a failing Cluster API cluster mostly does not fail: it
stays ``*_IN_PROGRESS`` and says why in ``health_status_reason``.
"""

import time
import uuid

from magnum.common import exception
from magnum.common import short_id
from magnum.objects import fields

from localcloud_driver import capi
from localcloud_driver import scenarios

Status = fields.ClusterStatus

# Fractions of fake_duration at which each step is done (create).
INFRA_DONE = 0.15
CONTROL_PLANE_DONE = 0.4
WORKERS_DONE = 0.65


def _uuid(seed):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def _version(tag):
    return tag if not tag or tag.startswith('v') else 'v' + tag


def _minor(tag):
    try:
        return tuple(int(p) for p in (tag or '').lstrip('v').split('.')[:2])
    except ValueError:
        return None


class Lifecycle:
    """Remembers when each operation started (in this conductor)."""

    def __init__(self):
        self._started = {}
        self._unblocked = set()
        self._stuck_upgrades = set()

    # -- operations --------------------------------------------------------

    def create(self, cluster, labels, kube_tag):
        scenario = scenarios.failure(labels, scenarios.CAPI)
        template = cluster.cluster_template
        for flavor in [cluster.master_flavor_id] + [
                ng.flavor_id for ng in cluster.nodegroups]:
            self.validate_flavor(flavor)
        if scenario == 'certificates':
            # The conductor makes the certificates before the driver runs.
            raise exception.CertificatesToClusterFailed(
                cluster_uuid=cluster.uuid)
        if not cluster.stack_id:
            cluster.stack_id = capi.release_name(cluster.name,
                                                 short_id.generate_id())
            cluster.save()
        image = template.image_id
        image_id = image if len(image or '') == 36 else _uuid(image or '')
        if scenario == 'image_kube_version':
            raise exception.MagnumException(
                message=capi.image_without(image_id, 'kube_version'))
        if scenario == 'image_os_distro':
            raise exception.MagnumException(
                message=capi.image_without(image_id, 'os_distro'))
        if scenario == 'external_network':
            raise exception.ExternalNetworkNotFound(
                network=template.external_network_id)
        cluster.status_reason = None
        cluster.health_status = 'UNKNOWN'
        cluster.health_status_reason = {}

    @staticmethod
    def validate_flavor(flavor):
        vcpus, ram = capi.catalyst_flavor_size(flavor)
        message = capi.flavor_too_small(flavor, vcpus, ram)
        if message:
            raise exception.MagnumException(message=message)

    def upgrade(self, cluster, template, labels):
        old = _minor(scenarios.kube_tag_of(cluster))
        new = _minor((template.labels or {}).get('kube_tag'))
        healing = str(labels.get('auto_healing_enabled', '')).lower()
        if (scenarios.failure(labels, scenarios.CAPI) == 'upgrade_join'
                or (old == (1, 30) and new == (1, 31)
                    and healing != 'true')):
            # Catalyst's cluster-upgrade.rst: without auto-healing the
            # first new worker of a 1.30 -> 1.31 upgrade fails to join.
            self._stuck_upgrades.add(cluster.uuid)
        for ng in cluster.nodegroups:
            self.validate_flavor(ng.flavor_id)
            ng.status = Status.UPDATE_IN_PROGRESS
            ng.save()

    def delete(self, cluster):
        if cluster.status == Status.DELETE_IN_PROGRESS:
            # Deleting again: the user has removed what blocked it.
            self._unblocked.add(cluster.uuid)
        for ng in cluster.nodegroups:
            ng.status = Status.DELETE_IN_PROGRESS
            ng.save()

    def rotate(self, context, cluster, labels):
        cluster.user_id = context.user_id
        cluster.status_reason = None
        if scenarios.failure(labels, scenarios.CAPI) == 'rotate_warning':
            cluster.status_reason = capi.rotate_warning(
                _uuid(cluster.uuid + ':appcred').replace('-', ''))
        cluster.status = Status.UPDATE_COMPLETE
        cluster.save()

    # -- the periodic sync ---------------------------------------------------

    def sync(self, cluster, labels, kube_tag, region):
        status = cluster.status
        if status == Status.DELETE_IN_PROGRESS:
            return self._sync_delete(cluster, labels, region)
        if status not in (Status.CREATE_IN_PROGRESS,
                          Status.UPDATE_IN_PROGRESS):
            return None
        if not cluster.stack_id:
            return None     # the conductor has not saved the create yet
        fraction = self._fraction(cluster, labels)
        scenario = scenarios.failure(labels, scenarios.CAPI)
        if status == Status.CREATE_IN_PROGRESS:
            return self._sync_create(cluster, labels, kube_tag, region,
                                     fraction, scenario)
        return self._sync_update(cluster, labels, kube_tag, region,
                                 fraction, scenario)

    def _fraction(self, cluster, labels, total=None):
        key = (cluster.uuid, cluster.status)
        now = time.monotonic()
        start = self._started.setdefault(key, now)
        for old in [k for k in self._started
                    if k[0] == cluster.uuid and k != key]:
            del self._started[old]
        if total is None:
            total = scenarios.duration(labels)
        if total <= 0:
            return 1.0
        return min(1.0, (now - start) / total)

    def _sync_create(self, cluster, labels, kube_tag, region, fraction,
                     scenario):
        ngs = list(cluster.nodegroups)
        workers = [ng for ng in ngs if ng.role != 'master']
        waiting_workers = ','.join(capi.ng_waiting(ng.name, capi.MD_WAITING)
                                   for ng in workers)
        stuck_infra = {
            'quota': capi.quota_fip,
            'lb_error': capi.lb_bad_gateway,
        }.get(scenario)
        if scenario == 'lb_not_active':
            stuck_infra = (lambda c, r: capi.lb_not_active(
                c, _uuid(c.uuid + ':lb')))
        if fraction < INFRA_DONE or stuck_infra:
            infra = (stuck_infra(cluster, region) if stuck_infra
                     else 'Infrastructure not ready.')
            return self._health(cluster, capi.health_reason(
                capi.waiting(capi.CLUSTER_WAITING), infra,
                capi.waiting(capi.KCP_WAITING), waiting_workers))
        address = f'https://10.0.0.{10 + len(cluster.uuid) % 200}:6443'
        if cluster.api_address != address:
            cluster.api_address = address
        if fraction < CONTROL_PLANE_DONE or scenario in (
                'no_valid_host', 'control_plane'):
            return self._health(cluster, capi.health_reason(
                capi.waiting(['ControlPlaneInitialized', 'ControlPlaneReady',
                              'Ready']), '',
                capi.waiting(['Available', 'MachinesReady', 'Ready']),
                waiting_workers))
        if cluster.coe_version != _version(kube_tag):
            cluster.coe_version = _version(kube_tag)
        for ng in ngs:
            if ng.role == 'master':
                self._ng_done(ng, Status.CREATE_COMPLETE)
        if fraction < WORKERS_DONE or scenario == 'nodes_not_joining':
            return self._health(cluster, capi.health_reason(
                nodegroup=waiting_workers))
        for ng in workers:
            self._ng_done(ng, Status.CREATE_COMPLETE)
        deployed = int((fraction - WORKERS_DONE) / (1 - WORKERS_DONE)
                       * len(capi.ADDONS))
        if scenario == 'addons_stuck':
            self._reason(cluster, capi.addons_reason(capi.addon_phases(3)))
            return self._health(cluster, dict(capi.HEALTHY_REASON))
        if scenario == 'addons_failed' and deployed >= 2:
            cluster.status_reason = capi.addons_reason(
                capi.addon_phases(2, 'Failed'))
            cluster.status = Status.CREATE_FAILED
            return self._health(cluster, dict(capi.HEALTHY_REASON))
        if deployed < len(capi.ADDONS):
            self._reason(cluster, capi.addons_reason(
                capi.addon_phases(deployed)))
            return self._health(cluster, dict(capi.HEALTHY_REASON))
        cluster.status_reason = capi.addons_reason(
            capi.addon_phases(len(capi.ADDONS)))
        cluster.status = Status.CREATE_COMPLETE
        self._settled(cluster, labels, region, workers)
        return None

    def _sync_update(self, cluster, labels, kube_tag, region, fraction,
                     scenario):
        ngs = list(cluster.nodegroups)
        busy = [ng for ng in ngs if ng.status.endswith('_IN_PROGRESS')]
        workers = [ng for ng in ngs if ng.role != 'master']
        upgrading = cluster.uuid in self._stuck_upgrades or any(
            ng.role == 'master' for ng in busy)
        if upgrading and fraction < CONTROL_PLANE_DONE:
            return self._health(cluster, capi.health_reason(
                controlplane=capi.waiting(capi.KCP_ROLLING),
                nodegroup=','.join(capi.ng_waiting(ng.name, capi.MD_ROLLING)
                                   for ng in workers)))
        if upgrading and cluster.coe_version != _version(kube_tag):
            cluster.coe_version = _version(kube_tag)
            for ng in busy:
                if ng.role == 'master':
                    self._ng_done(ng, Status.UPDATE_COMPLETE)
        if cluster.uuid in self._stuck_upgrades:
            first = workers[0] if workers else None
            return self._health(cluster, capi.health_reason(
                nodegroup=capi.ng_waiting(first.name if first else
                                          'default-worker', capi.MD_ROLLING)))
        stuck = scenario == 'credential'
        if fraction < 1.0 or stuck:
            reason = capi.health_reason(
                infrastructure=(capi.credential_disabled(cluster, region)
                                if stuck else ''),
                nodegroup=','.join(
                    capi.ng_waiting(ng.name, capi.MD_WAITING)
                    for ng in busy if ng.role != 'master'))
            return self._health(cluster, reason)
        remaining = []
        for ng in workers:
            if ng.status == Status.DELETE_IN_PROGRESS:
                ng.destroy()
                continue
            remaining.append(ng)
        for ng in busy:
            if ng.status != Status.DELETE_IN_PROGRESS:
                self._ng_done(ng, Status.CREATE_COMPLETE
                              if ng.status == Status.CREATE_IN_PROGRESS
                              else Status.UPDATE_COMPLETE)
        cluster.status = Status.UPDATE_COMPLETE
        cluster.status_reason = capi.addons_reason(
            capi.addon_phases(len(capi.ADDONS)))
        self._settled(cluster, labels, region, remaining)
        return None

    def _sync_delete(self, cluster, labels, region):
        fraction = self._fraction(cluster, labels,
                                  scenarios.delete_duration(labels))
        blocked = (scenarios.delete_blocked(labels, scenarios.CAPI)
                   and cluster.uuid not in self._unblocked)
        if blocked:
            network = _uuid(cluster.uuid + ':network')
            subnet = _uuid(cluster.uuid + ':subnet')
            router = _uuid(cluster.uuid + ':router')
            workers = [ng.name for ng in cluster.nodegroups
                       if ng.role != 'master']
            return self._health(cluster, {
                'cluster': capi.waiting(['InfrastructureReady', 'Ready']),
                'infrastructure': capi.delete_blocked(
                    cluster, region, scenarios.blocker(labels), network,
                    subnet, router),
                'controlplane': 'Control plane resource not found.',
                'nodegroup': ','.join(f'{name} resource not found.'
                                      for name in workers) or capi.READY})
        if fraction < 1.0:
            return None
        self._unblocked.discard(cluster.uuid)
        self._stuck_upgrades.discard(cluster.uuid)
        cluster.status_reason = None
        cluster.status = Status.DELETE_COMPLETE
        cluster.save()
        return None

    # -- helpers -------------------------------------------------------------

    @staticmethod
    def _health(cluster, reason):
        """Set the health; save only what changed (keeps updated_at)."""
        healthy = all(v == capi.READY for v in reason.values())
        status = 'HEALTHY' if healthy else 'UNHEALTHY'
        if cluster.health_status != status:
            cluster.health_status = status
        if cluster.health_status_reason != reason:
            cluster.health_status_reason = reason
        if cluster.obj_what_changed():
            cluster.save()

    @staticmethod
    def _reason(cluster, text):
        if cluster.status_reason != text:
            cluster.status_reason = text

    @staticmethod
    def _ng_done(ng, status):
        if ng.status != status:
            ng.status = status
            ng.save()

    def _settled(self, cluster, labels, region, workers):
        reason = dict(capi.HEALTHY_REASON)
        if scenarios.unhealthy(labels) and workers:
            reason['nodegroup'] = capi.ng_waiting(workers[0].name,
                                                  ['MachinesReady', 'Ready'])
        if scenarios.failure(labels, scenarios.CAPI) == 'credential':
            reason['infrastructure'] = capi.credential_disabled(cluster,
                                                                region)
        self._started.pop((cluster.uuid, cluster.status), None)
        self._health(cluster, reason)


# One per conductor process (Magnum makes a driver object per call).
LIFECYCLE = Lifecycle()
