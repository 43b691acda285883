"""Nova stand-in: the flavors and the keypair Magnum validates."""

from localcloud.server.standin import common

FLAVORS = [
    # name, vcpus, ram MB, disk GB
    ('c1.c1r1', 1, 1024, 10), ('c1.c2r2', 2, 2048, 10),
    ('c1.c2r4', 2, 4096, 10), ('c1.c4r8', 4, 8192, 10),
    ('c1.c8r16', 8, 16384, 10),
]
KEYPAIRS = {
    'demo-key': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeLocalCloudDemoKey0'
                '000000000000000000 demo@local',
}


def _flavor(name, vcpus, ram, disk):
    return {'id': name, 'name': name, 'vcpus': vcpus, 'ram': ram,
            'disk': disk, 'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0,
            'rxtx_factor': 1.0, 'os-flavor-access:is_public': True,
            'OS-FLV-DISABLED:disabled': False, 'description': None,
            'extra_specs': {}, 'links': []}


def _keypair(name):
    return {'name': name, 'public_key': KEYPAIRS[name], 'type': 'ssh',
            'fingerprint': '1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0:0f',
            'user_id': 'local', 'id': 1,
            'created_at': '2026-01-10T00:00:00.000000'}


def versions(root):
    return common.version_list(root, 'v2.1', 'v2.1', version='2.96',
                               min_version='2.1',
                               updated='2013-07-23T11:33:21Z')


def public(root, parts):
    """``GET /compute/v2.1``: the version itself, without a token."""
    if parts == ['v2.1']:
        return 200, {'version': versions(root)['versions'][0]}
    return None


def route(root, parts, query):
    if parts[:1] != ['v2.1']:
        return 404, {'itemNotFound': {'code': 404, 'message': 'Not found'}}
    parts = parts[1:]
    if parts[:1] == ['flavors']:
        flavors = [_flavor(*f) for f in FLAVORS]
        if len(parts) == 1 or parts[1] == 'detail':
            return 200, {'flavors': flavors}
        for f in flavors:
            if parts[1] == f['id']:
                return 200, {'flavor': f}
        return 404, {'itemNotFound': {
            'code': 404, 'message': f'Flavor {parts[1]} could not be found.'}}
    if parts[:1] == ['os-keypairs']:
        if len(parts) == 1:
            return 200, {'keypairs': [
                {'keypair': _keypair(n)} for n in KEYPAIRS]}
        name = parts[1]
        if name in KEYPAIRS:
            return 200, {'keypair': _keypair(name)}
        return 404, {'itemNotFound': {
            'code': 404, 'message': f'Keypair {name} not found for user '
                                    'local'}}
    return 404, {'itemNotFound': {'code': 404, 'message': 'Not found'}}


SERVICE = common.Service(versions, route, public=public,
                         headers={'OpenStack-API-Version': 'compute 2.1'})
