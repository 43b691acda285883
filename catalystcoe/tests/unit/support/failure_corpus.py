"""Real failure texts of both driver eras, with where each comes from.

Kept apart from the rules (``catalystcoe/support/rules.py``) so that the
rules are measured on texts they were not tuned to: each case is what
Magnum showed (or would show) for a cluster, the cause a person would
name, and the source of the wording: the drivers' code, Magnum's and
Heat's exceptions, cluster-api-provider-openstack and gophercloud,
public bug reports, Catalyst Cloud's documentation.

``FAILURES`` are clusters with a problem (one cause each); ``NORMAL``
are clusters in the middle of an ordinary operation, or done, which must
not fail any check.  ``test_corpus`` and ``tools/diagnose-corpus`` build
the cluster dicts with :func:`cluster_facts` and measure.
"""

import dataclasses
import datetime

NOW = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.timezone.utc)
UUID = 'b3b3c4a2-6a0e-4d55-9b5e-1f6b7f0d2a11'
STACK = '5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e'
RELEASE = 'k8s-abc-ljgmh4m3xeo5'
RID = 'req-4b0f8c2e-5e1f-4c6b-9d2a-0e8a7c6b5d4f'
NET = 'f4b1e7a2-59d3-4c1e-8b0a-6a1f2e3d4c01'
SUB = '0c4f2a1e-9b7d-4e3c-8a6f-5d2b1c7e3f4a'
ROUTER = '7d6e5f4a-3b2c-4d1e-9f8a-7b6c5d4e3f2a'
API = 'https://api.nz-hlz-1.catalystcloud.io'
CAPO_PREFIX = ('k8s-clusterapi-cluster-magnum-522f7a2686b7418ca943e5fbf138'
               '0b87-' + RELEASE)
READY = {'cluster': 'Ready', 'infrastructure': 'Ready',
         'controlplane': 'Ready', 'nodegroup': 'Ready'}

# Sources (short names used below).
CAPI_DRIVER = ('openstack/magnum-capi-helm magnum_capi_helm/driver.py '
               '(a8b82c2)')
CAPI_MONITOR = ('openstack/magnum-capi-helm magnum_capi_helm/common/'
                'capi_monitor.py (infrastructure: "<failureReason>: '
                '<failureMessage>")')
CAPO = ('kubernetes-sigs/cluster-api-provider-openstack controllers/'
        'openstackcluster_controller.go; gophercloud v2 '
        'ErrUnexpectedResponseCode')
MAGNUM_EXC = 'openstack/magnum magnum/common/exception.py'
MAGNUM_HEAT = ('openstack/magnum Heat driver (zed) HeatPoller: node group '
               'status_reason = stack_status_reason, shown as faults')
HEAT_EXC = 'openstack/heat heat/common/exception.py (ResourceInError, ' \
           'FlavorMissing, EntityNotFound, WaitConditionTimeout)'
CATALYST = 'catalyst-cloud/catalystcloud-docs source/kubernetes/'


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    driver: str                 # 'heat' or 'capi'
    status: str
    cause: str | None           # the rule id that should name it
    source: str
    status_reason: str | None = None
    faults: dict | None = None
    health: dict | None = None
    health_status: str | None = None
    nodegroup_reasons: dict | None = None
    minutes_ago: int = 20       # since the operation started
    labels: dict | None = None
    coe_version: str = 'v1.33.4'
    expect: str = 'fail'        # what the cause rule should give


def _heat(case_id, status, cause, source, text, where='fault', **more):
    """A Heat-era failure.

    Magnum's summary in status_reason and the node group's
    stack_status_reason in faults, or the text in status_reason.
    """
    if where == 'fault':
        return Case(case_id, 'heat', status, cause, source,
                    status_reason='default-worker failed',
                    faults={'default-worker': text}, **more)
    return Case(case_id, 'heat', status, cause, source, status_reason=text,
                **more)


def _capi_infra(case_id, status, cause, source, text, **more):
    """A Cluster API failure reported in health_status_reason."""
    health = dict(READY, infrastructure=text,
                  cluster="Waiting on ['InfrastructureReady', 'Ready']")
    if status.startswith('DELETE'):
        health.update(controlplane='Control plane resource not found.',
                      nodegroup='default-worker resource not found.')
    return Case(case_id, 'capi', status, cause, source, health=health,
                health_status='UNHEALTHY', **more)


def _gopher(expected, method, url, actual, body):
    return (f'Expected HTTP response code [{expected}] when accessing '
            f'[{method} {url}], but got {actual} instead: {body}')


def _neutron(kind, message):
    return ('{"NeutronError": {"type": "' + kind + '", "message": "'
            + message + '", "detail": ""}}')


FAILURES = (
    # -- Heat era: quota --------------------------------------------------
    _heat('heat-quota-cores', 'CREATE_FAILED', 'quota',
          'Nova quota message via Heat (Forbidden (HTTP 403))',
          'Forbidden: resources.kube_minions.resources[0].resources.'
          'kube-minion: Quota exceeded for cores: Requested 2, but already '
          f'used 20 of 20 cores (HTTP 403) (Request-ID: {RID})'),
    _heat('heat-quota-ram', 'CREATE_FAILED', 'quota',
          'Nova quota message via Heat',
          'Forbidden: resources.kube_masters.resources[2].resources.'
          'kube-master: Quota exceeded for ram: Requested 8192, but '
          'already used 49152 of 51200 ram (HTTP 403)'),
    _heat('heat-quota-instances', 'UPDATE_FAILED', 'quota',
          'Nova quota message via Heat (resize)',
          'Forbidden: resources.kube_minions.resources[1].resources.'
          'kube-minion: Quota exceeded for instances: Requested 1, but '
          'already used 10 of 10 instances (HTTP 403)'),
    _heat('heat-quota-fip', 'CREATE_FAILED', 'quota',
          'Neutron OverQuota via Heat (OverQuotaClient)',
          'OverQuotaClient: resources.api_address_floating_switch.resources'
          ".api_address_floating: Quota exceeded for resources: "
          "['floatingip']. Neutron server returns request_ids: "
          f"['{RID}']"),
    _heat('heat-quota-volume', 'CREATE_FAILED', 'quota',
          'Cinder quota via Heat (OverLimit (HTTP 413))',
          'OverLimit: resources.kube_minions.resources[0].resources.'
          'docker_volume: VolumeSizeExceedsAvailableQuota: Requested '
          'volume or snapshot exceeds allowed gigabytes quota. Requested '
          '20G, quota is 1000G and 990G has been consumed. (HTTP 413)'),
    _heat('heat-quota-lb', 'CREATE_FAILED', 'quota',
          'Octavia QuotaException ("Quota has been met for resources")',
          'Forbidden: resources.api_lb.resources.loadbalancer: Quota has '
          'been met for resources: LoadBalancer (HTTP 403)'),
    # -- Heat era: time-outs and nodes -------------------------------------
    _heat('heat-timeout-aborted', 'CREATE_FAILED', 'timeout',
          'Heat stack timeout (StackResource: "Timed out")',
          'CREATE aborted (Task create from ResourceGroup "kube_minions" '
          f'Stack "k8s-abc-stack" [{STACK}] Timed out)', where='reason'),
    _heat('heat-timeout-cancelled', 'CREATE_FAILED', 'timeout',
          'Heat stack timeout (Timeout: ... cancelled)',
          'Resource CREATE failed: Timeout: resources.kube_masters.'
          'resources[0]: Stack CREATE cancelled', where='reason'),
    _heat('heat-waitcondition-master', 'CREATE_FAILED', 'control_plane',
          HEAT_EXC + '; the Heat-era kubecluster templates\' '
          'master_wait_condition',
          'WaitConditionTimeout: resources.kube_masters.resources[0].'
          'resources.master_wait_condition: 0 of 1 received'),
    _heat('heat-waitcondition-minion', 'CREATE_FAILED', 'nodes_not_joining',
          HEAT_EXC + '; kubeminion template\'s minion_wait_condition',
          'WaitConditionTimeout: resources.kube_minions.resources[1].'
          'resources.minion_wait_condition: 0 of 1 received'),
    _heat('heat-no-valid-host', 'CREATE_FAILED', 'no_valid_host',
          HEAT_EXC + ' with Nova\'s NoValidHost fault',
          'ResourceInError: resources.kube_minions.resources[0].resources.'
          'kube-minion: Went to status ERROR due to "Message: No valid host '
          'was found. There are not enough hosts available., Code: 500"'),
    _heat('heat-no-address', 'CREATE_FAILED', 'node_addresses',
          'Heat SoftwareDeployment failure (Deployment to server failed)',
          'Error: resources.kube_masters.resources[0].resources.'
          'master_config_deployment: Deployment to server failed: no '
          'address found for host k8s-abc-master-0'),
    _heat('heat-addons', 'CREATE_FAILED', 'addons',
          'Heat SoftwareDeployment failure of the Heat-era drivers\' '
          'kube_cluster_deploy (add-on install)',
          'Error: resources.kube_cluster_deploy: Deployment to server '
          'failed: deploy_status_code: Deployment exited with non-zero '
          'status code: 1'),
    # -- Heat era: load balancer, keypair, image, flavor, network ----------
    _heat('heat-lb-error', 'CREATE_FAILED', 'load_balancer',
          HEAT_EXC + ' (Octavia load balancer in ERROR)',
          'ResourceInError: resources.api_lb.resources.loadbalancer: Went '
          'to status ERROR due to "Load balancer provisioning error: '
          'Provisioning status of the load balancer is ERROR"'),
    _heat('heat-keypair', 'CREATE_FAILED', 'keypair',
          HEAT_EXC + ' (nova keypair constraint: "The Key (%s) could not '
          'be found.")',
          'StackValidationFailed: resources.kube_masters.resources[0].'
          'resources.kube-master: Property error: kube-master.Properties.'
          "key_name: Error validating value 'my-laptop': The Key "
          '(my-laptop) could not be found.'),
    _heat('heat-image', 'CREATE_FAILED', 'image_flavor',
          HEAT_EXC + ' (EntityNotFound: "The Image (%s) could not be '
          'found.")',
          'StackValidationFailed: resources.kube_masters.resources[0].'
          'resources.kube-master: Property error: kube-master.Properties.'
          "image: Error validating value 'fedora-coreos-35': The Image "
          '(fedora-coreos-35) could not be found.'),
    _heat('heat-flavor', 'CREATE_FAILED', 'image_flavor',
          HEAT_EXC + ' (FlavorMissing)',
          'StackValidationFailed: resources.kube_minions.resources[0].'
          'resources.kube-minion: Property error: kube-minion.Properties.'
          "flavor: Error validating value 'c1.c64r256': The Flavor ID "
          '(c1.c64r256) could not be found.'),
    _heat('heat-trust', 'CREATE_FAILED', 'credential',
          MAGNUM_EXC + ' TrusteeOrTrustToClusterFailed',
          f'Failed to create trustee or trust for Cluster: {UUID}',
          where='reason'),
    _heat('heat-trustee', 'CREATE_FAILED', 'credential',
          MAGNUM_EXC + ' TrusteeCreateFailed',
          'Failed to create trustee k8s-abc_b3b3c4a2 in domain '
          '3c8f5e2a1b7d4c6e9f0a1b2c3d4e5f6a', where='reason'),
    _heat('heat-trust-missing', 'UPDATE_FAILED', 'credential',
          'openstack/magnum magnum/service/periodic.py ("Could not find '
          'trust: %s") in AuthorizationFailure ("%(client)s connection '
          'failed. %(message)s")',
          'keystone connection failed. Could not find trust: '
          '8e2f1c3d4b5a49687f6e5d4c3b2a1908', where='reason'),
    _heat('heat-certificates', 'CREATE_FAILED', 'certificates',
          MAGNUM_EXC + ' CertificatesToClusterFailed',
          f'Failed to create certificates for Cluster: {UUID}',
          where='reason'),
    _heat('heat-delete-ports', 'DELETE_FAILED', 'delete_blocked',
          'Neutron SubnetInUse via Heat ("One or more ports have an IP '
          'allocation from this subnet"); Catalyst clusters.rst',
          'Resource DELETE failed: Conflict: resources.network.resources.'
          f'private_subnet: Unable to complete operation on subnet {SUB}: '
          'One or more ports have an IP allocation from this subnet. '
          f"Neutron server returns request_ids: ['{RID}']",
          where='reason'),
    _heat('heat-delete-fip', 'DELETE_FAILED', 'delete_blocked',
          'Neutron RouterInterfaceInUseByFloatingIP via Heat',
          'Resource DELETE failed: Conflict: resources.network.resources.'
          f'extrouter_inside: Router interface for subnet {SUB} on router '
          f'{ROUTER} cannot be deleted, as it is required by one or more '
          'floating IPs.', where='reason'),
    _heat('heat-predelete-lb', 'DELETE_FAILED', 'delete_blocked',
          'openstack/magnum magnum/common/octavia.py wait_for_lb_deleted '
          'in PreDeletionFailed',
          f'Failed to pre-delete resources for cluster {UUID}, error: '
          "Timeout waiting for the load balancers {'6a1f2e3d-4c01-4b8c-"
          "9d0e-1f2a3b4c5d6e'} to be deleted..", where='reason'),
    # -- Magnum's own validation (both eras) -----------------------------
    _heat('magnum-external-network', 'CREATE_FAILED', 'network',
          MAGNUM_EXC + ' ExternalNetworkNotFound',
          'Unable to find external network public-net.', where='reason'),
    _heat('magnum-fixed-subnet', 'CREATE_FAILED', 'network',
          MAGNUM_EXC + ' FixedSubnetNotFound',
          'Unable to find fixed subnet my-subnet.', where='reason'),
    _heat('magnum-keypair', 'CREATE_FAILED', 'keypair',
          MAGNUM_EXC + ' KeyPairNotFound',
          'Unable to find keypair my-laptop.', where='reason'),
    _heat('magnum-flavor', 'CREATE_FAILED', 'image_flavor',
          MAGNUM_EXC + ' FlavorNotFound (the name cut at its dot, as '
          'seen on a local Magnum)',
          'Unable to find flavor m1.medium.', where='reason'),
    _heat('magnum-os-distro', 'CREATE_FAILED', 'image_flavor',
          MAGNUM_EXC + ' OSDistroFieldNotFound; reported in a SUSE '
          'OpenStack Cloud 7 Magnum training (btw23.de)',
          "Image fedora-atomic-latest doesn't contain os_distro field.",
          where='reason'),
    # -- Cluster API: the driver's own messages ---------------------------
    Case('capi-flavor-ram', 'capi', 'CREATE_FAILED', 'image_flavor',
         CAPI_DRIVER + ' _validate_allowed_flavor',
         status_reason='Flavor c1.c1r1 does not have enough RAM to run '
                       'Kubernetes. Minimum 2048 MB required.'),
    Case('capi-flavor-cpu', 'capi', 'CREATE_FAILED', 'image_flavor',
         CAPI_DRIVER + ' _validate_allowed_flavor',
         status_reason='Flavor c1.c1r2 does not have enough CPU to run '
                       'Kubernetes. Minimum 2 vcpus required.'),
    Case('capi-image-kube-version', 'capi', 'CREATE_FAILED', 'image_flavor',
         CAPI_DRIVER + ' _get_kube_version',
         status_reason='Image c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e01 does '
                       'not have a kube_version property.'),
    Case('capi-image-os-distro', 'capi', 'CREATE_FAILED', 'image_flavor',
         CAPI_DRIVER + ' _get_os_distro',
         status_reason='Image c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e01 does '
                       'not have an os_distro property.'),
    Case('capi-rotate-failed', 'capi', 'UPDATE_FAILED', 'credential',
         CAPI_DRIVER + ' rotate_credential',
         status_reason='Application credential secret failed to apply.'),
    Case('capi-rotate-warning', 'capi', 'UPDATE_COMPLETE', 'credential',
         CAPI_DRIVER + ' rotate_credential (old credential not deleted)',
         status_reason='A new application credential was applied '
                       'successfully but the previous application '
                       'credential could not be deleted: '
                       '7f8e6cca72f65d38baf04b6671eec790 does not exist.',
         health=READY, health_status='HEALTHY', expect='warn'),
    Case('capi-min-nodes', 'capi', 'UPDATE_FAILED', 'autoscaling',
         CAPI_DRIVER + ' _validate_allowed_node_counts (node group '
         'status_reason via the node group conductor)',
         nodegroup_reasons={'gpu-pool': 'Min node count must be greater '
                            'than or equal to 1 for all node groups.'}),
    Case('capi-max-nodes', 'capi', 'UPDATE_FAILED', 'autoscaling',
         CAPI_DRIVER + ' _validate_allowed_node_counts',
         nodegroup_reasons={'gpu-pool': 'Max node count must be greater '
                            'than or equal to min node count'}),
    Case('capi-addons-failed', 'capi', 'CREATE_FAILED', 'addons',
         CAPI_DRIVER + ' _update_status_updating (add-on phase Failed); '
         'Catalyst release-notes/release_2025-06-16.rst (addons in '
         'status_reason)',
         status_reason='{"addons": {"cni-calico": "Deployed", '
                       '"ccm-openstack": "Deployed", "csi-cinder": '
                       '"Failed", "k8s-keystone-auth": "Pending"}}',
         health=READY, health_status='HEALTHY'),
    Case('capi-addons-failed-silent', 'capi', 'CREATE_FAILED', 'addons',
         CAPI_DRIVER + ' (upstream sets CREATE_FAILED and leaves '
         'status_reason empty; Catalyst reports the add-on)',
         status_reason="{'addons': {'kube-prometheus-stack': 'Unknown'}}",
         health=READY, health_status='HEALTHY'),
    Case('capi-addons-stuck', 'capi', 'CREATE_IN_PROGRESS', 'addons',
         CATALYST + '../release-notes/release_2025-06-16.rst ("useful for '
         'identifying issues that may be preventing installation, such as '
         'webhook configuration")',
         status_reason='{"addons": {"cni-calico": "Deployed", '
                       '"ccm-openstack": "Deployed", "csi-cinder": '
                       '"Deployed", "k8s-keystone-auth": "Installing", '
                       '"metrics-server": "Pending"}}',
         health=READY, health_status='HEALTHY', minutes_ago=95),
    # -- Cluster API: infrastructure failures in health_status_reason ------
    _capi_infra('capi-quota-network', 'CREATE_IN_PROGRESS', 'quota',
                'vexxhost/magnum-cluster-api#64 (CAPO event text)',
                'UpdateError: Failed to create network '
                f'{CAPO_PREFIX}: ' + _gopher(
                    '201 202', 'POST', f'{API}:9696/v2.0/networks', 409,
                    _neutron('OverQuota', "Quota exceeded for resources: "
                             "['network'].")), minutes_ago=30),
    _capi_infra('capi-quota-fip', 'CREATE_IN_PROGRESS', 'quota',
                CAPO + '; Neutron OverQuota',
                'UpdateError: failed to reconcile load balancer: '
                + _gopher('201', 'POST', f'{API}:9696/v2.0/floatingips',
                          409, _neutron('OverQuota', "Quota exceeded for "
                                        "resources: ['floatingip']."))),
    _capi_infra('capi-lb-502', 'CREATE_IN_PROGRESS', 'load_balancer',
                CAPO + ' (Octavia behind its proxy answering 502)',
                'UpdateError: failed to reconcile load balancer: '
                + _gopher('200', 'GET', f'{API}:9876/v2/lbaas/'
                          f'loadbalancers?name={CAPO_PREFIX}-kubeapi', 502,
                          '<html><body><h1>502 Bad Gateway</h1></body>'
                          '</html>')),
    _capi_infra('capi-lb-not-active', 'CREATE_IN_PROGRESS', 'load_balancer',
                'kubernetes-sigs/cluster-api-provider-openstack pkg/cloud/'
                'services/loadbalancer/loadbalancer.go',
                'UpdateError: failed to reconcile load balancer: load '
                f'balancer "{CAPO_PREFIX}-kubeapi" with id 6a1f2e3d-4c01-'
                '4b8c-9d0e-1f2a3b4c5d6e is not active after timeout: timed '
                'out waiting for the condition'),
    _capi_infra('capi-credential-401', 'UPDATE_IN_PROGRESS', 'credential',
                CAPO + '; Catalyst application-credentials.rst (a disabled '
                'owner breaks load balancers, volumes, scaling)',
                'UpdateError: failed to reconcile network: ' + _gopher(
                    '200', 'GET', f'{API}:9696/v2.0/networks?name='
                    f'{CAPO_PREFIX}', 401,
                    '{"error": {"code": 401, "title": "Unauthorized", '
                    '"message": "The request you have made requires '
                    'authentication."}}')),
    _capi_infra('capi-external-network', 'CREATE_IN_PROGRESS', 'network',
                CAPO + ' ("failed to reconcile external network")',
                'UpdateError: failed to reconcile external network: '
                'found 0 external networks, which should not happen'),
    _capi_infra('capi-delete-bastion', 'DELETE_IN_PROGRESS',
                'delete_blocked',
                CAPO + '; Neutron NetworkInUse; Catalyst clusters.rst (a '
                'bastion leaves the cluster in DELETE_IN_PROGRESS, see '
                'health_status_reason)',
                'UpdateError: failed to delete network: ' + _gopher(
                    '202 204', 'DELETE', f'{API}:9696/v2.0/networks/{NET}',
                    409, _neutron('NetworkInUse', 'Unable to complete '
                                  f'operation on network {NET}. There are '
                                  'one or more ports still in use on the '
                                  'network.')), minutes_ago=30),
    _capi_infra('capi-delete-fip', 'DELETE_IN_PROGRESS', 'delete_blocked',
                CAPO + '; Neutron RouterInterfaceInUseByFloatingIP',
                'UpdateError: failed to delete router: ' + _gopher(
                    '200', 'PUT', f'{API}:9696/v2.0/routers/{ROUTER}/'
                    'remove_router_interface', 409,
                    _neutron('RouterInterfaceInUseByFloatingIP',
                             f'Router interface for subnet {SUB} on router '
                             f'{ROUTER} cannot be deleted, as it is '
                             'required by one or more floating IPs.'))),
    _capi_infra('capi-delete-router-interface', 'DELETE_IN_PROGRESS',
                'delete_blocked', CAPO + '; Neutron RouterInUse',
                'UpdateError: failed to delete router: ' + _gopher(
                    '204', 'DELETE', f'{API}:9696/v2.0/routers/{ROUTER}',
                    409, _neutron('RouterInUse',
                                  f'Router {ROUTER} still has ports'))),
    _capi_infra('capi-delete-trunk-port', 'DELETE_IN_PROGRESS',
                'delete_blocked',
                'kubernetes-sigs/cluster-api-provider-openstack#1679',
                'UpdateError: failed to delete ports: delete port '
                '09dcd789-77a2-42dc-baf1-28a1793cf016 of network '
                f'"{NET}" failed : ' + _gopher(
                    '202 204', 'DELETE', f'{API}:9696/v2.0/ports/09dcd789-'
                    '77a2-42dc-baf1-28a1793cf016', 409,
                    _neutron('PortInUseAsTrunkParent', 'Port 09dcd789-77a2-'
                             '42dc-baf1-28a1793cf016 is currently a parent '
                             'port for trunk 0d1e18e7-429b-4974-9639-'
                             '6e48797e08d5.'))),
    _capi_infra('capi-delete-secgroup', 'DELETE_IN_PROGRESS',
                'delete_blocked',
                'vexxhost/magnum-cluster-api#188 (CAPO '
                'Faileddeletesecuritygroup)',
                'UpdateError: Failed to delete security group '
                f'{CAPO_PREFIX}-secgroup-controlplane with id c51c6577-c5ea-'
                '4890-ad3c-3e5892818661: ' + _gopher(
                    '202 204', 'DELETE', f'{API}:9696/v2.0/security-groups/'
                    'c51c6577-c5ea-4890-ad3c-3e5892818661', 409, '')),
    # -- Cluster API: operations that never end (judged by time) ----------
    Case('capi-control-plane-never-ready', 'capi', 'CREATE_IN_PROGRESS',
         'control_plane', CAPI_MONITOR + ' (controlplane "Waiting on '
         '[...]"); Catalyst: a control plane that never becomes ready',
         health=dict(READY, cluster="Waiting on ['ControlPlaneReady', "
                     "'Ready']", controlplane="Waiting on ['Available', "
                     "'MachinesReady', 'Ready']",
                     nodegroup="default-worker waiting on ['Ready', "
                     "'Available']"),
         health_status='UNHEALTHY', minutes_ago=90),
    Case('capi-nodes-not-joining', 'capi', 'CREATE_IN_PROGRESS',
         'nodes_not_joining', CAPI_MONITOR + ' (nodegroup "<ng> waiting '
         'on [...]")',
         health=dict(READY, nodegroup="default-worker waiting on "
                     "['Ready', 'Available']"),
         health_status='UNHEALTHY', minutes_ago=90),
    Case('capi-upgrade-131-join', 'capi', 'UPDATE_IN_PROGRESS',
         'nodes_not_joining', CATALYST + 'versions.rst (Version v1.30 to '
         'v1.31: the first worker upgraded fails to join without '
         'auto-healing)',
         health=dict(READY, nodegroup="default-worker waiting on "
                     "['MachineSetReady', 'Ready']"),
         health_status='UNHEALTHY', minutes_ago=120, coe_version='v1.31.14',
         labels={'auto_healing_enabled': 'false', 'kube_tag': 'v1.31.14'}),
)

# Ordinary operations and finished ones: no check may fail.
NORMAL = (
    Case('capi-create-infra', 'capi', 'CREATE_IN_PROGRESS', None,
         CAPI_MONITOR + ' (just created)', minutes_ago=2,
         health={'cluster': "Waiting on ['ControlPlaneInitialized', "
                 "'ControlPlaneReady', 'InfrastructureReady', 'Ready']",
                 'infrastructure': 'Infrastructure not ready.',
                 'controlplane': "Waiting on ['Available', "
                 "'CertificatesAvailable', 'MachinesReady', 'Ready']",
                 'nodegroup': "default-worker waiting on ['Ready', "
                 "'Available']"}, health_status='UNHEALTHY'),
    Case('capi-create-not-found-yet', 'capi', 'CREATE_IN_PROGRESS', None,
         CAPI_MONITOR + ' (resources not made yet)', minutes_ago=1,
         health={'cluster': 'Cluster resource not found.',
                 'infrastructure': 'Infrastructure resource not found.',
                 'controlplane': 'Control plane resource not found.',
                 'nodegroup': 'default-worker resource not found.'},
         health_status='UNHEALTHY'),
    Case('capi-create-workers', 'capi', 'CREATE_IN_PROGRESS', None,
         CAPI_MONITOR, minutes_ago=8,
         health=dict(READY, nodegroup="default-worker waiting on "
                     "['Ready', 'Available']"), health_status='UNHEALTHY'),
    Case('capi-create-addons', 'capi', 'CREATE_IN_PROGRESS', None,
         'Catalyst release-notes/release_2025-06-16.rst', minutes_ago=11,
         status_reason='{"addons": {"cni-calico": "Deployed", '
                       '"ccm-openstack": "Deployed", "csi-cinder": '
                       '"Deployed", "k8s-keystone-auth": "Installing", '
                       '"metrics-server": "Pending"}}',
         health=READY, health_status='HEALTHY'),
    Case('capi-resize', 'capi', 'UPDATE_IN_PROGRESS', None,
         CATALYST + 'clusters.rst (resize in progress: UNHEALTHY)',
         minutes_ago=3,
         health=dict(READY, nodegroup="default-worker waiting on "
                     "['Ready', 'Available']"), health_status='UNHEALTHY'),
    Case('capi-nodegroups-resize', 'capi', 'UPDATE_IN_PROGRESS', None,
         CAPI_MONITOR + ' (two node groups)', minutes_ago=4,
         health=dict(READY, nodegroup="default-worker waiting on "
                     "['Ready', 'Available'],gpu-pool waiting on "
                     "['Ready']"), health_status='UNHEALTHY'),
    Case('capi-upgrade-rolling', 'capi', 'UPDATE_IN_PROGRESS', None,
         CATALYST + 'cluster-upgrade.rst (nodes replaced one at a time)',
         minutes_ago=15,
         health=dict(READY, controlplane="Waiting on "
                     "['MachinesSpecUpToDate', 'Ready']",
                     nodegroup="default-worker waiting on "
                     "['MachineSetReady', 'Ready']"),
         health_status='UNHEALTHY'),
    Case('capi-delete', 'capi', 'DELETE_IN_PROGRESS', None,
         CAPI_MONITOR + ' (deleting)', minutes_ago=3,
         health={'cluster': "Waiting on ['InfrastructureReady', 'Ready']",
                 'infrastructure': 'Infrastructure not ready.',
                 'controlplane': 'Control plane resource not found.',
                 'nodegroup': 'default-worker resource not found.'},
         health_status='UNHEALTHY'),
    Case('capi-complete', 'capi', 'CREATE_COMPLETE', None,
         CATALYST + 'clusters.rst (healthy cluster)',
         status_reason='{"addons": {"cni-calico": "Deployed", '
                       '"ccm-openstack": "Deployed"}}',
         health=READY, health_status='HEALTHY'),
    Case('capi-complete-no-reason', 'capi', 'UPDATE_COMPLETE', None,
         CATALYST + 'clusters.rst (status_reason None)', health=READY,
         health_status='HEALTHY'),
    Case('heat-create-started', 'heat', 'CREATE_IN_PROGRESS', None,
         MAGNUM_HEAT, status_reason='Stack CREATE started', minutes_ago=5),
    Case('heat-complete', 'heat', 'CREATE_COMPLETE', None, MAGNUM_HEAT,
         status_reason='Stack CREATE completed successfully',
         health={'api': 'ok', 'k8s-abc-node-0.Ready': 'True'},
         health_status='HEALTHY'),
    Case('heat-update-started', 'heat', 'UPDATE_IN_PROGRESS', None,
         MAGNUM_HEAT, status_reason='Stack UPDATE started', minutes_ago=5),
)


def cluster_facts(case):
    """``(cluster dict, node group dicts, now)`` for a case."""
    started = NOW - datetime.timedelta(minutes=case.minutes_ago)
    labels = {'kube_tag': case.coe_version, 'auto_healing_enabled': 'true'}
    labels.update(case.labels or {})
    cluster = {
        'uuid': UUID, 'name': 'k8s-abc', 'status': case.status,
        'status_reason': case.status_reason,
        'cluster_id': STACK if case.driver == 'heat' else RELEASE,
        'faults': case.faults or ({} if case.status.endswith('FAILED')
                                  else ''),
        'health_status': case.health_status or (
            'HEALTHY' if case.status.endswith('COMPLETE') else 'UNKNOWN'),
        'health_status_reason': case.health or {},
        'node_count': 2, 'master_count': 1,
        'node_addresses': (['10.0.0.11', '10.0.0.12']
                           if case.driver == 'heat' else []),
        'master_addresses': ['10.0.0.10'] if case.driver == 'heat' else [],
        'create_timeout': 60, 'coe_version': case.coe_version,
        'created_at': started.isoformat(), 'updated_at': started.isoformat(),
        'cluster_template_id': 'tpl-1', 'labels': labels,
        'labels_skipped': {}, 'labels_overridden': {}, 'labels_added': {},
    }
    ng_status = case.status if case.status.endswith(('_IN_PROGRESS',
                                                     '_COMPLETE')) else (
        case.status.split('_')[0] + '_COMPLETE')
    nodegroups = [{'uuid': 'ng-master', 'name': 'default-master',
                   'role': 'master', 'node_count': 1, 'status': ng_status,
                   'status_reason': None}]
    for name, text in (case.faults or {}).items():
        nodegroups.append({'uuid': f'ng-{name}', 'name': name,
                           'role': 'worker', 'node_count': 2,
                           'status': case.status, 'status_reason': text})
    for name, text in (case.nodegroup_reasons or {}).items():
        nodegroups.append({'uuid': f'ng-{name}', 'name': name,
                           'role': 'worker', 'node_count': 1,
                           'status': case.status.split('_')[0] + '_FAILED',
                           'status_reason': text})
    if len(nodegroups) == 1:
        nodegroups.append({'uuid': 'ng-w', 'name': 'default-worker',
                           'role': 'worker', 'node_count': 2,
                           'status': ng_status, 'status_reason': None})
    return cluster, nodegroups, NOW


@dataclasses.dataclass
class Measure:
    named: list          # case ids whose cause was named
    missed: list         # (case id, what the cause rule said)
    false_alarms: list   # (case id, rule id, detail)
    in_progress_failures: list   # (case id, rule id, detail)

    def figures(self):
        return {'failures': len(FAILURES), 'named': len(self.named),
                'false_alarms': len(self.false_alarms),
                'normal_states': len(NORMAL),
                'failed_normal_states': len(self.in_progress_failures)}


def measure():
    """Diagnose every case; what was named, missed, wrongly blamed."""
    from catalystcoe.support import diagnosis
    from catalystcoe.support import rules
    from catalystcoe.templates import catalogue

    template = {'uuid': 'tpl-1', 'name': 'kubernetes-v1.33.4-20260115',
                'labels': {'kube_tag': 'v1.33.4',
                           'auto_healing_enabled': 'true'}}
    info = catalogue.TemplateInfo(
        name=template['name'], uuid='tpl-1', kubernetes_version='1.33.4',
        minor='1.33', profile=None, released=None, support='latest')
    out = Measure([], [], [], [])

    def run(case):
        cluster, nodegroups, now = cluster_facts(case)
        return {f.rule: f for f in diagnosis.diagnose(diagnosis.Facts(
            cluster=cluster, template=template, template_info=info,
            nodegroups=nodegroups, now=now))}

    for case in FAILURES:
        found = run(case)
        mine = found[case.cause]
        if mine.result == case.expect:
            out.named.append(case.id)
        else:
            out.missed.append((case.id, f'{mine.result}: {mine.detail}'))
        for rule_id in rules.CAUSES:
            other = found[rule_id]
            if rule_id != case.cause and other.result != diagnosis.PASS:
                out.false_alarms.append((case.id, rule_id, other.detail))
    for case in NORMAL:
        for rule_id, finding in run(case).items():
            if finding.result == diagnosis.FAIL:
                out.in_progress_failures.append((case.id, rule_id,
                                                 finding.detail))
    return out
