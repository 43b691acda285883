"""Octavia stand-in: load balancers and quotas (API v2).

Answers as Octavia does for the calls openstacksdk makes:
``/v2/lbaas/loadbalancers`` (filtered by any attribute, ``limit``/
``marker``, ``loadbalancers_links`` always present), one load balancer
by id (404 with ``faultstring``), ``/v2/lbaas/quotas/<project>`` (a
member may read its own project's).  The load balancers are the
world's (:mod:`world`): clusters' API and Service load balancers and
users' ones on clusters' networks.
"""

from localcloud.server.standin import common
from localcloud.server.standin import world

NEWEST = 'v2.27'


def _fault(code, message):
    return code, {'faultcode': 'Client' if code < 500 else 'Server',
                  'faultstring': message, 'debuginfo': None}


def versions(root):
    return {'versions': [
        {'id': 'v2.0', 'status': 'SUPPORTED',
         'updated': '2016-12-11T00:00:00Z',
         'links': [{'rel': 'self', 'href': f'{root}/v2'}]},
        {'id': NEWEST, 'status': 'CURRENT',
         'updated': '2023-06-05T00:00:00Z',
         'links': [{'rel': 'self', 'href': f'{root}/v2'}]}]}


def load_balancer_body(lb):
    return {
        'id': lb['id'], 'name': lb['name'], 'description': '',
        'admin_state_up': True, 'project_id': lb['project_id'],
        'tenant_id': lb['project_id'], 'provisioning_status': 'ACTIVE',
        'operating_status': 'ONLINE', 'flavor_id': None,
        'vip_address': lb['vip_address'], 'vip_port_id': lb['vip_port_id'],
        'vip_subnet_id': lb['vip_subnet_id'],
        'vip_network_id': lb['vip_network_id'], 'vip_qos_policy_id': None,
        'vip_vnic_type': 'normal', 'additional_vips': [],
        'provider': lb['provider'], 'availability_zone': None,
        'listeners': [], 'pools': [], 'tags': [],
        'created_at': lb['created_at'].rstrip('Z'),
        'updated_at': lb['created_at'].rstrip('Z')}


def quota_body(limit, project_id):
    return {'project_id': project_id,
            'load_balancer': limit['load_balancer'],
            'loadbalancer': limit['load_balancer'], 'listener': -1,
            'member': -1, 'pool': -1, 'health_monitor': -1,
            'healthmonitor': -1, 'l7policy': -1, 'l7rule': -1}


def handle(req):
    parts = req.parts
    if parts[:1] not in (['v2'], ['v2.0']) or parts[1:2] != ['lbaas']:
        return _fault(404, 'Not Found')
    if req.method != 'GET':
        return _fault(405, 'Method not allowed')
    who = req.identity
    rest = parts[2:]
    if rest[:1] == ['quotas'] and len(rest) == 2:
        project_id = rest[1]
        if project_id != who.project_id and not who.admin:
            return _fault(403, 'Policy does not allow this request to be '
                               'performed.')
        name = (who.project_name if project_id == who.project_id
                else common.project_name(project_id))
        return 200, {'quota': quota_body(world.quota(name), project_id)}
    if rest[:1] != ['loadbalancers'] or len(rest) > 2:
        return _fault(404, 'Not Found')
    items = [load_balancer_body(lb) for lb in world.build().load_balancers
             if who.admin or lb['project_id'] == who.project_id]
    if len(rest) == 2:
        for item in items:
            if item['id'] == rest[1]:
                return 200, {'loadbalancer': item}
        return _fault(404, f'Load Balancer {rest[1]} not found.')
    items = common.filtered(items, req.query)
    code, body = common.page(items, req.query, 'loadbalancers',
                             f'{req.root}/v2/lbaas/loadbalancers')
    if code == 200:
        body.setdefault('loadbalancers_links', [])
    return code, body


SERVICE = common.Service(versions, handle=handle)
