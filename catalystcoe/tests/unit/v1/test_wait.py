"""``openstack coe cluster wait`` over the real magnumclient manager."""

import contextlib
import io
import json

from magnumclient import exceptions as mc_exc
from osc_lib import exceptions as osc_exc

from catalystcoe.tests.unit.hooks import test_wait as hook_tests
from catalystcoe.v1 import wait as wait_cmd

UUID = hook_tests.UUID
cluster = hook_tests.cluster


class TestWaitCluster(hook_tests.HookTestCase):

    def run_wait(self, *argv):
        self.app.stdout = io.StringIO()
        cmd = wait_cmd.WaitCluster(self.app, None)
        cmd.waiter_kwargs = {'clock': self.clock, 'sleep': self.clock.sleep,
                             'interval': 5}
        parsed = cmd.get_parser('openstack coe cluster wait').parse_args(
            list(argv))
        rc = cmd.run(parsed)
        return rc, self.app.stdout.getvalue(), self.app.stderr.getvalue()

    def test_any_final_state_and_json_fields(self):
        self.api.script('/v1/clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.api.script(f'/v1/clusters/{UUID}', cluster('CREATE_IN_PROGRESS'),
                        cluster('CREATE_COMPLETE', 'ok', labels={'a': 'b'}))
        rc, out, err = self.run_wait('c1', '-f', 'json')
        self.assertEqual(0, rc)
        data = json.loads(out)
        self.assertEqual('CREATE_COMPLETE', data['status'])
        self.assertEqual({'a': 'b'}, data['labels'])
        self.assertEqual(UUID, data['uuid'])
        self.assertTrue(err.endswith(
            'Cluster c1 is CREATE_COMPLETE (waited 5s).\n'))

    def test_failed_is_exit_1_and_nothing_on_stdout(self):
        self.api.script('/v1/clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.api.script(f'/v1/clusters/{UUID}',
                        cluster('CREATE_FAILED', 'no address found for host'))
        rc, out, err = self.run_wait('c1', '-f', 'json')
        self.assertEqual((1, ''), (rc, out))
        self.assertIn('Cluster c1 is CREATE_FAILED after 0s: no address '
                      "found for host. Next: 'openstack coe cluster "
                      f"diagnose {UUID}'", err)

    def test_timeout_is_124(self):
        self.api.script('/v1/clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.api.script(f'/v1/clusters/{UUID}', cluster('CREATE_IN_PROGRESS'))
        rc, out, err = self.run_wait('c1', '--timeout', '7')
        self.assertEqual((124, ''), (rc, out))
        self.assertIn('Timed out after 7s', err)

    def test_status_delete_complete_means_gone(self):
        self.api.script('/v1/clusters/c1', cluster('DELETE_IN_PROGRESS'))
        self.api.script(f'/v1/clusters/{UUID}', cluster('DELETE_IN_PROGRESS'),
                        mc_exc.NotFound())
        rc, out, _err = self.run_wait('c1', '--status', 'delete_complete',
                                      '-f', 'json')
        self.assertEqual(0, rc)
        self.assertEqual({'uuid': UUID, 'name': 'c1',
                          'status': 'DELETE_COMPLETE'}, json.loads(out))

    def test_status_waits_past_other_final_states(self):
        self.api.script('/v1/clusters/c1', cluster('CREATE_COMPLETE'))
        self.api.script(f'/v1/clusters/{UUID}', cluster('CREATE_COMPLETE'),
                        cluster('UPDATE_IN_PROGRESS'),
                        cluster('UPDATE_COMPLETE'))
        rc, out, _err = self.run_wait('c1', '--status', 'UPDATE_COMPLETE',
                                      '-f', 'value', '-c', 'status')
        self.assertEqual((0, 'UPDATE_COMPLETE\n'), (rc, out))

    def test_unknown_cluster_is_one_line(self):
        self.api.script('/v1/clusters/nope',
                        mc_exc.NotFound(message='Cluster nope could not be '
                                                'found.'))
        exc = self.assertRaises(osc_exc.CommandError, self.run_wait, 'nope')
        self.assertEqual('Cannot find cluster nope: Cluster nope could not '
                         'be found. (HTTP 404)', str(exc))

    def test_bad_status_is_refused(self):
        cmd = wait_cmd.WaitCluster(self.app, None)
        parser = cmd.get_parser('openstack coe cluster wait')
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertRaises(SystemExit, parser.parse_args,
                              ['c1', '--status', 'DONE'])
        self.assertIn("'DONE' is not a cluster status; one of: "
                      'CREATE_IN_PROGRESS, CREATE_FAILED', err.getvalue())
