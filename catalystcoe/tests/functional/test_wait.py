"""--wait on the stock commands and ``coe cluster wait``, real CLI.

The local cloud's conductor moves clusters through their states in about
10 s; the first poll interval is set to 1 s through the environment.
"""

import os
import re
import signal
import subprocess
import time

from catalystcoe.tests.functional import base

FAST = {'CATALYSTCOE_WAIT_INTERVAL': '1',
        'CATALYSTCOE_PREVIEW_WARNING': 'never'}
UUID_RE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
TRACEBACK = 'Traceback'
# The last line of a wait that failed or ran out of time.
FAILED = r'^Cluster \S+ is [A-Z_]+_FAILED after \d+s: '
TIMED_OUT = r'^Timed out after \d+s waiting for cluster '


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class WaitTest(base.FunctionalTest):

    def run_cli(self, *args, check=False, **kwargs):
        return self.openstack(*args, env=FAST, check=check,
                              timeout=base.LIFECYCLE_TIMEOUT + 120, **kwargs)

    def create(self, name, *extra, expected_stderr=()):
        res = self.run_cli('coe', 'cluster', 'create', name,
                           '--cluster-template', base.TEMPLATE_LATEST,
                           '--master-count', '1', '--node-count', '1',
                           *extra, expected_stderr=expected_stderr)
        if res.rc == 0 or 'accepted' in res.stdout:
            self.addCleanup(self.delete_cluster_eventually, name)
        return res

    def assertCleanFailure(self, res, rc):
        self.assertEqual(rc, res.rc, res)
        self.assertNotIn(TRACEBACK, res.stderr)
        return res.stderr.strip().splitlines()[-1]


class TestClusterLifecycle(WaitTest):

    def test_create_resize_nodegroup_update_delete(self):
        # One cluster through every waiting command, in order.
        name = self.unique_name('wait')

        res = self.create(name, '--wait')
        self.assertEqual(0, res.rc, res)
        match = re.fullmatch(
            f'Request to create cluster ({UUID_RE}) accepted\n', res.stdout)
        self.assertIsNotNone(match, res.stdout)
        uuid = match.group(1)
        lines = res.stderr.splitlines()
        # Magnum counts the workers once the conductor has made the
        # worker node group: the first line may still say 0.
        self.assertTrue(any(re.match(
            rf'\[\d+s\] Cluster {name}: CREATE_IN_PROGRESS, masters 1, '
            r'workers [01]', line) for line in lines), res.stderr)
        self.assertRegex(lines[-1], rf'^Cluster {name} is CREATE_COMPLETE '
                                    r'\(waited \d+s\)\.$')
        shown = self.show_cluster(name)
        self.assertEqual((uuid, 'CREATE_COMPLETE'),
                         (shown['uuid'], shown['status']))

        res = self.run_cli('coe', 'cluster', 'resize', name, '2', '--wait')
        self.assertEqual(0, res.rc, res)
        self.assertEqual(
            f'Request to resize cluster {name} has been accepted.\n',
            res.stdout)
        self.assertIn('UPDATE_IN_PROGRESS', res.stderr)
        self.assertRegex(res.stderr.splitlines()[-1],
                         rf'^Cluster {name} is UPDATE_COMPLETE ')
        shown = self.show_cluster(name)
        self.assertEqual((2, 'UPDATE_COMPLETE'),
                         (shown['node_count'], shown['status']))

        res = self.run_cli('coe', 'nodegroup', 'create', name, 'extra',
                           '--node-count', '1', '--wait')
        self.assertEqual(0, res.rc, res)
        self.assertRegex(res.stdout,
                         f'^Request to create nodegroup {UUID_RE} accepted\n$')
        self.assertRegex(
            res.stderr.splitlines()[-1],
            rf'^Node group extra of cluster {uuid} is CREATE_COMPLETE ')

        res = self.run_cli('coe', 'nodegroup', 'delete', name, 'extra',
                           '--wait')
        self.assertEqual(0, res.rc, res)
        self.assertRegex(res.stderr.splitlines()[-1],
                         rf'^Node group extra of cluster {uuid} is deleted ')

        # Already UPDATE_COMPLETE before the request: not taken for the
        # outcome until the cluster has moved.
        res = self.run_cli('coe', 'cluster', 'update', name,
                           '--node-count', '3', '--wait')
        self.assertEqual(0, res.rc, res)
        self.assertEqual(
            f'Request to update cluster {name} has been accepted.\n',
            res.stdout)
        self.assertIn('UPDATE_IN_PROGRESS', res.stderr)

        res = self.run_cli('coe', 'cluster', 'wait', name, '-f', 'json')
        self.assertEqual(0, res.rc, res)
        self.assertEqual((uuid, 'UPDATE_COMPLETE', 3),
                         (res.json['uuid'], res.json['status'],
                          res.json['node_count']))

        res = self.run_cli('coe', 'cluster', 'delete', name, '--wait')
        self.assertEqual(0, res.rc, res)
        self.assertEqual(
            f'Request to delete cluster {name} has been accepted.\n',
            res.stdout)
        self.assertRegex(res.stderr.splitlines()[-1],
                         rf'^Cluster {name} is deleted \(waited \d+s\)\.$')
        self.assertIsNone(self.show_cluster(name, check=False))


class TestFailures(WaitTest):

    def test_failed_create_is_one_line_with_reason_and_hints(self):
        name = self.unique_name('waitfail')
        res = self.create(name, '--labels',
                          'fake_failure=quota,fake_driver=heat',
                          '--merge-labels', '--wait',
                          expected_stderr=[FAILED])
        last = self.assertCleanFailure(res, 1)
        uuid = re.search(UUID_RE, res.stdout).group(0)
        shown = self.show_cluster(name)
        self.assertEqual('CREATE_FAILED', shown['status'])
        reason = ' '.join(shown['status_reason'].split())
        self.assertTrue(reason)
        self.assertRegex(last, rf'^Cluster {name} is CREATE_FAILED after '
                               r'\d+s: ')
        self.assertTrue(last.endswith(
            f": {reason}. Next: 'openstack coe cluster diagnose {uuid}', "
            f"then 'openstack coe support bundle create {uuid}' for a "
            'support ticket.'), last)

    def test_wait_timeout(self):
        name = self.unique_name('waittime')
        res = self.create(name, '--labels', 'fake_duration=20',
                          '--merge-labels', '--wait', '1',
                          expected_stderr=[TIMED_OUT])
        last = self.assertCleanFailure(res, 124)
        self.assertRegex(last, rf'^Timed out after \d+s waiting for cluster '
                               rf'{name} \(')
        self.assertIn('the operation itself goes on in the cloud. Follow it '
                      "with 'openstack coe cluster wait ", last)

    def test_ctrl_c_stops_waiting_not_the_create(self):
        name = self.unique_name('waitint')
        cmd = [base.OPENSTACK, '--os-cloud', self.cloud, 'coe', 'cluster',
               'create', name, '--cluster-template', base.TEMPLATE_LATEST,
               '--labels', 'fake_duration=20', '--merge-labels', '--wait']
        # As in a terminal, SIGINT at its default: a runner started in
        # the background (bash without job control) hands it down ignored.
        proc = subprocess.Popen(cmd, env=base.cli_env(FAST), text=True,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE,
                                preexec_fn=_default_sigint)
        self.addCleanup(self.delete_cluster_eventually, name)
        # Interrupt once the cluster is visibly in progress (the conductor
        # writes it a moment after the request is accepted).
        for _line in range(40):
            if f'Cluster {name}: CREATE_IN_PROGRESS' in \
                    proc.stderr.readline():
                break
        else:
            self.fail('no CREATE_IN_PROGRESS progress line on stderr')
        time.sleep(1)
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(130, proc.returncode, err)
        self.assertNotIn(TRACEBACK, err)
        self.assertRegex(err.strip().splitlines()[-1],
                         rf'^Stopped waiting for cluster {name} after \d+s '
                         r'\(still CREATE_IN_PROGRESS\); the operation '
                         r'itself goes on in the cloud\.')
        self.assertRegex(out, f'^Request to create cluster {UUID_RE} '
                              'accepted\n$')
        self.assertEqual('CREATE_IN_PROGRESS',
                         self.show_cluster(name)['status'])


class TestWaitCommand(WaitTest):

    def test_every_changing_command_takes_wait(self):
        for command in (('cluster', 'create'), ('cluster', 'update'),
                        ('cluster', 'resize'), ('cluster', 'upgrade'),
                        ('cluster', 'delete'), ('nodegroup', 'create'),
                        ('nodegroup', 'update'), ('nodegroup', 'delete')):
            res = self.run_cli('coe', *command, '--help', check=True)
            self.assertIn('--wait [<seconds>]', res.stdout, command)
            self.assertIn('CATALYSTCOE_WAIT_INTERVAL', res.stdout, command)

    def test_seeded_healthy_cluster(self):
        res = self.run_cli('coe', 'cluster', 'wait', base.CLUSTER_HEALTHY,
                           '-f', 'json')
        self.assertEqual(0, res.rc, res)
        # Other tests may be updating the seeded cluster: any *_COMPLETE.
        self.assertEqual(base.CLUSTER_HEALTHY, res.json['name'])
        self.assertRegex(res.json['status'], '^(CREATE|UPDATE)_COMPLETE$')
        self.assertRegex(res.stderr.splitlines()[-1],
                         rf'^Cluster {base.CLUSTER_HEALTHY} is '
                         f'{res.json["status"]} ')

    def test_seeded_failed_cluster(self):
        res = self.run_cli('coe', 'cluster', 'wait', base.CLUSTER_FAILED,
                           '-f', 'json', expected_stderr=[FAILED])
        last = self.assertCleanFailure(res, 1)
        self.assertEqual('', res.stdout)
        self.assertIn(f'Cluster {base.CLUSTER_FAILED} is CREATE_FAILED', last)
        self.assertIn("'openstack coe cluster diagnose ", last)

    def test_status_and_timeout(self):
        res = self.run_cli('coe', 'cluster', 'wait', base.CLUSTER_HEALTHY,
                           '--status', 'DELETE_COMPLETE', '--timeout', '2',
                           expected_stderr=[TIMED_OUT])
        last = self.assertCleanFailure(res, 124)
        self.assertRegex(last, r'^Timed out after \d+s waiting for cluster '
                               rf'{base.CLUSTER_HEALTHY} \(still [A-Z_]+\)')

    def test_unknown_cluster(self):
        res = self.run_cli('coe', 'cluster', 'wait', 'no-such-cluster',
                           expected_stderr=[r'^Cannot find cluster '
                                            r'no-such-cluster: '])
        last = self.assertCleanFailure(res, 1)
        self.assertIn('Cannot find cluster no-such-cluster', last)
