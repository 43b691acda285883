"""``coe cluster kubeconfig save|show|remove`` over the one fake session.

The real python-magnumclient sends the requests; the fake Magnum signs
the CSR it receives with a CA made here, as Magnum does.
"""

import argparse
import base64
import datetime
import io
import os
import shutil
import stat
import tempfile
from unittest import mock

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID
from osc_lib import clientmanager
from osc_lib import exceptions as osc_exc
import testtools
import yaml

from catalystcoe.tests.unit import fakes
from catalystcoe.v1 import kubeconfig as kubeconfig_cmd

UUID = fakes.CLUSTER_UUID
NAME = 'demo@nz-hlz-1'
EXISTING = ('apiVersion: v1\nkind: Config\nx-note: keep\nclusters:\n'
            '- name: other\n  cluster: {server: "https://o"}\n'
            'current-context: other\n')


def _make_ca():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'demo')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(
                now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return key, cert


CA_KEY, CA_CERT = _make_ca()
CA_PEM = CA_CERT.public_bytes(serialization.Encoding.PEM).decode()


def public_pem(key):
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


class KubeconfigCommandCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='kubeconfig-cmd-')
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.path = os.path.join(self.dir, 'config')
        # No real ~/.kube/config, no client-keystone-auth on PATH.
        self.set_env(HOME=self.dir, KUBECONFIG=self.path, PATH=self.dir)
        self.session = fakes.FakeSession(heat=False)
        self.cluster = fakes.cluster(status='CREATE_COMPLETE', name='demo')
        self.cluster['labels'] = {'keystone_auth_enabled': 'false'}
        for ident in ('demo', UUID):
            self.session.magnum(f'clusters/{ident}', self.cluster)
        self.session.magnum(f'certificates/{UUID}',
                            {'cluster_uuid': UUID, 'pem': CA_PEM})
        self.session.magnum('certificates', self.sign, method='POST')
        self.app = mock.NonCallableMock(
            spec=['stderr', 'stdout', 'client_manager', 'options'])
        self.app.stdout = io.StringIO()
        self.app.stderr = io.StringIO()
        self.app.options = argparse.Namespace(cloud='mycloud',
                                              verbose_level=1)
        manager = mock.NonCallableMock(spec=clientmanager.ClientManager)
        manager.container_infra = fakes.magnum_client(self.session)
        manager.region_name = 'nz-hlz-1'
        self.app.client_manager = manager

    def set_env(self, **values):
        patcher = mock.patch.dict(os.environ, values)
        patcher.start()
        self.addCleanup(patcher.stop)

    def sign(self):
        """Magnum's POST /v1/certificates: sign the CSR just sent."""
        csr = x509.load_pem_x509_csr(self.session.bodies[-1]['csr'].encode())
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(csr.subject)
                .issuer_name(CA_CERT.subject).public_key(csr.public_key())
                .serial_number(2).not_valid_before(now)
                .not_valid_after(now + datetime.timedelta(days=1))
                .sign(CA_KEY, hashes.SHA256()))
        return (201, {'cluster_uuid': UUID, 'csr': 'x', 'pem': cert.
                      public_bytes(serialization.Encoding.PEM).decode()})

    def run_cmd(self, cls, *argv):
        cmd = cls(self.app, None)
        parsed = cmd.get_parser('openstack coe cluster kubeconfig').parse_args(
            list(argv))
        return cmd.take_action(parsed)

    def put(self, text):
        with open(self.path, 'w') as f:
            f.write(text)

    def read(self):
        with open(self.path, 'rb') as f:
            return f.read()

    def requests(self):
        return [(m, p) for m, p, _body in self.session.magnum_requests()]


class TestSave(KubeconfigCommandCase):

    def test_tls_key_stays_here_and_magnum_signs_its_csr(self):
        self.put(EXISTING)
        columns, row = self.run_cmd(kubeconfig_cmd.SaveKubeconfig, 'demo')
        self.assertEqual(dict(zip(columns, row)), {
            'Context': NAME, 'File': self.path, 'Auth': 'tls',
            'Server': 'https://203.0.113.10:6443', 'Cluster ID': UUID,
            'Current Context': NAME, 'Replaced': False,
            'Backup': self.path + '.bak'})
        self.assertEqual([('GET', '/v1/clusters/demo'),
                          ('GET', f'/v1/certificates/{UUID}'),
                          ('POST', '/v1/certificates')], self.requests())
        sent = self.session.magnum_requests('POST')[0][2]
        self.assertEqual(['cluster_uuid', 'csr'], sorted(sent))
        csr = x509.load_pem_x509_csr(sent['csr'].encode())
        self.assertEqual('O=system:masters,CN=admin',
                         csr.subject.rfc4514_string())

        with open(self.path) as f:
            data = yaml.safe_load(f)
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.path).st_mode))
        self.assertEqual(('keep', ['other', NAME], NAME),
                         (data['x-note'],
                          [c['name'] for c in data['clusters']],
                          data['current-context']))
        user = data['users'][0]['user']
        key_pem = base64.b64decode(user['client-key-data'])
        key = serialization.load_pem_private_key(key_pem, password=None)
        self.assertEqual(public_pem(key.public_key()),
                         public_pem(csr.public_key()))
        cert = x509.load_pem_x509_certificate(
            base64.b64decode(user['client-certificate-data']))
        self.assertEqual(public_pem(key.public_key()),
                         public_pem(cert.public_key()))
        key_body = key_pem.decode().splitlines()[1]
        self.assertNotIn(key_body, repr(self.session.bodies))

    def test_keystone_from_labels_signs_nothing(self):
        self.cluster['labels'] = {'keystone_auth_enabled': 'true'}
        _columns, row = self.run_cmd(kubeconfig_cmd.SaveKubeconfig, 'demo',
                                     '--no-set-current', '--context-name',
                                     'd')
        self.assertEqual(('d', 'keystone', '', ''),
                         (row[0], row[2], row[5], row[7]))
        self.assertEqual([('GET', '/v1/clusters/demo'),
                          ('GET', f'/v1/certificates/{UUID}')],
                         self.requests())
        with open(self.path) as f:
            user = yaml.safe_load(f)['users'][0]['user']
        self.assertEqual([{'name': 'OS_CLOUD', 'value': 'mycloud'}],
                         user['exec']['env'])
        self.assertIn('client-keystone-auth is not on your PATH',
                      self.app.stderr.getvalue())

    def test_use_certificate_overrides_labels(self):
        self.cluster['labels'] = {'keystone_auth_enabled': 'true'}
        _columns, row = self.run_cmd(kubeconfig_cmd.SaveKubeconfig, 'demo',
                                     '--use-certificate', '--file',
                                     os.path.join(self.dir, 'f'))
        self.assertEqual('tls', row[2])

    def assertRefused(self, expected, *argv):
        before = self.read() if os.path.exists(self.path) else None
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                kubeconfig_cmd.SaveKubeconfig, 'demo', *argv)
        self.assertIn(expected, str(exc))
        self.assertNotIn('\n', str(exc))
        after = self.read() if os.path.exists(self.path) else None
        self.assertEqual(before, after)
        return str(exc)

    def test_a_bad_file_is_refused_before_any_request(self):
        self.put('clusters: [\n')
        self.assertRefused('invalid YAML')
        self.assertEqual([], self.session.calls)

    def test_no_api_address_yet(self):
        self.put(EXISTING)
        self.cluster.update(api_address=None, status='CREATE_IN_PROGRESS')
        self.assertRefused('cluster demo has no API address yet (status '
                           'CREATE_IN_PROGRESS); wait until it is ready: '
                           'openstack coe cluster wait demo')
        self.assertEqual([('GET', '/v1/clusters/demo')], self.requests())

    def test_no_ca(self):
        self.put(EXISTING)
        self.session.magnum(f'certificates/{UUID}', {})
        self.assertRefused('cluster demo has no CA certificate to trust')
        self.assertNotIn(('POST', '/v1/certificates'), self.requests())

    def test_signing_refused(self):
        self.put(EXISTING)
        self.session.magnum('certificates', fakes.magnum_error(
            403, 'Policy doesn\'t allow certificate:create'), method='POST')
        self.assertRefused('signing a client certificate for demo: Policy '
                           "doesn't allow certificate:create (HTTP 403")


class TestShow(KubeconfigCommandCase):

    def test_prints_and_writes_nothing(self):
        rc = self.run_cmd(kubeconfig_cmd.ShowKubeconfig, 'demo',
                          '--context-name', 'x')
        self.assertEqual(0, rc)
        data = yaml.safe_load(self.app.stdout.getvalue())
        self.assertEqual(('x', ['x'], 'https://203.0.113.10:6443'),
                         (data['current-context'],
                          [c['name'] for c in data['contexts']],
                          data['clusters'][0]['cluster']['server']))
        self.assertEqual([], os.listdir(self.dir))


class TestRemove(KubeconfigCommandCase):

    def test_needs_no_api(self):
        self.run_cmd(kubeconfig_cmd.SaveKubeconfig, 'demo')
        self.session.calls.clear()
        self.run_cmd(kubeconfig_cmd.RemoveKubeconfig, 'demo')
        self.assertEqual([], self.session.calls)
        self.assertEqual(
            f'Removed the context, user and cluster entries named {NAME} from '
            f'{self.path}; there is no current context now. The previous '
            f'file is {self.path}.bak.\n', self.app.stderr.getvalue())
        with open(self.path) as f:
            data = yaml.safe_load(f)
        self.assertEqual(([], [], [], ''), (
            data['clusters'], data['users'], data['contexts'],
            data['current-context']))

    def test_missing_file(self):
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                kubeconfig_cmd.RemoveKubeconfig, 'demo')
        self.assertEqual(f'{self.path} does not exist; nothing to remove',
                         str(exc))
