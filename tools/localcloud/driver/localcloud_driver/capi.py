"""What a Cluster API cluster looks like through the Magnum API.

The shapes and words are those of openstack/magnum-capi-helm (read at
a8b82c2, 1.4.0): ``driver.py`` (no Heat stack: ``stack_id`` is the Helm
release name ``<name[:30]>-<12-char short id>``; node groups are machine
deployments; add-ons ``Failed``/``Unknown`` fail the operation; image and
flavor validation messages) and ``common/capi_monitor.py`` (the
``health_status_reason`` dict: ``cluster``, ``infrastructure``,
``controlplane``, ``nodegroup``; "Waiting on [...]", "Infrastructure not
ready.", "<ng> waiting on [...]", "<reason>: <message>" of the
OpenStackCluster's failure).  Infrastructure failure messages are those
of cluster-api-provider-openstack (``controllers/openstackcluster_
controller.go``: "failed to delete network: ...", "failed to reconcile
load balancer: ..."; ``FailureReason`` ``UpdateError``) around
gophercloud v2's "Expected HTTP response code [...] when accessing [...],
but got N instead: <body>" and Neutron's and Octavia's own error bodies.

Catalyst's fork adds an ``addons`` property to ``status_reason``
(catalystcloud-docs ``release-notes/release_2025-06-16.rst``: "indicates
the progress of installation of manifests into your cluster").  Its
exact format is not published: here it is a JSON object, add-on name to
the phase of its addon-provider resource (``Pending``, ``Installing``,
``Deployed``, ``Failed``, the phases magnum-capi-helm's tests use), and
the client must read it leniently.
"""

import json
import re

# The add-ons of a Catalyst cluster (capi-helm-charts cluster-addons
# component names), in install order.
ADDONS = ('cni-calico', 'ccm-openstack', 'csi-cinder', 'k8s-keystone-auth',
          'metrics-server', 'node-feature-discovery', 'kube-prometheus-stack')

READY = 'Ready'   # capi_monitor.MONITOR_STATE_READY
HEALTHY_REASON = {'cluster': READY, 'infrastructure': READY,
                  'controlplane': READY, 'nodegroup': READY}

# Conditions not yet True, as capi_monitor lists them ("Waiting on [...]").
CLUSTER_WAITING = ['ControlPlaneInitialized', 'ControlPlaneReady',
                   'InfrastructureReady', 'Ready']
CLUSTER_CP_WAITING = ['ControlPlaneReady', 'Ready']
KCP_WAITING = ['Available', 'CertificatesAvailable', 'MachinesReady',
               'Ready']
KCP_ROLLING = ['MachinesSpecUpToDate', 'Ready']
MD_WAITING = ['Ready', 'Available']   # as in Catalyst's clusters.rst
MD_ROLLING = ['MachineSetReady', 'Ready']


def release_name(cluster_name, short_id):
    """``stack_id`` as the driver sets it (``_generate_release_name``)."""
    base = re.sub('[^a-z0-9]+', '-', (cluster_name or '').lower()).strip('-')
    return f'{base[:30]}-{short_id}'.lower()


def resource_prefix(cluster):
    """``k8s-clusterapi-cluster-<namespace>-<release>`` (CAPO's names)."""
    project = re.sub('[^a-z0-9]', '', (cluster.project_id or '').lower())
    return f'k8s-clusterapi-cluster-magnum-{project}-{cluster.stack_id}'


def waiting(conditions):
    return f'Waiting on {conditions!r}'


def ng_waiting(name, conditions):
    return f'{name} waiting on {conditions!r}'


def addons_reason(phases):
    """``status_reason`` with the ``addons`` property."""
    return json.dumps({'addons': dict(phases)}, sort_keys=False)


def addon_phases(deployed, current_phase='Installing'):
    """Add-on phases: ``deployed`` done, then ``current_phase``, Pending."""
    out = {}
    for i, name in enumerate(ADDONS):
        if i < deployed:
            out[name] = 'Deployed'
        elif i == deployed:
            out[name] = current_phase
        else:
            out[name] = 'Pending'
    return out


def health_reason(cluster='', infrastructure='', controlplane='',
                  nodegroup=''):
    return {'cluster': cluster or READY,
            'infrastructure': infrastructure or READY,
            'controlplane': controlplane or READY,
            'nodegroup': nodegroup or READY}


# -- failure texts ---------------------------------------------------------

def _api(region, port):
    return f'https://api.{region}.catalystcloud.io:{port}'


def gophercloud(expected, method, url, actual, body):
    """gophercloud v2 ``ErrUnexpectedResponseCode.Error()``."""
    codes = ' '.join(str(c) for c in expected)
    return (f'Expected HTTP response code [{codes}] when accessing '
            f'[{method} {url}], but got {actual} instead: {body}')


def neutron_error(kind, message):
    return json.dumps({'NeutronError': {'type': kind, 'message': message,
                                        'detail': ''}})


def update_error(text):
    """capi_monitor's infrastructure text for a CAPO failure."""
    return f'UpdateError: {text}'


def quota_fip(cluster, region):
    """Neutron OverQuota (409) for the API load balancer's floating IP."""
    return update_error('failed to reconcile load balancer: ' + gophercloud(
        (201,), 'POST', f'{_api(region, 9696)}/v2.0/floatingips', 409,
        neutron_error('OverQuota',
                      "Quota exceeded for resources: ['floatingip'].")))


def lb_bad_gateway(cluster, region):
    """Octavia behind its proxy answering 502 to CAPO."""
    body = ('<html><body><h1>502 Bad Gateway</h1>\nThe server returned '
            'an invalid or incomplete response.\n</body></html>')
    return update_error('failed to reconcile load balancer: ' + gophercloud(
        (200,), 'GET',
        f'{_api(region, 9876)}/v2/lbaas/loadbalancers?name='
        f'{resource_prefix(cluster)}-kubeapi', 502, body))


def lb_not_active(cluster, lb_id):
    """CAPO's load balancer wait (loadbalancer.go)."""
    name = f'{resource_prefix(cluster)}-kubeapi'
    return update_error(
        'failed to reconcile load balancer: load balancer '
        f'"{name}" with id {lb_id} is not active after timeout: timed out '
        'waiting for the condition')


def credential_disabled(cluster, region):
    """The cluster's application credential no longer authenticates."""
    body = json.dumps({'error': {
        'code': 401, 'title': 'Unauthorized',
        'message': 'The request you have made requires authentication.'}})
    return update_error('failed to reconcile network: ' + gophercloud(
        (200,), 'GET',
        f'{_api(region, 9696)}/v2.0/networks?name={resource_prefix(cluster)}',
        401, body))


def delete_blocked(cluster, region, blocker, network_id, subnet_id,
                   router_id):
    """CAPO's delete of the cluster network answered 409 by Neutron.

    ``blocker``: bastion or load_balancer (their ports sit on the
    network), floating_ip (a floating IP still uses the router
    interface), router_interface (the user's own interface on the
    cluster's router).
    """
    if blocker == 'floating_ip':
        return update_error('failed to delete router: ' + gophercloud(
            (200,), 'PUT', f'{_api(region, 9696)}/v2.0/routers/{router_id}'
            '/remove_router_interface', 409,
            neutron_error('RouterInterfaceInUseByFloatingIP',
                          f'Router interface for subnet {subnet_id} on '
                          f'router {router_id} cannot be deleted, as it is '
                          'required by one or more floating IPs.')))
    if blocker == 'router_interface':
        return update_error('failed to delete router: ' + gophercloud(
            (204,), 'DELETE', f'{_api(region, 9696)}/v2.0/routers/'
            f'{router_id}', 409,
            neutron_error('RouterInUse',
                          f'Router {router_id} still has ports')))
    return update_error('failed to delete network: ' + gophercloud(
        (202, 204), 'DELETE',
        f'{_api(region, 9696)}/v2.0/networks/{network_id}', 409,
        neutron_error('NetworkInUse',
                      f'Unable to complete operation on network '
                      f'{network_id}. There are one or more ports still in '
                      'use on the network.')))


def image_without(image_id, prop):
    """``_get_kube_version`` / ``_get_os_distro`` (driver.py)."""
    article = 'an' if prop[0] in 'aeiou' else 'a'
    return f'Image {image_id} does not have {article} {prop} property.'


def flavor_too_small(flavor, vcpus, ram_mb, min_vcpus=2, min_ram=2048):
    """``_validate_allowed_flavor`` (driver.py), or None when it passes."""
    if ram_mb is not None and ram_mb < min_ram:
        return (f'Flavor {flavor} does not have enough RAM to run '
                f'Kubernetes. Minimum {min_ram} MB required.')
    if vcpus is not None and vcpus < min_vcpus:
        return (f'Flavor {flavor} does not have enough CPU to run '
                f'Kubernetes. Minimum {min_vcpus} vcpus required.')
    return None


def catalyst_flavor_size(flavor):
    """``(vcpus, ram MB)`` from a Catalyst flavor name (``c1.c2r4``)."""
    match = re.fullmatch(r'[a-z]\d+\.c(\d+)r(\d+)(?:[.-].*)?', flavor or '')
    if not match:
        return None, None
    return int(match.group(1)), int(match.group(2)) * 1024


def rotate_warning(app_cred_id):
    """``rotate_credential`` when the old credential cannot be deleted."""
    return ('A new application credential was applied successfully but '
            'the previous application credential could not be deleted: '
            f'{app_cred_id} does not exist.')
