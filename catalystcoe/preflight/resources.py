"""A cluster's associated resources, and what blocks or survives a delete.

Found by the names the Cluster API driver gives (``magnum-capi-helm``
and Cluster API Provider OpenStack): the cluster's network, subnet and
router are ``k8s-clusterapi-cluster-magnum-<project>-<stack id>``, its
API load balancer ``<that>-kubeapi``, its servers ``<stack id>-...``;
Kubernetes names Service load balancers ``kube_service_<stack id>_...``
and the Cinder CSI driver marks its volumes with the metadata
``cinder.csi.openstack.org/cluster: <stack id>``.

Catalyst Cloud (``kubernetes/clusters.rst``, release notes 2025-12-08):
what the cluster and Kubernetes made (servers, network, router, load
balancers, their floating IPs) goes with the cluster; volumes made by the
CSI driver survive it and keep costing; anything else on the cluster's
network (a bastion server, a load balancer, a floating IP, a router
interface, a port) blocks the delete, which then stays
DELETE_IN_PROGRESS.
"""

import dataclasses
import re

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.preflight import gather
from catalystcoe.preflight import rules

CLUSTER = 'cluster'
KUBERNETES = 'kubernetes'
OTHER = 'other'

DELETED = 'deleted'
SURVIVES = 'survives'
BLOCKS = 'blocks delete'
KEPT = 'kept'

# Types, in the order rows are listed.
TYPES = ('server', 'load balancer', 'floating IP', 'router interface',
         'port', 'network', 'router', 'volume')

ROUTER_INTERFACES = ('network:router_interface',
                     'network:router_interface_distributed',
                     'network:ha_router_replicated_interface')


@dataclasses.dataclass(frozen=True)
class Row:
    type: str
    id: str
    name: str
    made_by: str
    on_delete: str
    detail: str


@dataclasses.dataclass
class Found:
    """A cluster's resources (``rows``) and what could not be read."""

    cluster: dict
    rows: list
    unread: list     # lines: what could not be read, and why

    @property
    def blockers(self):
        return [r for r in self.rows if r.on_delete == BLOCKS]

    @property
    def surviving(self):
        return [r for r in self.rows if r.on_delete == SURVIVES]

    @property
    def name(self):
        return self.cluster.get('name') or self.cluster.get('uuid')


def network_name(cluster):
    """The name CAPO gives the cluster's network, router and subnet."""
    project = re.sub('[^a-z0-9]', '', (cluster.get('project_id') or '')
                     .lower())
    return f'k8s-clusterapi-cluster-magnum-{project}-{stack_id(cluster)}'


def stack_id(cluster):
    return cluster.get('stack_id') or cluster.get('cluster_id') or ''


LISTS = ('servers', 'networks', 'ports', 'routers', 'floating_ips',
         'load_balancers', 'volumes')


def read(app, idents):
    """``{ident: Found or errors.Failure}``: every list read once.

    The clusters and the project's servers, networks, ports, routers,
    floating IPs, load balancers and volumes are read at the same time.
    """
    client, conn = cloud.magnum(app), cloud.sdk(app)
    with errors.api_errors('authenticating'):
        project_id, _credential = cloud.authenticate(app)
    job = gather.Job
    jobs = gather.proxy_jobs(conn, ('nova', 'neutron', 'octavia',
                                    'cinder'))
    for ident in idents:
        jobs[f'cluster:{ident}'] = job(_getter(client, ident))
    jobs.update({
        'servers': job(lambda _p: cloud.list_servers(conn), ('proxy:nova',)),
        'networks': job(lambda _p: cloud.list_networks(conn, project_id),
                        ('proxy:neutron',)),
        'ports': job(lambda _p: cloud.list_ports(conn, project_id),
                     ('proxy:neutron',)),
        'routers': job(lambda _p: cloud.list_routers(conn, project_id),
                       ('proxy:neutron',)),
        'floating_ips': job(
            lambda _p: cloud.list_floating_ips(conn, project_id),
            ('proxy:neutron',)),
        'load_balancers': job(
            lambda _p: cloud.list_load_balancers(conn, project_id),
            ('proxy:octavia',)),
        'volumes': job(lambda _p: cloud.list_volumes(conn),
                       ('proxy:cinder',)),
    })
    outcomes = gather.run(jobs)
    lists, unread = {}, []
    for name in LISTS:
        outcome = outcomes[name]
        lists[name] = outcome.value if outcome.ok else []
        if not outcome.ok:
            unread.append(f'{name.replace("_", " ")} not read: '
                          f'{outcome.failure.line}')
    out = {}
    for ident in idents:
        outcome = outcomes[f'cluster:{ident}']
        if not outcome.ok:
            out[ident] = outcome.failure
        else:
            out[ident] = classify(outcome.value, lists, list(unread))
    return out


def _getter(client, ident):
    return lambda: cloud.get_cluster(client, ident)


def classify(cluster, lists, unread=()):
    """A :class:`Found`: the rows of a cluster from the project's lists."""
    return _Classifier(cluster, lists).found(list(unread))


class _Classifier:

    def __init__(self, cluster, lists):
        self.cluster = cluster
        self.lists = lists
        self.stack = stack_id(cluster)
        self.prefix = network_name(cluster)
        self.rows = []

    def add(self, type_, item, made_by, on_delete, detail=''):
        self.rows.append(Row(type_, item.get('id') or '',
                             item.get('name') or '', made_by, on_delete,
                             detail))

    def found(self, unread):
        if not self.stack:
            unread.append('the cluster has no stack id yet: nothing of it '
                          'exists in the cloud')
            return Found(self.cluster, [], unread)
        nets = self.networks()
        if not nets:
            unread.append(f'no network named {self.prefix}: a cluster of '
                          'another driver, or not built yet')
        net_ids = {n['id'] for n in nets}
        ports = [p for p in self.lists['ports']
                 if p.get('network_id') in net_ids]
        routers = self.routers()
        servers, server_owner = self.servers(ports)
        lbs, lb_owner = self.load_balancers(net_ids)
        owner = dict(server_owner, **lb_owner)
        self.floating_ips(ports, owner)
        self.router_interfaces(ports, routers)
        self.other_ports(ports, servers, lbs)
        self.volumes(server_owner)
        order = {t: i for i, t in enumerate(TYPES)}
        self.rows.sort(key=lambda r: (order[r.type], r.on_delete != BLOCKS,
                                      r.name))
        return Found(self.cluster, self.rows, unread)

    def networks(self):
        fixed = self.cluster.get('fixed_network')
        nets = []
        for net in self.lists['networks']:
            if net.get('name') == self.prefix:
                nets.append(net)
                self.add('network', net, CLUSTER, DELETED,
                         _join(*(f'subnet {s}'
                                 for s in net.get('subnet_ids') or ())))
            elif fixed and fixed in (net.get('id'), net.get('name')):
                self.add('network', net, OTHER, KEPT,
                         'given with --fixed-network')
        return nets

    def routers(self):
        mine = {}
        for router in self.lists['routers']:
            if router.get('name') == self.prefix:
                mine[router['id']] = router
                self.add('router', router, CLUSTER, DELETED)
        return mine

    def servers(self, ports):
        """Servers of the cluster, and others with a port on its network."""
        on_net = {p.get('device_id'): p for p in ports
                  if (p.get('device_owner') or '').startswith('compute:')}
        mine, owner = {}, {}
        for server in self.lists['servers']:
            name = server.get('name') or ''
            flavor = (server.get('flavor') or {}).get('original_name') or ''
            port = on_net.get(server.get('id'))
            address = _address(port)
            if name.startswith(f'{self.stack}-'):
                mine[server['id']] = server
                owner[server['id']] = (CLUSTER, name)
                self.add('server', server, CLUSTER, DELETED,
                         _join(flavor, address))
            elif port is not None:
                mine[server['id']] = server
                owner[server['id']] = (OTHER, name)
                self.add('server', server, OTHER, BLOCKS,
                         _join(flavor, address, 'on the cluster\'s network'))
        return mine, owner

    def load_balancers(self, net_ids):
        mine, owner = {}, {}
        service = f'kube_service_{self.stack}_'
        for lb in self.lists['load_balancers']:
            name = lb.get('name') or ''
            vip = f'VIP {lb.get("vip_address")}'
            if name.startswith(self.prefix):
                made_by, on_delete, detail = CLUSTER, DELETED, vip
            elif name.startswith(service):
                made_by, on_delete, detail = KUBERNETES, DELETED, vip
            elif lb.get('vip_network_id') in net_ids:
                made_by, on_delete = OTHER, BLOCKS
                detail = f'{vip} on the cluster\'s network'
            else:
                continue
            mine[lb['id']] = lb
            owner[lb['id']] = (made_by, name)
            owner[lb.get('vip_port_id')] = (made_by, name)
            self.add('load balancer', lb, made_by, on_delete, detail)
        return mine, owner

    def floating_ips(self, ports, owner):
        by_port = {p['id']: p for p in ports}
        for fip in self.lists['floating_ips']:
            port = by_port.get(fip.get('port_id'))
            if port is None:
                continue
            made_by, name = (owner.get(port.get('device_id'))
                             or owner.get(port['id'])
                             or (OTHER, port.get('name') or port['id']))
            on_delete = BLOCKS if made_by == OTHER else DELETED
            item = dict(fip, name=fip.get('floating_ip_address'))
            self.add('floating IP', item, made_by, on_delete,
                     f'on {name} ({fip.get("fixed_ip_address")})')

    def router_interfaces(self, ports, routers):
        names = {r['id']: r.get('name') for r in self.lists['routers']}
        for port in ports:
            if port.get('device_owner') not in ROUTER_INTERFACES:
                continue
            router = port.get('device_id')
            if router in routers:
                continue  # the cluster's own router: listed as a router
            item = dict(port, name=names.get(router) or router)
            self.add('router interface', item, OTHER, BLOCKS,
                     _join(f'router {router}', _address(port)))

    def other_ports(self, ports, servers, lbs):
        """Ports on the network that no listed resource explains."""
        lb_ports = {lb.get('vip_port_id') for lb in lbs.values()}
        for port in ports:
            owner = port.get('device_owner') or ''
            name = port.get('name') or ''
            if (port.get('device_id') in servers or port['id'] in lb_ports
                    or owner.startswith(('network:', 'Octavia'))
                    or name.startswith(('octavia-', 'ovn-lb-'))):
                continue
            self.add('port', port, OTHER, BLOCKS,
                     _join(_address(port), owner or 'not attached'))

    def volumes(self, server_owner):
        key = rules.load()['volumes']['csi_cluster_metadata']
        for volume in self.lists['volumes']:
            metadata = volume.get('metadata') or {}
            attached = [a.get('server_id')
                        for a in volume.get('attachments') or ()]
            size = f'{volume.get("size")} GB, {volume.get("status")}'
            if metadata.get(key) == self.stack:
                claim = metadata.get('csi.storage.k8s.io/pvc/name')
                space = metadata.get('csi.storage.k8s.io/pvc/namespace')
                pvc = f'PVC {space}/{claim}' if claim else ''
                self.add('volume', volume, KUBERNETES, SURVIVES,
                         _join(size, pvc))
            elif any(server_owner.get(s, (None,))[0] == CLUSTER
                     for s in attached):
                self.add('volume', volume, CLUSTER, DELETED,
                         _join(size, 'attached to a node'))


def _address(port):
    if not port:
        return ''
    ips = [ip.get('ip_address') for ip in port.get('fixed_ips') or ()]
    return ', '.join(ip for ip in ips if ip)


def _join(*parts):
    return ', '.join(p for p in parts if p)
