"""Neutron stand-in: networks, subnets, ports, routers, floating IPs, quotas.

Answers as Neutron's v2.0 API does for the calls Magnum and openstacksdk
make: collections filtered by any attribute (booleans as ``true`` or
``false``, a repeated parameter meaning any of its values), ``fields``,
``limit``/``marker`` with ``<collection>_links``; one resource by id
(404 ``<Kind>NotFound``); ``/quotas/<project>`` and
``/quotas/<project>/details`` (limit, used, reserved).  A caller sees
its project's resources, shared and external networks; an admin sees
everything.  The resources are the world's (:mod:`world`).
"""

from localcloud.server.standin import common
from localcloud.server.standin import world

QUOTA_KEYS = ('network', 'subnet', 'port', 'router', 'floatingip',
              'security_group', 'security_group_rule', 'rbac_policy',
              'subnetpool')


def _common_fields(item):
    return {'project_id': item['project_id'],
            'tenant_id': item['project_id'], 'description': '',
            'tags': [], 'created_at': item['created_at'],
            'updated_at': item['created_at'], 'revision_number': 1}


def network_body(net):
    body = dict(_common_fields(net), **{
        'id': net['id'], 'name': net['name'], 'status': 'ACTIVE',
        'admin_state_up': True, 'shared': net['shared'], 'mtu': 1500,
        'subnets': list(net['subnets']),
        'router:external': net['router:external'],
        'availability_zones': ['nova'], 'availability_zone_hints': [],
        'ipv4_address_scope': None, 'ipv6_address_scope': None,
        'port_security_enabled': True, 'qos_policy_id': None,
        'l2_adjacency': True})
    if net['router:external']:
        body['is_default'] = True
    return body


def subnet_body(subnet):
    prefix = subnet['cidr'].rsplit('.', 1)[0]
    return dict(_common_fields(subnet), **{
        'id': subnet['id'], 'name': subnet['name'],
        'network_id': subnet['network_id'], 'cidr': subnet['cidr'],
        'ip_version': 4, 'gateway_ip': subnet['gateway_ip'],
        'enable_dhcp': True, 'dns_nameservers': [], 'host_routes': [],
        'allocation_pools': [{'start': f'{prefix}.2',
                              'end': f'{prefix}.254'}],
        'ipv6_ra_mode': None, 'ipv6_address_mode': None,
        'subnetpool_id': None, 'service_types': [], 'segment_id': None})


def port_body(port):
    return dict(_common_fields(port), **{
        'id': port['id'], 'name': port['name'],
        'network_id': port['network_id'], 'admin_state_up': True,
        'mac_address': port['mac_address'],
        'fixed_ips': [{'subnet_id': port['subnet_id'],
                       'ip_address': port['ip_address']}],
        'device_id': port['device_id'],
        'device_owner': port['device_owner'],
        'status': 'ACTIVE' if port['device_owner'] else 'DOWN',
        'security_groups': [], 'allowed_address_pairs': [],
        'extra_dhcp_opts': [], 'binding:vnic_type': 'normal',
        'port_security_enabled': True, 'dns_name': '',
        'dns_assignment': [], 'qos_policy_id': None,
        'propagate_uplink_status': False})


def router_body(router):
    return dict(_common_fields(router), **{
        'id': router['id'], 'name': router['name'], 'status': 'ACTIVE',
        'admin_state_up': True, 'routes': [], 'flavor_id': None,
        'availability_zones': ['nova'], 'availability_zone_hints': [],
        'external_gateway_info': {
            'network_id': world.PUBLIC_NET['id'], 'enable_snat': True,
            'external_fixed_ips': [{'subnet_id': None,
                                    'ip_address': router['gateway_ip']}]}})


def floating_ip_body(fip, ports):
    port = ports.get(fip['port_id'])
    details = None
    if port is not None:
        details = {'name': port['name'], 'network_id': port['network_id'],
                   'mac_address': port['mac_address'],
                   'admin_state_up': True, 'status': 'ACTIVE',
                   'device_id': port['device_id'],
                   'device_owner': port['device_owner']}
    return dict(_common_fields(fip), **{
        'id': fip['id'], 'floating_ip_address': fip['floating_ip_address'],
        'floating_network_id': fip['floating_network_id'],
        'router_id': fip['router_id'], 'port_id': fip['port_id'],
        'fixed_ip_address': fip['fixed_ip_address'],
        'status': 'ACTIVE' if port is not None else 'DOWN',
        'port_details': details, 'dns_domain': '', 'dns_name': '',
        'port_forwardings': [], 'qos_policy_id': None})


# collection -> (resource key, error kind, world attribute, body)
KINDS = {
    'networks': ('network', 'NetworkNotFound', 'networks', network_body),
    'subnets': ('subnet', 'SubnetNotFound', 'subnets', subnet_body),
    'ports': ('port', 'PortNotFound', 'ports', port_body),
    'routers': ('router', 'RouterNotFound', 'routers', router_body),
    'floatingips': ('floatingip', 'FloatingIPNotFound', 'floating_ips',
                    None),
}


def _error(code, kind, message):
    return code, {'NeutronError': {'type': kind, 'message': message,
                                   'detail': ''}}


def _visible(who, item):
    return (who.admin or item['project_id'] == who.project_id
            or item.get('shared') or item.get('router:external'))


def versions(root):
    return common.version_list(root, 'v2.0', 'v2.0')


def _quota(req, project_id, details):
    who = req.identity
    if project_id != who.project_id and not who.admin:
        return _error(403, 'HTTPForbidden', 'Non-admin is not authorised '
                           'to access quotas for another project')
    name = (who.project_name if project_id == who.project_id
            else common.project_name(project_id))
    limit = world.quota(name)
    if not details:
        return 200, {'quota': {k: limit.get(k, -1) for k in QUOTA_KEYS}}
    used = world.build().usage(project_id)
    return 200, {'quota': {k: {'limit': limit.get(k, -1),
                               'used': used.get(k, 0), 'reserved': 0}
                           for k in QUOTA_KEYS}}


def handle(req):
    parts = req.parts
    if parts[:1] != ['v2.0']:
        return _error(404, 'HTTPNotFound', 'Not found')
    if req.method != 'GET':
        return _error(405, 'HTTPMethodNotAllowed', 'Not supported here')
    kind = parts[1].removesuffix('.json') if len(parts) > 1 else ''
    if kind == 'quotas' and len(parts) in (3, 4):
        detail = parts[3:4] in (['details'], ['details.json'])
        if len(parts) == 4 and not detail:
            return _error(404, 'HTTPNotFound', 'Not found')
        return _quota(req, parts[2].removesuffix('.json'), detail)
    if kind not in KINDS or len(parts) > 3:
        return _error(404, 'HTTPNotFound', 'Not found')
    key, error, attr, body = KINDS[kind]
    now = world.build()
    ports = {p['id']: p for p in now.ports}
    if body is None:
        def body(fip):
            return floating_ip_body(fip, ports)
    items = [body(item) for item in getattr(now, attr)
             if _visible(req.identity, item)]
    if len(parts) == 3:
        ident = parts[2].removesuffix('.json')
        for item in items:
            if item['id'] == ident:
                return 200, {key: item}
        return _error(404, error, f'{key.capitalize()} {ident} could not '
                                  'be found.')
    items = common.filtered(items, req.query)
    code, answer = common.page(items, req.query, kind,
                               f'{req.root}/v2.0/{kind}')
    if code == 200 and 'fields' in req.query:
        fields = set(req.query['fields'])
        answer[kind] = [{k: v for k, v in item.items() if k in fields}
                        for item in answer[kind]]
    return code, answer


SERVICE = common.Service(versions, handle=handle)
