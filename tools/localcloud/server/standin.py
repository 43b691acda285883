"""A stand-in for Glance, Neutron, Nova and Heat on 127.0.0.1.

It answers what Magnum validates (images with ``os_distro``, external
networks, flavors, keypairs) and, for the support bundle, Heat-style stack,
resource and event endpoints for the stacks the local driver names
(``cluster.stack_id``), read from Magnum's PostgreSQL databases.
Clusters labelled ``fake_stack=forbidden`` / ``missing`` get 403 / 404.
Stack parameters carry a fake password and private key on purpose, so that
redaction can be tested.
"""

import datetime
import hashlib
import http.server
import json
import re
import sys
import urllib.parse

import psycopg2

from localcloud import config
from localcloud.server import servicefacts

IMAGES = [
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e01',
     'name': 'ubuntu-jammy-x86_64', 'os_distro': 'ubuntu',
     'os_version': '22.04'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e02',
     'name': 'ubuntu-noble-x86_64', 'os_distro': 'ubuntu',
     'os_version': '24.04'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e03',
     'name': 'flatcar-stable-x86_64', 'os_distro': 'flatcar',
     'os_version': '4081.2.0'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e04',
     'name': 'fedora-coreos-38', 'os_distro': 'fedora-coreos',
     'os_version': '38'},
    {'id': 'c7a8e6a3-1b7e-4d7b-9a55-3f2f0c1d9e05',
     'name': 'no-distro-image', 'os_distro': None, 'os_version': None},
]
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
FAKE_PASSWORD = 'Fake-Trustee-Password-0f3c9a'
FAKE_PRIVATE_KEY = ('-----BEGIN RSA PRIVATE KEY-----\n'
                    'MIIEowIBAAKCAQEAFAKEFAKEFAKElocalcloudnotarealkey0000\n'
                    '-----END RSA PRIVATE KEY-----\n')


def _flavor(name, vcpus, ram, disk):
    return {'id': name, 'name': name, 'vcpus': vcpus, 'ram': ram,
            'disk': disk, 'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0,
            'rxtx_factor': 1.0, 'os-flavor-access:is_public': True,
            'OS-FLV-DISABLED:disabled': False, 'description': None,
            'extra_specs': {}, 'links': []}


def _image(img):
    body = {'id': img['id'], 'name': img['name'], 'status': 'active',
            'visibility': 'public', 'disk_format': 'qcow2',
            'container_format': 'bare', 'min_disk': 10, 'min_ram': 0,
            'size': 1073741824, 'protected': False, 'tags': [],
            'created_at': '2026-01-10T00:00:00Z',
            'updated_at': '2026-01-10T00:00:00Z',
            'self': f'/v2/images/{img["id"]}', 'file':
            f'/v2/images/{img["id"]}/file', 'schema': '/v2/schemas/image'}
    if img['os_distro']:
        body['os_distro'] = img['os_distro']
        body['os_version'] = img['os_version']
    return body


def _network(net):
    return dict(net, status='ACTIVE', admin_state_up=True, shared=False,
                mtu=1500, project_id='local', tenant_id='local',
                availability_zones=['nova'])


# -- Magnum's databases (for Heat) ---------------------------------------

def _query(region, sql, args=()):
    conn = psycopg2.connect(host=config.HOST, port=config.PORTS['postgres'],
                            user=config.PG_USER,
                            dbname=config.db_name(region))
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            cols = [c.name for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]
    finally:
        conn.close()


def stack_name(cluster):
    return f'{cluster["name"][:30]}-{cluster["stack_id"][:8]}'


def find_stack(ident):
    """The cluster (with node groups) whose stack id or name is ``ident``."""
    for region in config.REGIONS:
        try:
            rows = _query(region, 'SELECT * FROM cluster '
                          'WHERE stack_id IS NOT NULL')
        except psycopg2.Error:
            continue
        for row in rows:
            if ident in (row['stack_id'], stack_name(row)):
                row['labels'] = json.loads(row['labels'] or '{}')
                row['nodegroups'] = _query(
                    region, 'SELECT * FROM nodegroup WHERE cluster_id = %s '
                    'ORDER BY id', (row['uuid'],))
                for ng in row['nodegroups']:
                    ng['node_addresses'] = json.loads(
                        ng['node_addresses'] or '[]')
                return row
    return None


def _iso(ts):
    if ts is None:
        return None
    return ts.replace(microsecond=0).isoformat() + 'Z'


def _stack_status(cluster):
    status = cluster['status'] or 'CREATE_IN_PROGRESS'
    return status


def _stack_links(base, cluster):
    return [{'href': f'{base}/stacks/{stack_name(cluster)}/'
             f'{cluster["stack_id"]}', 'rel': 'self'}]


def stack_body(base, cluster):
    masters = [ng for ng in cluster['nodegroups'] if ng['role'] == 'master']
    workers = [ng for ng in cluster['nodegroups'] if ng['role'] != 'master']
    addresses = [a for ng in masters for a in ng['node_addresses']]
    minions = [a for ng in workers for a in ng['node_addresses']]
    return {
        'id': cluster['stack_id'],
        'stack_name': stack_name(cluster),
        'stack_status': _stack_status(cluster),
        'stack_status_reason': cluster['status_reason'] or '',
        'description': 'This template will boot a Kubernetes cluster with '
                       'one or more minions (as specified by the number_of_'
                       'minions parameter, which defaults to 1).',
        'creation_time': _iso(cluster['created_at']),
        'updated_time': _iso(cluster['updated_at']),
        'deletion_time': None,
        'stack_owner': None,
        'stack_user_project_id': 'b3f1c5d6e7a84f0e9d2c1b0a98765432',
        'parent': None,
        'disable_rollback': True,
        'timeout_mins': 60,
        'tags': None,
        'capabilities': [],
        'notification_topics': [],
        'template_description': 'Kubernetes cluster (local cloud)',
        'links': _stack_links(base, cluster),
        'parameters': {
            'OS::stack_id': cluster['stack_id'],
            'OS::stack_name': stack_name(cluster),
            'OS::project_id': cluster['project_id'],
            'magnum_url': config.magnum_url(config.DEFAULT_REGION),
            'cluster_uuid': cluster['uuid'],
            'kube_tag': cluster['labels'].get('kube_tag', ''),
            'number_of_masters': str(len(addresses)),
            'number_of_minions': str(len(minions)),
            'ssh_key_name': cluster['keypair'] or '',
            'trustee_username': f'{cluster["uuid"]}_trustee',
            'trustee_password': FAKE_PASSWORD,
            'trustee_domain_id': 'c0ffee00c0ffee00c0ffee00c0ffee00',
            'trust_id': 'fa11bac0fa11bac0fa11bac0fa11bac0',
            'ca_key': FAKE_PRIVATE_KEY,
        },
        'outputs': [
            {'output_key': 'api_address',
             'output_value': cluster['api_address'],
             'description': 'The API endpoint of the Kubernetes cluster.'},
            {'output_key': 'kube_masters', 'output_value': addresses,
             'description': 'Private IP addresses of the masters.'},
            {'output_key': 'kube_minions', 'output_value': minions,
             'description': 'Private IP addresses of the worker nodes.'},
        ],
    }


def _failed_resource(reason):
    match = re.search(r'resources\.(\w+)', reason or '')
    return match.group(1) if match else None


def resources(base, cluster, nested_depth=0):
    """Top-level resources, then nested ones down to ``nested_depth``."""
    status = _stack_status(cluster)
    action = status.split('_')[0]
    done = f'{action}_COMPLETE' if not status.endswith('IN_PROGRESS') \
        else status
    created = _iso(cluster['created_at'])
    updated = _iso(cluster['updated_at']) or created
    failed = {}
    for ng in cluster['nodegroups']:
        if (ng['status'] or '').endswith('FAILED'):
            group = ('kube_masters' if ng['role'] == 'master'
                     else _group_name(ng))
            target = _failed_resource(ng['status_reason']) or group
            failed[target] = (ng['status'], ng['status_reason'])
            failed.setdefault(group, (ng['status'], ng['status_reason']))
    items = [
        ('network', 'file:///lib/network.yaml', None),
        ('api_lb', 'file:///lib/lb_api.yaml', None),
        ('secgroup_kube_master', 'OS::Neutron::SecurityGroup', None),
        ('secgroup_kube_minion', 'OS::Neutron::SecurityGroup', None),
        ('kube_masters', 'OS::Heat::ResourceGroup',
         _master(cluster)),
    ]
    for ng in cluster['nodegroups']:
        if ng['role'] != 'master':
            items.append((_group_name(ng), 'OS::Heat::ResourceGroup', ng))
    out = []
    stack_link = _stack_links(base, cluster)[0]['href']
    for name, rtype, ng in items:
        rstatus, reason = failed.get(name, (done, 'state changed'))
        out.append(_resource(name, rtype, rstatus, reason, created, updated,
                             stack_link, cluster, parent=None))
        if nested_depth >= 1 and ng is not None:
            server = 'kube-master' if ng['role'] == 'master' \
                else 'kube-minion'
            for i in range(ng['node_count'] or 0):
                member_failed = name in failed and i == 0
                mstatus, mreason = (failed[name] if member_failed
                                    else (done, 'state changed'))
                out.append(_resource(
                    str(i), f'file:///{server}.yaml', mstatus, mreason,
                    created, updated, stack_link, cluster, parent=name))
                if nested_depth >= 2:
                    out.append(_resource(
                        server, 'OS::Nova::Server', mstatus, mreason,
                        created, updated, stack_link, cluster,
                        parent=str(i)))
    return out


def _master(cluster):
    for ng in cluster['nodegroups']:
        if ng['role'] == 'master':
            return ng
    return None


def _group_name(ng):
    if ng['is_default']:
        return 'kube_minions'
    return 'kube_minions_' + re.sub(r'\W', '_', ng['name'])


def _resource(name, rtype, status, reason, created, updated, stack_link,
              cluster, parent):
    seed = f'{cluster["stack_id"]}:{parent}:{name}'
    physical = _uuid_from(seed)
    body = {
        'resource_name': name,
        'logical_resource_id': name,
        'physical_resource_id': physical,
        'resource_type': rtype,
        'resource_status': status,
        'resource_status_reason': reason,
        'creation_time': created,
        'updated_time': updated,
        'required_by': [],
        'links': [{'href': f'{stack_link}/resources/{name}', 'rel': 'self'},
                  {'href': stack_link, 'rel': 'stack'}],
    }
    if parent is not None:
        body['parent_resource'] = parent
    return body


def _uuid_from(seed):
    digest = hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest()
    return (f'{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-'
            f'{digest[20:32]}')


def events(base, cluster, nested_depth=0):
    out = []
    created = cluster['created_at'] or datetime.datetime(2026, 1, 1)
    stack_link = _stack_links(base, cluster)[0]['href']
    for n, res in enumerate(resources(base, cluster, nested_depth)):
        action = res['resource_status'].split('_')[0]
        for k, (status, reason) in enumerate((
                (f'{action}_IN_PROGRESS', 'state changed'),
                (res['resource_status'], res['resource_status_reason']))):
            when = created + datetime.timedelta(seconds=2 * n + k)
            ev_id = _uuid_from(f'{res["physical_resource_id"]}:{k}')
            out.append({
                'id': ev_id, 'event_time': _iso(when),
                'resource_name': res['resource_name'],
                'logical_resource_id': res['logical_resource_id'],
                'physical_resource_id': res['physical_resource_id'],
                'resource_status': status,
                'resource_status_reason': reason,
                'links': [{'href': f'{stack_link}/events/{ev_id}',
                           'rel': 'self'},
                          {'href': stack_link, 'rel': 'stack'}],
            })
            if status == res['resource_status']:
                break
    out.append({
        'id': _uuid_from(cluster['stack_id'] + ':stack'),
        'event_time': _iso(cluster['updated_at'] or created),
        'resource_name': stack_name(cluster),
        'logical_resource_id': stack_name(cluster),
        'physical_resource_id': cluster['stack_id'],
        'resource_status': _stack_status(cluster),
        'resource_status_reason': cluster['status_reason'] or '',
        'links': [{'href': stack_link, 'rel': 'stack'}],
    })
    return out


def _heat_error(code, message):
    titles = {403: ('Forbidden', 'Access was denied to this resource.'),
              404: ('Not Found', 'The resource could not be found.')}
    title, explanation = titles[code]
    etype = 'Forbidden' if code == 403 else 'EntityNotFound'
    return code, {'explanation': explanation, 'code': code, 'title': title,
                  'error': {'message': message, 'traceback': None,
                            'type': etype}}


def heat(base, parts, query):
    """``parts`` after ``/heat/v1/<project>``."""
    if not parts or parts[0] != 'stacks':
        return 404, {'error': {'message': 'Not found'}}
    if len(parts) == 1:
        return 200, {'stacks': []}
    ident = parts[1]
    rest = parts[2:]
    if rest and re.fullmatch(r'[0-9a-f-]{36}', rest[0]):
        ident = rest[0]
        rest = rest[1:]
    cluster = find_stack(ident)
    if cluster is None:
        return _heat_error(404, f'The Stack ({ident}) could not be found.')
    fake = (cluster['labels'].get('fake_stack') or '').lower()
    if fake == 'forbidden':
        return _heat_error(403, 'You are not authorized to use '
                                'stacks:lookup.')
    if fake == 'missing':
        return _heat_error(404, f'The Stack ({ident}) could not be found.')
    try:
        depth = int(query.get('nested_depth', ['0'])[0])
    except ValueError:
        depth = 0
    if not rest:
        return 200, {'stack': stack_body(base, cluster)}
    if rest == ['resources']:
        return 200, {'resources': resources(base, cluster, depth)}
    if len(rest) == 2 and rest[0] == 'resources':
        for res in resources(base, cluster, 3):
            if res['resource_name'] == rest[1]:
                return 200, {'resource': res}
        return _heat_error(404, f'The Resource ({rest[1]}) could not be '
                                'found.')
    if rest == ['events']:
        return 200, {'events': events(base, cluster, depth)}
    if rest == ['outputs']:
        return 200, {'outputs': stack_body(base, cluster)['outputs']}
    return 404, {'error': {'message': 'Not found'}}


# -- Glance, Neutron, Nova -------------------------------------------------

def image_api(parts, query):
    if parts[:1] != ['v2'] or parts[1:2] != ['images']:
        return 404, {'message': 'Not found'}
    if len(parts) == 3:
        for img in IMAGES:
            if parts[2] == img['id']:
                return 200, _image(img)
        return 404, {'message': f'No image found with ID {parts[2]}',
                     'code': '404 Not Found', 'title': 'Not Found'}
    found = [img for img in IMAGES
             if 'name' not in query or img['name'] == query['name'][0]]
    return 200, {'images': [_image(i) for i in found],
                 'schema': '/v2/schemas/images', 'first': '/v2/images'}


def network_api(parts, query):
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


def compute_api(parts, query):
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


def _keypair(name):
    return {'name': name, 'public_key': KEYPAIRS[name], 'type': 'ssh',
            'fingerprint': '1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0:0f',
            'user_id': 'local', 'id': 1,
            'created_at': '2026-01-10T00:00:00.000000'}


VERSIONS = {
    'image': lambda root: {'versions': [{
        'id': 'v2.16', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': f'{root}/v2/'}]}]},
    'network': lambda root: {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': f'{root}/v2.0/'}]}]},
    'compute': lambda root: {'versions': [{
        'id': 'v2.1', 'status': 'CURRENT', 'version': '2.96',
        'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
        'links': [{'rel': 'self', 'href': f'{root}/v2.1/'}]}]},
    'heat': lambda root: {'versions': [{
        'id': 'v1.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': f'{root}/v1/'}]}]},
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'localcloud-standin/1.0'

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [urllib.parse.unquote(p) for p in url.path.split('/') if p]
        root = f'http://{self.headers.get("Host", config.HOST)}'
        try:
            code, body = self.route(root, parts, query)
        except Exception as exc:  # a stand-in must answer something
            self.log_error('error: %r', exc)
            code, body = 500, {'error': {'message': str(exc)}}
        self.reply(code, body)

    def do_PUT(self):
        parts = [p for p in urllib.parse.urlsplit(self.path).path.split('/')
                 if p]
        length = int(self.headers.get('Content-Length') or 0)
        self.reply(*servicefacts.put(parts, self.rfile.read(length)))

    def route(self, root, parts, query):
        facts = servicefacts.get(parts)
        if facts is not None:
            return facts
        if not parts:
            return 200, {'services': sorted(VERSIONS)}
        service, rest = parts[0], parts[1:]
        if service not in VERSIONS:
            return 404, {'error': {'message': 'Not found'}}
        if not rest:
            return 200, VERSIONS[service](f'{root}/{service}')
        if service == 'compute' and rest == ['v2.1']:
            version = VERSIONS['compute'](f'{root}/compute')
            return 200, {'version': version['versions'][0]}
        if not self.headers.get('X-Auth-Token'):
            return 401, {'error': {'code': 401, 'title': 'Unauthorized',
                                   'message': 'The request you have made '
                                              'requires authentication.'}}
        if service == 'image':
            return image_api(rest, query)
        if service == 'network':
            return network_api(rest, query)
        if service == 'compute':
            return compute_api(rest, query)
        if rest[:1] == ['v1'] and len(rest) >= 2:
            return heat(f'{root}/heat/v1/{rest[1]}', rest[2:], query)
        return 404, {'error': {'message': 'Not found'}}

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        if code == 200 and self.path.startswith('/compute'):
            self.send_header('OpenStack-API-Version', 'compute 2.1')
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write('%s %s\n' % (self.log_date_time_string(),
                                      fmt % args))


def main():
    server = http.server.ThreadingHTTPServer(
        (config.HOST, config.PORTS['standin']), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == '__main__':
    main()
