"""Every failure scenario of both drivers, through the real CLI.

The local driver behaves as the Cluster API driver (the default, as on
Catalyst Cloud since 2024) or as the Heat-era one (``fake_driver=heat``)
and fails on purpose when a ``fake_failure`` label asks, with the texts
the real drivers write (``tools/localcloud/driver``).  For each scenario
``coe cluster diagnose`` must name the cause in the right row and exit
2; ``--wait`` must show what the driver reports; the bundle of a Cluster
API cluster must say that there is no Heat stack.
"""

import json
import shutil
import tempfile
import time

from catalystcoe.support import archive
from catalystcoe.tests.functional import base

QUIET = {'CATALYSTCOE_PREVIEW_WARNING': 'never'}
FAST = dict(QUIET, CATALYSTCOE_WAIT_INTERVAL='1')
EXIT_FAILED_CHECK = 2
# A create_timeout of one minute: the Cluster API driver never fails an
# operation, diagnose judges it stuck once it runs longer than this.
ONE_MINUTE = ('--timeout', '1')
OVERDUE_SECONDS = 75


def _scenario(name, check, labels=None, driver='capi', action='create',
              extra=(), flavor=None, result='fail', detail=None):
    return dict(name=name, check=check, labels=dict(labels or {}),
                driver=driver, action=action, extra=tuple(extra),
                flavor=flavor, result=result, detail=detail)


# (scenario, the diagnose row that must name it, ...)
SCENARIOS = (
    # -- Cluster API ----------------------------------------------------
    _scenario('quota', 'Quota', detail='floating IPs', action='in_progress'),
    _scenario('lb_error', 'Load balancer', detail='answered 502',
              action='in_progress'),
    _scenario('lb_not_active', 'Load balancer', detail='is not active',
              action='in_progress'),
    _scenario('no_valid_host', 'Control plane', action='overdue',
              extra=ONE_MINUTE, detail='controlplane Waiting on'),
    _scenario('control_plane', 'Control plane', action='overdue',
              extra=ONE_MINUTE),
    _scenario('nodes_not_joining', 'Nodes joining', action='overdue',
              extra=ONE_MINUTE, detail='default-worker waiting on'),
    _scenario('addons_stuck', 'Add-ons', action='overdue', extra=ONE_MINUTE,
              detail='add-ons 3/7 installed'),
    _scenario('addons_failed', 'Add-ons', detail='failed: csi-cinder'),
    _scenario('image_kube_version', 'Image and flavor',
              detail='does not have a kube_version property'),
    _scenario('image_os_distro', 'Image and flavor',
              detail='does not have an os_distro property'),
    _scenario('small_flavor', 'Image and flavor', flavor='c1.c1r1',
              detail='does not have enough RAM'),
    _scenario('external_network', 'Networks',
              detail='Unable to find external network public-net'),
    _scenario('certificates', 'Certificates'),
    # A bastion of the user's on the cluster's network (the stand-in's
    # world makes it) blocks the delete.
    _scenario('delete_blocked', 'Delete blocked', action='delete',
              labels={'fake_bastion': 'true'}, detail='ports still in use'),
    _scenario('delete_blocked_floating_ip', 'Delete blocked',
              labels={'fake_failure': 'delete_blocked',
                      'fake_blocker': 'floating_ip'},
              action='delete', detail='required by one or more floating'),
    _scenario('delete_blocked_router_interface', 'Delete blocked',
              labels={'fake_failure': 'delete_blocked',
                      'fake_blocker': 'router_interface'},
              action='delete', detail='still has ports'),
    _scenario('delete_blocked_load_balancer', 'Delete blocked',
              labels={'fake_user_lb': 'true'},
              action='delete', detail='ports still in use'),
    _scenario('credential', 'Credentials', action='complete',
              detail='answered 401'),
    _scenario('rotate_warning', 'Credentials', action='rotate',
              result='warn', detail='could not be deleted'),
    # -- Heat era ---------------------------------------------------------
    _scenario('quota', 'Quota', driver='heat', detail='cores'),
    _scenario('wait_condition', 'Control plane', driver='heat',
              detail='master_wait_condition'),
    _scenario('nodes_not_joining', 'Nodes joining', driver='heat',
              detail='minion_wait_condition'),
    _scenario('no_valid_host', 'Capacity', driver='heat',
              detail='No valid host was found'),
    _scenario('image', 'Image and flavor', driver='heat',
              detail='could not be found'),
    _scenario('flavor', 'Image and flavor', driver='heat',
              detail='The Flavor ID'),
    _scenario('addons_failed', 'Add-ons', driver='heat',
              detail='kube_cluster_deploy'),
    _scenario('trust', 'Credentials', driver='heat',
              detail='Failed to create trustee or trust'),
    _scenario('certificates', 'Certificates', driver='heat'),
    _scenario('lb_error', 'Load balancer', driver='heat'),
    _scenario('keypair', 'Keypair', driver='heat'),
    _scenario('no_address', 'Node addresses', driver='heat'),
    _scenario('lb_predelete', 'Delete blocked', driver='heat',
              action='delete', detail='Timeout waiting for the load'),
    _scenario('delete_conflict', 'Delete blocked', driver='heat',
              action='delete', detail='One or more ports'),
    _scenario('credential', 'Credentials', driver='heat', action='resize',
              detail='keystone connection failed'),
)


class DriverTest(base.FunctionalTest):

    def diagnose(self, name):
        res = self.openstack('coe', 'cluster', 'diagnose', name, '-f',
                             'json', env=QUIET, check=False)
        self.assertNotIn('Traceback', res.stderr)
        self.assertIn(res.rc, (0, EXIT_FAILED_CHECK), res)
        return res.rc, {row['Check']: row for row in json.loads(res.stdout)}

    def bring_about(self, sc):
        """Create a cluster and drive it into the scenario's state."""
        name = self.start(sc)
        self.reach(sc, name)
        return name

    def start(self, sc):
        """Create the scenario's cluster; return its name."""
        scenario = sc['name']
        labels = sc['labels'] or {'fake_failure': scenario}
        if sc['driver'] == 'heat':
            labels['fake_driver'] = 'heat'
        if scenario == 'small_flavor':
            labels = {}
        name = self.unique_name(f'dr-{sc["driver"]}-'
                                f'{scenario.replace("_", "-")}')[:40]
        action = sc['action']
        complete = action in ('delete', 'complete', 'rotate', 'resize')
        self.create_cluster(name, labels=labels, flavor=sc['flavor'],
                            extra_args=sc['extra'],
                            wait='CREATE_COMPLETE' if complete else None)
        return name

    def reach(self, sc, name):
        """Drive the cluster into the scenario's state (overdue: wait)."""
        action = sc['action']
        if action == 'create':
            self.until(name, lambda c: c['status'].endswith('_FAILED'),
                       'a failure')
        elif action == 'in_progress':
            self.until(name, lambda c: str(c['health_status_reason'].get(
                'infrastructure', '')).startswith('UpdateError'),
                'an infrastructure failure')
        elif action == 'overdue':
            cluster = self.until(
                name, lambda c: c['status'] == 'CREATE_IN_PROGRESS',
                'the create')
            self.assertEqual(int(ONE_MINUTE[1]), cluster['create_timeout'])
        elif action == 'delete':
            self.openstack('coe', 'cluster', 'delete', name, env=QUIET)
            if sc['driver'] == 'heat':
                self.wait_for_cluster_status(name, 'DELETE_FAILED')
            else:
                self.until(name, lambda c: 'failed to delete' in str(
                    c['health_status_reason']), 'a blocked delete')
        elif action == 'rotate':
            self.openstack('coe', 'credential', 'rotate', name, env=QUIET)
            self.until(name, lambda c: c['status'] == 'UPDATE_COMPLETE',
                       'the rotation')
        elif action == 'resize':
            self.openstack('coe', 'cluster', 'resize', name, '2', env=QUIET)
            self.wait_for_cluster_status(name, 'UPDATE_FAILED')

    def check_scenario(self, sc, name=None):
        name = name or self.bring_about(sc)
        rc, rows = self.diagnose(name)
        row = rows[sc['check']]
        self.assertEqual(sc['result'], row['Result'], row)
        if sc['detail']:
            self.assertIn(sc['detail'], row['Detail'] + row['Next step'],
                          row)
        self.assertTrue(row['Next step'], row)
        self.assertEqual(EXIT_FAILED_CHECK if sc['result'] == 'fail' else 0,
                         rc, rows)
        if sc['driver'] == 'capi':
            self.assertNotIn('Heat stack', rows)
            self.assertEqual('pass', rows['Node addresses']['Result'])
        if sc['driver'] == 'capi' and sc['action'] == 'delete':
            # The health parts are the blocked delete's, not the nodes'.
            self.assertEqual('warn', rows['Health']['Result'], rows)
            self.assertIn('Delete blocked', rows['Health']['Next step'])


class TestScenarios(DriverTest):
    """One test per scenario (added below)."""


def _add_tests(cls):
    for sc in SCENARIOS:
        if sc['action'] == 'overdue':
            continue    # TestOverdue runs them side by side
        test_name = f'test_{sc["driver"]}_{sc["name"]}'

        def test(self, sc=sc):
            self.check_scenario(sc)
        test.__doc__ = f'{sc["driver"]}: {sc["name"]} -> {sc["check"]}'
        setattr(cls, test_name, test)
    return cls


_add_tests(TestScenarios)


class TestOverdue(DriverTest):
    """Cluster API creates stuck past their create_timeout (one minute).

    The driver never fails them: diagnose judges them by the time they
    have run, so the clusters are made together and the minute is waited
    once, for all of them.
    """

    def test_capi_stuck_creates(self):
        overdue = [sc for sc in SCENARIOS if sc['action'] == 'overdue']
        names = [self.start(sc) for sc in overdue]
        started = time.monotonic()
        for sc, name in zip(overdue, names):
            self.reach(sc, name)
        time.sleep(max(0.0, OVERDUE_SECONDS - (time.monotonic() - started)))
        for sc, name in zip(overdue, names):
            with self.subTest(scenario=sc['name']):
                self.check_scenario(sc, name)


class TestOrdinaryOperations(DriverTest):
    """A Cluster API cluster being made or resized fails no check."""

    def test_create_and_resize_in_progress_pass(self):
        name = self.unique_name('dr-capi-busy')
        self.create_cluster(name, labels={'fake_duration': '30'})
        self.until(name, lambda c: c['health_status'] == 'UNHEALTHY',
                   'UNHEALTHY while creating')
        rc, rows = self.diagnose(name)
        self.assertEqual(0, rc, rows)
        self.assertEqual('warn', rows['Cluster status']['Result'])
        self.assertEqual('pass', rows['Health']['Result'])
        self.assertIn('as expected while the operation runs',
                      rows['Health']['Detail'])
        cluster = self.wait_for_cluster_status(name, 'CREATE_COMPLETE')
        self.assertEqual('HEALTHY', cluster['health_status'])
        self.openstack('coe', 'cluster', 'resize', name, '3', env=QUIET)
        self.until(name, lambda c: c['status'] == 'UPDATE_IN_PROGRESS'
                   and c['health_status'] == 'UNHEALTHY', 'the resize')
        rc, rows = self.diagnose(name)
        self.assertEqual(0, rc, rows)


class TestWaitProgress(DriverTest):

    def test_cluster_api_steps_on_stderr(self):
        name = self.unique_name('dr-capi-wait')
        res = self.openstack(
            'coe', 'cluster', 'create', name, '--cluster-template',
            base.TEMPLATE_LATEST, '--master-count', '1', '--node-count', '1',
            '--labels', 'fake_duration=50', '--merge-labels', '--wait',
            env=FAST, check=False, timeout=base.LIFECYCLE_TIMEOUT + 60)
        self.addCleanup(self.delete_cluster_eventually, name)
        self.assertEqual(0, res.rc, res)
        self.assertNotIn('add-ons', res.stdout)
        self.assertIn('infrastructure not ready', res.stderr)
        self.assertIn('control plane ready, workers', res.stderr)
        self.assertRegex(res.stderr, r'add-ons [0-7]/7 installed')
        self.assertRegex(res.stderr.splitlines()[-1],
                         rf'^Cluster {name} is CREATE_COMPLETE')

    def test_failed_add_on_named_in_the_outcome(self):
        name = self.unique_name('dr-capi-wait-addon')
        res = self.openstack(
            'coe', 'cluster', 'create', name, '--cluster-template',
            base.TEMPLATE_LATEST, '--master-count', '1', '--node-count', '1',
            '--labels', 'fake_failure=addons_failed', '--merge-labels',
            '--wait', env=FAST, check=False,
            timeout=base.LIFECYCLE_TIMEOUT + 60)
        self.addCleanup(self.delete_cluster_eventually, name)
        self.assertEqual(1, res.rc, res)
        self.assertIn('is CREATE_FAILED', res.stderr)
        self.assertIn('failed: csi-cinder', res.stderr)
        self.assertIn('openstack coe cluster diagnose', res.stderr)


class TestBundle(DriverTest):

    def test_cluster_api_bundle_says_there_is_no_stack(self):
        name = self.bring_about(_scenario(
            'delete_blocked', 'Delete blocked', action='delete',
            labels={'fake_bastion': 'true'}))
        out = tempfile.mkdtemp(prefix='coe-drivers-ft-')
        self.addCleanup(shutil.rmtree, out, True)
        res = self.openstack('coe', 'support', 'bundle', 'create', name,
                             '--output', out, '-f', 'json', env=QUIET,
                             timeout=base.LIFECYCLE_TIMEOUT)
        summary = res.json
        self.assertEqual([], summary['collector_errors'])
        bundle = archive.read(summary['path'])
        base_dir = f'clusters/{name}'
        self.assertFalse([f for f in bundle.files if '/stack/' in f])
        view = bundle.json(f'{base_dir}/cluster-api.json')
        self.assertTrue(view['heat_stack'].startswith('none: '), view)
        self.assertIn('NetworkInUse',
                      view['health_failures']['infrastructure'])
        # Magnum clears status_reason when a delete starts: no add-ons.
        self.assertIsNone(view['addons'])
        self.assertEqual(['default-master', 'default-worker'],
                         sorted(ng['name'] for ng in view['nodegroups']))
        findings = {f['rule']: f for f in bundle.json(
            f'{base_dir}/findings.json')}
        self.assertEqual('fail', findings['delete_blocked']['result'])
        text = bundle.files['summary.txt'].decode()
        self.assertIn('Driver: Cluster API (no Heat stack; see '
                      'cluster-api.json)', text)
        self.assertIn('Delete blocked', text)
