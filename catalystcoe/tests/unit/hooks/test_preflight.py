"""The pre-flight hook around a real stock command: refuse, warn, dry run.

The checks' results come from a subclass (what they say is tested in
``tests/unit/preflight``); what is tested here is what the hook does
with them, on python-magnumclient's real ``coe cluster create``.
"""

import argparse
import io
import types

from magnumclient.osc.v1 import clusters as osc_clusters
from osc_lib import exceptions as osc_exc
import testtools

from catalystcoe.hooks import preflight
from catalystcoe.preflight import rules

R = rules.Result
PASSING = [R('flavor', rules.PASS, 'c1.c2r4 (2 vCPUs, 4 GB RAM)'),
           R('labels', rules.WARN, 'kube_dashbaord_enabled: did you mean '
                                   'kube_dashboard_enabled?')]
FAILING = PASSING + [R('quota', rules.FAIL,
                       'needs 14 cores, 6 left of 48 (Nova)'),
                     R('gpu', rules.FAIL, 'GPU flavor g needs 1.33.5')]


class ScriptedHook(preflight.ClusterCreatePreflightHook):
    said = []
    asked = 0

    def results(self, parsed_args):
        type(self).asked += 1
        return self.said


class TestCreateHook(testtools.TestCase):

    def setUp(self):
        super().setUp()
        app = types.SimpleNamespace(stdout=io.StringIO(),
                                    stderr=io.StringIO())
        self.cmd = osc_clusters.CreateCluster(app, None)
        self.hook = ScriptedHook(self.cmd)
        parser = self.hook.get_parser(self.cmd.get_parser('create'))
        self.parse = parser.parse_args
        ScriptedHook.asked = 0

    def before(self, said, *argv):
        ScriptedHook.said = said
        args = self.parse(['c1', '--cluster-template', 't', *argv])
        return self.hook.before(args), args

    def test_warnings_are_said_before_a_refusal(self):
        ScriptedHook.said = FAILING
        args = self.parse(['c1', '--cluster-template', 't'])
        self.assertRaises(osc_exc.CommandError, self.hook.before, args)
        self.assertIn('Warning: pre-flight: labels: kube_dashbaord_enabled',
                      self.cmd.app.stderr.getvalue())
        self.assertEqual('', self.cmd.app.stdout.getvalue())

    def test_a_failing_check_refuses_with_one_line_each(self):
        ScriptedHook.said = FAILING
        args = self.parse(['c1', '--cluster-template', 't'])
        error = self.assertRaises(osc_exc.CommandError, self.hook.before,
                                  args)
        self.assertEqual(
            ['Pre-flight check failed: quota: needs 14 cores, 6 left of 48 '
             '(Nova)',
             'Pre-flight check failed: gpu: GPU flavor g needs 1.33.5',
             'Not sent: 2 pre-flight check(s) failed for create cluster c1. '
             'Fix them, or pass --skip-preflight to send the request '
             'anyway.'], str(error).splitlines())

    def test_warnings_only_let_the_request_go(self):
        parsed, _args = self.before(PASSING)
        self.assertIsInstance(parsed, argparse.Namespace)
        self.assertEqual(
            'Warning: pre-flight: labels: kube_dashbaord_enabled: did you '
            'mean kube_dashboard_enabled?\n', self.cmd.app.stderr.getvalue())
        # The command's own action is untouched.
        self.assertNotIn('take_action', vars(self.cmd))

    def test_dry_run_prints_every_check_and_replaces_the_action(self):
        _parsed, args = self.before(FAILING, '--dry-run')
        self.assertEqual(
            'pass  flavor: c1.c2r4 (2 vCPUs, 4 GB RAM)\n'
            'warn  labels: kube_dashbaord_enabled: did you mean '
            'kube_dashboard_enabled?\n'
            'fail  quota: needs 14 cores, 6 left of 48 (Nova)\n'
            'fail  gpu: GPU flavor g needs 1.33.5\n',
            self.cmd.app.stdout.getvalue())
        self.assertEqual('Dry run: nothing was sent.\n',
                         self.cmd.app.stderr.getvalue())
        # cliff's run() calls take_action: it now sends nothing.
        self.assertEqual(1, self.cmd.take_action(args))

    def test_dry_run_exit_0_when_nothing_fails(self):
        _parsed, args = self.before(PASSING, '--dry-run')
        self.assertEqual(0, self.cmd.take_action(args))

    def test_skip_preflight_runs_no_check(self):
        self.before(FAILING, '--skip-preflight')
        self.assertEqual(0, ScriptedHook.asked)
        self.assertEqual('', self.cmd.app.stderr.getvalue())
