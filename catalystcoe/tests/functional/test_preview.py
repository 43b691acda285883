"""The preview notice through the real CLI, against the local cloud."""

import os
import tempfile

import yaml

from catalystcoe.tests.functional import base

NOTICE = 'is a Technical (Alpha) Preview'
# The local cloud's facts document calls nz-por-1 a beta.
BETA_NOTICE = 'is a Technical (Beta) Preview'
SOURCE = ('(source: Catalyst Cloud docs: Kubernetes overview page, dated '
          '2018-10)')
STOCK_OPENSTACK = os.path.join(base.TOP, '.venvs', 'stock', 'bin',
                               'openstack')


class TestPreviewNotice(base.FunctionalTest):

    def assert_notice_once(self, res, region=base.REGION_HLZ, notice=NOTICE):
        self.assertEqual(1, res.stderr.count(notice), res.stderr)
        self.assertIn(f'Catalyst Cloud Kubernetes in region {region}',
                      res.stderr)
        self.assertIn('openstack coe support bundle create', res.stderr)
        self.assertNotIn(NOTICE, res.stdout)

    def test_notice_on_stderr_json_on_stdout(self):
        res = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                             region=base.REGION_HLZ)
        self.assert_notice_once(res)
        self.assertIn(SOURCE, res.stderr)
        self.assertIn('a ticket in the Support Centre '
                      '(https://catalystcloud.nz/support/support-centre/)',
                      res.stderr)
        names = {c['name'] for c in res.json}
        self.assertTrue(set(base.SEEDED_CLUSTERS) <= names, names)

    def test_notice_names_the_region(self):
        res = self.openstack('coe', 'cluster', 'template', 'list', '-f',
                             'value', '-c', 'name', region=base.REGION_POR)
        self.assert_notice_once(res, base.REGION_POR, BETA_NOTICE)
        self.assertIn('(source: local cloud service facts (tools/localcloud),'
                      ' dated 2026-07-21)', res.stderr)

    def test_our_own_commands_carry_it_too(self):
        res = self.openstack('coe', 'catalyst', 'template', 'list',
                             '-f', 'json')
        self.assert_notice_once(res)

    def test_silenced_by_option(self):
        res = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                             '--no-preview-warning')
        self.assertNotIn(NOTICE, res.stderr)

    def test_silenced_by_quiet(self):
        res = self.openstack('-q', 'coe', 'cluster', 'list', '-f', 'json')
        self.assertNotIn(NOTICE, res.stderr)

    def test_silenced_by_environment(self):
        res = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                             env={'CATALYSTCOE_PREVIEW_WARNING': 'never'})
        self.assertNotIn(NOTICE, res.stderr)

    def extra_cloud(self, **settings):
        """Env selecting a clouds.yaml with one more cloud, ``extra``.

        ``extra`` is the member's cloud with ``settings`` changed (a None
        value drops the key).
        """
        with open(base.CLOUDS_YAML) as f:
            clouds = yaml.safe_load(f)
        extra = dict(clouds['clouds'][base.MEMBER_CLOUD])
        for key, value in settings.items():
            extra.pop(key, None)
            if value is not None:
                extra[key] = value
        clouds['clouds']['extra'] = extra
        f = tempfile.NamedTemporaryFile('w', suffix='.yaml')
        self.addCleanup(f.close)
        yaml.safe_dump(clouds, f)
        f.flush()
        return {'OS_CLIENT_CONFIG_FILE': f.name}

    def test_silenced_by_clouds_yaml(self):
        env = self.extra_cloud(catalystcoe_preview_warning='never')
        quiet = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                               cloud='extra', env=env)
        loud = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                              env=env)
        self.assertNotIn(NOTICE, quiet.stderr)
        self.assert_notice_once(loud)

    def test_other_regions_quiet_unless_forced(self):
        # Keystone answers for any region name; Magnum has no endpoint in
        # this one, so the command fails after the hook has run.
        env = self.extra_cloud(region_name='RegionOne', regions=None)
        no_endpoint = [r'^public endpoint for container-infra service in '
                       r'RegionOne region not found$']
        res = self.openstack('coe', 'cluster', 'list', cloud='extra',
                             env=env, check=False,
                             expected_stderr=no_endpoint)
        self.assertNotEqual(0, res.rc)
        self.assertNotIn('Preview', res.stderr)
        forced = self.openstack('coe', 'cluster', 'list', cloud='extra',
                                check=False, expected_stderr=no_endpoint,
                                env=dict(env, CATALYSTCOE_PREVIEW_WARNING=(
                                    'always')))
        self.assertNotEqual(0, forced.rc)
        self.assertIn('in region RegionOne is a Technical (Alpha) Preview',
                      forced.stderr)
        self.assertNotIn('Traceback', forced.stderr)

    def test_help_carries_the_note_and_the_option(self):
        res = self.openstack('coe', 'cluster', 'list', '--help')
        self.assertIn('--no-preview-warning', res.stdout)
        self.assertIn('Technical Preview in nz-hlz-1 (alpha)',
                      ' '.join(res.stdout.split()))


class TestStockOutputUnchanged(base.FunctionalTest):
    """stdout and exit codes are those of python-magnumclient alone."""

    def run_with(self, exe, args):
        return base.run_cli(
            [exe, '--os-cloud', base.MEMBER_CLOUD,
             '--os-region-name', base.REGION_HLZ] + list(args),
            env=base.cli_env(), timeout=120, text=False)

    def run_both(self, *args):
        """(ours, stock) for the same command while the cloud holds still.

        Other tests change clusters concurrently, so the stock run is
        bracketed by two runs of ours; their stdout must agree for the
        comparison to count (a few tries).
        """
        for _attempt in range(5):
            before = self.run_with(base.OPENSTACK, args)
            stock = self.run_with(STOCK_OPENSTACK, args)
            after = self.run_with(base.OPENSTACK, args)
            if before.stdout == after.stdout:
                return after, stock
        self.skipTest('the cloud kept changing; no stable comparison')

    def setUp(self):
        super().setUp()
        if not os.path.exists(STOCK_OPENSTACK):
            self.fail('no stock venv: run tools/make-venv stock')

    def test_json_and_value_output_byte_identical(self):
        for args in (('coe', 'cluster', 'list', '-f', 'json'),
                     ('coe', 'cluster', 'template', 'list', '-f', 'value'),
                     ('coe', 'cluster', 'show', base.CLUSTER_HEALTHY, '-f',
                      'json'),
                     ('coe', 'nodegroup', 'list', base.CLUSTER_HEALTHY,
                      '-f', 'json')):
            ours, stock = self.run_both(*args)
            self.assertEqual(0, stock.returncode, stock.stderr)
            self.assertEqual(stock.stdout, ours.stdout, args)
            self.assertEqual(stock.returncode, ours.returncode, args)
            self.assertIn(NOTICE.encode(), ours.stderr)
            self.assertNotIn(b'duplicate', ours.stderr)

    def test_exit_code_of_a_failure_unchanged(self):
        ours, stock = self.run_both('coe', 'cluster', 'show',
                                    'no-such-cluster')
        self.assertNotEqual(0, stock.returncode)
        self.assertEqual(stock.returncode, ours.returncode)
        self.assertEqual(stock.stdout, ours.stdout)
