"""The preview hook as cliff drives it: parser option, epilog, before()."""

import argparse
import datetime
import io
import os
import unittest
from unittest import mock

from cliff import command as cliff_command
from openstack.config import cloud_region
from osc_lib import clientmanager

from catalystcoe import cloud
from catalystcoe import facts
from catalystcoe.hooks import preview as preview_hook
from catalystcoe.tests.unit.templates import fakes


def make_hook(region='nz-hlz-1', auth_url='http://127.0.0.1:5000/v3',
              verbose_level=1, extra_config=None):
    config = {'auth': {'auth_url': auth_url}, 'region_name': region}
    config.update(extra_config or {})
    cli_options = mock.NonCallableMock(spec=cloud_region.CloudRegion)
    cli_options.config = config
    cli_options.region_name = region
    manager = mock.NonCallableMock(spec=clientmanager.ClientManager)
    manager._cli_options = cli_options
    app = mock.NonCallableMock(spec=['stderr', 'stdout', 'options',
                                     'client_manager'])
    app.stderr = io.StringIO()
    app.stdout = io.StringIO()
    app.options = argparse.Namespace(verbose_level=verbose_level)
    app.client_manager = manager
    cmd = mock.NonCallableMock(spec=cliff_command.Command)
    cmd.app = app
    return preview_hook.PreviewHook(cmd), app


def parse(hook, argv=()):
    parser = argparse.ArgumentParser()
    hook.get_parser(parser)
    return parser.parse_args(list(argv))


class TestPreviewHook(unittest.TestCase):

    def setUp(self):
        super().setUp()
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop('CATALYSTCOE_PREVIEW_WARNING', None)
        os.environ.pop('CATALYSTCOE_FACTS_URL', None)

    def run_hook(self, argv=(), **kwargs):
        hook, app = make_hook(**kwargs)
        parsed = parse(hook, argv)
        self.assertIs(parsed, hook.before(parsed))
        return app

    def test_notice_on_stderr_for_a_catalyst_region(self):
        app = self.run_hook()
        err = app.stderr.getvalue()
        self.assertIn('Catalyst Cloud Kubernetes in region nz-hlz-1 is a '
                      'Technical (Alpha) Preview', err)
        self.assertEqual(1, err.count('\n'))
        self.assertEqual('', app.stdout.getvalue())

    def test_once_per_invocation(self):
        hook, app = make_hook()
        parsed = parse(hook)
        hook.before(parsed)
        hook.before(parsed)
        second, _ = make_hook()
        second.cmd.app = app
        second.before(parse(second))
        self.assertEqual(1, app.stderr.getvalue().count('Note:'))

    def test_option_silences(self):
        app = self.run_hook(['--no-preview-warning'])
        self.assertEqual('', app.stderr.getvalue())

    def test_quiet_silences(self):
        app = self.run_hook(verbose_level=0)
        self.assertEqual('', app.stderr.getvalue())

    def test_env_never_silences(self):
        os.environ['CATALYSTCOE_PREVIEW_WARNING'] = 'never'
        app = self.run_hook()
        self.assertEqual('', app.stderr.getvalue())

    def test_clouds_yaml_key_silences(self):
        app = self.run_hook(
            extra_config={'catalystcoe_preview_warning': 'never'})
        self.assertEqual('', app.stderr.getvalue())

    def test_env_wins_over_clouds_yaml(self):
        os.environ['CATALYSTCOE_PREVIEW_WARNING'] = 'always'
        app = self.run_hook(
            extra_config={'catalystcoe_preview_warning': 'never'})
        self.assertIn('Preview', app.stderr.getvalue())

    def test_other_cloud_is_quiet_unless_forced(self):
        app = self.run_hook(region='RegionOne',
                            auth_url='https://id.example.org/v3')
        self.assertEqual('', app.stderr.getvalue())
        app = self.run_hook(region='RegionOne',
                            auth_url='https://id.example.org/v3',
                            extra_config={
                                'catalystcoe_preview_warning': 'always'})
        self.assertIn('in region RegionOne', app.stderr.getvalue())

    def test_auth_url_under_catalystcloud_nz(self):
        app = self.run_hook(
            region='nz-new-1',
            auth_url='https://api.nz-por-1.catalystcloud.nz:5000/v3')
        self.assertIn('in region nz-new-1', app.stderr.getvalue())

    def test_epilog_and_option_help(self):
        hook, _ = make_hook()
        parser = argparse.ArgumentParser()
        hook.get_parser(parser)
        self.assertIn('--no-preview-warning', parser.format_help())
        self.assertIn('Technical Preview in nz-hlz-1 (alpha)',
                      hook.get_epilog())

    def test_a_facts_document_named_in_clouds_yaml(self):
        # Its cached copy, checked today: nothing is fetched.
        fakes.fix_today(self)
        os.environ.pop('CATALYSTCOE_FACTS_URL')
        with mock.patch.object(cloud, 'get_json') as get_json:
            app = self.run_hook(region='nz-por-1', extra_config={
                'catalystcoe_facts_url': fakes.FACTS_URL})
            hook, _ = make_hook(extra_config={
                'catalystcoe_facts_url': fakes.FACTS_URL})
            epilog = hook.get_epilog()
        get_json.assert_not_called()
        self.assertIn('in region nz-por-1 is a Technical (Beta) Preview '
                      '(source: unit test regions, dated 2026-10)',
                      app.stderr.getvalue())
        self.assertIn('nz-por-1 (beta)', epilog)

    def test_the_days_fetch_and_never_for_help(self):
        fakes.fix_today(self, fakes.TODAY + datetime.timedelta(days=1),
                        checked_on=fakes.TODAY)
        with mock.patch.object(cloud, 'get_json',
                               return_value=fakes.FACTS_DOC) as get_json:
            hook, app = make_hook()
            hook.get_epilog()
            get_json.assert_not_called()
            hook.before(parse(hook))
            hook.before(parse(hook))
        get_json.assert_called_once_with(
            fakes.FACTS_URL, facts.FETCH_TIMEOUT, verify=True, session=None,
            max_bytes=facts.MAX_DOCUMENT_BYTES)
        self.assertLessEqual(facts.FETCH_TIMEOUT, 1)

    def test_after_keeps_the_return_code(self):
        hook, _ = make_hook()
        self.assertEqual(3, hook.after(parse(hook), 3))
