"""A fake keystoneauth session answering like Magnum and Heat do.

The real python-magnumclient client, keystoneauth adapter code and our
RecordingSession run on top of it; only the HTTP exchange is scripted.
Also: realistic cluster, node group, template and stack data, with
secrets planted in every field the APIs return.
"""

import argparse
import copy
import json
import threading
import time
from unittest import mock

from keystoneauth1 import exceptions as ks_exc
from osc_lib import clientmanager
import requests

MAGNUM_URL = 'http://127.0.0.1:9511/v1'
HEAT_URL = 'http://127.0.0.1:8790/heat/v1/3f9a'
PROJECT_ID = '3f9a0c4b8e2d4f6a9b1c2d3e4f5a6b7c'
USER_ID = '9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b'

CLUSTER_UUID = 'b3b3c4a2-6a0e-4d55-9b5e-1f6b7f0d2a11'
TEMPLATE_UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
STACK_ID = '5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e'
NG_MASTER_UUID = 'aa000000-0000-4000-8000-000000000001'
NG_WORKER_UUID = 'aa000000-0000-4000-8000-000000000002'

PEM_KEY = ('-----BEGIN RSA PRIVATE KEY-----\n'
           'MIIEpAIBAAKCAQEAplantedPemSecretXyZ0123456789\n'
           '-----END RSA PRIVATE KEY-----\n')
PEM_CERT = ('-----BEGIN CERTIFICATE-----\n'
            'MIIDplantedCertSecretAbC9876543210\n'
            '-----END CERTIFICATE-----\n')
FERNET = ('gAAAAABnPlantedFernetTokenQWERTYuiop1234567890asdfghjklZXCVBNM'
          '_-plantedfernet')
JWT = ('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkand0In0.'
       'PlantedJwtSignature123')
KUBECONFIG = (
    'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data:'
    ' LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCnBsYW50ZWRDQQ==\n'
    'users:\n- name: admin\n  user:\n    client-key-data: '
    'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpwbGFudGVkS2V5\n'
    '    token: plantedKubeconfigToken123\n')

# Every planted secret (strings that must never reach a bundle).
SECRETS = {
    'label_secret_token': 'plantedLabelSecretToken-111',
    'label_password': 'plantedLabelPassword-222',
    'label_app_credential': 'plantedAppCredSecret-333',
    'nested_label_key': 'plantedNestedKey-444',
    'url_password': 'plantedUrlPassword-555',
    'stack_trustee_password': 'plantedTrusteePassword-666',
    'stack_trust_id': 'plantedTrustId-777',
    'stack_param_url_password': 'plantedParamUrlPw-888',
    'event_password': 'plantedEventPassword-999',
    'template_registry_password': 'plantedRegistryPw-aaa',
    'nodegroup_secret': 'plantedNodegroupSecret-bbb',
    'health_token': 'plantedHealthToken-ccc',
    'fault_password': 'plantedFaultPassword-ddd',
    'bearer': 'plantedBearerToken-eee',
    'x_auth_token': 'plantedXAuthToken-fff',
    'output_private_key': 'plantedOutputKey-ggg',
    'custom': 'ACME-CUSTOMER-4242',
    'pem_key': 'plantedPemSecretXyZ0123456789',
    'pem_cert': 'plantedCertSecretAbC9876543210',
    'fernet': FERNET,
    'jwt': 'PlantedJwtSignature123',
    'kubeconfig_token': 'plantedKubeconfigToken123',
    'kubeconfig_b64': 'cGxhbnRlZEtleQ',
}

# One secret form per string field, rotated (see plant()).
_FORMS = (
    lambda s: f' password={s}',
    lambda s: f' https://admin:{s}@203.0.113.9:5000/v3',
    lambda s: f' Bearer {s}',
    lambda s: f' X-Auth-Token: {s}',
    lambda s: f' token={s}',
    lambda s: '\n' + PEM_KEY.replace('plantedPemSecretXyZ0123456789', s),
)


def plant(obj, tag, planted, skip=()):
    """Append a secret (in a rotating form) to every string field."""
    for i, key in enumerate(sorted(obj)):
        value = obj[key]
        if key in skip or not isinstance(value, str):
            continue
        secret = f'plantedField-{tag}-{key}-{i}'
        planted.append(secret)
        obj[key] = value + _FORMS[i % len(_FORMS)](secret)
    return obj


def cluster(status='CREATE_FAILED', name='demo-failed', uuid=CLUSTER_UUID,
            **more):
    s = SECRETS
    data = {
        'uuid': uuid, 'name': name, 'status': status,
        'status_reason': (
            'Resource CREATE failed: Forbidden: resources.kube_minions.'
            'resources[0].resources.kube-minion: Quota exceeded for cores: '
            'Requested 2, but already used 20 of 20 cores (HTTP 403) '
            '(Request-ID: req-4b0f8c2e-5e1f-4c6b-9d2a-0e8a7c6b5d4f) '
            f'token {FERNET}'),
        'health_status': 'UNKNOWN',
        'health_status_reason': {'api': f'X-Auth-Token: '
                                        f'{s["health_token"]}',
                                 'kubeconfig': KUBECONFIG},
        'cluster_template_id': TEMPLATE_UUID,
        'node_addresses': ['10.0.0.11', '10.0.0.12'],
        'master_addresses': ['10.0.0.10'],
        'api_address': 'https://203.0.113.10:6443',
        'cluster_id': STACK_ID,
        'stack_id': STACK_ID,
        'coe_version': 'v1.33.4',
        'container_version': '1.12.6',
        'created_at': '2026-11-24T09:00:00+00:00',
        'updated_at': '2026-11-24T09:12:00+00:00',
        'labels': {
            'kube_tag': 'v1.33.4',
            'secret_token': s['label_secret_token'],
            'registry_password': s['label_password'],
            'application_credential_secret': s['label_app_credential'],
            'keystone_auth_enabled': 'true',
            'master_lb_floating_ip_enabled': 'false',
            'extra_config': f'{{"private_key": "{s["nested_label_key"]}"}}',
            'fake_failure': 'quota',
            'customer_ref': s['custom'],
        },
        'labels_overridden': {},
        'labels_added': {'secret_token': s['label_secret_token']},
        'labels_skipped': {},
        'fixed_network': None, 'fixed_subnet': None,
        'floating_ip_enabled': False,
        'faults': {
            'default-worker': (
                'Forbidden: resources.kube_minions.resources[0]: Quota '
                'exceeded for cores: Requested 2, but already used 20 of 20 '
                f'cores password={s["fault_password"]}'),
        },
        'keypair': 'demo-key',
        'master_lb_enabled': True,
        'create_timeout': 60,
        'node_count': 2, 'master_count': 1,
        'discovery_url': (f'https://user:{s["url_password"]}@discovery.'
                          'etcd.io/8a1b'),
        'docker_volume_size': 20,
        'master_flavor_id': 'c1.c2r4', 'flavor_id': 'c1.c2r4',
        'project_id': PROJECT_ID, 'user_id': USER_ID,
        'links': [{'href': f'{MAGNUM_URL}/clusters/{uuid}', 'rel': 'self'}],
    }
    data.update(more)
    return data


def nodegroup(uuid, name, role, status='CREATE_COMPLETE', reason='',
              **more):
    data = {
        'uuid': uuid, 'name': name, 'cluster_id': CLUSTER_UUID,
        'project_id': PROJECT_ID, 'docker_volume_size': 20,
        'labels': {'kube_tag': 'v1.33.4',
                   'node_secret': SECRETS['nodegroup_secret']},
        'labels_overridden': {}, 'labels_added': {}, 'labels_skipped': {},
        'flavor_id': 'c1.c2r4', 'image_id': 'ubuntu-jammy-x86_64',
        'node_addresses': ['10.0.0.11'], 'node_count': 1, 'role': role,
        'max_node_count': None, 'min_node_count': 1,
        'is_default': True, 'stack_id': STACK_ID, 'status': status,
        'status_reason': reason, 'node_labels': {}, 'node_taints': [],
    }
    data.update(more)
    return data


def template(**more):
    data = {
        'uuid': TEMPLATE_UUID, 'name': 'kubernetes-v1.35.6-20260720',
        'public': True, 'hidden': False, 'coe': 'kubernetes',
        'tags': 'environment:prod,build_id:20260720',
        'labels': {'kube_tag': 'v1.35.6', 'master_lb_enabled': 'true',
                   'registry_password':
                       SECRETS['template_registry_password'],
                   'openstack_ca': PEM_CERT},
        'image_id': 'ubuntu-jammy-x86_64', 'keypair_id': None,
        'master_flavor_id': 'c1.c2r4', 'flavor_id': 'c1.c2r4',
        'external_network_id': 'public-net', 'network_driver': 'calico',
    }
    data.update(more)
    return data


def stack(**more):
    s = SECRETS
    data = {
        'id': STACK_ID, 'stack_name': 'demo-failed-x7k2',
        'stack_status': 'CREATE_FAILED',
        'stack_status_reason': (
            'Resource CREATE failed: Forbidden: resources.kube_minions.'
            'resources[0].resources.kube-minion: Quota exceeded for cores'),
        'parameters': {
            'trustee_password': s['stack_trustee_password'],
            'trust_id': s['stack_trust_id'],
            'auth_url': (f'http://magnum:{s["stack_param_url_password"]}'
                         '@keystone.example.com:5000/v3'),
            'ssh_key_name': 'demo-key',
            'number_of_minions': '2',
        },
        'outputs': [
            {'output_key': 'api_address',
             'output_value': '203.0.113.10', 'description': 'API'},
            {'output_key': 'private_key',
             'output_value': s['output_private_key'], 'description': ''},
        ],
        'creation_time': '2026-11-24T09:00:02Z',
    }
    data.update(more)
    return data


def resources():
    return [
        {'resource_name': 'kube_masters', 'resource_status':
         'CREATE_COMPLETE', 'resource_type': 'OS::Heat::ResourceGroup',
         'resource_status_reason': 'state changed',
         'physical_resource_id': 'f1'},
        {'resource_name': 'kube_minions', 'resource_status': 'CREATE_FAILED',
         'resource_type': 'OS::Heat::ResourceGroup',
         'resource_status_reason': (
             'Forbidden: resources.kube_minions.resources[0].resources.'
             'kube-minion: Quota exceeded for cores: Requested 2, but '
             'already used 20 of 20 cores (HTTP 403)'),
         'physical_resource_id': 'f2'},
    ]


def events():
    return [
        {'id': 'e1', 'event_time': '2026-11-24T09:05:00Z',
         'resource_name': 'kube_minions', 'resource_status': 'CREATE_FAILED',
         'resource_status_reason': (
             f'Quota exceeded; password={SECRETS["event_password"]} '
             f'Bearer {SECRETS["bearer"]}'),
         'logical_resource_id': 'kube_minions'},
        {'id': 'e2', 'event_time': '2026-11-24T09:01:00Z',
         'resource_name': 'kube_masters',
         'resource_status': 'CREATE_COMPLETE',
         'resource_status_reason': (
             f'state changed X-Auth-Token: {SECRETS["x_auth_token"]} '
             f'{JWT}'),
         'logical_resource_id': 'kube_masters'},
    ]


def response(status, body=None, url='', method='GET', headers=None):
    resp = requests.Response()
    resp.status_code = status
    resp.url = url
    if isinstance(body, bytes):
        # Not JSON at all (a proxy's or login page's HTML, an empty body).
        resp._content = body
        resp.headers['Content-Type'] = 'text/html'
    else:
        resp._content = (json.dumps(body).encode() if body is not None
                         else b'')
        resp.headers['Content-Type'] = 'application/json'
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    resp.request = requests.Request(method, url).prepare()
    return resp


class Raw:
    """An answer sent as it is: bytes, a content type, extra headers."""

    def __init__(self, status=200, content=b'', content_type='text/html',
                 headers=None):
        self.status = status
        self.content = content
        self.headers = dict(headers or {})
        if content_type:
            self.headers['Content-Type'] = content_type


class FakeSession:
    """A keystoneauth Session's ``request``/``get_endpoint``, scripted.

    Routes are ``(service_type, path)`` (GET) or ``(method, service_type,
    path)`` -> answer; an answer is a body (dict or list; bytes are sent
    as they are, as text/html), an ``(status, body)`` tuple, a
    :class:`Raw` answer, an exception to raise, or a callable returning
    one of those.  Unknown paths answer 404.  Every request is recorded in
    ``calls`` as ``(service, method, path, params)``, its JSON body in
    ``bodies`` and its timeout in ``timeouts``.
    """

    def __init__(self, heat=True):
        self.routes = {}
        self.calls = []
        self.bodies = []
        self.timeouts = []
        self.endpoints = {'container-infra': MAGNUM_URL}
        if heat:
            self.endpoints['orchestration'] = HEAT_URL
        self.delay = 0.0
        self._lock = threading.Lock()
        self._count = 0

    def route(self, service, path, answer, method='GET'):
        self.routes[(method, service, path)] = answer

    def magnum(self, path, answer, method='GET'):
        """Route a Magnum path (``clusters/c1``) for ``method``."""
        self.route('container-infra', path, answer, method)

    def magnum_answer(self, path, method='GET'):
        """The answer routed for a Magnum path (to change it in place)."""
        return self.routes[(method, 'container-infra', path)]

    def magnum_requests(self, method=None):
        """``(method, '/v1/<path>', json body)`` of each Magnum request."""
        return [(m, f'/v1/{path}', body) for (service, m, path, _p), body
                in zip(self.calls, self.bodies)
                if service == 'container-infra'
                and (method is None or m == method)]

    def get_endpoint(self, auth=None, service_type=None, **kwargs):
        url = self.endpoints.get(service_type)
        if url is None:
            raise ks_exc.EndpointNotFound(f'no {service_type} endpoint')
        return url

    def get_project_id(self):
        return PROJECT_ID

    def get_user_id(self):
        return USER_ID

    def get_token(self):
        return 'token'

    def request(self, url, method, raise_exc=True, endpoint_filter=None,
                params=None, data=None, **kwargs):
        service = (endpoint_filter or {}).get('service_type')
        path = url.split('?')[0].lstrip('/')
        with self._lock:
            self.calls.append((service, method, path, params))
            # python-magnumclient sends its JSON body as ``data``.
            self.bodies.append(json.loads(data) if data else None)
            self.timeouts.append(kwargs.get('timeout'))
            self._count += 1
            rid = f'req-{self._count:08d}-0000-4000-8000-000000000000'
        if self.delay:
            time.sleep(self.delay)
        answer = self.routes.get((method, service, path), (404, {
            'errors': [{'status': 404, 'code': 'client',
                        'title': 'Not Found',
                        'detail': f'{path} could not be found.'}]}))
        if callable(answer):
            answer = answer()
        if isinstance(answer, BaseException):
            raise answer
        base = self.endpoints.get(service, 'http://127.0.0.1')
        if isinstance(answer, Raw):
            resp = response(answer.status, url=f'{base}/{path}',
                            method=method, headers=answer.headers)
            resp._content = answer.content
            if not answer.headers.get('Content-Type'):
                del resp.headers['Content-Type']
            if raise_exc and answer.status >= 400:
                raise ks_exc.from_response(resp, method, url)
            return resp
        status, body = answer if isinstance(answer, tuple) else (200, answer)
        headers = {'x-openstack-request-id': rid}
        if service == 'container-infra':
            headers['OpenStack-API-Version'] = (
                'container-infrastructure-management 1.14')
            headers['OpenStack-API-Maximum-Version'] = (
                'container-infrastructure-management 1.14')
        resp = response(status, copy.deepcopy(body),
                        url=f'{base}/{path}', method=method,
                        headers=headers)
        if raise_exc and status >= 400:
            raise ks_exc.from_response(resp, method, url)
        return resp

    def get(self, url, **kwargs):
        return self.request(url, 'GET', **kwargs)


def magnum_client(session, region='nz-hlz-1', api_version='latest'):
    """The real python-magnumclient client on ``session``."""
    from catalystcoe import cloud
    return cloud.magnum_client(session, region, interface='public',
                               api_version=api_version)


def magnum_error(status, message):
    """A body like Magnum's for an error."""
    return (status, {'errors': [{
        'request_id': '', 'code': 'client', 'status': status,
        'title': message, 'detail': message, 'links': []}]})


def scripted_cloud(heat=True, stack_answer=None):
    """A FakeSession answering for demo-failed with two node groups."""
    session = FakeSession(heat=heat)
    c = cluster()
    for ident in ('clusters/demo-failed', f'clusters/{CLUSTER_UUID}'):
        session.route('container-infra', ident, c)
    ngs = [nodegroup(NG_MASTER_UUID, 'default-master', 'master'),
           nodegroup(NG_WORKER_UUID, 'default-worker', 'worker',
                     status='CREATE_FAILED',
                     reason=c['faults']['default-worker'])]
    listed = [{k: ng[k] for k in ('uuid', 'name', 'flavor_id', 'node_count',
                                  'role', 'is_default', 'image_id',
                                  'status', 'stack_id')} for ng in ngs]
    for ident in ('demo-failed', CLUSTER_UUID):
        session.route('container-infra', f'clusters/{ident}/nodegroups/',
                      {'nodegroups': listed})
        for ng in ngs:
            session.route('container-infra',
                          f'clusters/{ident}/nodegroups/{ng["uuid"]}', ng)
    session.route('container-infra', f'clustertemplates/{TEMPLATE_UUID}',
                  template())
    session.route('container-infra', 'clustertemplates/detail',
                  {'clustertemplates': [template()]})
    session.route('orchestration', f'stacks/{STACK_ID}',
                  stack_answer if stack_answer is not None
                  else {'stack': stack()})
    session.route('orchestration', f'stacks/{STACK_ID}/resources',
                  {'resources': resources()})
    session.route('orchestration', f'stacks/{STACK_ID}/events',
                  {'events': events()})
    return session


def client_manager(session, region='nz-hlz-1'):
    manager = mock.NonCallableMock(spec=clientmanager.ClientManager)
    manager.session = session
    manager.region_name = region
    manager.interface = 'public'
    manager._api_version = {'container_infra': '1'}
    manager._cli_options = argparse.Namespace(
        name='local-member',
        config={'auth_type': 'password',
                'auth': {'auth_url': 'http://127.0.0.1:5000/v3',
                         'username': 'demo',
                         'password': 'plantedOsPassword-zzz'}})
    return manager
