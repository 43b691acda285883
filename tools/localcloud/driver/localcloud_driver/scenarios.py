"""What the ``fake_*`` labels ask for, and the realistic texts of failures.

Labels (on the cluster, or on a node group for node group operations;
the cluster's labels win over its template's):

``fake_driver=heat|capi``
    which driver's behaviour the cluster gets.  Without it the driver is
    chosen as Magnum chooses one, by the template image's ``os_distro``
    (``cluster_distro``): Fedora images (the Heat-era drivers) give
    ``heat``, Ubuntu and Flatcar (magnum-capi-helm) give ``capi``; the
    seeded templates are Cluster API ones.
``fake_failure=<scenario>``
    Heat era: quota, no_address, lb_error, keypair, timeout,
    wait_condition, nodes_not_joining, no_valid_host, image, flavor,
    addons_failed, trust, certificates (create fails), delete_conflict,
    lb_predelete (the first delete fails), update_quota, credential
    (update, resize, upgrade and node group create/update fail).
    Cluster API (see ``capi``): quota, lb_error, lb_not_active,
    no_valid_host, control_plane, nodes_not_joining, addons_stuck (create
    never ends), addons_failed, image_kube_version, image_os_distro,
    external_network, certificates (create fails), delete_blocked (the
    first delete never ends; a second delete goes through), credential
    (the cluster works, its infrastructure cannot be reconciled; a
    resize never ends), upgrade_join (an upgrade's first new worker never
    joins; also happens by itself on 1.30 -> 1.31 without
    ``auto_healing_enabled=true``), rotate_warning (``coe credential
    rotate`` succeeds with a warning).
``fake_blocker=bastion|load_balancer|floating_ip|router_interface``
    what blocks a Cluster API ``delete_blocked``.  Without it, what the
    world labels below put on the cluster's network (a user load balancer,
    else a bastion or port), else bastion.
``fake_duration=<seconds>``
    minimum time a create or update stays ``*_IN_PROGRESS`` (default 0:
    the next periodic sync of the conductor, about every 10 s, completes
    it). A Cluster API operation reports its steps over this time.
``fake_delete_duration=<seconds>``
    the same for a delete (default 0).
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
    A user's bastion, load balancer or port (``fake_bastion``,
    ``fake_user_lb``, ``fake_user_port``) also blocks the first delete of
    either driver, as they do on a real cloud (pre-flight warns about
    them); a second delete goes through (the user has removed them).
    Load balancers of Kubernetes services and CSI volumes do not block:
    the drivers remove or keep them.
"""

HEAT, CAPI = 'heat', 'capi'
HEAT_DISTROS = ('fedora-coreos', 'fedora-atomic', 'coreos')

CREATE_FAILURES = ('quota', 'no_address', 'lb_error', 'keypair', 'timeout',
                   'wait_condition', 'nodes_not_joining', 'no_valid_host',
                   'image', 'flavor', 'addons_failed')
# Raised by the driver's create call itself: no stack is made.
CREATE_REFUSALS = ('trust', 'certificates')
UPDATE_FAILURES = ('update_quota', 'credential')
DELETE_FAILURES = ('delete_conflict', 'lb_predelete')
SCENARIOS = (CREATE_FAILURES + CREATE_REFUSALS + UPDATE_FAILURES
             + DELETE_FAILURES)

CAPI_STUCK = ('quota', 'lb_error', 'lb_not_active', 'no_valid_host',
              'control_plane', 'nodes_not_joining', 'addons_stuck')
CAPI_REFUSALS = ('image_kube_version', 'image_os_distro',
                 'external_network', 'certificates')
CAPI_SCENARIOS = (CAPI_STUCK + CAPI_REFUSALS
                  + ('addons_failed', 'delete_blocked', 'credential',
                     'upgrade_join', 'rotate_warning'))
BLOCKERS = ('bastion', 'load_balancer', 'floating_ip', 'router_interface')

DEFAULT_TIMEOUT_SECONDS = 30


def labels_of(*objs):
    """Labels of the cluster then node group (later ones win)."""
    merged = {}
    for obj in objs:
        if obj is not None and getattr(obj, 'labels', None):
            merged.update(obj.labels)
    return merged


def kube_tag_of(cluster, template=None):
    """The ``kube_tag`` the cluster runs (its labels win)."""
    labels = dict((template or cluster.cluster_template).labels or {})
    labels.update(cluster.labels or {})
    return labels.get('kube_tag')


def kind(labels, distro=None):
    """``heat`` or ``capi``: the ``fake_driver`` label, else by distro."""
    value = (labels.get('fake_driver') or '').strip().lower()
    if value in (HEAT, CAPI):
        return value
    return HEAT if (distro or '').lower() in HEAT_DISTROS else CAPI


def failure(labels, driver=HEAT):
    value = (labels.get('fake_failure') or '').strip().lower()
    known = CAPI_SCENARIOS if driver == CAPI else SCENARIOS
    return value if value in known else None


# Labels of the stand-in's world that put a user's resource on the
# cluster's network, and the blocker each stands for.
WORLD_BLOCKERS = (('fake_user_lb', 'load_balancer'),
                  ('fake_bastion', 'bastion'),
                  ('fake_user_port', 'bastion'))


def _truthy(value):
    return str(value or '').strip().lower() in ('1', 'true', 'yes', 'on')


def world_blocker(labels):
    """What of the user's sits on the network (world labels), or None."""
    for label, what in WORLD_BLOCKERS:
        if _truthy(labels.get(label)):
            return what
    return None


def delete_blocked(labels, driver=HEAT):
    """The delete failure scenario of the cluster, or None."""
    scenario = failure(labels, driver)
    if driver == CAPI:
        if scenario == 'delete_blocked' or world_blocker(labels):
            return 'delete_blocked'
        return None
    if scenario in DELETE_FAILURES:
        return scenario
    return 'delete_conflict' if world_blocker(labels) else None


def blocker(labels):
    value = (labels.get('fake_blocker') or '').strip().lower()
    if value in BLOCKERS:
        return value
    return world_blocker(labels) or BLOCKERS[0]


def _seconds(labels, key, default):
    try:
        return max(0.0, float(labels.get(key, default)))
    except (TypeError, ValueError):
        return float(default)


def duration(labels):
    return _seconds(labels, 'fake_duration', 0)


def delete_duration(labels):
    return _seconds(labels, 'fake_delete_duration', 0)


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
    if scenario in ('wait_condition', 'nodes_not_joining'):
        # Heat's WaitConditionTimeout: "<n> of <count> received".
        group, name = (('kube_minions', 'minion_wait_condition')
                       if scenario == 'nodes_not_joining'
                       else ('kube_masters', 'master_wait_condition'))
        ng = worker_ng if scenario == 'nodes_not_joining' else master_ng
        fault = (f'WaitConditionTimeout: resources.{group}.resources[0].'
                 f'resources.{name}: 0 of 1 received')
        return 'Resource CREATE failed: ' + fault, {ng.name: fault}
    if scenario == 'no_valid_host':
        # Heat's OS::Nova::Server when Nova puts the server in ERROR.
        fault = ('ResourceInError: resources.kube_minions.resources[0].'
                 'resources.kube-minion: Went to status ERROR due to '
                 '"Message: No valid host was found. There are not enough '
                 'hosts available., Code: 500"')
        return 'Resource CREATE failed: ' + fault, {worker_ng.name: fault}
    if scenario == 'image':
        image = cluster.cluster_template.image_id
        fault = ('StackValidationFailed: resources.kube_masters.resources[0]'
                 '.resources.kube-master: Property error: kube-master.'
                 f'Properties.image: Error validating value \'{image}\': '
                 f'The Image ({image}) could not be found.')
        return 'Resource CREATE failed: ' + fault, {master_ng.name: fault}
    if scenario == 'flavor':
        flavor = worker_ng.flavor_id or 'c1.c2r4'
        fault = ('StackValidationFailed: resources.kube_minions.resources[0]'
                 '.resources.kube-minion: Property error: kube-minion.'
                 f'Properties.flavor: Error validating value \'{flavor}\': '
                 f'The Flavor ID ({flavor}) could not be found.')
        return 'Resource CREATE failed: ' + fault, {worker_ng.name: fault}
    if scenario == 'addons_failed':
        # The Heat-era add-on install ran as a software deployment.
        fault = ('Error: resources.kube_cluster_deploy: Deployment to server '
                 'failed: deploy_status_code: Deployment exited with '
                 'non-zero status code: 1')
        return 'Resource CREATE failed: ' + fault, {master_ng.name: fault}
    # timeout
    fault = ('CREATE aborted (Task create from ResourceGroup "kube_minions" '
             f'Stack "{cluster.name}-stack" [{cluster.stack_id}] '
             'Timed out)')
    return fault, {worker_ng.name: fault}


def create_refusal(scenario, cluster):
    """The exception text of a create that fails before any stack.

    magnum/common/exception.py: TrusteeOrTrustToClusterFailed,
    CertificatesToClusterFailed (the conductor copies it to status_reason).
    """
    if scenario == 'trust':
        return ('Failed to create trustee or trust for Cluster: '
                f'{cluster.uuid}')
    return f'Failed to create certificates for Cluster: {cluster.uuid}'


def update_failure(cluster, nodegroup, scenario='update_quota'):
    if scenario == 'credential':
        # AuthorizationFailure ("%(client)s connection failed.
        # %(message)s") when the trust of a disabled user is used.
        text = ('keystone connection failed. reason: Keystone client '
                'authentication failed')
        return text, {nodegroup.name: text}
    fault = ('Forbidden: resources.kube_minions.resources[1].resources.'
             'kube-minion: Quota exceeded for instances: Requested 1, but '
             'already used 10 of 10 instances (HTTP 403) (Request-ID: '
             f'{request_id(cluster.uuid.replace("-", ""))})')
    return 'Resource UPDATE failed: ' + fault, {nodegroup.name: fault}


def delete_failure(cluster, scenario='delete_conflict'):
    if scenario == 'lb_predelete':
        # magnum/common/octavia.py wait_for_lb_deleted inside
        # PreDeletionFailed ("..., error: %(msg)s.").
        lb_id = request_id(cluster.uuid.replace('-', ''))[4:]
        return (f'Failed to pre-delete resources for cluster '
                f'{cluster.uuid}, error: Timeout waiting for the load '
                f"balancers {{'{lb_id}'}} to be deleted..")
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
