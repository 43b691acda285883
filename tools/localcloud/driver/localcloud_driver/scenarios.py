"""What the ``fake_*`` labels ask for, and the realistic texts of failures.

Labels (on the cluster, or on a node group for node group operations):

``fake_failure=<scenario>``
    quota, no_address, lb_error, keypair, timeout (create fails),
    delete_conflict (the first delete fails), update_quota (update,
    resize, upgrade and node group create/update fail).
``fake_duration=<seconds>``
    minimum time an operation stays ``*_IN_PROGRESS`` (default 0: the
    next periodic sync of the conductor, about every 10 s, completes it).
``fake_timeout_seconds=<seconds>``
    how long ``timeout`` stays ``CREATE_IN_PROGRESS`` (default 30).
``fake_health=UNHEALTHY``
    health_status UNHEALTHY with a health_status_reason.
``fake_stack=forbidden|missing``
    read by the orchestration stand-in: 403 / 404 for the cluster's stack.
``fake_bastion``, ``fake_user_lb``, ``fake_user_port``, ``fake_k8s_lb``
(``true``), ``fake_pv_volumes=<n>``
    read by the stand-in's world (``standin/world.py``): resources a user
    or Kubernetes put on the cluster's network, and Cinder CSI volumes.
"""

CREATE_FAILURES = ('quota', 'no_address', 'lb_error', 'keypair', 'timeout')
UPDATE_FAILURES = ('update_quota',)
DELETE_FAILURES = ('delete_conflict',)
SCENARIOS = CREATE_FAILURES + UPDATE_FAILURES + DELETE_FAILURES

DEFAULT_TIMEOUT_SECONDS = 30


def labels_of(*objs):
    """Labels of the cluster then node group (later ones win)."""
    merged = {}
    for obj in objs:
        if obj is not None and getattr(obj, 'labels', None):
            merged.update(obj.labels)
    return merged


def failure(labels):
    value = (labels.get('fake_failure') or '').strip().lower()
    return value if value in SCENARIOS else None


def _seconds(labels, key, default):
    try:
        return max(0.0, float(labels.get(key, default)))
    except (TypeError, ValueError):
        return float(default)


def duration(labels):
    return _seconds(labels, 'fake_duration', 0)


def timeout_seconds(labels):
    return _seconds(labels, 'fake_timeout_seconds', DEFAULT_TIMEOUT_SECONDS)


def unhealthy(labels):
    return (labels.get('fake_health') or '').strip().upper() == 'UNHEALTHY'


def request_id(seed):
    return 'req-' + seed[:8] + '-5e1f-4c6b-9d2a-' + seed[-12:]


def create_failure(scenario, cluster, worker_ng, master_ng):
    """``(status_reason, {nodegroup name: fault})`` of a failed create."""
    rid = request_id(cluster.uuid.replace('-', ''))
    if scenario == 'quota':
        fault = ('Forbidden: resources.kube_minions.resources[0].resources.'
                 'kube-minion: Quota exceeded for cores: Requested 2, but '
                 'already used 20 of 20 cores (HTTP 403) '
                 f'(Request-ID: {rid})')
        return 'Resource CREATE failed: ' + fault, {worker_ng.name: fault}
    if scenario == 'no_address':
        fault = ('Error: resources.kube_masters.resources[0].resources.'
                 'master_config_deployment: Deployment to server failed: '
                 f'no address found for host {cluster.name}-master-0')
        return 'Resource CREATE failed: ' + fault, {master_ng.name: fault}
    if scenario == 'lb_error':
        fault = ('ResourceInError: resources.api_lb.resources.loadbalancer: '
                 'Went to status ERROR due to "Load balancer provisioning '
                 'error: Provisioning status of the load balancer is ERROR"')
        return 'Resource CREATE failed: ' + fault, {master_ng.name: fault}
    if scenario == 'keypair':
        key = cluster.keypair or 'demo-key'
        fault = ('StackValidationFailed: resources.kube_masters.resources[0].'
                 'resources.kube-master: Property error: kube-master.'
                 f'Properties.key_name: Error validating value \'{key}\': '
                 f'The Key ({key}) could not be found.')
        return 'Resource CREATE failed: ' + fault, {master_ng.name: fault}
    # timeout
    fault = ('CREATE aborted (Task create from ResourceGroup "kube_minions" '
             f'Stack "{cluster.name}-stack" [{cluster.stack_id}] '
             'Timed out)')
    return fault, {worker_ng.name: fault}


def update_failure(cluster, nodegroup):
    fault = ('Forbidden: resources.kube_minions.resources[1].resources.'
             'kube-minion: Quota exceeded for instances: Requested 1, but '
             'already used 10 of 10 instances (HTTP 403) (Request-ID: '
             f'{request_id(cluster.uuid.replace("-", ""))})')
    return 'Resource UPDATE failed: ' + fault, {nodegroup.name: fault}


def delete_failure(cluster):
    subnet = cluster.uuid[::-1]
    return ('Resource DELETE failed: Conflict: resources.network.resources.'
            f'private_subnet: Unable to complete operation on subnet '
            f'{subnet}: One or more ports have an IP allocation from this '
            'subnet. Neutron server returns request_ids: '
            f"['{request_id(cluster.uuid.replace('-', ''))}']")


TIMEOUT_PROGRESS = ('Resource kube_masters CREATE_COMPLETE; waiting for '
                    'kube_minions (0 of {n} nodes ready)')


def health(labels, cluster_name, worker_count):
    """``(health_status, health_status_reason)`` once a cluster is up."""
    if unhealthy(labels):
        ready = max(0, worker_count - 1)
        return 'UNHEALTHY', {
            'cluster': 'NotReady',
            'infrastructure': 'Ready',
            'controlplane': 'Ready',
            'nodegroup': f'NotReady: {ready} of {worker_count} nodes Ready',
            f'{cluster_name}-node-0.Ready': 'False',
        }
    return 'HEALTHY', {'cluster': 'Ready', 'infrastructure': 'Ready',
                       'controlplane': 'Ready', 'nodegroup': 'Ready'}
