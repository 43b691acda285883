"""What the local cloud holds: resources derived from Magnum's clusters.

For every cluster with a stack id (the Cluster API driver's Helm release
name), what that driver and Cluster API Provider OpenStack would have
made, named as they name them (``magnum_capi_helm.driver_utils``;
CAPO's ``k8s-clusterapi-cluster-<namespace>-<cluster>``, the namespace
being ``magnum-<project id>``):

* a network, subnet and router ``k8s-clusterapi-cluster-magnum-<project>-
  <stack id>``, with a router interface and a DHCP port;
* one server per node (``<stack id>-control-plane-<5>`` and
  ``<stack id>-<node group>-<8>-<5>``), on that network, with a root
  volume ``<server>-root`` when ``boot_volume_size`` > 0;
* the API load balancer ``<network name>-kubeapi``, and a floating IP on
  it when ``master_lb_floating_ip_enabled`` (default: the cluster's
  ``floating_ip_enabled``) is true.

Labels ask for what users and Kubernetes add to a cluster's network:
``fake_bastion=true`` (a server ``<cluster>-bastion`` with a floating IP),
``fake_user_lb=true`` (a load balancer ``<cluster>-app-lb``),
``fake_user_port=true`` (a port ``<cluster>-vip``), ``fake_k8s_lb=true``
(a Service load balancer ``kube_service_<stack id>_default_web`` with a
floating IP) and ``fake_pv_volumes=<n>`` (Cinder CSI volumes
``pvc-<uuid>`` with the driver's metadata).  Clusters disappear from
Magnum's database once deleted, and their resources with them.

Quotas are per project name (:data:`QUOTAS`); usage is what the world
holds for the project.
"""

import datetime
import hashlib
import re
import uuid

from localcloud.server.standin import magnumdb

NAMESPACE = uuid.UUID('6f1c2c0e-3a59-4c55-9f3b-5b0e0c6a7d21')

PUBLIC_NET = {'id': 'f4b1e7a2-59d3-4c1e-8b0a-6a1f2e3d4c01',
              'name': 'public-net', 'router:external': True,
              'shared': False, 'project_id': 'admin', 'subnets': [],
              'created_at': '2026-01-10T00:00:00Z'}
PRIVATE_NET = {'id': 'f4b1e7a2-59d3-4c1e-8b0a-6a1f2e3d4c02',
               'name': 'private-net', 'router:external': False,
               'shared': True, 'project_id': 'local',
               'subnets': ['a1b2c3d4-0000-4000-8000-000000000001'],
               'created_at': '2026-01-10T00:00:00Z'}
PRIVATE_SUBNET = {'id': 'a1b2c3d4-0000-4000-8000-000000000001',
                  'name': 'private-subnet', 'network_id': PRIVATE_NET['id'],
                  'cidr': '10.0.0.0/16', 'gateway_ip': '10.0.0.1',
                  'project_id': 'local',
                  'created_at': '2026-01-10T00:00:00Z'}

# Flavors: name -> (vcpus, RAM MB, disk GB, extra_specs).  The GPU
# flavor carries a vGPU resource request, as GPU flavors do.
FLAVORS = {
    'c1.c1r1': (1, 1024, 10, {}),
    'c1.c2r2': (2, 2048, 10, {}),
    'c1.c2r4': (2, 4096, 10, {}),
    'c1.c4r8': (4, 8192, 10, {}),
    'c1.c8r16': (8, 16384, 10, {}),
    'c2-gpu.c4r16g1': (4, 16384, 10, {'resources:VGPU': '1',
                                      'trait:CUSTOM_NVIDIA_A100': 'required'}),
}

# Quotas per project name (others: DEFAULT_QUOTA).  The demo project's
# quota leaves room for the functional tests' clusters running two at a
# time, and not for a cluster of 15 large workers (the refused create of
# the tour and of test_preflight).
DEFAULT_QUOTA = {
    'cores': 1000, 'ram': 4096000, 'instances': 500, 'key_pairs': 100,
    'volumes': 500, 'gigabytes': 50000, 'snapshots': 100, 'backups': 100,
    'backup_gigabytes': 10000, 'floatingip': 100, 'network': 100,
    'subnet': 100, 'router': 50, 'port': 2000, 'security_group': 100,
    'security_group_rule': 1000, 'load_balancer': 100,
}
QUOTAS = {
    'demo': dict(DEFAULT_QUOTA, cores=120, ram=409600, instances=60,
                 volumes=40, gigabytes=1000, floatingip=6, network=30,
                 subnet=30, router=30, port=300, load_balancer=20),
}


def quota(project_name):
    return QUOTAS.get(project_name, DEFAULT_QUOTA)


def uid(*parts):
    return str(uuid.uuid5(NAMESPACE, ':'.join(str(p) for p in parts)))


def _hex(*parts):
    return hashlib.sha256(':'.join(parts).encode()).hexdigest()


def _octet(seed, lo=10, hi=250):
    """As the local driver picks a cluster's API address."""
    digest = hashlib.sha256(seed.encode()).digest()
    return lo + digest[0] % (hi - lo)


def _mac(seed):
    h = _hex(seed)
    return 'fa:16:3e:' + ':'.join(h[i:i + 2] for i in (0, 2, 4))


def iso(ts):
    if ts is None:
        return '2026-01-10T00:00:00Z'
    if isinstance(ts, str):
        return ts
    if ts.tzinfo is not None:
        ts = ts.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return ts.replace(microsecond=0).isoformat() + 'Z'


def truthy(value):
    return str(value).strip().lower() in ('1', 'true', 'yes', 'on')


def _int(value, default=0):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def sanitized(name):
    return re.sub('[^a-z0-9]+', '-', (name or '').lower()).strip('-')


def network_name(project_id, stack_id):
    project = re.sub('[^a-z0-9]', '', project_id.lower())
    return f'k8s-clusterapi-cluster-magnum-{project}-{stack_id}'


class World:
    """Every resource, as plain dicts close to the APIs' shapes."""

    def __init__(self):
        self.networks = [dict(PUBLIC_NET), dict(PRIVATE_NET)]
        self.subnets = [dict(PRIVATE_SUBNET)]
        self.routers = []
        self.ports = []
        self.servers = []
        self.floating_ips = []
        self.load_balancers = []
        self.volumes = []

    # -- usage --------------------------------------------------------------

    def usage(self, project_id):
        """Used amounts of every quota'd resource of a project."""
        servers = [s for s in self.servers if s['project_id'] == project_id]
        volumes = [v for v in self.volumes if v['project_id'] == project_id]

        def count(items):
            return sum(1 for i in items if i['project_id'] == project_id)

        return {
            'cores': sum(FLAVORS[s['flavor']][0] for s in servers),
            'ram': sum(FLAVORS[s['flavor']][1] for s in servers),
            'instances': len(servers),
            'key_pairs': 0,
            'volumes': len(volumes),
            'gigabytes': sum(v['size'] for v in volumes),
            'snapshots': 0, 'backups': 0, 'backup_gigabytes': 0,
            'floatingip': count(self.floating_ips),
            'network': count(self.networks),
            'subnet': count(self.subnets),
            'router': count(self.routers),
            'port': count(self.ports),
            'security_group': 0, 'security_group_rule': 0,
            'load_balancer': count(self.load_balancers),
        }

    # -- building -----------------------------------------------------------

    def add_port(self, net, subnet, host, owner, device_id, name='',
                 created=None):
        port = {
            'id': uid(net['id'], 'port', host), 'name': name,
            'network_id': net['id'], 'project_id': net['project_id'],
            'device_owner': owner, 'device_id': device_id,
            'ip_address': f'{subnet["prefix"]}.{host}',
            'subnet_id': subnet['id'],
            'mac_address': _mac(f'{net["id"]}:{host}'),
            'created_at': created or net['created_at'],
        }
        self.ports.append(port)
        return port

    def add_floating_ip(self, project_id, seed, port, created):
        fip = {
            'id': uid(seed, 'fip'), 'project_id': project_id,
            'floating_ip_address': f'203.0.113.{_octet(seed)}',
            'floating_network_id': PUBLIC_NET['id'],
            'port_id': port['id'] if port else None,
            'fixed_ip_address': port['ip_address'] if port else None,
            'router_id': None, 'created_at': created,
        }
        self.floating_ips.append(fip)
        return fip

    def add_lb(self, net, subnet, host, name, project_id, provider,
               created):
        lb_id = uid(net['id'], 'lb', name)
        port = self.add_port(net, subnet, host, 'Octavia', f'lb-{lb_id}',
                             name=f'octavia-lb-{lb_id}', created=created)
        lb = {'id': lb_id, 'name': name, 'project_id': project_id,
              'vip_address': port['ip_address'], 'vip_port_id': port['id'],
              'vip_subnet_id': subnet['id'], 'vip_network_id': net['id'],
              'provider': provider, 'created_at': created}
        self.load_balancers.append(lb)
        return lb, port

    def add_server(self, net, subnet, host, name, flavor, cluster, created,
                   key_name=None):
        server_id = uid(net['id'], 'server', name)
        port = self.add_port(net, subnet, host, 'compute:nova', server_id,
                             created=created)
        server = {'id': server_id, 'name': name, 'flavor': flavor,
                  'project_id': cluster['project_id'],
                  'user_id': cluster['user_id'], 'network': net['name'],
                  'ip_address': port['ip_address'],
                  'mac_address': port['mac_address'],
                  'key_name': key_name if key_name is not None
                  else cluster['keypair'],
                  'created_at': created, 'volumes': []}
        self.servers.append(server)
        return server, port

    def add_volume(self, project_id, user_id, vol_id, name, size, created,
                   server=None, bootable=False, metadata=None,
                   volume_type='b1.standard'):
        volume = {'id': vol_id, 'name': name, 'project_id': project_id,
                  'user_id': user_id, 'size': size,
                  'status': 'in-use' if server else 'available',
                  'server_id': server['id'] if server else None,
                  'bootable': bootable, 'metadata': dict(metadata or {}),
                  'volume_type': volume_type, 'created_at': created}
        if server:
            server['volumes'].append(vol_id)
        self.volumes.append(volume)
        return volume

    def add_cluster(self, cluster):
        stack, project = cluster['stack_id'], cluster['project_id']
        labels = cluster['labels']
        created = iso(cluster['created_at'])
        name = network_name(project, stack)
        net = {'id': uid(stack, 'network'), 'name': name,
               'router:external': False, 'shared': False,
               'project_id': project, 'created_at': created}
        subnet = {'id': uid(stack, 'subnet'), 'name': name,
                  'network_id': net['id'], 'cidr': '10.0.0.0/24',
                  'gateway_ip': '10.0.0.1', 'prefix': '10.0.0',
                  'project_id': project, 'created_at': created}
        net['subnets'] = [subnet['id']]
        router = {'id': uid(stack, 'router'), 'name': name,
                  'project_id': project, 'created_at': created,
                  'gateway_ip': f'203.0.113.{_octet(stack + "router")}'}
        self.networks.append(net)
        self.subnets.append(subnet)
        self.routers.append(router)
        self.add_port(net, subnet, 1, 'network:router_interface',
                      router['id'])
        self.add_port(net, subnet, 2, 'network:dhcp',
                      'dhcp' + uid(stack, 'dhcp'))
        boot_size = _int(labels.get('boot_volume_size'))
        etcd_size = _int(labels.get('etcd_volume_size'))
        host = 10
        first_worker = None
        for ng in cluster['nodegroups']:
            master = ng['role'] == 'master'
            for i in range(ng['node_count'] or 0):
                h = _hex(stack, ng['name'], str(i))
                server_name = (f'{stack}-control-plane-{h[:5]}' if master
                               else f'{stack}-{sanitized(ng["name"])}-'
                                    f'{h[5:13]}-{h[13:18]}')
                server, _port = self.add_server(
                    net, subnet, host, server_name,
                    ng['flavor_id'] or 'c1.c2r4', cluster, created)
                host += 1
                if not master and first_worker is None:
                    first_worker = server
                if boot_size > 0:
                    self.add_volume(project, cluster['user_id'],
                                    uid(server['id'], 'root'),
                                    f'{server_name}-root', boot_size,
                                    created, server=server, bootable=True)
                if master and etcd_size > 0:
                    self.add_volume(project, cluster['user_id'],
                                    uid(server['id'], 'etcd'),
                                    f'{server_name}-etcd', etcd_size,
                                    created, server=server)
        provider = labels.get('octavia_provider') or 'amphora'
        _lb, vip = self.add_lb(net, subnet, 5, f'{name}-kubeapi', project,
                               provider, created)
        public_api = labels.get('master_lb_floating_ip_enabled')
        if public_api is None:
            public_api = cluster.get('floating_ip_enabled')
        if truthy(public_api):
            self.add_floating_ip(project, cluster['uuid'], vip, created)
        self._add_extras(cluster, net, subnet, created, provider,
                         first_worker)

    def _add_extras(self, cluster, net, subnet, created, provider,
                    first_worker):
        labels, project = cluster['labels'], cluster['project_id']
        stack, name = cluster['stack_id'], cluster['name']
        if truthy(labels.get('fake_bastion')):
            _server, port = self.add_server(
                net, subnet, 200, f'{name}-bastion', 'c1.c1r1', cluster,
                created)
            self.add_floating_ip(project, stack + 'bastion', port, created)
        if truthy(labels.get('fake_user_lb')):
            self.add_lb(net, subnet, 201, f'{name}-app-lb', project,
                        provider, created)
        if truthy(labels.get('fake_user_port')):
            self.add_port(net, subnet, 202, '', '', name=f'{name}-vip')
        if truthy(labels.get('fake_k8s_lb')):
            _lb, vip = self.add_lb(
                net, subnet, 203, f'kube_service_{stack}_default_web',
                project, provider, created)
            self.add_floating_ip(project, stack + 'web', vip, created)
        for i in range(_int(labels.get('fake_pv_volumes'))):
            pv = 'pvc-' + uid(stack, 'pv', i)
            self.add_volume(
                project, cluster['user_id'], uid(stack, 'pv-volume', i), pv,
                10, created, server=first_worker if i == 0 else None,
                metadata={
                    'cinder.csi.openstack.org/cluster': stack,
                    'csi.storage.k8s.io/pv/name': pv,
                    'csi.storage.k8s.io/pvc/name': f'data-web-{i}',
                    'csi.storage.k8s.io/pvc/namespace': 'default'})


def build():
    """The world as Magnum's databases say it is now."""
    world = World()
    for cluster in magnumdb.clusters():
        world.add_cluster(cluster)
    return world
