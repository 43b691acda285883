"""``coe support bundle create|show`` through the real CLI, local cloud.

Bundles for the seeded healthy and failed clusters, for a cluster whose
stack answers 403 (``fake_stack=forbidden``) with secrets planted in its
labels, and for a cluster in nz-por-1 (no orchestration endpoint); then
what ``bundle show`` says about them and what it refuses.
"""

import gzip
import json
import os
import stat
import tarfile
import tempfile

from catalystcoe.tests.functional import base

QUIET = {'CATALYSTCOE_PREVIEW_WARNING': 'never'}
TRACEBACK = 'Traceback'
MARKER = '***REDACTED***'

# Secrets the orchestration stand-in puts in every stack's parameters.
STANDIN_SECRETS = ('Fake-Trustee-Password-0f3c9a',
                   'MIIEowIBAAKCAQEAFAKEFAKEFAKElocalcloudnotarealkey0000')
# The member's password in clouds.yaml.
MEMBER_PASSWORD = 'local-demo-password'


class SupportTest(base.FunctionalTest):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='coe-support-ft-')
        self.addCleanup(_rmtree, self.dir)

    def cli(self, *args, check=True, region=None, expected_stderr=()):
        return self.openstack(*args, env=QUIET, check=check, region=region,
                              timeout=base.LIFECYCLE_TIMEOUT + 120,
                              expected_stderr=expected_stderr)

    def bundle(self, *clusters, region=None, extra=()):
        res = self.cli('coe', 'support', 'bundle', 'create', *clusters,
                       '--output', self.dir, *extra, '-f', 'json',
                       region=region)
        self.assertNotIn(TRACEBACK, res.stderr)
        summary = res.json
        self.assertTrue(os.path.isfile(summary['path']), summary)
        return summary, Bundle(summary['path'])

    def show(self, path):
        res = self.cli('coe', 'support', 'bundle', 'show', path, '-f',
                       'json')
        return res.json

    def assertNoSecrets(self, bundle, secrets):
        text = bundle.raw_text
        leaked = [s for s in secrets if s in text]
        self.assertEqual([], leaked)

    def assertCleanFailure(self, res, rc=1):
        self.assertEqual(rc, res.rc, res)
        self.assertNotIn(TRACEBACK, res.stderr)
        lines = res.stderr.strip().splitlines()
        self.assertEqual(1, len(lines), res.stderr)
        return lines[0]


class Bundle:
    """The archive read directly with tarfile (not with our reader)."""

    def __init__(self, path):
        self.path = path
        with open(path, 'rb') as f:
            data = f.read()
        self.raw_text = gzip.decompress(data).decode('utf-8', 'replace')
        self.files = {}
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                root, _sep, rel = member.name.partition('/')
                self.root = root
                self.files[rel] = tar.extractfile(member).read()

    def json(self, rel):
        return json.loads(self.files[rel])

    @property
    def manifest(self):
        return self.json('manifest.json')

    def collectors(self, cluster=None):
        return {c['name']: c for c in self.manifest['collectors']
                if cluster is None or c['cluster'] in (cluster, None)}


def _rmtree(path):
    import shutil
    shutil.rmtree(path, ignore_errors=True)


class TestSeededClusters(SupportTest):

    def test_healthy_cluster(self):
        name = base.CLUSTER_HEALTHY
        summary, bundle = self.bundle(name)
        self.assertEqual([name], summary['clusters'])
        self.assertEqual([], summary['collector_errors'])
        self.assertEqual(0, summary['findings']['fail'])
        self.assertRegex(os.path.basename(summary['path']),
                         rf'^coe-support-{name}-\d{{8}}T\d{{6}}Z\.tar\.gz$')
        self.assertEqual(0o600, stat.S_IMODE(os.stat(summary['path'])
                                             .st_mode))
        c = f'clusters/{name}'
        for rel in ('manifest.json', 'summary.txt', 'environment.json',
                    'requests.json', f'{c}/cluster.json',
                    f'{c}/cluster-show.txt', f'{c}/cluster-template.json',
                    f'{c}/nodegroups.json', f'{c}/cluster-api.json',
                    f'{c}/findings.json'):
            self.assertIn(rel, bundle.files)
        # A Cluster API cluster: no Heat stack, and the bundle says so.
        self.assertFalse([f for f in bundle.files if '/stack/' in f])
        self.assertTrue(bundle.json(f'{c}/cluster-api.json')['heat_stack']
                        .startswith('none: '))
        cluster = bundle.json(f'{c}/cluster.json')
        shown = self.show_cluster(name)
        # Other tests may update the seeded cluster meanwhile.
        self.assertEqual(shown['uuid'], cluster['uuid'])
        self.assertRegex(cluster['status'], r'^\w+_COMPLETE$')
        # Every field of the newest microversion, e.g. 1.13's cluster_id.
        self.assertIn('cluster_id', cluster)
        listed = bundle.json(f'{c}/nodegroups.json')
        for ng in listed:
            full = bundle.json(f'{c}/nodegroups/{ng["name"]}.json')
            self.assertEqual(ng['uuid'], full['uuid'])
            self.assertIn('node_addresses', full)
        table = bundle.files[f'{c}/cluster-show.txt'].decode()
        self.assertRegex(table, rf'\| status +\| {cluster["status"]} +\|')
        self.assertRegex(table, rf'\| name +\| {name} +\|')
        env = bundle.json('environment.json')
        self.assertEqual(('nz-hlz-1', 'public', '127.0.0.1', '1.14'),
                         (env['region'], env['interface'],
                          env['auth_url_host'],
                          env['api_microversion']['server']))
        requests = bundle.json('requests.json')
        self.assertIn(('GET', f'/v1/clusters/{name}', 200),
                      {(r['method'], r['path'], r['status'])
                       for r in requests})
        self.assertTrue(all(r['request_ids'].get('x-openstack-request-id')
                            for r in requests
                            if r['path'].startswith('/v1/')), requests)
        self.assertNoSecrets(bundle, (MEMBER_PASSWORD,))

    def test_failed_cluster_bundle_show_and_diagnose(self):
        name = base.CLUSTER_FAILED
        summary, bundle = self.bundle(name)
        self.assertGreater(summary['findings']['fail'], 0)
        c = f'clusters/{name}'
        # A Heat-era cluster: its stack, with the planted secrets redacted.
        stack = bundle.json(f'{c}/stack/stack.json')
        self.assertEqual(MARKER, stack['parameters']['trustee_password'])
        self.assertEqual(MARKER, stack['parameters']['ca_key'])
        self.assertNoSecrets(bundle, STANDIN_SECRETS + (MEMBER_PASSWORD,))
        failed = bundle.json(f'{c}/stack/failed-resources.json')
        self.assertTrue(failed)
        self.assertIn('Quota exceeded for cores',
                      failed[0]['resource_status_reason'])
        findings = {f['rule']: f for f in bundle.json(f'{c}/findings.json')}
        self.assertEqual('fail', findings['quota']['result'])
        self.assertIn('cores', findings['quota']['detail'])
        self.assertIn('Quota: quota exceeded for cores',
                      bundle.files['summary.txt'].decode())
        self.assertNoSecrets(bundle, STANDIN_SECRETS + (MEMBER_PASSWORD,))

        shown = self.show(summary['path'])
        self.assertEqual(summary['sha256'], shown['sha256'])
        self.assertEqual(1, shown['format_version'])
        self.assertIn(f'{name}: FAIL Quota: quota exceeded for cores',
                      '\n'.join(shown['findings']))
        self.assertEqual(summary['redactions'], shown['redactions']['total'])
        self.assertEqual(summary['files'], len(shown['files']) + 1)

        res = self.cli('coe', 'cluster', 'diagnose', name, '-f', 'json',
                       check=False)
        self.assertEqual(2, res.rc, res)
        rows = {r['Check']: r for r in json.loads(res.stdout)}
        self.assertEqual('fail', rows['Quota']['Result'])
        self.assertEqual('fail', rows['Cluster status']['Result'])
        self.assertIn('quota for cores', rows['Quota']['Next step'])

    def test_all_clusters_from_one_list(self):
        summary, bundle = self.bundle('--all')
        listed = self.cli('coe', 'cluster', 'list', '-f', 'json').json
        # Clusters may come and go meanwhile (other tests).
        self.assertIn(base.CLUSTER_HEALTHY, summary['clusters'])
        self.assertIn(base.CLUSTER_FAILED, summary['clusters'])
        names = {c['name'] for c in listed}
        self.assertTrue(set(summary['clusters']) & names)
        requests = [(r['method'], r['path']) for r in
                    bundle.json('requests.json')]
        self.assertIn(('GET', '/v1/clusters/detail'), requests)
        shown = {path for method, path in requests
                 if method == 'GET' and path.count('/') == 3
                 and path.startswith('/v1/clusters/')}
        # Only failed clusters are shown again (for their faults).
        by_name = {c['name']: c for c in bundle.manifest['clusters']}
        self.assertIn(f'/v1/clusters/{by_name[base.CLUSTER_FAILED]["uuid"]}',
                      shown)
        self.assertNotIn(
            f'/v1/clusters/{by_name[base.CLUSTER_HEALTHY]["uuid"]}', shown)
        self.assertFalse([p for _m, p in requests
                          if p.startswith('/v1/clustertemplates/')
                          and not p.endswith('/detail')], requests)
        # The list in full holds what a show gives.
        healthy = bundle.json(f'clusters/{base.CLUSTER_HEALTHY}/'
                              'cluster.json')
        show = self.show_cluster(base.CLUSTER_HEALTHY)
        self.assertLessEqual(
            {k.replace('stack_id', 'cluster_id') for k in show},
            set(healthy) | {'faults'})
        self.assertTrue(bundle.json(f'clusters/{base.CLUSTER_FAILED}/'
                                    'cluster.json')['faults'])
        self.assertNoSecrets(bundle, STANDIN_SECRETS + (MEMBER_PASSWORD,))

    def test_several_clusters_in_one_bundle(self):
        summary, bundle = self.bundle(base.CLUSTER_HEALTHY,
                                      base.CLUSTER_UNHEALTHY)
        self.assertEqual([base.CLUSTER_HEALTHY, base.CLUSTER_UNHEALTHY],
                         summary['clusters'])
        findings = {f['rule']: f for f in bundle.json(
            f'clusters/{base.CLUSTER_UNHEALTHY}/findings.json')}
        self.assertEqual('fail', findings['health']['result'])
        self.assertIn('default-worker waiting on',
                      findings['health']['detail'])


class TestStackNotReadable(SupportTest):

    def test_forbidden_stack_and_planted_secrets(self):
        name = self.unique_name('sb-forbidden')
        secrets = {
            'secret_token': 'ftPlantedSecretToken1234',
            'registry_password': 'ftPlantedRegistryPw5678',
            'registry_url': 'https://robot:ftPlantedUrlPw9012@registry.'
                            'example.com/v2',
            'os_token': 'gAAAAABftPlantedFernetToken0123456789abcdefghijk',
        }
        labels = dict(secrets, fake_stack='forbidden', fake_driver='heat')
        self.create_cluster(name, labels=labels, wait='CREATE_COMPLETE')
        summary, bundle = self.bundle(name, extra=['--redact',
                                                   'registry\\.example'])
        errors = summary['collector_errors']
        self.assertEqual(1, len(errors), errors)
        self.assertTrue(errors[0].startswith(f'{name}: stack: forbidden ('),
                        errors)
        stack = bundle.collectors(name)['stack']
        self.assertEqual(('forbidden', 403), (stack['outcome'],
                                              stack['status']))
        self.assertFalse([f for f in bundle.files if '/stack/' in f])
        self.assertNoSecrets(bundle, [
            'ftPlantedSecretToken1234', 'ftPlantedRegistryPw5678',
            'ftPlantedUrlPw9012', secrets['os_token'], MEMBER_PASSWORD])
        labels = bundle.json(f'clusters/{name}/cluster.json')['labels']
        self.assertEqual((MARKER, MARKER, 'forbidden'),
                         (labels['secret_token'],
                          labels['registry_password'],
                          labels['fake_stack']))
        self.assertEqual(f'https://{MARKER}@{MARKER}.com/v2',
                         labels['registry_url'])
        self.assertGreater(bundle.manifest['redactions']['by_kind']
                           ['custom'], 0)

        res = self.cli('coe', 'cluster', 'diagnose', name, '-f', 'json',
                       check=False, expected_stderr=[base.STACK_FORBIDDEN])
        self.assertEqual(0, res.rc, res)
        self.assertIn('Note: the Heat stack behind the cluster is not '
                      'visible to you (HTTP 403)', res.stderr)
        self.assertNotIn('Heat stack',
                         {r['Check'] for r in json.loads(res.stdout)})

    def test_no_orchestration_endpoint(self):
        name = self.unique_name('sb-por')
        region = base.REGION_POR
        self.create_cluster(name, region=region, wait='CREATE_COMPLETE',
                            labels={'fake_driver': 'heat'})
        summary, bundle = self.bundle(name, region=region)
        stack = bundle.collectors(name)['stack']
        self.assertEqual(('skipped', 'no orchestration (Heat) endpoint in '
                                     'the service catalog for region '
                                     'nz-por-1'),
                         (stack['outcome'], stack['detail']))
        self.assertEqual('nz-por-1', bundle.json('environment.json')
                         ['region'])
        self.assertEqual(0, summary['findings']['fail'])


class TestFailures(SupportTest):

    def test_unknown_cluster_is_one_line_and_no_file(self):
        res = self.cli('coe', 'support', 'bundle', 'create', 'no-such-one',
                       '--output', self.dir, check=False,
                       expected_stderr=base.NOT_FOUND)
        line = self.assertCleanFailure(res)
        self.assertRegex(line, r'^cluster no-such-one: Cluster no-such-one '
                               r'could not be found')
        self.assertEqual([], os.listdir(self.dir))

    def test_unwritable_output(self):
        target = os.path.join(self.dir, 'missing', 'x.tar.gz')
        res = self.cli('coe', 'support', 'bundle', 'create',
                       base.CLUSTER_HEALTHY, '--output', target,
                       check=False,
                       expected_stderr=[r'^cannot write .*: folder .* does '
                                        r'not exist$'])
        self.assertIn('does not exist', self.assertCleanFailure(res))

    def test_never_overwrites_without_force(self):
        target = os.path.join(self.dir, 'b.tar.gz')
        with open(target, 'w') as f:
            f.write('mine')
        args = ('coe', 'support', 'bundle', 'create', base.CLUSTER_HEALTHY,
                '--output', target)
        res = self.cli(*args, check=False,
                       expected_stderr=[r' exists; use --force to replace'])
        self.assertIn('exists; use --force', self.assertCleanFailure(res))
        with open(target) as f:
            self.assertEqual('mine', f.read())
        self.cli(*args, '--force')
        self.assertEqual(base.CLUSTER_HEALTHY,
                         self.show(target)['clusters'][0].split()[0])

    def test_show_refuses_what_is_not_a_bundle(self):
        junk = os.path.join(self.dir, 'junk.tar.gz')
        with open(junk, 'wb') as f:
            f.write(gzip.compress(b'not a tar file' * 100))
        res = self.cli('coe', 'support', 'bundle', 'show', junk,
                       check=False, expected_stderr=[r' is corrupt: '])
        self.assertIn('is corrupt', self.assertCleanFailure(res))
        res = self.cli('coe', 'support', 'bundle', 'show', '/etc/hostname',
                       check=False,
                       expected_stderr=[r' is not a support bundle'])
        self.assertIn('is not a support bundle', self.assertCleanFailure(res))


class TestFaultyApi(SupportTest):
    """A proxy in front of Magnum fails or stalls chosen paths."""

    NODEGROUP_SHOW = r'/nodegroups/[0-9a-f-]{36}$'

    def through_proxy(self, **proxy_args):
        import sys
        sys.path.insert(0, os.path.join(base.TOP, 'tools'))
        from bench import latency_proxy
        from localcloud import config

        proxy = latency_proxy.LatencyProxy(
            config.KEYSTONE_URL, config.magnum_url(base.REGION_HLZ),
            delay=0, **proxy_args).start()
        self.addCleanup(proxy.stop)
        with open(base.CLOUDS_YAML) as f:
            text = f.read()
        clouds = os.path.join(self.dir, 'clouds.yaml')
        with open(clouds, 'w') as f:
            f.write(text.replace(config.KEYSTONE_URL, proxy.auth_url))
        return dict(QUIET, OS_CLIENT_CONFIG_FILE=clouds)

    def bundle_via(self, env, *extra):
        res = self.openstack('coe', 'support', 'bundle', 'create',
                             base.CLUSTER_HEALTHY, '--output', self.dir,
                             *extra, '-f', 'json', env=env, check=False)
        self.assertEqual(0, res.rc, res)
        self.assertNotIn(TRACEBACK, res.stderr)
        return res.json, Bundle(res.json['path'])

    def test_errors_mid_collection_are_recorded(self):
        env = self.through_proxy(fail={self.NODEGROUP_SHOW: 503})
        summary, bundle = self.bundle_via(env)
        failed = [c for c in bundle.manifest['collectors']
                  if c['name'].startswith('nodegroup:')]
        self.assertTrue(failed)
        self.assertEqual({('error', 503)},
                         {(c['outcome'], c['status']) for c in failed})
        self.assertEqual(len(failed), len(summary['collector_errors']))
        self.assertIn(f'clusters/{base.CLUSTER_HEALTHY}/cluster.json',
                      bundle.files)
        self.assertFalse([f for f in bundle.files if '/nodegroups/' in f])
        # What the bundle shows about itself offline.
        shown = self.show(summary['path'])
        self.assertIn(': error (', '\n'.join(shown['collectors']))

    def test_stalled_requests_time_out(self):
        env = self.through_proxy(slow={self.NODEGROUP_SHOW: 6})
        summary, bundle = self.bundle_via(env, '--timeout', '2')
        stalled = [c for c in bundle.manifest['collectors']
                   if c['name'].startswith('nodegroup:')]
        self.assertTrue(stalled)
        self.assertEqual({'timeout'}, {c['outcome'] for c in stalled})
        # The limit is the whole collection's, not each collector's.
        self.assertLess(bundle.manifest['collection_seconds'], 3)
        self.assertEqual('ok', bundle.collectors(
            base.CLUSTER_HEALTHY)['cluster']['outcome'])
