"""The template hooks around the REAL stock magnumclient commands.

Each test parses a real argument list with the stock command's parser
plus the hook's options, runs ``before`` as cliff does, then the stock
``take_action`` against a fake Magnum API, and checks the requests sent.
"""

import argparse
import contextlib
import io
import unittest
from unittest import mock

from magnumclient.osc.v1 import clusters as osc_clusters
from magnumclient.osc.v1 import nodegroups as osc_nodegroups
from osc_lib import exceptions as osc_exc

from catalystcoe.hooks import templates as template_hooks
from catalystcoe.tests.unit import fakes as unit_fakes
from catalystcoe.tests.unit.templates import fakes

LIST = ('GET', fakes.LIST_URL, None)
CLUSTER = {'uuid': 'c-uuid', 'name': 'c1', 'status': 'CREATE_COMPLETE',
           'cluster_template_id': fakes.OLDER_PATCH['uuid'],
           'labels': {'kube_tag': 'v1.33.2', 'boot_volume_size': '20',
                      'auto_healing_enabled': 'true'}}


class HookTest(unittest.TestCase):

    command_class = None
    hook_class = None

    def setUp(self):
        super().setUp()
        fakes.fix_today(self)
        self.api = fakes.catalogue_api()
        self.api.magnum('clusters/c1', dict(CLUSTER))
        self.api.magnum('clusters', {'uuid': 'new-cluster'}, method='POST')
        self.api.magnum('clusters/c-uuid/actions/upgrade',
                        {'uuid': 'c-uuid'}, method='POST')
        self.api.magnum('clusters/c1/nodegroups/', {'uuid': 'ng'},
                        method='POST')
        self.api.magnum('clusters/c-uuid/nodegroups/', {'nodegroups': [
            {'uuid': 'm', 'name': 'default-master', 'role': 'master',
             'flavor_id': 'c1.c2r4', 'node_count': 1, 'is_default': True},
            {'uuid': 'w', 'name': 'default-worker', 'role': 'worker',
             'flavor_id': 'c1.c2r4', 'node_count': 3, 'is_default': True},
        ]})
        self.app = fakes.app(unit_fakes.magnum_client(self.api))

    def run_hooked(self, *argv):
        """As cliff runs it: ``(parsed args, exit code)``.

        Parse, the hook's before(), take_action() (the stock one unless
        the hook replaced it), after().
        """
        cmd = self.command_class(self.app, None)
        hook = self.hook_class(cmd)
        parser = hook.get_parser(cmd.get_parser('openstack'))
        parsed = parser.parse_args(list(argv))
        parsed = hook.before(parsed) or parsed
        with contextlib.redirect_stdout(io.StringIO()):
            code = cmd.take_action(parsed) or 0
        return parsed, hook.after(parsed, code)

    def run_command(self, *argv):
        parsed, code = self.run_hooked(*argv)
        self.assertEqual(0, code)
        return parsed

    def posts(self):
        return [(url, body) for method, url, body in self.api.magnum_requests()
                if method == 'POST']

    def stderr(self):
        return self.app.stderr.getvalue()


class TestClusterCreate(HookTest):

    command_class = osc_clusters.CreateCluster
    hook_class = template_hooks.ClusterCreateTemplateHook

    def test_alias_resolved_with_one_list_request(self):
        self.run_command('k1', '--cluster-template', 'latest')
        self.assertEqual(LIST, self.api.magnum_requests()[0])
        self.assertEqual([('/v1/clusters', {
            'cluster_template_id': fakes.LATEST['uuid'], 'name': 'k1',
            'create_timeout': 60, 'discovery_url': None, 'keypair': None,
            'master_count': 1, 'node_count': 1})], self.posts())
        self.assertEqual(2, len(self.api.magnum_requests()))
        self.assertEqual(
            f'Cluster template "latest" resolves to {fakes.LATEST["name"]} '
            f'({fakes.LATEST["uuid"]}; Kubernetes 1.33.4, prod, released '
            '2026-01-15, latest)\n', self.stderr())

    def test_a_preview_version_gets_its_notice_once(self):
        self.run_command('k1', '--cluster-template', '1.34')
        self.assertEqual(
            f'Cluster template "1.34" resolves to {fakes.PREVIEW["name"]} '
            f'({fakes.PREVIEW["uuid"]}; Kubernetes 1.34.2, prod, released '
            '2026-10-20, preview)\n'
            'Note: Kubernetes 1.34 is a preview (unit test facts, '
            '2026-11-01): it may change or fail; use a supported version '
            'for production. (Hide this with --no-preview-warning or '
            'CATALYSTCOE_PREVIEW_WARNING=never.)\n', self.stderr())

    def test_a_preview_template_by_name_costs_no_request(self):
        self.run_command('k1', '--cluster-template', fakes.PREVIEW['name'])
        self.assertEqual([('POST', '/v1/clusters')],
                         [r[:2] for r in self.api.magnum_requests()])
        self.assertIn('Note: Kubernetes 1.34 is a preview', self.stderr())

    def test_the_version_notice_is_silenced_like_the_region_one(self):
        with mock.patch.dict('os.environ',
                             {'CATALYSTCOE_PREVIEW_WARNING': 'never'}):
            self.run_command('k1', '--cluster-template', '1.34')
        self.assertNotIn('Note:', self.stderr())

    def test_plain_name_costs_nothing(self):
        self.run_command('k1', '--cluster-template', 'my-team-k8s')
        self.assertEqual([('POST', '/v1/clusters')],
                         [r[:2] for r in self.api.magnum_requests()])
        self.assertEqual('my-team-k8s',
                         self.posts()[0][1]['cluster_template_id'])
        self.assertEqual('', self.stderr())

    def test_exact_name_wins_over_alias(self):
        self.api.magnum_answer(
            'clustertemplates/detail')['clustertemplates'].append(
            fakes.template('1.33', uuid='mine-133', public=False))
        self.run_command('k1', '--cluster-template', '1.33')
        self.assertEqual('mine-133',
                         self.posts()[0][1]['cluster_template_id'])
        self.assertEqual('', self.stderr())

    def test_alias_that_matches_nothing(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_command('k1', '--cluster-template', '1.29')
        self.assertIn('no supported cluster template matches alias "1.29"',
                      str(ctx.exception))
        self.assertEqual([], self.posts())

    def test_labels_without_merge_warn_and_request_is_unchanged(self):
        self.run_command('k1', '--cluster-template', 'latest', '--labels',
                         'kube_tag=v1.33.4,boot_volume_size=40')
        self.assertEqual(
            'Warning: --labels replaces the labels of cluster template '
            f'{fakes.LATEST["name"]}; these 2 label(s) will be dropped: '
            'api_master_lb_allowed_cidrs, master_lb_enabled. Add '
            '--merge-labels to keep them.\n',
            self.stderr().splitlines(True)[-1])
        body = self.posts()[0][1]
        self.assertEqual({'kube_tag': 'v1.33.4', 'boot_volume_size': '40'},
                         body['labels'])
        self.assertNotIn('merge_labels', body)

    def test_labels_warning_for_a_named_template_reads_it(self):
        self.api.magnum(f'clustertemplates/{fakes.LATEST["name"]}',
                        fakes.LATEST)
        self.run_command('k1', '--cluster-template', fakes.LATEST['name'],
                         '--labels', 'a=1')
        self.assertIn('will be dropped: api_master_lb_allowed_cidrs, '
                      'kube_tag, master_lb_enabled.', self.stderr())

    def test_no_warning_with_merge_labels(self):
        self.run_command('k1', '--cluster-template', 'latest', '--labels',
                         'a=1', '--merge-labels')
        self.assertNotIn('Warning', self.stderr())
        self.assertTrue(self.posts()[0][1]['merge_labels'])

    def test_no_warning_when_every_label_is_given(self):
        self.run_command(
            'k1', '--cluster-template', 'latest', '--labels',
            'kube_tag=x,master_lb_enabled=false,'
            'api_master_lb_allowed_cidrs=10.0.0.0/8')
        self.assertNotIn('Warning', self.stderr())

    def test_unreadable_template_gives_no_warning(self):
        # The stock command then reports what Magnum says.
        self.run_command('k1', '--cluster-template', 'gone', '--labels',
                         'a=1')
        self.assertEqual('', self.stderr())


class TestClusterUpgrade(HookTest):

    command_class = osc_clusters.UpgradeCluster
    hook_class = template_hooks.ClusterUpgradeTemplateHook

    def upgrade_body(self):
        posts = self.posts()
        self.assertEqual(1, len(posts))
        self.assertEqual('/v1/clusters/c-uuid/actions/upgrade', posts[0][0])
        return posts[0][1]

    def test_alias_to_a_newer_patch(self):
        self.run_command('c1', '1.33')
        self.assertEqual({'cluster_template': fakes.LATEST['uuid'],
                          'max_batch_size': 1}, self.upgrade_body())
        self.assertIn('resolves to ' + fakes.LATEST['name'], self.stderr())

    def test_next_minor_by_name(self):
        self.api.magnum_answer('clusters/c1')['cluster_template_id'] \
            = fakes.PREVIOUS_MINOR['uuid']
        self.run_command('c1', fakes.LATEST['name'])
        self.assertEqual(fakes.LATEST['uuid'],
                         self.upgrade_body()['cluster_template'])
        self.assertEqual('', self.stderr())

    def test_skipped_minor_refused(self):
        self.api.magnum_answer('clusters/c1')['cluster_template_id'] \
            = fakes.OLDER_MINOR['uuid']
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_command('c1', 'latest')
        self.assertEqual(
            f'refusing to upgrade cluster c1 to {fakes.LATEST["name"]}: '
            '1.33.4 skips Kubernetes 1.32 (upgrade one minor version at a '
            f'time). Valid targets: {fakes.PREVIOUS_MINOR["name"]}, '
            'my-team-k8s (or pass --skip-upgrade-check).',
            str(ctx.exception))
        self.assertEqual([], self.posts())

    def test_downgrade_refused(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_command('c1', fakes.PREVIOUS_MINOR['uuid'])
        self.assertIn('(a downgrade)', str(ctx.exception))
        self.assertEqual([], self.posts())

    def test_skip_check(self):
        self.api.magnum_answer('clusters/c1')['cluster_template_id'] \
            = fakes.OLDER_MINOR['uuid']
        self.run_command('c1', 'latest', '--skip-upgrade-check')
        self.assertEqual(fakes.LATEST['uuid'],
                         self.upgrade_body()['cluster_template'])

    def test_skip_check_with_a_name_costs_nothing(self):
        self.run_command('c1', 'whatever', '--skip-upgrade-check')
        self.assertEqual([('GET', '/v1/clusters/c1'),
                          ('POST', '/v1/clusters/c-uuid/actions/upgrade')],
                         [r[:2] for r in self.api.magnum_requests()])

    def test_unknown_target_is_left_to_magnum(self):
        self.run_command('c1', 'not-visible')
        self.assertEqual('not-visible',
                         self.upgrade_body()['cluster_template'])

    def test_unknown_cluster_version_is_not_checked(self):
        self.api.magnum('clusters/c1', {
            'uuid': 'c-uuid', 'name': 'c1', 'cluster_template_id': 'gone',
            'labels': {}})
        self.run_command('c1', 'latest')
        self.assertIn('Note: cannot tell the Kubernetes version of the '
                      'cluster; the upgrade path was not checked.',
                      self.stderr())

    def test_option_is_declared(self):
        parser = self.hook_class(mock.NonCallableMock()).get_parser(
            argparse.ArgumentParser())
        self.assertFalse(getattr(parser.parse_args([]),
                                 template_hooks.SKIP_CHECK_DEST))
        self.assertFalse(getattr(parser.parse_args([]),
                                 template_hooks.DRY_RUN_DEST))


class TestUpgradePlan(HookTest):
    """``coe cluster upgrade --dry-run`` and the rules before a request."""

    command_class = osc_clusters.UpgradeCluster
    hook_class = template_hooks.ClusterUpgradeTemplateHook

    def set_cluster(self, template, **labels):
        answer = self.api.magnum_answer('clusters/c1')
        answer['cluster_template_id'] = template['uuid']
        answer['labels'].update(labels)

    def run_full(self, *argv):
        """``(exit code, what the plan printed)``."""
        _parsed, code = self.run_hooked(*argv)
        return code, self.app.stdout.getvalue()

    def rows(self, stdout):
        cells = [[c.strip() for c in line.split('|')[1:-1]]
                 for line in stdout.splitlines() if line.startswith('| ')]
        return {c[0]: c[1:] for c in cells}

    def test_dry_run_prints_the_plan_and_sends_nothing(self):
        code, out = self.run_full('c1', 'latest', '--dry-run')
        self.assertEqual(0, code)
        self.assertEqual([], self.posts())
        rows = self.rows(out)
        self.assertEqual(['info', '1.33.2 (kubernetes-v1.33.2-20250623) -> '
                          '1.33.4 (kubernetes-v1.33.4-20260115)', ''],
                         rows['Versions'])
        self.assertEqual('pass', rows['Rule: Upgrade path'][0])
        self.assertEqual(['upgrade', 'workers, 3 nodes, c1.c2r4: 1.33.2 -> '
                          '1.33.4', ''], rows['Node group default-worker'])
        self.assertEqual('added', rows['Label api_master_lb_allowed_cidrs'][0])
        self.assertIn('Item', rows)

    def test_dry_run_of_a_skipped_minor_exits_2(self):
        self.set_cluster(fakes.OLDER_MINOR)
        code, out = self.run_full('c1', 'latest', '--dry-run')
        self.assertEqual(template_hooks.EXIT_BLOCKED, code)
        self.assertEqual('fail', self.rows(out)['Rule: Upgrade path'][0])
        self.assertIn('blocked by the rules marked fail', self.stderr())
        self.assertEqual([], self.posts())

    def test_dry_run_of_a_target_that_does_not_exist(self):
        with self.assertRaises(osc_exc.CommandError):
            self.run_full('c1', 'not-visible', '--dry-run')
        self.assertEqual([], self.posts())

    def test_auto_healing_rule_refuses_before_the_request(self):
        old = fakes.template('kubernetes-v1.30.14-20250623')
        new = fakes.template('kubernetes-v1.31.14-20251201')
        self.api.magnum('clustertemplates/detail', {
            'clustertemplates': [old, new]})
        self.set_cluster(old, auto_healing_enabled='false')
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_full('c1', new['name'])
        self.assertIn('refusing to upgrade cluster c1 to '
                      'kubernetes-v1.31.14-20251201: Auto-healing for 1.30 '
                      'to 1.31: auto_healing_enabled is false',
                      str(ctx.exception))
        self.assertEqual([], self.posts())
        code, _out = self.run_full('c1', new['name'],
                                   '--skip-upgrade-check')
        self.assertEqual(0, code)
        self.assertEqual(1, len(self.posts()))

    def test_warnings_on_stderr_then_the_request(self):
        old = fakes.template('kubernetes-v1.34.9-20260720')
        new = fakes.template('kubernetes-v1.35.6-20260720')
        self.api.magnum('clustertemplates/detail', {
            'clustertemplates': [old, new]})
        self.set_cluster(old, kube_dashboard_enabled='true')
        code, _out = self.run_full('c1', new['name'])
        self.assertEqual(0, code)
        self.assertIn('Warning: Kubernetes Dashboard: '
                      'kube_dashboard_enabled=true: upgrading to 1.35 '
                      'removes it', self.stderr())
        self.assertEqual(1, len(self.posts()))


class TestNodeGroupCreate(HookTest):

    command_class = osc_nodegroups.CreateNodeGroup
    hook_class = template_hooks.NodeGroupCreateLabelsHook

    def test_warns_about_cluster_labels(self):
        self.run_command('c1', 'ng1', '--labels', 'boot_volume_size=40')
        self.assertEqual(
            'Warning: --labels replaces the labels of cluster c1; these 2 '
            'label(s) will be dropped: auto_healing_enabled, kube_tag. Add '
            '--merge-labels to keep them.\n', self.stderr())
        self.assertEqual({'boot_volume_size': '40'},
                         self.posts()[0][1]['labels'])

    def test_quiet_with_merge_labels_or_without_labels(self):
        self.run_command('c1', 'ng1', '--labels', 'a=1', '--merge-labels')
        self.run_command('c1', 'ng2')
        self.assertEqual('', self.stderr())
        self.assertEqual([], [r for r in self.api.magnum_requests()
                              if r[0] == 'GET'])

    def test_missing_cluster_left_to_the_command(self):
        self.api.magnum('clusters/nope/nodegroups/', {'uuid': 'ng'},
                        method='POST')
        self.run_command('nope', 'ng1', '--labels', 'a=1')
        self.assertEqual('', self.stderr())

    def test_labels_magnumclient_refuses_give_no_warning(self):
        cmd = self.command_class(self.app, None)
        hook = self.hook_class(cmd)
        parsed = cmd.get_parser('openstack').parse_args(
            ['c1', 'ng1', '--labels', 'oops'])
        hook.before(parsed)
        self.assertEqual('', self.stderr())


class TestMalformedAnswers(HookTest):
    """An answer that is not the JSON expected is one line, not a trace."""

    command_class = osc_clusters.CreateCluster
    hook_class = template_hooks.ClusterCreateTemplateHook

    def test_html_template_list_for_an_alias(self):
        self.api.magnum('clustertemplates/detail', unit_fakes.Raw(
            content=b'<html><body>Proxy login</body></html>'))
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_command('k1', '--cluster-template', 'latest')
        self.assertEqual(
            'listing cluster templates: the API answered with malformed '
            'data: http://127.0.0.1:9511/v1/clustertemplates/detail '
            "answered HTTP 200 (text/html) '<html><body>Proxy login</body>"
            "</html>', not a JSON object", str(ctx.exception))
        self.assertEqual([], self.posts())

    def test_wrong_types_in_the_cluster_an_upgrade_checks(self):
        self.command_class = osc_clusters.UpgradeCluster
        self.hook_class = template_hooks.ClusterUpgradeTemplateHook
        self.api.magnum('clusters/c1', dict(CLUSTER, labels=['kube_tag']))
        with self.assertRaises(osc_exc.CommandError) as ctx:
            self.run_command('c1', 'latest')
        self.assertEqual(
            'looking up cluster c1: the API answered with malformed data: '
            'http://127.0.0.1:9511/v1/clusters/c1: expected a cluster, got '
            "one whose labels is list \"['kube_tag']\"", str(ctx.exception))
        self.assertEqual([], self.posts())
