"""``coe cluster diagnose`` as cliff runs it, over a fake session."""

import json

from osc_lib import exceptions as osc_exc

from catalystcoe.tests.unit import fakes
from catalystcoe.tests.unit import helpers
from catalystcoe.v1 import diagnose


def healthy_cloud():
    session = fakes.scripted_cloud()
    c = fakes.cluster(
        status='CREATE_COMPLETE', status_reason='Stack CREATE completed '
                                                'successfully',
        faults={}, health_status='HEALTHY',
        health_status_reason={'cluster': 'Ready', 'nodegroup': 'Ready'},
        labels=dict(fakes.template()['labels']), labels_skipped={})
    for ident in ('demo-failed', fakes.CLUSTER_UUID):
        session.route('container-infra', f'clusters/{ident}', c)
    ngs = [fakes.nodegroup(fakes.NG_MASTER_UUID, 'default-master',
                           'master')]
    for ident in ('demo-failed', fakes.CLUSTER_UUID):
        session.route('container-infra', f'clusters/{ident}/nodegroups/',
                      {'nodegroups': ngs})
        session.route('container-infra', f'clusters/{ident}/nodegroups/'
                                         f'{fakes.NG_MASTER_UUID}', ngs[0])
    session.route('orchestration', f'stacks/{fakes.STACK_ID}',
                  {'stack': fakes.stack(stack_status='CREATE_COMPLETE')})
    session.route('orchestration', f'stacks/{fakes.STACK_ID}/resources',
                  {'resources': fakes.resources()[:1]})
    return session


class TestDiagnose(helpers.CommandTestCase):

    def test_failed_cluster_rows_and_exit_code(self):
        rc, out = self.run_cmd(diagnose.DiagnoseCluster, 'demo-failed', '-f',
                               'json')
        self.assertEqual(diagnose.EXIT_FAILED_CHECK, rc)
        rows = json.loads(out)
        self.assertEqual(['Check', 'Result', 'Detail', 'Next step'],
                         list(rows[0]))
        results = {r['Check']: r['Result'] for r in rows}
        self.assertEqual('fail', results['Quota'])
        self.assertEqual('fail', results['Heat stack'])
        self.assertEqual('pass', results['Keypair'])
        [quota] = [r for r in rows if r['Check'] == 'Quota']
        self.assertTrue(quota['Detail'].startswith(
            'quota exceeded for cores (in status_reason'))
        self.assertIn('Support Centre', quota['Next step'])
        self.assertEqual('', self.app.stderr.getvalue())

    def test_healthy_cluster_exits_0(self):
        self.app.client_manager = fakes.client_manager(healthy_cloud())
        rc, out = self.run_cmd(diagnose.DiagnoseCluster, 'demo-failed', '-f',
                               'value', '-c', 'Result')
        self.assertEqual(0, rc)
        self.assertEqual({'pass'}, set(out.split()))

    def test_stack_forbidden_is_a_note_not_a_failure(self):
        session = healthy_cloud()
        session.route('orchestration', f'stacks/{fakes.STACK_ID}',
                      (403, {'error': {'message': 'not authorized'}}))
        self.app.client_manager = fakes.client_manager(session)
        rc, out = self.run_cmd(diagnose.DiagnoseCluster, 'demo-failed', '-f',
                               'json')
        self.assertEqual(0, rc)
        self.assertNotIn('Heat stack', {r['Check'] for r in json.loads(out)})
        self.assertEqual('Note: the Heat stack behind the cluster is not '
                         'visible to you (HTTP 403); stack checks were '
                         'skipped.\n', self.app.stderr.getvalue())

    def test_no_orchestration_endpoint(self):
        session = healthy_cloud()
        del session.endpoints['orchestration']
        self.app.client_manager = fakes.client_manager(session,
                                                       region='nz-por-1')
        rc, _out = self.run_cmd(diagnose.DiagnoseCluster, 'demo-failed')
        self.assertEqual(0, rc)
        self.assertEqual('Note: stack checks were skipped: no orchestration '
                         '(Heat) endpoint in the service catalog for region '
                         'nz-por-1.\n', self.app.stderr.getvalue())

    def test_unknown_cluster(self):
        self.session.route('container-infra', 'clusters/nope',
                           fakes.magnum_error(404, 'Cluster nope could not '
                                                   'be found.'))
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                diagnose.DiagnoseCluster, 'nope')
        self.assertIn('cluster nope: Cluster nope could not be found.',
                      str(exc))

    def test_secrets_in_what_the_api_said_are_not_printed(self):
        planted = ['plantedDiagPw-1', 'plantedDiagBearer-2',
                   'plantedDiagToken-3', 'plantedDiagUrlPw-4']
        session = fakes.scripted_cloud()
        c = fakes.cluster(
            status_reason=('Resource CREATE failed: Quota exceeded for '
                           f'cores password={planted[0]} Bearer '
                           f'{planted[1]}'),
            health_status='UNHEALTHY',
            health_status_reason={
                'api': f'token: {planted[2]}',
                'default-worker-abc.Ready': 'False'})
        for ident in ('demo-failed', fakes.CLUSTER_UUID):
            session.route('container-infra', f'clusters/{ident}', c)
        session.route('orchestration', f'stacks/{fakes.STACK_ID}', (500, {
            'error': {'message': f'see https://heat:{planted[3]}@'
                                 'heat.example.com/v1'}}))
        self.app.client_manager = fakes.client_manager(session)
        rc, out = self.run_cmd(diagnose.DiagnoseCluster, 'demo-failed', '-f',
                               'json')
        self.assertEqual(diagnose.EXIT_FAILED_CHECK, rc)
        printed = out + self.app.stderr.getvalue()
        self.assertEqual([], [s for s in planted if s in printed])
        self.assertIn('Quota exceeded for cores', printed)
        self.assertIn('***REDACTED***', printed)
