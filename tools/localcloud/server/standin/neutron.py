"""Neutron stand-in: an external network for Magnum, a private one."""

from localcloud.server.standin import common

NETWORKS = [
    {'id': 'f4b1e7a2-59d3-4c1e-8b0a-6a1f2e3d4c01', 'name': 'public-net',
     'router:external': True, 'subnets': []},
    {'id': 'f4b1e7a2-59d3-4c1e-8b0a-6a1f2e3d4c02', 'name': 'private-net',
     'router:external': False,
     'subnets': ['a1b2c3d4-0000-4000-8000-000000000001']},
]
SUBNETS = [
    {'id': 'a1b2c3d4-0000-4000-8000-000000000001', 'name': 'private-subnet',
     'network_id': NETWORKS[1]['id'], 'cidr': '10.0.0.0/16',
     'ip_version': 4},
]


def _network(net):
    return dict(net, status='ACTIVE', admin_state_up=True, shared=False,
                mtu=1500, project_id='local', tenant_id='local',
                availability_zones=['nova'])


def versions(root):
    return common.version_list(root, 'v2.0', 'v2.0')


def route(root, parts, query):
    if parts[:1] != ['v2.0']:
        return 404, {'NeutronError': {'message': 'Not found'}}
    kind = parts[1] if len(parts) > 1 else ''
    if kind == 'networks':
        nets = NETWORKS
        if len(parts) == 3:
            for net in nets:
                if net['id'] == parts[2]:
                    return 200, {'network': _network(net)}
            return 404, {'NeutronError': {
                'type': 'NetworkNotFound', 'detail': '',
                'message': f'Network {parts[2]} could not be found.'}}
        for key in ('router:external', 'name', 'id'):
            if key in query:
                want = query[key][0]
                if key == 'router:external':
                    nets = [n for n in nets
                            if str(n[key]).lower() == want.lower()]
                else:
                    nets = [n for n in nets if n[key] == want]
        return 200, {'networks': [_network(n) for n in nets]}
    if kind == 'subnets':
        return 200, {'subnets': SUBNETS}
    return 404, {'NeutronError': {'message': 'Not found'}}


SERVICE = common.Service(versions, route)
