"""coe catalyst template list/show/create over a fake Magnum API."""

import unittest
from unittest import mock

from cliff import columns as cliff_columns
from keystoneauth1 import session as ks_session
from osc_lib import exceptions as osc_exc

from catalystcoe import cli
from catalystcoe import cloud
from catalystcoe.templates import views
from catalystcoe.tests.unit import fakes as unit_fakes
from catalystcoe.tests.unit.templates import fakes
from catalystcoe.v1 import templates

LIST = fakes.LIST_URL


class CommandTest(unittest.TestCase):

    command_class = None
    prog = None

    def setUp(self):
        super().setUp()
        fakes.fix_today(self)
        self.use_api(fakes.catalogue_api())

    def use_api(self, api):
        self.api = api
        self.app = fakes.app(unit_fakes.magnum_client(api))

    def parse(self, *argv):
        cmd = self.command_class(self.app, None)
        parser = cmd.get_parser(self.prog)
        return cmd, parser.parse_args(list(argv))

    def run_cmd(self, *argv):
        cmd, parsed = self.parse(*argv)
        return cmd.take_action(parsed)

    def assert_parser_refuses(self, *argv):
        with mock.patch('sys.stderr'):
            self.assertRaises(SystemExit, self.parse, *argv)


def plain(values):
    """A row as -f json shows it."""
    return [value.machine_readable()
            if isinstance(value, cliff_columns.FormattableColumn) else value
            for value in values]


def row(templ, version, profile, released, support, region=None):
    values = (templ['name'], templ['uuid'], version, profile, released,
              support)
    return list((region,) + values if region else values)


LATEST_ROW = row(fakes.LATEST, '1.33.4', 'prod', '2026-01-15', 'latest')
PREVIEW_ROW = row(fakes.PREVIEW, '1.34.2', 'prod', '2026-10-20', 'preview')
PRIVATE_ROW = row(fakes.PRIVATE_CATALYST_NAME, '1.33.4', 'prod',
                  '2026-01-15', 'custom')
DEV_ROW = row(fakes.DEV, '1.33.3', 'dev', '2025-10-01', 'latest')
OLDER_ROW = row(fakes.OLDER_PATCH, '1.33.2', 'prod', '2025-06-23',
                'superseded')
HIDDEN_ROW = row(fakes.OLDER_PATCH_HIDDEN, '1.33.1', 'prod', '2025-06-01',
                 'superseded')
CUSTOM_ROW = row(fakes.CUSTOM, '1.32.13', None, None, 'custom')
PREVIOUS_ROW = row(fakes.PREVIOUS_MINOR, '1.32.13', 'prod', '2026-03-10',
                   'unsupported')


class TestList(CommandTest):

    command_class = templates.ListCatalystTemplates
    prog = 'openstack coe catalyst template list'

    def rows(self, *argv):
        columns, data = self.run_cmd(*argv)
        self.assertEqual(views.LIST_COLUMNS, columns)
        return [plain(values) for values in data]

    def test_default_hides_hidden_and_unsupported(self):
        self.assertEqual(
            [PREVIEW_ROW, LATEST_ROW, PRIVATE_ROW, DEV_ROW, OLDER_ROW,
             CUSTOM_ROW],
            self.rows())
        self.assertEqual([('GET', LIST, None)], self.api.magnum_requests())

    def test_all(self):
        self.assertEqual(fakes.NEWEST_FIRST,
                         [values[0] for values in self.rows('--all')])

    def test_minor_and_exact_version(self):
        self.assertEqual([LATEST_ROW, PRIVATE_ROW, DEV_ROW, OLDER_ROW],
                         self.rows('--kubernetes-version', '1.33'))
        self.assertEqual([OLDER_ROW],
                         self.rows('--kubernetes-version', 'v1.33.2'))
        self.assertEqual([], self.rows('--kubernetes-version', '1.30'))

    def test_profile(self):
        self.assertEqual([DEV_ROW], self.rows('--profile', 'dev'))
        self.assertEqual([PREVIEW_ROW, LATEST_ROW, PRIVATE_ROW, OLDER_ROW],
                         self.rows('--profile', 'prod'))

    def test_latest_of_each_minor_and_profile(self):
        self.assertEqual(
            [PREVIEW_ROW, LATEST_ROW, PRIVATE_ROW, DEV_ROW, CUSTOM_ROW],
            self.rows('--latest'))
        self.assertEqual([LATEST_ROW, PRIVATE_ROW, DEV_ROW],
                         self.rows('--latest', '--kubernetes-version',
                                   '1.33'))

    def test_latest_never_lets_a_copy_hide_its_source(self):
        copy = fakes.template('aaa-copy', public=False,
                              labels={'kube_tag': 'v1.33.4'},
                              tags=fakes.LATEST['tags'])
        self.use_api(fakes.catalogue_api([fakes.LATEST, copy]))
        self.assertEqual(
            [fakes.LATEST['name'], 'aaa-copy'],
            [values[0] for values in self.rows('--latest')])

    def test_versions_sort_as_numbers(self):
        _columns, data = self.run_cmd()
        versions = [values[2] for values in data if values[2] is not None]
        self.assertEqual(['1.34.2', '1.33.4', '1.33.4', '1.33.3', '1.33.2',
                          '1.32.13'], [str(v) for v in versions])
        self.assertLess(cli.VersionColumn((1, 9, 0)),
                        cli.VersionColumn((1, 10, 0)))

    def test_bad_options(self):
        self.assert_parser_refuses('--kubernetes-version', 'latest')
        self.assert_parser_refuses('--kubernetes-version', '1')
        self.assert_parser_refuses('--profile', 'staging')
        self.assert_parser_refuses('--region', 'a', '--all-regions')

    def test_upgrades_for(self):
        cluster = {'uuid': 'c-uuid', 'name': 'c1',
                   'cluster_template_id': fakes.PREVIOUS_MINOR['uuid']}
        self.api.magnum('clusters/c1', cluster)
        self.assertEqual(
            [LATEST_ROW, PRIVATE_ROW, DEV_ROW, OLDER_ROW, CUSTOM_ROW],
            self.rows('--upgrades-for', 'c1'))
        self.assertEqual('', self.app.stderr.getvalue())

    def test_upgrades_for_includes_the_unsupported_next_minor(self):
        cluster = {'uuid': 'c-uuid', 'name': 'c1',
                   'cluster_template_id': fakes.OLDER_MINOR['uuid']}
        self.api.magnum('clusters/c1', cluster)
        self.assertEqual([PREVIOUS_ROW, CUSTOM_ROW],
                         self.rows('--upgrades-for', 'c1'))

    def test_upgrades_for_with_nothing_to_offer(self):
        cluster = {'uuid': 'c-uuid', 'name': 'c1',
                   'cluster_template_id': fakes.GEN2_PROD['uuid']}
        self.api.magnum('clusters/c1', cluster)
        self.assertEqual([], self.rows('--upgrades-for', 'c1'))
        self.assertEqual('No template is a valid upgrade target for cluster '
                         'c1 (Kubernetes 1.18.14).\n',
                         self.app.stderr.getvalue())

    def test_upgrades_for_a_missing_cluster(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.rows('--upgrades-for', 'nope')
        self.assertIn('looking up cluster nope:', str(ctx.exception))

    def test_upgrades_for_is_one_region(self):
        with self.assertRaises(osc_exc.CommandError):
            self.rows('--upgrades-for', 'c1', '--all-regions')


class TestListRegions(CommandTest):

    command_class = templates.ListCatalystTemplates
    prog = 'openstack coe catalyst template list'

    def setUp(self):
        super().setUp()
        self.apis = {
            'nz-hlz-1': fakes.catalogue_api([fakes.LATEST, fakes.PREVIEW]),
            'nz-por-1': fakes.catalogue_api([fakes.LATEST]),
            'nz-down-1': unit_fakes.FakeSession(),
        }
        self.apis['nz-down-1'].magnum(
            'clustertemplates/detail',
            unit_fakes.magnum_error(503, 'Service Unavailable'))
        self.app.client_manager.session = mock.NonCallableMock(
            spec=ks_session.Session)
        patcher = mock.patch.object(
            cloud, 'regional_magnum',
            side_effect=lambda manager, region: unit_fakes.magnum_client(
                self.apis[region]))
        self.regional_client = patcher.start()
        self.addCleanup(patcher.stop)

    def test_regions(self):
        columns, data = self.run_cmd('--region', 'nz-por-1', '--region',
                                     'nz-hlz-1', '--region', 'nz-por-1')
        self.assertEqual(('Region',) + views.LIST_COLUMNS, columns)
        self.assertEqual(
            [row(fakes.PREVIEW, '1.34.2', 'prod', '2026-10-20', 'preview',
                 'nz-hlz-1'),
             row(fakes.LATEST, '1.33.4', 'prod', '2026-01-15', 'latest',
                 'nz-hlz-1'),
             row(fakes.LATEST, '1.33.4', 'prod', '2026-01-15', 'latest',
                 'nz-por-1')],
            [plain(values) for values in data])
        self.assertEqual(['nz-hlz-1', 'nz-por-1'], sorted(
            call.args[1] for call in self.regional_client.call_args_list))
        self.app.client_manager.session.get_token.assert_called_once_with()

    def test_a_failing_region_is_a_warning(self):
        columns, data = self.run_cmd('--region', 'nz-down-1', '--region',
                                     'nz-por-1')
        self.assertEqual(['nz-por-1'], [values[0] for values in data])
        self.assertIn('Warning: region nz-down-1: listing cluster '
                      'templates: Service Unavailable (HTTP 503',
                      self.app.stderr.getvalue())

    def test_no_region_answers(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_cmd('--region', 'nz-down-1')
        self.assertIn('no region answered: nz-down-1:', str(ctx.exception))


class TestShow(CommandTest):

    command_class = templates.ShowCatalystTemplate
    prog = 'openstack coe catalyst template show'

    def show(self, *argv):
        columns, values = self.run_cmd(*argv)
        return dict(zip(columns, values)), columns

    def test_a_preview_version_gets_its_notice(self):
        data, _columns = self.show(fakes.PREVIEW['name'])
        self.assertEqual('preview', data['Support'])
        self.assertEqual(
            'Note: Kubernetes 1.34 is a preview (unit test facts, '
            '2026-11-01): it may change or fail; use a supported version '
            'for production. (Hide this with --no-preview-warning or '
            'CATALYSTCOE_PREVIEW_WARNING=never.)\n',
            self.app.stderr.getvalue())

    def test_alias(self):
        data, columns = self.show('latest-prod')
        self.assertEqual(views.FACT_COLUMNS,
                         columns[:len(views.FACT_COLUMNS)])
        self.assertEqual(views.LABEL_COLUMNS, columns[-2:])
        self.assertEqual(
            (fakes.LATEST['name'], fakes.LATEST['uuid'], '1.33.4', '1.33',
             'prod', '2026-01-15', 'latest',
             'newest release of the newest supported Kubernetes version; '
             'Kubernetes 1.33 is supported, expected to be unsupported from '
             '2027-02 (unit test facts, 2026-11-01)', 'expected 2027-02'),
            tuple(data[c] for c in views.FACT_COLUMNS))
        self.assertEqual(fakes.LATEST['image_id'], data['image_id'])
        self.assertEqual(fakes.LATEST['tags'], data['tags'])
        self.assertNotIn('links', data)
        self.assertNotIn('labels', data)
        labels = data['Labels']
        self.assertEqual(fakes.LATEST['labels'], labels.machine_readable())
        self.assertEqual(
            'api_master_lb_allowed_cidrs=10.0.0.0/8,192.168.0.0/16\n'
            'kube_tag=v1.33.4\nmaster_lb_enabled=true',
            labels.human_readable())
        self.assertEqual(
            'api_master_lb_allowed_cidrs=10.0.0.0/8,'
            'api_master_lb_allowed_cidrs=192.168.0.0/16,'
            'kube_tag=v1.33.4,master_lb_enabled=true',
            data['Labels Argument'])
        self.assertIn(f'Cluster template "latest-prod" resolves to '
                      f'{fakes.LATEST["name"]}', self.app.stderr.getvalue())
        self.assertEqual([('GET', LIST, None)], self.api.magnum_requests())

    def test_exact_name_is_not_announced(self):
        data, _columns = self.show(fakes.CUSTOM['name'])
        self.assertEqual('custom', data['Support'])
        self.assertEqual('', self.app.stderr.getvalue())

    def test_every_field_is_shown(self):
        extra = fakes.template('with-extra', public=False, driver='k8s_x',
                               brand_new_field=1)
        self.use_api(fakes.catalogue_api([extra]))
        data, _columns = self.show('with-extra')
        self.assertEqual('k8s_x', data['driver'])
        self.assertEqual(1, data['brand_new_field'])
        self.assertIsNone(data['docker_volume_size'])

    def test_unknown(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.show('nope')
        self.assertIn('no cluster template is named "nope"',
                      str(ctx.exception))


class TestCreate(CommandTest):

    command_class = templates.CreateCatalystTemplate
    prog = 'openstack coe catalyst template create'

    def setUp(self):
        super().setUp()
        self.created = fakes.template('mine', uuid='new-uuid', public=False)
        self.api.magnum('clustertemplates', self.created, method='POST')

    def posted(self):
        posts = [body for method, _url, body in self.api.magnum_requests()
                 if method == 'POST']
        self.assertEqual(1, len(posts))
        return posts[0]

    def test_copy_with_overrides(self):
        columns, values = self.run_cmd(
            'mine', '--from', 'latest-prod', '--label', 'kube_tag=v1.33.5',
            '--label', 'boot_volume_size=40', '--no-label',
            'master_lb_enabled', '--flavor', 'c1.c4r8',
            '--docker-volume-size', '50', '--master-lb-disabled')
        self.assertEqual({
            'name': 'mine',
            'coe': 'kubernetes',
            'image_id': 'ubuntu-jammy-x86_64',
            'flavor_id': 'c1.c4r8',
            'master_flavor_id': 'c1.c2r4',
            'external_network_id': 'public-net',
            'network_driver': 'calico',
            'server_type': 'vm',
            'tls_disabled': False,
            'registry_enabled': False,
            'master_lb_enabled': False,
            'floating_ip_enabled': False,
            'docker_volume_size': 50,
            'public': False,
            'hidden': False,
            'tags': fakes.LATEST['tags'],
            'labels': {'kube_tag': 'v1.33.5', 'boot_volume_size': '40',
                       'api_master_lb_allowed_cidrs':
                           '10.0.0.0/8,192.168.0.0/16'},
        }, self.posted())
        data = dict(zip(columns, values))
        self.assertEqual(('mine', 'new-uuid', 'custom'),
                         (data['Name'], data['UUID'], data['Support']))
        self.assertIn('resolves to ' + fakes.LATEST['name'],
                      self.app.stderr.getvalue())

    def test_copy_as_is(self):
        self.run_cmd('mine', '--from', fakes.DEV['uuid'])
        body = self.posted()
        self.assertEqual(fakes.DEV['labels'], body['labels'])
        self.assertTrue(body['master_lb_enabled'])
        self.assertEqual('c1.c2r4', body['flavor_id'])
        self.assertNotIn('docker_volume_size', body)

    def test_public_copy(self):
        self.run_cmd('mine', '--from', 'latest', '--public')
        self.assertTrue(self.posted()['public'])

    def test_name_taken(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_cmd(fakes.CUSTOM['name'], '--from', 'latest')
        self.assertEqual('a cluster template named "my-team-k8s" exists '
                         'already', str(ctx.exception))

    def test_bad_label(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_cmd('mine', '--from', 'latest', '--label', 'oops')
        self.assertEqual('--label wants key=value, not "oops"',
                         str(ctx.exception))

    def test_source_must_resolve(self):
        with self.assertRaises(osc_exc.CommandError):
            self.run_cmd('mine', '--from', 'latest-dev-x')

    def test_from_is_required(self):
        self.assert_parser_refuses('mine')
        self.assert_parser_refuses('mine', '--from', 'x',
                                   '--master-lb-enabled',
                                   '--master-lb-disabled')


class TestDiff(CommandTest):

    command_class = templates.DiffCatalystTemplates
    prog = 'openstack coe catalyst template diff'

    def test_differences_of_two_templates_by_name_and_alias(self):
        columns, rows = self.run_cmd(fakes.CUSTOM['name'], 'latest')
        self.assertEqual(('Field', 'Change', 'From', 'To'), columns)
        self.assertEqual([
            ('public', 'changed', 'false', 'true'),
            ('tags', 'added', '', fakes.LATEST['tags']),
            ('labels.api_master_lb_allowed_cidrs', 'added', '',
             '10.0.0.0/8,192.168.0.0/16'),
            ('labels.kube_tag', 'changed', 'v1.32.13', 'v1.33.4'),
            ('labels.master_lb_enabled', 'added', '', 'true')], rows)
        self.assertIn('"latest" resolves to', self.app.stderr.getvalue())
        self.assertEqual(1, len(self.api.magnum_requests()))

    def test_all_keeps_the_same_values(self):
        _columns, rows = self.run_cmd('latest', 'latest', '--all')
        self.assertTrue(rows)
        self.assertEqual({'same'}, {r[1] for r in rows})
        self.assertIn(('labels.kube_tag', 'same', 'v1.33.4', 'v1.33.4'),
                      rows)

    def test_unknown_template_is_one_line(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_cmd('latest', 'no-such-template')
        self.assertIn('no-such-template', str(ctx.exception))

    def test_needs_two_templates(self):
        self.assert_parser_refuses('latest')
