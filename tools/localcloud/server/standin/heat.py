"""Heat stand-in: the stacks of the local driver's clusters.

Stack, resource, event and output endpoints for the stacks named by
clusters' ``stack_id``, read from Magnum's PostgreSQL databases (every
region's).  Failed node groups become ``*_FAILED`` resources; clusters
labelled ``fake_stack=forbidden`` / ``missing`` get 403 / 404.  Stack
parameters carry a fake password and private key on purpose, so that
redaction can be tested.
"""

import datetime
import hashlib
import re

from localcloud import config
from localcloud.server.standin import common
from localcloud.server.standin import magnumdb

FAKE_PASSWORD = 'Fake-Trustee-Password-0f3c9a'
FAKE_PRIVATE_KEY = ('-----BEGIN RSA PRIVATE KEY-----\n'
                    'MIIEowIBAAKCAQEAFAKEFAKEFAKElocalcloudnotarealkey0000\n'
                    '-----END RSA PRIVATE KEY-----\n')


_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}')


def stack_name(cluster):
    return f'{cluster["name"][:30]}-{cluster["stack_id"][:8]}'


def find_stack(ident):
    """The cluster (with node groups) whose stack id or name is ``ident``."""
    for cluster in magnumdb.clusters():
        if not _UUID.fullmatch(cluster['stack_id'] or ''):
            continue   # a Cluster API release name: no Heat stack
        if ident in (cluster['stack_id'], stack_name(cluster)):
            return cluster
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


def stacks(base, parts, query):
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


def versions(root):
    return common.version_list(root, 'v1.0', 'v1')


def route(root, parts, query):
    """``parts`` after ``/heat``: ``v1/<project>/stacks/...``."""
    if parts[:1] == ['v1'] and len(parts) >= 2:
        return stacks(f'{root}/v1/{parts[1]}', parts[2:], query)
    return common.NOT_FOUND


SERVICE = common.Service(versions, route)
