"""Nova stand-in: flavors, servers, keypairs and limits, microversioned.

Answers as Nova 2.1 to 2.96 does for the calls Magnum and openstacksdk
make: ``/flavors[/detail]`` (``extra_specs`` in the body from 2.61,
``description`` from 2.55), ``/flavors/<id>/os-extra_specs``,
``/servers[/detail]`` (filters ``name`` as a regular expression,
``status``, ``flavor``, ``ip``; ``limit``/``marker`` with
``servers_links``; the flavor embedded from 2.47), ``/os-keypairs``
(list, show, create, delete; 201/204 from 2.2, ``type`` from 2.2, a
public key required from 2.92) and ``/limits`` (the project's quota and
usage; floating IP and security group limits before 2.36, personality
before 2.57).  Servers are the world's (:mod:`world`); keypairs made
through the API live in this process.
"""

import base64
import hashlib
import re
import threading

from localcloud.server.standin import common
from localcloud.server.standin import world

MIN_VERSION = (2, 1)
MAX_VERSION = (2, 96)
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'

# Every user sees the seeded keypair; the ones users make are theirs.
SEEDED_KEYPAIRS = {
    'demo-key': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPIk81Ry4Elepzew55lewq'
                'rkJDdNJ0KtWIzbiBOOr2qG demo@local',
}
_KEYPAIRS: dict = {}     # user id -> {name: keypair dict}
_LOCK = threading.Lock()


def _error(code, message):
    kind = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
            406: 'computeFault', 409: 'conflictingRequest'}[code]
    return code, {kind: {'code': code, 'message': message}}


def versions(root):
    return common.version_list(root, 'v2.1', 'v2.1',
                               version=common.text_version(MAX_VERSION),
                               min_version=common.text_version(MIN_VERSION),
                               updated='2013-07-23T11:33:21Z')


def public(root, parts):
    """``GET /compute/v2.1``: the version itself, without a token."""
    if parts == ['v2.1']:
        return 200, {'version': versions(root)['versions'][0]}
    return None


# -- flavors ------------------------------------------------------------------

def flavor_body(root, name, version, detail=True):
    vcpus, ram, disk, extra_specs = world.FLAVORS[name]
    body = {'id': name, 'name': name,
            'links': [{'rel': 'self',
                       'href': f'{root}/v2.1/flavors/{name}'}]}
    if version >= (2, 55):
        body['description'] = None
    if not detail:
        return body
    body.update({'vcpus': vcpus, 'ram': ram, 'disk': disk,
                 'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0,
                 'rxtx_factor': 1.0, 'os-flavor-access:is_public': True,
                 'OS-FLV-DISABLED:disabled': False})
    if version >= (2, 61):
        body['extra_specs'] = dict(extra_specs)
    return body


def flavors(req, version, rest):
    if not rest or rest == ['detail']:
        items = [flavor_body(req.root, name, version, detail=bool(rest))
                 for name in world.FLAVORS]
        try:
            min_ram = int(req.query.get('minRam', ['0'])[0])
            min_disk = int(req.query.get('minDisk', ['0'])[0])
        except ValueError:
            return _error(400, 'Invalid input: minRam and minDisk must '
                               'be integers')
        items = [i for i in items
                 if world.FLAVORS[i['id']][1] >= min_ram
                 and world.FLAVORS[i['id']][2] >= min_disk]
        return common.page(items, req.query, 'flavors',
                           f'{req.root}/v2.1/flavors')
    name = rest[0]
    if name not in world.FLAVORS:
        return _error(404, f'Flavor {name} could not be found.')
    if rest[1:] == ['os-extra_specs']:
        return 200, {'extra_specs': dict(world.FLAVORS[name][3])}
    if len(rest) == 1:
        return 200, {'flavor': flavor_body(req.root, name, version)}
    return _error(404, 'Not found')


# -- servers ------------------------------------------------------------------

def server_body(root, server, version, detail=True):
    links = [{'rel': 'self',
              'href': f'{root}/v2.1/servers/{server["id"]}'}]
    body = {'id': server['id'], 'name': server['name'], 'links': links}
    if not detail:
        return body
    vcpus, ram, disk, extra_specs = world.FLAVORS[server['flavor']]
    if version >= (2, 47):
        flavor = {'vcpus': vcpus, 'ram': ram, 'disk': disk, 'ephemeral': 0,
                  'swap': 0, 'original_name': server['flavor'],
                  'extra_specs': dict(extra_specs)}
    else:
        flavor = {'id': server['flavor'], 'links': []}
    body.update({
        'status': 'ACTIVE', 'tenant_id': server['project_id'],
        'user_id': server['user_id'], 'metadata': {},
        'hostId': hashlib.sha224(server['project_id'].encode()).hexdigest(),
        'image': '', 'flavor': flavor,
        'created': server['created_at'], 'updated': server['created_at'],
        'addresses': {server['network']: [{
            'version': 4, 'addr': server['ip_address'],
            'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': server['mac_address']}]},
        'accessIPv4': '', 'accessIPv6': '', 'OS-DCF:diskConfig': 'MANUAL',
        'OS-EXT-AZ:availability_zone': 'nova', 'config_drive': '',
        'key_name': server['key_name'] or None,
        'OS-SRV-USG:launched_at': server['created_at'],
        'OS-SRV-USG:terminated_at': None,
        'OS-EXT-STS:task_state': None, 'OS-EXT-STS:vm_state': 'active',
        'OS-EXT-STS:power_state': 1,
        'os-extended-volumes:volumes_attached': [
            {'id': v, 'delete_on_termination': True}
            for v in server['volumes']],
        'security_groups': [{'name': 'default'}], 'progress': 0,
    })
    if version >= (2, 9):
        body['locked'] = False
    if version >= (2, 19):
        body['description'] = None
    if version >= (2, 26):
        body['tags'] = []
    if version >= (2, 63):
        body['trusted_image_certificates'] = None
    if version >= (2, 73):
        body['locked_reason'] = None
    if version >= (2, 96):
        body['pinned_availability_zone'] = None
    return body


def servers(req, version, rest):
    who = req.identity
    everyone = who.admin and (req.query.get('all_tenants', ['0'])[0]
                              .lower() in ('1', 'true'))
    items = [s for s in world.build().servers
             if everyone or s['project_id'] == who.project_id]
    if rest and rest != ['detail']:
        for server in items:
            if server['id'] == rest[0] and len(rest) == 1:
                return 200, {'server': server_body(req.root, server,
                                                   version)}
        return _error(404, f'Instance {rest[0]} could not be found.')
    try:
        if 'name' in req.query:
            pattern = re.compile(req.query['name'][0])
            items = [s for s in items if pattern.search(s['name'])]
        if 'ip' in req.query:
            pattern = re.compile(req.query['ip'][0])
            items = [s for s in items if pattern.search(s['ip_address'])]
    except re.error as exc:
        return _error(400, f'Invalid filter: {exc}')
    if 'status' in req.query:
        wanted = {v.upper() for v in req.query['status']}
        items = [s for s in items if 'ACTIVE' in wanted]
    if 'flavor' in req.query:
        items = [s for s in items if s['flavor'] in req.query['flavor']]
    bodies = [server_body(req.root, s, version, detail=bool(rest))
              for s in items]
    return common.page(bodies, req.query, 'servers',
                       f'{req.root}/v2.1/servers'
                       + ('/detail' if rest else ''))


# -- keypairs -----------------------------------------------------------------

def fingerprint(public_key):
    try:
        raw = base64.b64decode(public_key.split()[1].encode(), validate=True)
    except (IndexError, ValueError):
        return None
    digest = hashlib.md5(raw, usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def _seeded(name, user_id):
    return {'name': name, 'public_key': SEEDED_KEYPAIRS[name],
            'fingerprint': fingerprint(SEEDED_KEYPAIRS[name]),
            'type': 'ssh', 'user_id': user_id, 'id': 1,
            'created_at': '2026-01-10T00:00:00.000000', 'deleted': False,
            'deleted_at': None, 'updated_at': None}


def _user_keypairs(user_id):
    with _LOCK:
        own = dict(_KEYPAIRS.get(user_id, {}))
    out = {name: _seeded(name, user_id) for name in SEEDED_KEYPAIRS}
    out.update(own)
    return out


def _keypair_body(keypair, version, detail):
    body = {k: keypair[k] for k in ('name', 'public_key', 'fingerprint')}
    if version >= (2, 2):
        body['type'] = keypair['type']
    if detail:
        body.update({k: keypair[k] for k in (
            'user_id', 'id', 'created_at', 'deleted', 'deleted_at',
            'updated_at')})
    return body


def _generated_key(name):
    """A new RSA public and private key (Nova makes one before 2.92)."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives import serialization
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    return f'{public} Generated-by-Nova', private


def keypairs(req, version, rest):
    who = req.identity
    mine = _user_keypairs(who.user_id)
    if req.method == 'GET' and not rest:
        items = [{'keypair': _keypair_body(k, version, False)}
                 for _name, k in sorted(mine.items())]
        return 200, {'keypairs': items}
    if req.method == 'GET' and len(rest) == 1:
        if rest[0] not in mine:
            return _error(404, f'Keypair {rest[0]} not found for user '
                               f'{who.user_id}')
        return 200, {'keypair': _keypair_body(mine[rest[0]], version, True)}
    if req.method == 'DELETE' and len(rest) == 1:
        with _LOCK:
            own = _KEYPAIRS.get(who.user_id, {})
            if rest[0] not in own:
                return _error(404, f'Keypair {rest[0]} not found for user '
                                   f'{who.user_id}')
            del own[rest[0]]
        return (204 if version >= (2, 2) else 202), None
    if req.method == 'POST' and not rest:
        return _create_keypair(req, version, who, mine)
    return 405, {'error': {'message': 'Method not allowed'}}


def _create_keypair(req, version, who, mine):
    spec = (req.body or {}).get('keypair')
    if not isinstance(spec, dict) or not spec.get('name'):
        return _error(400, "Invalid input for field/attribute keypair. "
                           "Value: None. 'name' is a required property")
    name = spec['name']
    if not re.fullmatch(r'[\w\-. @]{1,255}', name):
        return _error(400, 'Keypair data is invalid: Keypair name contains '
                           'unsafe characters')
    if name in mine:
        return _error(409, f"Key pair '{name}' already exists.")
    private = None
    public = spec.get('public_key')
    if public is None:
        if version >= (2, 92):
            return _error(400, "Invalid input for field/attribute keypair. "
                               "'public_key' is a required property")
        public, private = _generated_key(name)
    if fingerprint(public) is None:
        return _error(400, 'Keypair data is invalid: failed to generate '
                           'fingerprint')
    keypair = {'name': name, 'public_key': public,
               'fingerprint': fingerprint(public),
               'type': spec.get('type', 'ssh'), 'user_id': who.user_id,
               'id': len(mine) + 1,
               'created_at': '2026-01-10T00:00:00.000000',
               'deleted': False, 'deleted_at': None, 'updated_at': None}
    with _LOCK:
        _KEYPAIRS.setdefault(who.user_id, {})[name] = keypair
    body = _keypair_body(keypair, version, False)
    body['user_id'] = who.user_id
    if private is not None:
        body['private_key'] = private
    return (201 if version >= (2, 2) else 200), {'keypair': body}


# -- limits -------------------------------------------------------------------

def limits(req, version):
    who = req.identity
    project_id, project_name = who.project_id, who.project_name
    if 'tenant_id' in req.query and who.admin:
        project_id = req.query['tenant_id'][0]
        project_name = common.project_name(project_id)
    limit = world.quota(project_name)
    used = world.build().usage(project_id)
    absolute = {
        'maxTotalCores': limit['cores'], 'totalCoresUsed': used['cores'],
        'maxTotalRAMSize': limit['ram'], 'totalRAMUsed': used['ram'],
        'maxTotalInstances': limit['instances'],
        'totalInstancesUsed': used['instances'],
        'maxTotalKeypairs': limit['key_pairs'], 'maxServerMeta': 128,
        'maxImageMeta': 128, 'maxServerGroups': 10,
        'maxServerGroupMembers': 10, 'totalServerGroupsUsed': 0,
    }
    if version < (2, 36):
        absolute.update({
            'maxTotalFloatingIps': limit['floatingip'],
            'totalFloatingIpsUsed': used['floatingip'],
            'maxSecurityGroups': limit['security_group'],
            'totalSecurityGroupsUsed': 0,
            'maxSecurityGroupRules': limit['security_group_rule']})
    if version < (2, 57):
        absolute.update({'maxPersonality': 5, 'maxPersonalitySize': 10240})
    return 200, {'limits': {'rate': [], 'absolute': absolute}}


# -- routing ------------------------------------------------------------------

def handle(req):
    if req.parts[:1] != ['v2.1']:
        return _error(404, 'Not found')
    version, headers = common.negotiate(req.headers, 'compute', LEGACY_HEADER,
                                        MIN_VERSION, MAX_VERSION)
    if version is None:
        return _error(406, headers)
    parts = req.parts[1:]
    if parts[:1] == ['flavors'] and req.method == 'GET':
        answer = flavors(req, version, parts[1:])
    elif parts[:1] == ['servers'] and req.method == 'GET':
        answer = servers(req, version, parts[1:])
    elif parts[:1] == ['os-keypairs']:
        answer = keypairs(req, version, parts[1:])
    elif parts == ['limits'] and req.method == 'GET':
        answer = limits(req, version)
    else:
        answer = _error(404, 'Not found')
    return answer[0], answer[1], headers


SERVICE = common.Service(versions, public=public, handle=handle)
