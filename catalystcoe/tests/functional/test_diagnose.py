"""``coe cluster diagnose`` through the real CLI, local cloud.

The local driver fails on purpose when a ``fake_failure`` label asks, with
the texts Heat and Magnum give; diagnose must name the cause, suggest the
next step and exit 2 when a check fails (rows printed all the same).
"""

import json

from catalystcoe.tests.functional import base

QUIET = {'CATALYSTCOE_PREVIEW_WARNING': 'never'}
EXIT_FAILED_CHECK = 2


class DiagnoseTest(base.FunctionalTest):

    def diagnose(self, name, region=None, expected_stderr=()):
        res = self.openstack('coe', 'cluster', 'diagnose', name, '-f',
                             'json', env=QUIET, region=region, check=False,
                             expected_stderr=expected_stderr)
        self.assertNotIn('Traceback', res.stderr)
        self.assertIn(res.rc, (0, EXIT_FAILED_CHECK), res)
        rows = json.loads(res.stdout)
        for row in rows:
            self.assertIn(row['Result'], ('pass', 'warn', 'fail'))
        return res.rc, {row['Check']: row for row in rows}, res.stderr

    def create_failing(self, scenario, **labels):
        name = self.unique_name(f'dg-{scenario.replace("_", "-")}')
        self.create_cluster(name, labels=dict(labels, fake_failure=scenario,
                                              fake_driver='heat'))
        self.wait_for_cluster_status(name, 'CREATE_FAILED')
        return name


class TestSeeded(DiagnoseTest):

    def test_failed_cluster(self):
        rc, rows, _err = self.diagnose(base.CLUSTER_FAILED)
        self.assertEqual(EXIT_FAILED_CHECK, rc)
        self.assertEqual('fail', rows['Quota']['Result'])
        self.assertTrue(rows['Quota']['Detail'].startswith(
            'quota exceeded for cores'), rows['Quota'])
        self.assertIn('Support Centre', rows['Quota']['Next step'])
        self.assertEqual('fail', rows['Heat stack']['Result'])
        self.assertEqual('pass', rows['Keypair']['Result'])

    def test_healthy_cluster(self):
        rc, rows, _err = self.diagnose(base.CLUSTER_HEALTHY)
        self.assertEqual(0, rc, rows)
        for check in ('Cluster status', 'Health', 'Quota', 'Node groups',
                      'Node addresses', 'Add-ons'):
            self.assertEqual('pass', rows[check]['Result'], rows[check])
        # A Cluster API cluster: no Heat stack to check.
        self.assertNotIn('Heat stack', rows)

    def test_unhealthy_cluster(self):
        rc, rows, _err = self.diagnose(base.CLUSTER_UNHEALTHY)
        self.assertEqual(EXIT_FAILED_CHECK, rc)
        self.assertEqual('fail', rows['Health']['Result'])
        self.assertIn('default-worker waiting on', rows['Health']['Detail'])
        self.assertIn('kubectl', rows['Health']['Next step'])

    def test_table_output_still_printed_on_failure(self):
        res = self.openstack('coe', 'cluster', 'diagnose',
                             base.CLUSTER_FAILED, '-f', 'value', '-c',
                             'Check', '-c', 'Result', env=QUIET, check=False)
        self.assertEqual(EXIT_FAILED_CHECK, res.rc)
        self.assertIn('Quota fail', res.stdout)

    def test_unknown_cluster(self):
        res = self.openstack('coe', 'cluster', 'diagnose', 'no-such-one',
                             env=QUIET, check=False,
                             expected_stderr=base.NOT_FOUND)
        self.assertEqual(1, res.rc)
        self.assertRegex(res.stderr.strip(), r'^cluster no-such-one: Cluster '
                                             r'no-such-one could not be '
                                             r'found[^\n]*$')


class TestScenarios(DiagnoseTest):

    def test_keypair_not_found(self):
        name = self.create_failing('keypair')
        rc, rows, _err = self.diagnose(name)
        self.assertEqual(EXIT_FAILED_CHECK, rc)
        self.assertEqual('fail', rows['Keypair']['Result'])
        self.assertIn('could not be found', rows['Keypair']['Detail'])
        self.assertIn('does not exist in this region',
                      rows['Keypair']['Next step'])
        self.assertEqual('pass', rows['Quota']['Result'])

    def test_no_address(self):
        name = self.create_failing('no_address')
        _rc, rows, _err = self.diagnose(name)
        self.assertEqual('fail', rows['Node addresses']['Result'])
        self.assertIn('no address found for host',
                      rows['Node addresses']['Detail'])

    def test_load_balancer_error(self):
        name = self.create_failing('lb_error')
        _rc, rows, _err = self.diagnose(name)
        self.assertEqual('fail', rows['Load balancer']['Result'])

    def test_timeout(self):
        name = self.create_failing('timeout', fake_timeout_seconds='5')
        _rc, rows, _err = self.diagnose(name)
        self.assertEqual('fail', rows['Time-out']['Result'])
        self.assertIn('--timeout', rows['Time-out']['Next step'])

    def test_labels_wiped_without_merge_labels(self):
        name = self.unique_name('dg-labels')
        self.create_cluster(name, labels={'boot_volume_size': '20'},
                            merge_labels=False, wait='CREATE_COMPLETE',
                            expected_stderr=[base.LABELS_DROPPED])
        _rc, rows, _err = self.diagnose(name)
        self.assertEqual('warn', rows['Labels']['Result'], rows['Labels'])
        self.assertIn('missing from the cluster', rows['Labels']['Detail'])
        self.assertIn('--merge-labels', rows['Labels']['Next step'])

    def test_delete_blocked(self):
        name = self.unique_name('dg-delete')
        self.create_cluster(name, labels={'fake_failure': 'delete_conflict',
                                          'fake_driver': 'heat'},
                            wait='CREATE_COMPLETE')
        self.openstack('coe', 'cluster', 'delete', name, env=QUIET)
        self.wait_for_cluster_status(name, ('DELETE_FAILED',))
        rc, rows, _err = self.diagnose(name)
        self.assertEqual(EXIT_FAILED_CHECK, rc)
        self.assertEqual('fail', rows['Delete blocked']['Result'])
        self.assertIn('One or more ports have an IP allocation',
                      rows['Delete blocked']['Detail'])

    def test_stack_forbidden(self):
        name = self.unique_name('dg-forbidden')
        self.create_cluster(name, labels={'fake_stack': 'forbidden',
                                          'fake_driver': 'heat'},
                            wait='CREATE_COMPLETE')
        rc, rows, err = self.diagnose(
            name, expected_stderr=[base.STACK_FORBIDDEN])
        self.assertEqual(0, rc, rows)
        self.assertNotIn('Heat stack', rows)
        self.assertIn('not visible to you (HTTP 403)', err)
