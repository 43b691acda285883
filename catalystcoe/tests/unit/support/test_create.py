"""Creating a bundle end to end over a fake session.

The real python-magnumclient client, keystoneauth code, recording
session, collectors, redaction and archive run; only HTTP is scripted.
"""

import gzip
import io
import os
import tarfile
import time

import fixtures
from keystoneauth1 import exceptions as ks_exc
from osc_lib import exceptions as osc_exc
import testtools

from catalystcoe.support import archive
from catalystcoe.support import create
from catalystcoe.tests.unit import fakes

ARGV = ['openstack', '--os-cloud', 'local-member', '--os-password',
        'plantedArgvPassword-1', 'coe', 'support', 'bundle', 'create',
        'demo-failed']
C = 'clusters/demo-failed'


class CreateTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path

    def create(self, session, clusters=('demo-failed',), **options):
        options.setdefault('output', self.dir)
        opts = create.Options(clusters=list(clusters), **options)
        result = create.create(fakes.client_manager(session), ARGV, opts,
                               '1.2.3')
        return result, archive.read(result['path'])


class TestHealthyRun(CreateTestCase):

    def setUp(self):
        super().setUp()
        self.planted = []
        self.session = fakes.scripted_cloud()
        c = fakes.cluster()
        fakes.plant(c, 'cluster', self.planted,
                    skip=('uuid', 'name', 'status', 'cluster_template_id',
                          'cluster_id', 'stack_id', 'created_at',
                          'updated_at', 'project_id', 'user_id'))
        fakes.plant(c['labels'], 'labels', self.planted)
        fakes.plant(c['health_status_reason'], 'health', self.planted)
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            self.session.route('container-infra', f'clusters/{ident}', c)
        tpl = fakes.template()
        fakes.plant(tpl, 'template', self.planted,
                    skip=('uuid', 'name'))
        self.session.route('container-infra',
                           f'clustertemplates/{fakes.TEMPLATE_UUID}', tpl)
        stack = fakes.stack()
        fakes.plant(stack, 'stack', self.planted, skip=('id',))
        fakes.plant(stack['parameters'], 'param', self.planted)
        self.session.route('orchestration', f'stacks/{fakes.STACK_ID}',
                           {'stack': stack})
        self.result, self.bundle = self.create(
            self.session, redact_patterns=(r'ACME-CUSTOMER-\d+',))

    def test_files(self):
        self.assertEqual(
            ['summary.txt', 'environment.json', 'requests.json',
             f'{C}/cluster-show.txt', f'{C}/cluster-template.json',
             f'{C}/cluster.json', f'{C}/findings.json',
             f'{C}/nodegroups.json', f'{C}/nodegroups/default-master.json',
             f'{C}/nodegroups/default-worker.json', f'{C}/stack/events.json',
             f'{C}/stack/failed-resources.json', f'{C}/stack/stack.json',
             f'{C}/template-support.json'],
            list(self.bundle.files))
        self.assertTrue(self.bundle.root.startswith(
            'coe-support-demo-failed-'))
        self.assertEqual(os.path.basename(self.result['path']),
                         self.bundle.root + '.tar.gz')
        self.assertEqual(0o600, os.stat(self.result['path']).st_mode & 0o777)

    def test_no_planted_secret_reaches_the_archive(self):
        with open(self.result['path'], 'rb') as f:
            raw = gzip.decompress(f.read())
        secrets = (list(fakes.SECRETS.values()) + self.planted
                   + ['plantedArgvPassword-1', 'plantedOsPassword-zzz'])
        self.assertGreater(len(self.planted), 30)
        leaked = [s for s in secrets if s in raw.decode('utf-8')]
        self.assertEqual([], leaked)
        self.assertGreaterEqual(self.result['redactions'], len(self.planted))

    def test_useful_fields_are_kept(self):
        cluster = self.bundle.json(f'{C}/cluster.json')
        labels = cluster['labels']
        self.assertEqual(('demo-key', 'v1.33.4', 'true', fakes.CLUSTER_UUID),
                         (cluster['keypair'].split()[0],
                          labels['kube_tag'].split()[0],
                          labels['keystone_auth_enabled'].split()[0],
                          cluster['uuid']))
        self.assertEqual(['10.0.0.11', '10.0.0.12'],
                         cluster['node_addresses'])
        stack = self.bundle.json(f'{C}/stack/stack.json')
        self.assertEqual('***REDACTED***',
                         stack['parameters']['trustee_password'])
        self.assertEqual('demo-key',
                         stack['parameters']['ssh_key_name'].split()[0])
        self.assertEqual([{'output_key': 'api_address',
                           'output_value': '203.0.113.10',
                           'description': 'API'},
                          {'output_key': 'private_key',
                           'output_value': '***REDACTED***',
                           'description': ''}],
                         [dict(o, description=o['description'].split(' ')[0]
                               if o['description'] else '')
                          for o in stack['outputs']])

    def test_cluster_show_table(self):
        table = self.bundle.files[f'{C}/cluster-show.txt'].decode()
        lines = table.splitlines()
        self.assertTrue(lines[0].startswith('+------'))
        self.assertRegex(lines[1], r'^\| Field +\| Value +\|$')
        self.assertRegex(table, r'\| status +\| CREATE_FAILED +\|')
        self.assertRegex(table, r'\| keypair +\| demo-key')
        self.assertIn("'secret_token': '***REDACTED***'", table)

    def test_manifest(self):
        m = self.bundle.manifest
        self.assertEqual(('catalystcoe-support-bundle', 1),
                         (m['format'], m['format_version']))
        self.assertRegex(m['created_at'], r'^\d{8}T|^\d{4}-\d\d-\d\dT'
                                          r'\d\d:\d\d:\d\dZ$')
        self.assertEqual(['openstack', '--os-cloud', 'local-member',
                          '--os-password', '***REDACTED***', 'coe',
                          'support', 'bundle', 'create', 'demo-failed'],
                         m['command'])
        self.assertEqual({'name': 'catalystcoe', 'version': '1.2.3'},
                         m['generator'])
        self.assertEqual(
            {'cluster', 'nodegroup_list', 'templates', 'stack',
             'nodegroup:default-master', 'nodegroup:default-worker',
             'stack_resources', 'stack_events'},
            {c['name'] for c in m['collectors']})
        self.assertEqual({'ok'}, {c['outcome'] for c in m['collectors']})
        self.assertEqual(m['redactions']['total'], self.result['redactions'])
        self.assertGreater(m['redactions']['by_kind']['secret_key'], 5)
        self.assertEqual(1, m['redactions']['by_kind']['command_line'])
        self.assertEqual(1, m['redactions']['by_kind']['custom'])
        [entry] = m['clusters']
        self.assertEqual(('demo-failed', fakes.CLUSTER_UUID,
                          'CREATE_FAILED', C),
                         (entry['name'], entry['uuid'], entry['status'],
                          entry['directory']))
        self.assertEqual(len(self.bundle.files), len(m['files']))

    def test_findings(self):
        findings = self.bundle.json(f'{C}/findings.json')
        by_rule = {f['rule']: f['result'] for f in findings}
        self.assertEqual('fail', by_rule['quota'])
        self.assertEqual('fail', by_rule['stack'])
        self.assertEqual({'pass': 19, 'warn': 0, 'fail': 4},
                         self.result['findings'])
        summary = self.bundle.files['summary.txt'].decode()
        self.assertIn('FAIL  Quota: quota exceeded for cores', summary)

    def test_environment(self):
        env = self.bundle.json('environment.json')
        self.assertEqual(
            ('nz-hlz-1', 'public', '127.0.0.1', fakes.PROJECT_ID,
             fakes.USER_ID, {'requested': 'latest', 'server': '1.14'}),
            (env['region'], env['interface'], env['auth_url_host'],
             env['project_id'], env['user_id'], env['api_microversion']))
        for name in ('python-magnumclient', 'osc-lib', 'keystoneauth1',
                     'catalystcoe', 'python'):
            self.assertTrue(env['versions'][name], name)
        self.assertNotIn('plantedOsPassword', str(env))
        self.assertEqual('password', env['auth_type'])

    def test_request_log(self):
        log = self.bundle.json('requests.json')
        paths = {(e['method'], e['path']) for e in log}
        self.assertIn(('GET', '/v1/clusters/demo-failed'), paths)
        self.assertIn(('GET', f'/heat/v1/3f9a/stacks/{fakes.STACK_ID}'),
                      paths)
        self.assertEqual(len(self.session.calls), len(log))
        first = [e for e in log if e['path'] == '/v1/clusters/demo-failed']
        self.assertEqual(200, first[0]['status'])
        self.assertEqual('cluster', first[0]['collector'])
        self.assertRegex(first[0]['request_ids']['x-openstack-request-id'],
                         r'^req-\d{8}-')
        self.assertEqual('container-infrastructure-management 1.14',
                         first[0]['microversion'])

    def test_each_answer_is_asked_for_once(self):
        # The cluster's template comes with the template list; the node
        # groups are listed while the cluster is shown, by its name.
        self.assertEqual(
            sorted(['clusters/demo-failed', 'clustertemplates/detail',
                    'clusters/demo-failed/nodegroups/',
                    f'clusters/{fakes.CLUSTER_UUID}/nodegroups/'
                    f'{fakes.NG_MASTER_UUID}',
                    f'clusters/{fakes.CLUSTER_UUID}/nodegroups/'
                    f'{fakes.NG_WORKER_UUID}']),
            sorted(path for service, _m, path, _p in self.session.calls
                   if service == 'container-infra'))
        self.assertEqual(fakes.template()['name'],
                         self.bundle.json(f'{C}/cluster-template.json')
                         ['name'])

    def test_summary_result(self):
        self.assertEqual(
            (['demo-failed'], 15, [], archive.sha256(
                open(self.result['path'], 'rb').read())),
            (self.result['clusters'], self.result['files'],
             self.result['collector_errors'], self.result['sha256']))


class TestMaskAddresses(CreateTestCase):

    def test_addresses_and_hosts_masked_consistently(self):
        session = fakes.scripted_cloud()
        result, bundle = self.create(session, mask_addresses=True)
        with open(result['path'], 'rb') as f:
            raw = gzip.decompress(f.read()).decode()
        for address in ('10.0.0.11', '203.0.113.10', 'keystone.example.com',
                        'discovery.etcd.io'):
            self.assertNotIn(address, raw)
        cluster = bundle.json(f'{C}/cluster.json')
        stack = bundle.json(f'{C}/stack/stack.json')
        self.assertRegex(cluster['api_address'], r'^https://<ip-\d+>:6443$')
        self.assertEqual(cluster['api_address'],
                         f'https://{stack["outputs"][0]["output_value"]}:6443')
        self.assertRegex(cluster['discovery_url'],
                         r'^https://\*\*\*REDACTED\*\*\*@host-\d\.invalid/')


class TestCollectorFailures(CreateTestCase):

    def test_api_errors_mid_collection_are_recorded(self):
        session = fakes.scripted_cloud()
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            session.route('container-infra',
                          f'clusters/{ident}/nodegroups/'
                          f'{fakes.NG_WORKER_UUID}',
                          fakes.magnum_error(500, 'Internal Server Error'))
        session.route('orchestration', f'stacks/{fakes.STACK_ID}/events',
                      ks_exc.ConnectFailure('Connection refused'))
        result, bundle = self.create(session)
        outcomes = {c['name']: c for c in bundle.manifest['collectors']}
        self.assertEqual('error',
                         outcomes['nodegroup:default-worker']['outcome'])
        self.assertEqual(500, outcomes['nodegroup:default-worker']['status'])
        self.assertEqual('error', outcomes['stack_events']['outcome'])
        self.assertIn('cannot reach the API',
                      outcomes['stack_events']['detail'])
        self.assertNotIn(f'{C}/nodegroups/default-worker.json', bundle.files)
        self.assertNotIn(f'{C}/stack/events.json', bundle.files)
        self.assertIn(f'{C}/nodegroups/default-master.json', bundle.files)
        errors = bundle.json(f'{C}/collector-errors.json')
        self.assertEqual(['nodegroup:default-worker', 'stack_events'],
                         sorted(e['name'] for e in errors))
        self.assertEqual(2, len(result['collector_errors']))
        self.assertIn('Not collected:',
                      bundle.files['summary.txt'].decode())

    def test_slow_collector_times_out_and_the_rest_is_written(self):
        session = fakes.scripted_cloud()

        def slow():
            time.sleep(1.5)
            return {'events': []}

        session.route('orchestration', f'stacks/{fakes.STACK_ID}/events',
                      slow)
        start = time.monotonic()
        result, bundle = self.create(session, timeout=0.5)
        self.assertLess(time.monotonic() - start, 1.5)
        outcomes = {c['name']: c['outcome']
                    for c in bundle.manifest['collectors']}
        self.assertEqual('timeout', outcomes['stack_events'])
        self.assertEqual('ok', outcomes['stack_resources'])
        self.assertEqual(['demo-failed: stack_events: timeout (no answer '
                          'within 0.5 s)'], result['collector_errors'])

    def test_collection_ends_at_the_time_limit(self):
        # Every request takes 0.4 s: the stack's resources and events
        # (third in line) would end after 1.2 s; the limit is 1 s for the
        # whole collection, not for each collector.
        session = fakes.scripted_cloud()
        session.delay = 0.4
        start = time.monotonic()
        result, bundle = self.create(session, timeout=1.0)
        self.assertLess(time.monotonic() - start, 1.5)
        outcomes = {c['name']: c for c in bundle.manifest['collectors']}
        self.assertEqual(('ok', 'ok'), (outcomes['cluster']['outcome'],
                                        outcomes['stack']['outcome']))
        self.assertEqual(('timeout', 'no answer within 1 s'),
                         (outcomes['stack_events']['outcome'],
                          outcomes['stack_events']['detail']))
        self.assertIn(f'{C}/cluster.json', bundle.files)
        self.assertIn('demo-failed: stack_events: timeout (no answer '
                      'within 1 s)', result['collector_errors'])

    def test_stack_forbidden(self):
        session = fakes.scripted_cloud(stack_answer=(403, {
            'error': {'message': 'You are not authorized to use '
                                 'stacks:lookup.', 'type': 'Forbidden'}}))
        _result, bundle = self.create(session)
        [stack] = [c for c in bundle.manifest['collectors']
                   if c['name'] == 'stack']
        self.assertEqual(('forbidden', 403), (stack['outcome'],
                                              stack['status']))
        self.assertNotIn(f'{C}/stack/stack.json', bundle.files)
        findings = bundle.json(f'{C}/findings.json')
        self.assertNotIn('stack', {f['rule'] for f in findings})
        self.assertIn('quota', {f['rule'] for f in findings
                                if f['result'] == 'fail'})

    def test_no_orchestration_in_the_catalog(self):
        session = fakes.scripted_cloud(heat=False)
        _result, bundle = self.create(session)
        [stack] = [c for c in bundle.manifest['collectors']
                   if c['name'] == 'stack']
        self.assertEqual(('skipped', 'no orchestration (Heat) endpoint in '
                                     'the service catalog for region '
                                     'nz-hlz-1'),
                         (stack['outcome'], stack['detail']))
        self.assertFalse([c for c in session.calls
                          if c[0] == 'orchestration'])


class TestBadAnswers(CreateTestCase):
    """A 200 whose body is not what Magnum promises fails one collector."""

    WORKER = f'nodegroups/{fakes.NG_WORKER_UUID}'

    def answer_worker_with(self, body):
        session = fakes.scripted_cloud()
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            session.route('container-infra',
                          f'clusters/{ident}/{self.WORKER}', body)
        return self.create(session)

    def assertOnlyTheWorkerFailed(self, result, bundle, detail):
        outcomes = {c['name']: c for c in bundle.manifest['collectors']}
        worker = outcomes.pop('nodegroup:default-worker')
        self.assertEqual('error', worker['outcome'])
        self.assertIn(detail, worker['detail'])
        self.assertEqual({'ok'}, {c['outcome'] for c in outcomes.values()})
        self.assertNotIn(f'{C}/nodegroups/default-worker.json', bundle.files)
        for rel in (f'{C}/cluster.json', f'{C}/nodegroups.json',
                    f'{C}/nodegroups/default-master.json',
                    f'{C}/findings.json', f'{C}/stack/stack.json'):
            self.assertIn(rel, bundle.files)
        # The node group as listed is still diagnosed.
        findings = {f['rule']: f for f in
                    bundle.json(f'{C}/findings.json')}
        self.assertIn('default-worker', findings['nodegroups']['detail'])
        [line] = result['collector_errors']
        self.assertTrue(line.startswith('demo-failed: nodegroup:default-'
                                        'worker: error ('), line)

    def test_html(self):
        result, bundle = self.answer_worker_with(
            b'<html><body>Please log in</body></html>')
        self.assertOnlyTheWorkerFailed(
            result, bundle, "answered HTTP 200 (text/html) '<html><body>"
                            "Please log in</body></html>', not a JSON "
                            "object")

    def test_empty(self):
        result, bundle = self.answer_worker_with(b'')
        self.assertOnlyTheWorkerFailed(
            result, bundle, 'answered HTTP 200 (text/html) an empty body, '
                            'not a JSON object')

    def test_a_list(self):
        result, bundle = self.answer_worker_with(['not', 'a', 'node group'])
        self.assertOnlyTheWorkerFailed(result, bundle, 'malformed data')

    def test_a_node_group_list_of_strings(self):
        session = fakes.scripted_cloud()
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            session.route('container-infra', f'clusters/{ident}/nodegroups/',
                          {'nodegroups': 'default-worker'})
        result, bundle = self.create(session)
        outcomes = {c['name']: c for c in bundle.manifest['collectors']}
        self.assertEqual('error', outcomes['nodegroup_list']['outcome'])
        self.assertIn(f'{C}/cluster.json', bundle.files)
        self.assertEqual(1, len(result['collector_errors']))


class TestTemplates(CreateTestCase):

    def test_a_template_not_listed_is_asked_for_once(self):
        # Two clusters on a hidden template: not in the list, one GET.
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clustertemplates/detail',
                      {'clustertemplates': []})
        other = 'c0ffee00-6a0e-4d55-9b5e-1f6b7f0d2a11'
        session.route('container-infra', f'clusters/{other}',
                      fakes.cluster(uuid=other, name='other'))
        session.route('container-infra', f'clusters/{other}/nodegroups/',
                      {'nodegroups': []})
        _result, bundle = self.create(session, clusters=('demo-failed',
                                                         other))
        asked = [path for _s, _m, path, _p in session.calls
                 if path == f'clustertemplates/{fakes.TEMPLATE_UUID}']
        self.assertEqual(1, len(asked))
        for folder in (C, 'clusters/other'):
            self.assertEqual(fakes.TEMPLATE_UUID, bundle.json(
                f'{folder}/cluster-template.json')['uuid'])

    def test_template_list_fails_the_template_is_asked_by_id(self):
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clustertemplates/detail',
                      fakes.magnum_error(500, 'boom'))
        _result, bundle = self.create(session)
        outcomes = {c['name']: c['outcome']
                    for c in bundle.manifest['collectors']}
        self.assertEqual(('error', 'ok'), (outcomes['templates'],
                                           outcomes['cluster_template']))
        self.assertIn(f'{C}/cluster-template.json', bundle.files)


class TestFatal(CreateTestCase):

    def assertFatal(self, session, message, **options):
        exc = self.assertRaises(osc_exc.CommandError, self.create, session,
                                **options)
        self.assertIn(message, str(exc))
        self.assertEqual(1, len(str(exc).splitlines()))
        self.assertEqual([], os.listdir(self.dir))

    def test_cluster_not_found(self):
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clusters/demo-failed',
                      fakes.magnum_error(404, 'Cluster demo-failed could '
                                              'not be found.'))
        self.assertFatal(session, 'cluster demo-failed: Cluster demo-failed '
                                  'could not be found. (HTTP 404')

    def test_ambiguous(self):
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clusters/demo-failed',
                      fakes.magnum_error(409, 'Multiple clusters exist with '
                                              'same name. Please use the '
                                              'cluster uuid instead.'))
        self.assertFatal(session, 'Multiple clusters exist with same name')

    def test_unreachable(self):
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clusters/demo-failed',
                      ks_exc.ConnectFailure('Unable to establish connection '
                                            'to http://127.0.0.1:9511'))
        self.assertFatal(session, 'cannot reach the API')

    def test_no_container_infra_endpoint(self):
        session = fakes.scripted_cloud()
        del session.endpoints['container-infra']
        self.assertFatal(session,
                         'no container-infra endpoint in region nz-hlz-1')

    def test_output_folder_missing(self):
        missing = os.path.join(self.dir, 'nope', 'b.tar.gz')
        self.assertFatal(fakes.scripted_cloud(), 'does not exist',
                         output=missing)

    def test_never_overwrites(self):
        path = os.path.join(self.dir, 'b.tar.gz')
        with open(path, 'w') as f:
            f.write('keep')
        exc = self.assertRaises(osc_exc.CommandError, self.create,
                                fakes.scripted_cloud(), output=path)
        self.assertIn('exists; use --force', str(exc))
        with open(path) as f:
            self.assertEqual('keep', f.read())
        result, _bundle = self.create(fakes.scripted_cloud(), output=path,
                                      force=True)
        self.assertEqual(path, result['path'])

    def test_bad_custom_pattern(self):
        self.assertFatal(fakes.scripted_cloud(), "--redact '(' is not a "
                                                 'valid regular expression',
                         redact_patterns=('(',))


class TestSeveralClusters(CreateTestCase):

    def all_clusters(self, session):
        opts = create.Options(clusters=[], all_clusters=True,
                              output=self.dir)
        result = create.create(fakes.client_manager(session), ARGV, opts,
                               '1')
        return result, archive.read(result['path'])

    def test_all_clusters(self):
        session = fakes.scripted_cloud()
        listed = fakes.cluster()
        del listed['faults']    # Magnum adds faults only to a show
        session.route('container-infra', 'clusters/detail',
                      {'clusters': [listed]})
        result, bundle = self.all_clusters(session)
        self.assertRegex(os.path.basename(result['path']),
                         r'^coe-support-all-\d{8}T\d{6}Z\.tar\.gz$')
        self.assertEqual(['demo-failed'], result['clusters'])
        collectors = bundle.manifest['collectors']
        self.assertEqual(
            {('demo-failed', fakes.CLUSTER_UUID)},
            {(c['cluster'], c['cluster_uuid']) for c in collectors
             if c['name'] not in ('templates', 'cluster_list')})
        # A failed cluster is shown once more, for its faults.
        self.assertIn('default-worker', bundle.json(
            f'{C}/cluster.json')['faults'])

    def test_all_clusters_in_one_request(self):
        session = fakes.scripted_cloud()
        healthy = []
        for i in range(3):
            uuid = f'c0ffee0{i}-6a0e-4d55-9b5e-1f6b7f0d2a11'
            healthy.append(fakes.cluster(
                uuid=uuid, name=f'ok-{i}', status='CREATE_COMPLETE',
                faults={}))
            session.route('container-infra', f'clusters/{uuid}/nodegroups/',
                          {'nodegroups': []})
        session.route('container-infra', 'clusters/detail',
                      {'clusters': healthy})
        result, bundle = self.all_clusters(session)
        self.assertEqual(['ok-0', 'ok-1', 'ok-2'], result['clusters'])
        magnum = sorted(path for service, _m, path, _p in session.calls
                        if service == 'container-infra')
        self.assertEqual(sorted(
            ['clusters/detail', 'clustertemplates/detail'] + [
                f'clusters/c0ffee0{i}-6a0e-4d55-9b5e-1f6b7f0d2a11/'
                'nodegroups/' for i in range(3)]), magnum)
        self.assertEqual('ok-1', bundle.json(
            'clusters/ok-1/cluster.json')['name'])

    def test_all_clusters_when_there_are_none(self):
        session = fakes.scripted_cloud()
        session.route('container-infra', 'clusters/detail',
                      {'clusters': []})
        exc = self.assertRaises(osc_exc.CommandError, self.all_clusters,
                                session)
        self.assertEqual('there are no clusters in this project and region',
                         str(exc))
        self.assertEqual([], os.listdir(self.dir))

    def test_same_name_twice_gets_two_folders(self):
        session = fakes.scripted_cloud()
        other = 'c0ffee00-6a0e-4d55-9b5e-1f6b7f0d2a11'
        session.route('container-infra', f'clusters/{other}',
                      fakes.cluster(uuid=other))
        session.route('container-infra', f'clusters/{other}/nodegroups/',
                      {'nodegroups': []})
        _result, bundle = self.create(session, clusters=(fakes.CLUSTER_UUID,
                                                         other))
        self.assertEqual(
            ['clusters/demo-failed', 'clusters/demo-failed-c0ffee00'],
            [c['directory'] for c in bundle.manifest['clusters']])
        self.assertTrue(bundle.root.startswith(
            f'coe-support-{fakes.CLUSTER_UUID}-and-1-more-'))


class TestArchiveIsComplete(CreateTestCase):

    def test_members_are_regular_private_files(self):
        result, _bundle = self.create(fakes.scripted_cloud())
        with open(result['path'], 'rb') as f:
            data = f.read()
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            members = tar.getmembers()
        self.assertEqual({True}, {m.isfile() for m in members})
        self.assertEqual({0o600}, {m.mode for m in members})
        self.assertEqual('manifest.json', members[0].name.split('/')[-1])


class TestClusterApiCluster(CreateTestCase):
    """A Cluster API cluster: no Heat stack, and the bundle says so."""

    def test_no_stack_asked_for_and_what_is_offered_instead(self):
        session = fakes.scripted_cloud()
        c = fakes.cluster(
            status='CREATE_IN_PROGRESS', cluster_id='demo-failed-ljgmh4m3',
            stack_id='demo-failed-ljgmh4m3', faults='',
            status_reason='{"addons": {"cni-calico": "Deployed", '
                          '"csi-cinder": "Installing", '
                          '"k8s-keystone-auth": "Pending"}}',
            health_status='UNHEALTHY',
            health_status_reason={
                'cluster': 'Ready', 'infrastructure': 'Ready',
                'controlplane': 'Ready',
                'nodegroup': "default-worker waiting on ['Ready', "
                             "'Available']"})
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            session.route('container-infra', f'clusters/{ident}', c)
        result, bundle = self.create(session)
        self.assertFalse([call for call in session.calls
                          if call[0] == 'orchestration'])
        self.assertEqual([], result['collector_errors'])
        view = bundle.json(f'{C}/cluster-api.json')
        self.assertTrue(view['heat_stack'].startswith(
            'none: clusters of the Cluster API driver have no Heat stack'))
        # The add-on k8s-keystone-auth is a name, not a secret.
        self.assertEqual({'installed': 1, 'total': 3, 'failed': [],
                          'pending': ['csi-cinder', 'k8s-keystone-auth'],
                          'phases': {'cni-calico': 'Deployed',
                                     'csi-cinder': 'Installing',
                                     'k8s-keystone-auth': 'Pending'}},
                         view['addons'])
        self.assertEqual(['default-master', 'default-worker'],
                         [ng['name'] for ng in view['nodegroups']])
        self.assertFalse([f for f in bundle.files if '/stack/' in f])
        summary = bundle.files['summary.txt'].decode()
        self.assertIn('Driver: Cluster API (no Heat stack; see '
                      'cluster-api.json)', summary)
        self.assertIn('Reported: infrastructure ready, control plane ready, '
                      'workers not ready (default-worker), add-ons 1/3 '
                      'installed (csi-cinder installing)', summary)
        findings = {f['rule']: f for f in bundle.json(f'{C}/findings.json')}
        self.assertEqual('pass', findings['health']['result'])
