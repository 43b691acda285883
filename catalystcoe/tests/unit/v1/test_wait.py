"""``openstack coe cluster wait`` over the real magnumclient manager."""

import contextlib
import io
import json

import testtools

from catalystcoe.tests.unit import fakes
from catalystcoe.tests.unit import helpers
from catalystcoe.v1 import wait as wait_cmd

UUID = helpers.CLUSTER_UUID
NOT_FOUND = fakes.magnum_error(404, 'Cluster nope could not be found.')
cluster = helpers.cluster


class TestWaitCluster(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.session = fakes.FakeSession()
        self.app = helpers.osc_app(self.session)
        self.clock = helpers.FakeClock()

    def script(self, path, *answers):
        self.session.magnum(path, helpers.in_turn(*answers))

    def run_wait(self, *argv):
        cmd = wait_cmd.WaitCluster(self.app, None)
        cmd.waiter_kwargs = {'clock': self.clock, 'interval': 5}
        parsed = cmd.get_parser('openstack coe cluster wait').parse_args(
            list(argv))
        rc = cmd.run(parsed)
        return rc, self.app.stdout.getvalue(), self.app.stderr.getvalue()

    def test_any_final_state_and_json_fields(self):
        self.script('clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.script(f'clusters/{UUID}', cluster('CREATE_IN_PROGRESS'),
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
        self.script('clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.script(f'clusters/{UUID}',
                    cluster('CREATE_FAILED', 'no address found for host'))
        rc, out, err = self.run_wait('c1', '-f', 'json')
        self.assertEqual((1, ''), (rc, out))
        self.assertIn('Cluster c1 is CREATE_FAILED after 0s: no address '
                      "found for host. Next: 'openstack coe cluster "
                      f"diagnose {UUID}'", err)

    def test_timeout_is_124(self):
        self.script('clusters/c1', cluster('CREATE_IN_PROGRESS'))
        self.script(f'clusters/{UUID}', cluster('CREATE_IN_PROGRESS'))
        rc, out, err = self.run_wait('c1', '--timeout', '7')
        self.assertEqual((124, ''), (rc, out))
        self.assertIn('Timed out after 7s', err)

    def test_status_delete_complete_means_gone(self):
        self.script('clusters/c1', cluster('DELETE_IN_PROGRESS'))
        self.script(f'clusters/{UUID}', cluster('DELETE_IN_PROGRESS'),
                    NOT_FOUND)
        rc, out, _err = self.run_wait('c1', '--status', 'delete_complete',
                                      '-f', 'json')
        self.assertEqual(0, rc)
        self.assertEqual({'uuid': UUID, 'name': 'c1',
                          'status': 'DELETE_COMPLETE'}, json.loads(out))

    def test_status_waits_past_other_final_states(self):
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.script(f'clusters/{UUID}', cluster('CREATE_COMPLETE'),
                    cluster('UPDATE_IN_PROGRESS'),
                    cluster('UPDATE_COMPLETE'))
        rc, out, _err = self.run_wait('c1', '--status', 'UPDATE_COMPLETE',
                                      '-f', 'value', '-c', 'status')
        self.assertEqual((0, 'UPDATE_COMPLETE\n'), (rc, out))

    def test_unknown_cluster_is_one_line(self):
        self.script('clusters/nope', NOT_FOUND)
        rc, out, err = self.run_wait('nope')
        self.assertEqual((1, ''), (rc, out))
        self.assertEqual('Cannot find cluster nope: Cluster nope could not '
                         'be found. (HTTP 404, request '
                         'req-00000001-0000-4000-8000-000000000000)\n', err)

    def test_html_is_never_taken_for_a_deletion(self):
        self.script('clusters/c1', cluster('UPDATE_IN_PROGRESS'))
        self.script(f'clusters/{UUID}', cluster('UPDATE_IN_PROGRESS'),
                    fakes.Raw(content=b'<html>proxy login</html>'))
        rc, out, err = self.run_wait('c1', '-f', 'json')
        self.assertEqual((1, ''), (rc, out))
        self.assertNotIn('DELETE_COMPLETE', err)
        self.assertIn("answered HTTP 200 (text/html) '<html>proxy login"
                      "</html>', not a JSON object", err.splitlines()[-1])

    def test_a_lookup_that_times_out_is_124(self):
        from keystoneauth1 import exceptions as ks_exc

        self.script('clusters/c1', ks_exc.ConnectTimeout('timed out'))
        rc, out, err = self.run_wait('c1', '--timeout', '20')
        self.assertEqual((124, ''), (rc, out))
        self.assertEqual('Cannot find cluster c1: no complete answer to GET '
                         '/clusters/c1 within 20 s\n', err)

    def test_bad_status_is_refused(self):
        cmd = wait_cmd.WaitCluster(self.app, None)
        parser = cmd.get_parser('openstack coe cluster wait')
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertRaises(SystemExit, parser.parse_args,
                              ['c1', '--status', 'DONE'])
        self.assertIn("'DONE' is not a cluster status; one of: "
                      'CREATE_IN_PROGRESS, CREATE_FAILED', err.getvalue())
