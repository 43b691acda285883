"""``coe cluster kubeconfig save|show|remove`` through the real CLI.

Against the local cloud's Magnum, which signs the client certificates;
every file written is then read by the real ``kubectl`` (``config
get-contexts``, ``config view --minify --raw``; no API server needed).
Three clusters: the seeded ``demo-healthy`` (nz-hlz-1, Keystone mode from
its labels), one made here with ``keystone_auth_enabled=false`` (nz-hlz-1,
TLS mode) and one made here in nz-por-1.
"""

import base64
import concurrent.futures
import json
import os
import shutil
import stat
import subprocess
import tempfile

from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives import serialization
from cryptography import x509
import yaml

from catalystcoe.tests.functional import base

QUIET = {'CATALYSTCOE_PREVIEW_WARNING': 'never'}
TRACEBACK = 'Traceback'
KUBECTL = shutil.which('kubectl')

# Entries of someone else's cluster, with fields kubectl does not know.
UNRELATED = {
    'apiVersion': 'v1',
    'kind': 'Config',
    'x-team-note': 'managed by hand; keep',
    'preferences': {'colors': True},
    'clusters': [{'name': 'on-prem', 'cluster': {
        'server': 'https://10.9.8.7:6443',
        'insecure-skip-tls-verify': True,
        'x-rack': 'B7'}}],
    'users': [{'name': 'on-prem-admin', 'user': {
        'token': 'not-a-real-token', 'x-owner': 'ops'}}],
    'contexts': [{'name': 'on-prem', 'context': {
        'cluster': 'on-prem', 'user': 'on-prem-admin',
        'namespace': 'apps'}}],
    'current-context': 'on-prem',
}


def _rmtree(path):
    shutil.rmtree(path, ignore_errors=True)


class KubeconfigTest(base.FunctionalTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not KUBECTL:
            raise cls.failureException(
                'kubectl is missing: tools/bootstrap installs Debian\'s '
                'kubernetes-client package')

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='coe-kubeconfig-ft-')
        self.addCleanup(_rmtree, self.dir)
        self.path = os.path.join(self.dir, 'kube', 'config')
        # Never the real ~/.kube/config, whatever a test forgets.
        self.env = dict(QUIET, HOME=self.dir,
                        KUBECONFIG=f'{self.path}:{self.dir}/second')

    def cli(self, *args, check=True, region=None, env=None):
        return self.openstack(*args, env=dict(self.env, **(env or {})),
                              check=check, region=region,
                              timeout=base.LIFECYCLE_TIMEOUT + 60)

    def kubectl(self, *args, path=None):
        proc = subprocess.run(
            [KUBECTL, '--kubeconfig', path or self.path, 'config', *args],
            capture_output=True, text=True, timeout=60,
            env=dict(os.environ, HOME=self.dir))
        self.assertEqual(0, proc.returncode, proc.stderr)
        return proc.stdout

    def contexts(self, path=None):
        return sorted(self.kubectl('get-contexts', '-o', 'name',
                                   path=path).split())

    def current(self):
        proc = subprocess.run(
            [KUBECTL, '--kubeconfig', self.path, 'config',
             'current-context'], capture_output=True, text=True,
            timeout=60)
        return proc.stdout.strip() if proc.returncode == 0 else ''

    def minify(self, context, path=None):
        return json.loads(self.kubectl(
            'view', '--minify', '--raw', '--context', context, '-o', 'json',
            path=path))

    def write_unrelated(self, mode=0o644):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, 'w') as f:
            yaml.safe_dump(UNRELATED, f, sort_keys=False)
        os.chmod(self.path, mode)

    def read_bytes(self, path=None):
        with open(path or self.path, 'rb') as f:
            return f.read()

    def assertPrivate(self, path):
        self.assertEqual(0o600, stat.S_IMODE(os.lstat(path).st_mode), path)

    def assertUnrelatedKept(self):
        with open(self.path) as f:
            data = yaml.safe_load(f)
        self.assertEqual(UNRELATED['x-team-note'], data['x-team-note'])
        self.assertEqual(UNRELATED['preferences'], data['preferences'])
        for key in ('clusters', 'users', 'contexts'):
            self.assertIn(UNRELATED[key][0], data[key], key)

    def ca_pem(self, cluster, region=None):
        return self.cli('coe', 'ca', 'show', cluster,
                        region=region).stdout.strip()

    def embedded_ca(self, minified):
        return base64.b64decode(minified['clusters'][0]['cluster'][
            'certificate-authority-data']).decode().strip()

    def save(self, cluster, *extra, region=None):
        res = self.cli('coe', 'cluster', 'kubeconfig', 'save', cluster,
                       *extra, '-f', 'json', region=region)
        self.assertNotIn(TRACEBACK, res.stderr)
        return res.json


class TestSaveShowRemove(KubeconfigTest):
    """Three clusters, two regions, both modes, into one existing file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two clusters of our own, made at once, ready in ~10-20 s.
        helper = cls('run')
        cls.tls_cluster = helper.unique_name('kc-tls')
        cls.por_cluster = helper.unique_name('kc-por')
        cls._made = [(cls.tls_cluster, None), (cls.por_cluster,
                                               base.REGION_POR)]
        helper.create_cluster(cls.tls_cluster, cleanup=False,
                              labels={'keystone_auth_enabled': 'false'})
        helper.create_cluster(cls.por_cluster, region=base.REGION_POR,
                              cleanup=False)
        for name, region in cls._made:
            helper.wait_for_cluster_status(name, 'CREATE_COMPLETE',
                                           region=region)

    @classmethod
    def tearDownClass(cls):
        helper = cls('run')
        for name, region in getattr(cls, '_made', ()):
            helper.delete_cluster_eventually(name, region=region)
        super().tearDownClass()

    def test_save_three_show_and_remove_one(self):
        self.write_unrelated()
        hlz_demo = f'{base.CLUSTER_HEALTHY}@{base.REGION_HLZ}'
        hlz_tls = f'{self.tls_cluster}@{base.REGION_HLZ}'
        por = f'{self.por_cluster}@{base.REGION_POR}'

        # 1. The seeded cluster, into $KUBECONFIG's first file: Keystone
        # mode (its labels), the current context (the default).
        row = self.save(base.CLUSTER_HEALTHY)
        self.assertEqual((hlz_demo, self.path, 'keystone', hlz_demo, False,
                          f'{self.path}.bak'),
                         (row['Context'], row['File'], row['Auth'],
                          row['Current Context'], row['Replaced'],
                          row['Backup']))
        self.assertEqual(sorted(['on-prem', hlz_demo]), self.contexts())
        self.assertEqual(hlz_demo, self.current())
        self.assertPrivate(self.path)
        self.assertPrivate(f'{self.path}.bak')
        self.assertUnrelatedKept()
        shown = self.minify(hlz_demo)
        demo = self.show_cluster(base.CLUSTER_HEALTHY)
        self.assertEqual(demo['api_address'],
                         shown['clusters'][0]['cluster']['server'])
        self.assertEqual(self.ca_pem(base.CLUSTER_HEALTHY),
                         self.embedded_ca(shown))
        exec_ = shown['users'][0]['user']['exec']
        self.assertEqual(('client-keystone-auth',
                          'client.authentication.k8s.io/v1beta1',
                          [{'name': 'OS_CLOUD', 'value': self.cloud}]),
                         (exec_['command'], exec_['apiVersion'],
                          exec_['env']))

        # 2. The TLS cluster, with --file: a key made here, a certificate
        # Magnum signed with the cluster's CA.
        row = self.save(self.tls_cluster, '--file', self.path)
        self.assertEqual(('tls', hlz_tls), (row['Auth'],
                                            row['Current Context']))
        self.assertEqual(sorted(['on-prem', hlz_demo, hlz_tls]),
                         self.contexts())
        self.assertTlsUser(self.minify(hlz_tls), self.tls_cluster)

        # 3. nz-por-1, not made current.
        row = self.save(self.por_cluster, '--no-set-current',
                        region=base.REGION_POR)
        self.assertEqual((por, 'keystone', hlz_tls),
                         (row['Context'], row['Auth'],
                          row['Current Context']))
        self.assertEqual(sorted(['on-prem', hlz_demo, hlz_tls, por]),
                         self.contexts())
        self.assertEqual(hlz_tls, self.current())
        self.assertEqual(self.ca_pem(self.por_cluster, region=base.REGION_POR),
                         self.embedded_ca(self.minify(por)))
        self.assertPrivate(self.path)
        self.assertUnrelatedKept()

        # show: the same entries on stdout, nothing written.
        before = self.read_bytes()
        res = self.cli('coe', 'cluster', 'kubeconfig', 'show',
                       self.tls_cluster)
        self.assertEqual(before, self.read_bytes())
        printed = os.path.join(self.dir, 'printed')
        with open(printed, 'w') as f:
            f.write(res.stdout)
        self.assertEqual([hlz_tls], self.contexts(path=printed))
        self.assertTlsUser(self.minify(hlz_tls, path=printed),
                           self.tls_cluster)

        # Saving again replaces that cluster's entries, nothing else.
        row = self.save(base.CLUSTER_HEALTHY, '--no-set-current')
        self.assertTrue(row['Replaced'])
        self.assertEqual(sorted(['on-prem', hlz_demo, hlz_tls, por]),
                         self.contexts())
        self.assertEqual(before, self.read_bytes(f'{self.path}.bak'))

        # remove: exactly that cluster's entries; the current context was
        # this one, so there is none now.
        before = self.read_bytes()
        res = self.cli('coe', 'cluster', 'kubeconfig', 'remove',
                       self.tls_cluster)
        self.assertEqual('', res.stdout)
        self.assertIn(f'Removed the context, user and cluster entries named '
                      f'{hlz_tls} from {self.path}', res.stderr)
        self.assertEqual(sorted(['on-prem', hlz_demo, por]),
                         self.contexts())
        self.assertEqual('', self.current())
        users = self.kubectl('get-users').split()
        clusters = self.kubectl('get-clusters').split()
        self.assertNotIn(hlz_tls, users + clusters)
        self.assertIn(por, users)
        self.assertEqual(before, self.read_bytes(f'{self.path}.bak'))
        self.assertPrivate(self.path)
        self.assertUnrelatedKept()

        # kubectl rewriting the file keeps our marks: remove still works.
        self.kubectl('use-context', por)
        self.cli('coe', 'cluster', 'kubeconfig', 'remove', self.por_cluster,
                 region=base.REGION_POR)
        self.assertEqual(sorted(['on-prem', hlz_demo]), self.contexts())

    def assertTlsUser(self, minified, cluster):
        user = minified['users'][0]['user']
        ca = x509.load_pem_x509_certificate(self.ca_pem(cluster).encode())
        cert = x509.load_pem_x509_certificate(
            base64.b64decode(user['client-certificate-data']))
        key = serialization.load_pem_private_key(
            base64.b64decode(user['client-key-data']), password=None)
        self.assertEqual(ca.subject, cert.issuer)
        ca.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                               padding.PKCS1v15(),
                               cert.signature_hash_algorithm)
        self.assertEqual(
            key.public_key().public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo),
            cert.public_key().public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo))


class TestConcurrentSaves(KubeconfigTest):

    def test_saves_at_once_all_land(self):
        self.write_unrelated()
        names = [f'at-once-{n}' for n in range(4)]

        def save(name):
            return self.cli('coe', 'cluster', 'kubeconfig', 'save',
                            base.CLUSTER_HEALTHY, '--context-name', name,
                            '--file', self.path, check=False)

        with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
            results = list(pool.map(save, names))
        self.assertEqual([0] * len(names), [r.rc for r in results],
                         results)
        self.assertEqual(sorted(['on-prem'] + names), self.contexts())
        self.assertPrivate(self.path)
        self.assertUnrelatedKept()
        left = sorted(os.listdir(os.path.dirname(self.path)))
        self.assertEqual(['config', 'config.bak'], left)


class TestBadInput(KubeconfigTest):
    """One clear line, a non-zero exit, the file as it was."""

    def assertRefused(self, cluster, expected, *extra, path=None,
                      region=None):
        path = path or self.path
        before = self.read_bytes(path) if os.path.isfile(path) else None
        res = self.cli('coe', 'cluster', 'kubeconfig', 'save', cluster,
                       '--file', path, *extra, check=False, region=region)
        self.assertEqual(1, res.rc, res)
        self.assertNotIn(TRACEBACK, res.stderr)
        lines = res.stderr.strip().splitlines()
        self.assertEqual(1, len(lines), res.stderr)
        self.assertIn(expected, lines[0])
        self.assertEqual('', res.stdout)
        if before is not None:
            self.assertEqual(before, self.read_bytes(path))
        return lines[0]

    def write(self, text):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, 'w') as f:
            f.write(text)

    def test_clusters_that_cannot_be_saved(self):
        self.write_unrelated()
        self.assertRefused('no-such-cluster',
                           'Cluster no-such-cluster could not be found')
        self.assertRefused(base.CLUSTER_FAILED, 'has no API address '
                           '(status CREATE_FAILED)')
        young = self.unique_name('kc-young')
        # fake_duration keeps it CREATE_IN_PROGRESS for 30 s at least.
        self.create_cluster(young, labels={'fake_duration': '30'})
        self.wait_for_cluster_status(young, 'CREATE_IN_PROGRESS')
        line = self.assertRefused(young, f'cluster {young} has no API '
                                  'address yet')
        self.assertIn(f'openstack coe cluster wait {young}', line)

    def test_files_that_cannot_be_written(self):
        self.assertRefused(base.CLUSTER_HEALTHY, 'is a directory',
                           path=self.dir)
        self.write_unrelated()
        link = os.path.join(self.dir, 'link')
        os.symlink(self.path, link)
        self.assertRefused(base.CLUSTER_HEALTHY,
                           f'{link} is a symbolic link (to {self.path})',
                           path=link)
        self.assertRefused(base.CLUSTER_HEALTHY, 'cannot write in /sys',
                           path='/sys/catalystcoe-kubeconfig-test')

    def test_files_that_are_not_kubeconfigs(self):
        cases = {
            'contexts:\n- name: a\n- name: a\n':
                "two context entries named 'a'",
            'clusters: [\n': 'invalid YAML',
            '- just\n- a list\n': 'a YAML mapping expected',
            'a: 1\na: 2\n': "duplicate key 'a'",
            ''.join(f'l{n}: &l{n} [' + ', '.join([f'*l{n - 1}'] * 9) + ']\n'
                    if n else 'l0: &l0 [lol]\n' for n in range(9)):
                'YAML aliases',
        }
        for text, expected in cases.items():
            self.write(text)
            self.assertRefused(base.CLUSTER_HEALTHY, expected)

    def test_someone_elses_entry_of_the_same_name(self):
        name = f'{base.CLUSTER_HEALTHY}@{base.REGION_HLZ}'
        data = dict(UNRELATED, contexts=[{'name': name, 'context': {
            'cluster': 'on-prem', 'user': 'on-prem-admin'}}])
        self.write(yaml.safe_dump(data))
        self.assertRefused(base.CLUSTER_HEALTHY,
                           f"already has a context entry named '{name}' "
                           'that was not written by this command')
        res = self.cli('coe', 'cluster', 'kubeconfig', 'remove',
                       base.CLUSTER_HEALTHY, '--file', self.path,
                       check=False)
        self.assertEqual(1, res.rc)
        self.assertIn('was not written by this command', res.stderr)


class TestStockConfig(KubeconfigTest):

    def test_files_are_private_and_help_points_to_save(self):
        res = self.cli('coe', 'cluster', 'config', base.CLUSTER_HEALTHY,
                       '--dir', self.dir, '--output-certs',
                       env={'SHELL': '/bin/bash'})
        self.assertIn('export KUBECONFIG=', res.stdout)
        for name in ('config', 'key.pem', 'cert.pem', 'ca.pem'):
            self.assertPrivate(os.path.join(self.dir, name))
        res = self.cli('coe', 'cluster', 'config', '--help')
        self.assertIn('openstack coe cluster kubeconfig save <cluster>',
                      ' '.join(res.stdout.split()))
