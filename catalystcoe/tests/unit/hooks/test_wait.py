"""The --wait hooks, driven as cliff drives them.

Around the REAL stock python-magnumclient commands and client, over the
one fake of the API (``fakes.FakeSession``).
"""

import argparse
import contextlib
import io

from magnumclient.osc.v1 import clusters as osc_clusters
from magnumclient.osc.v1 import nodegroups as osc_nodegroups
import testtools

from catalystcoe.hooks import wait as wait_hooks
from catalystcoe.tests.unit import fakes
from catalystcoe.tests.unit import helpers

UUID = helpers.CLUSTER_UUID
UUID2 = '66666666-2222-3333-4444-555555555555'
NG_UUID = '77777777-2222-3333-4444-555555555555'
cluster = helpers.cluster


def nodegroup(status, reason=''):
    return {'uuid': NG_UUID, 'name': 'ng1', 'cluster_id': UUID,
            'status': status, 'status_reason': reason, 'node_count': 2,
            'role': 'worker'}


NOT_FOUND = fakes.magnum_error(404, 'Cluster could not be found.')


def stock_command(command_cls, app, cmd_name):
    """A stock command named as cliff names it (its hooks not loaded)."""
    cmd = command_cls(app, None)
    cmd.cmd_name = cmd_name
    return cmd


class HookTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.session = fakes.FakeSession()
        self.app = helpers.osc_app(self.session)
        self.client = self.app.client_manager.container_infra
        self.clock = helpers.FakeClock()

    def script(self, path, *answers, method='GET'):
        """Answers for a Magnum path, in turn (the last repeating)."""
        self.session.magnum(path, helpers.in_turn(*answers), method=method)

    def requests(self):
        return [(method, path) for method, path, _body
                in self.session.magnum_requests()]

    def run_command(self, command_cls, hook_cls, argv, cmd_name):
        """What cliff's Command.run does: before, take_action, after."""
        cmd = stock_command(command_cls, self.app, cmd_name)
        hook = hook_cls(command=cmd)
        hook.waiter_kwargs = {'clock': self.clock, 'interval': 5}
        parser = cmd.get_parser('openstack coe x')
        hook.get_parser(parser)
        parsed = parser.parse_args(argv)
        parsed = hook.before(parsed)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = cmd.take_action(parsed) or 0
        rc = hook.after(parsed, rc)
        return rc, out.getvalue(), self.app.stderr.getvalue()

    def assertUnwrapped(self, manager, method):
        self.assertNotIn(method, vars(manager))


class TestClusterCreate(HookTestCase):

    ARGS = ['--cluster-template', 'k8s', 'c1']

    def setUp(self):
        super().setUp()
        self.session.magnum('clusters', {'uuid': UUID}, method='POST')

    def create(self, *extra):
        return self.run_command(osc_clusters.CreateCluster,
                                wait_hooks.ClusterWaitHook,
                                self.ARGS + list(extra),
                                'coe cluster create')

    def test_waits_for_the_uuid_the_api_returned(self):
        self.script(f'clusters/{UUID}', NOT_FOUND,
                    cluster('CREATE_IN_PROGRESS', 'started'),
                    cluster('CREATE_COMPLETE', 'done'))
        rc, out, err = self.create('--wait')
        self.assertEqual(0, rc)
        self.assertEqual(f'Request to create cluster {UUID} accepted\n', out)
        self.assertEqual(
            '[0s] Cluster c1: NOT FOUND: not visible yet\n'
            '[5s] Cluster c1: CREATE_IN_PROGRESS, masters 1, workers 1: '
            'started\n'
            '[12s] Cluster c1: CREATE_COMPLETE, masters 1, workers 1: done\n'
            'Cluster c1 is CREATE_COMPLETE (waited 12s).\n', err)
        self.assertEqual([('POST', '/v1/clusters')]
                         + [('GET', f'/v1/clusters/{UUID}')] * 3,
                         self.requests())
        self.assertUnwrapped(self.client.clusters, 'create')

    def test_failure_is_exit_1_with_reason_and_hints(self):
        self.script(f'clusters/{UUID}',
                    cluster('CREATE_FAILED', 'Quota exceeded for cores'))
        rc, out, err = self.create('--wait')
        self.assertEqual(1, rc)
        self.assertEqual(f'Request to create cluster {UUID} accepted\n', out)
        self.assertEqual(
            "Cluster c1 is CREATE_FAILED after 0s: Quota exceeded for "
            f"cores. Next: 'openstack coe cluster diagnose {UUID}', then "
            f"'openstack coe support bundle create {UUID}' for a support "
            "ticket.", err.splitlines()[-1])

    def test_default_timeout_follows_the_create_timeout(self):
        self.script(f'clusters/{UUID}', cluster('CREATE_IN_PROGRESS'))
        rc, _out, err = self.create('--timeout', '10', '--wait')
        self.assertEqual(124, rc)
        self.assertIn('Timed out after 12m00s waiting for cluster c1 (still '
                      'CREATE_IN_PROGRESS)', err)

    def test_wait_with_seconds(self):
        self.script(f'clusters/{UUID}', cluster('CREATE_IN_PROGRESS'))
        rc, _out, err = self.create('--wait', '30')
        self.assertEqual(124, rc)
        self.assertIn('Timed out after 30s', err)

    def test_ctrl_c_is_130_and_says_the_operation_goes_on(self):
        self.script(f'clusters/{UUID}', cluster('CREATE_IN_PROGRESS'),
                    KeyboardInterrupt())
        rc, _out, err = self.create('--wait')
        self.assertEqual(130, rc)
        self.assertIn('Stopped waiting for cluster c1 after 5s (still '
                      'CREATE_IN_PROGRESS); the operation itself goes on in '
                      'the cloud.', err.splitlines()[-1])

    def test_without_wait_nothing_changes(self):
        rc, out, err = self.create()
        self.assertEqual(0, rc)
        self.assertEqual(f'Request to create cluster {UUID} accepted\n', out)
        self.assertEqual('', err)
        self.assertEqual([('POST', '/v1/clusters')], self.requests())

    def test_quiet(self):
        self.app.options.verbose_level = 0
        self.script(f'clusters/{UUID}', cluster('CREATE_COMPLETE'))
        rc, _out, err = self.create('--wait')
        self.assertEqual((0, ''), (rc, err))

    def test_failed_request_does_not_wait(self):
        cmd = stock_command(osc_clusters.CreateCluster, self.app,
                            'coe cluster create')
        hook = wait_hooks.ClusterWaitHook(command=cmd)
        parser = cmd.get_parser('x')
        hook.get_parser(parser)
        parsed = hook.before(parser.parse_args(self.ARGS + ['--wait']))
        self.assertEqual(2, hook.after(parsed, 2))
        self.assertUnwrapped(self.client.clusters, 'create')


class TestClusterChanges(HookTestCase):
    """update, resize and upgrade: one hook class, told apart by verb."""

    PATH = f'/v1/clusters/{UUID}'

    def change(self, command_cls, argv):
        verb = command_cls.__name__[:-len('Cluster')].lower()
        return self.run_command(command_cls, wait_hooks.ClusterWaitHook,
                                argv, f'coe cluster {verb}')

    def test_resize_ignores_the_state_from_before(self):
        self.script('clusters/c1', cluster('UPDATE_COMPLETE', 'old'))
        self.script(f'clusters/{UUID}',
                    cluster('UPDATE_COMPLETE', 'old'),   # baseline
                    cluster('UPDATE_COMPLETE', 'old'),   # not started
                    cluster('UPDATE_IN_PROGRESS', 'resizing'),
                    cluster('UPDATE_COMPLETE', 'old'))
        self.session.magnum(f'clusters/{UUID}/actions/resize',
                            {'uuid': UUID}, method='POST')
        rc, out, err = self.change(osc_clusters.ResizeCluster,
                                   ['c1', '3', '--wait'])
        self.assertEqual(0, rc)
        self.assertEqual('Request to resize cluster c1 has been accepted.\n',
                         out)
        path = self.PATH
        self.assertEqual(
            [('GET', '/v1/clusters/c1'), ('GET', path),
             ('POST', f'{path}/actions/resize'),
             ('GET', path), ('GET', path), ('GET', path)],
            self.requests())
        self.assertIn('UPDATE_IN_PROGRESS', err)
        self.assertTrue(err.endswith(
            'Cluster c1 is UPDATE_COMPLETE (waited 12s).\n'))

    def test_update_by_name_follows_the_uuid(self):
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1', cluster('UPDATE_IN_PROGRESS'),
                            method='PATCH')
        self.script(f'clusters/{UUID}', cluster('UPDATE_FAILED', 'quota'))
        rc, out, err = self.change(osc_clusters.UpdateCluster,
                                   ['c1', '--node-count', '4', '--wait'])
        self.assertEqual(1, rc)
        self.assertEqual('Request to update cluster c1 has been accepted.\n',
                         out)
        self.assertEqual(('GET', self.PATH), self.requests()[-1])
        self.assertIn('is UPDATE_FAILED after 0s: quota.', err)

    def test_upgrade(self):
        self.script(f'clusters/{UUID}', cluster('CREATE_COMPLETE'),
                    cluster('CREATE_COMPLETE'),
                    cluster('UPDATE_IN_PROGRESS'),
                    cluster('UPDATE_COMPLETE'))
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.session.magnum(f'clusters/{UUID}/actions/upgrade',
                            {'uuid': UUID}, method='POST')
        rc, _out, _err = self.change(osc_clusters.UpgradeCluster,
                                     ['c1', 'new-template', '--wait'])
        self.assertEqual(0, rc)
        self.assertIn(('POST', f'{self.PATH}/actions/upgrade'),
                      self.requests())

    def test_each_verb_has_its_own_words(self):
        for verb in ('update', 'resize', 'upgrade'):
            cmd = stock_command(osc_clusters.UpdateCluster, self.app,
                                f'coe cluster {verb}')
            hook = wait_hooks.ClusterWaitHook(command=cmd)
            self.assertEqual(verb, hook.verb)
            parser = argparse.ArgumentParser()
            hook.get_parser(parser)
            self.assertIn('wait until the cluster is UPDATE_COMPLETE or '
                          'UPDATE_FAILED',
                          ' '.join(parser.format_help().split()))

    def test_delete_each_until_gone(self):
        self.script('clusters/a', cluster('CREATE_COMPLETE'))
        self.script('clusters/b', cluster('CREATE_FAILED', 'x',
                                          uuid=UUID2, name='b'))
        for name in ('a', 'b'):
            self.session.magnum(f'clusters/{name}', (204, None),
                                method='DELETE')
        self.script(f'clusters/{UUID}', cluster('DELETE_IN_PROGRESS'),
                    NOT_FOUND)
        self.script(f'clusters/{UUID2}',
                    cluster('DELETE_IN_PROGRESS', uuid=UUID2, name='b'),
                    cluster('DELETE_FAILED', 'One or more ports have an '
                            'IP allocation from this subnet',
                            uuid=UUID2, name='b'))
        rc, out, err = self.run_command(
            osc_clusters.DeleteCluster, wait_hooks.ClusterWaitHook,
            ['a', 'b', '--wait'], 'coe cluster delete')
        self.assertEqual(1, rc)
        self.assertEqual('Request to delete cluster a has been accepted.\n'
                         'Request to delete cluster b has been accepted.\n',
                         out)
        self.assertEqual(
            [('GET', '/v1/clusters/a'), ('DELETE', '/v1/clusters/a'),
             ('GET', '/v1/clusters/b'), ('DELETE', '/v1/clusters/b')],
            self.requests()[:4])
        lines = err.splitlines()
        self.assertIn('Cluster c1 is deleted (waited 5s).', lines)
        self.assertIn('Cluster b is DELETE_FAILED after 5s: One or more '
                      'ports have an IP allocation from this subnet.',
                      err)
        self.assertEqual('1 of 2 waits did not end well.', lines[-1])


class TestNodeGroups(HookTestCase):

    PATH = f'clusters/{UUID}/nodegroups/{NG_UUID}'

    def run_nodegroup(self, command_cls, argv):
        verb = command_cls.__name__[:-len('NodeGroup')].lower()
        return self.run_command(command_cls, wait_hooks.NodeGroupWaitHook,
                                argv, f'coe nodegroup {verb}')

    def test_create(self):
        self.session.magnum('clusters/c1/nodegroups/',
                            nodegroup('CREATE_IN_PROGRESS'), method='POST')
        self.script(self.PATH, nodegroup('CREATE_IN_PROGRESS', 'go'),
                    nodegroup('CREATE_COMPLETE', 'ok'))
        rc, out, err = self.run_nodegroup(osc_nodegroups.CreateNodeGroup,
                                          ['c1', 'ng1', '--wait'])
        self.assertEqual(0, rc)
        self.assertEqual(f'Request to create nodegroup {NG_UUID} accepted\n',
                         out)
        self.assertEqual(
            '[0s] Node group ng1 of cluster ' + UUID + ': '
            'CREATE_IN_PROGRESS, nodes 2 (worker): go\n'
            '[5s] Node group ng1 of cluster ' + UUID + ': '
            'CREATE_COMPLETE, nodes 2 (worker): ok\n'
            'Node group ng1 of cluster ' + UUID + ' is CREATE_COMPLETE '
            '(waited 5s).\n', err)
        self.assertUnwrapped(self.client.nodegroups, 'create')

    def test_update(self):
        self.script('clusters/c1/nodegroups/ng1',
                    nodegroup('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1/nodegroups/ng1',
                            nodegroup('UPDATE_IN_PROGRESS'), method='PATCH')
        self.script(self.PATH, nodegroup('UPDATE_IN_PROGRESS'),
                    nodegroup('UPDATE_COMPLETE'))
        rc, out, _err = self.run_nodegroup(
            osc_nodegroups.UpdateNodeGroup,
            ['c1', 'ng1', '--max-nodes', '5', '--wait'])
        self.assertEqual(0, rc)
        self.assertEqual('Request to update nodegroup ng1 has been '
                         'accepted.\n', out)

    def test_delete(self):
        self.script('clusters/c1/nodegroups/ng1',
                    nodegroup('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1/nodegroups/ng1', (204, None),
                            method='DELETE')
        self.script(self.PATH, nodegroup('DELETE_IN_PROGRESS'), NOT_FOUND)
        rc, _out, err = self.run_nodegroup(osc_nodegroups.DeleteNodeGroup,
                                           ['c1', 'ng1', '--wait'])
        self.assertEqual(0, rc)
        self.assertTrue(err.endswith(
            f'Node group ng1 of cluster {UUID} is deleted (waited 5s).\n'))


class TestHostileAnswers(HookTestCase):
    """A delete --wait never says "deleted" when it did not see a 404."""

    HTML = fakes.Raw(content=b'<html><body>Sign in</body></html>')

    def test_cluster_delete_on_html_polls_is_exit_1_never_deleted(self):
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1', (204, None), method='DELETE')
        self.script(f'clusters/{UUID}', cluster('DELETE_IN_PROGRESS'),
                    self.HTML)
        rc, _out, err = self.run_command(
            osc_clusters.DeleteCluster, wait_hooks.ClusterWaitHook,
            ['c1', '--wait'], 'coe cluster delete')
        self.assertEqual(1, rc)
        self.assertNotIn('deleted', err)
        self.assertEqual(
            'Gave up waiting for cluster c1 after 6 tries: the API answered '
            f'with malformed data: http://127.0.0.1:9511/v1/clusters/{UUID} '
            "answered HTTP 200 (text/html) '<html><body>Sign in</body>"
            "</html>', not a JSON object. The operation may go on; follow "
            f"it with 'openstack coe cluster wait {UUID}'.",
            err.splitlines()[-1])

    def test_nodegroup_delete_on_empty_polls_is_exit_1(self):
        path = f'clusters/{UUID}/nodegroups/{NG_UUID}'
        self.script('clusters/c1/nodegroups/ng1',
                    nodegroup('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1/nodegroups/ng1', (204, None),
                            method='DELETE')
        self.script(path, fakes.Raw(content=b'',
                                    content_type='application/json'))
        rc, _out, err = self.run_command(
            osc_nodegroups.DeleteNodeGroup, wait_hooks.NodeGroupWaitHook,
            ['c1', 'ng1', '--wait'], 'coe nodegroup delete')
        self.assertEqual(1, rc)
        self.assertNotIn('deleted', err)
        self.assertIn(f'/v1/{path} answered HTTP 200 (application/json) an '
                      'empty body, not a JSON object.', err.splitlines()[-1])

    def test_a_list_during_a_resize_is_not_a_disappearance(self):
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.session.magnum(f'clusters/{UUID}/actions/resize',
                            {'uuid': UUID}, method='POST')
        self.script(f'clusters/{UUID}', cluster('CREATE_COMPLETE'),
                    cluster('UPDATE_IN_PROGRESS'), [cluster('x')],
                    cluster('UPDATE_COMPLETE'))
        rc, _out, err = self.run_command(
            osc_clusters.ResizeCluster, wait_hooks.ClusterWaitHook,
            ['c1', '3', '--wait'], 'coe cluster resize')
        self.assertEqual(0, rc)
        self.assertNotIn('no longer exists', err)
        self.assertIn('API error, retrying (1/5): the API answered with '
                      'malformed data', err)

    def test_retry_after_then_gone(self):
        self.script('clusters/c1', cluster('CREATE_COMPLETE'))
        self.session.magnum('clusters/c1', (204, None), method='DELETE')
        self.script(f'clusters/{UUID}', fakes.Raw(
            503, b'{"errors": [{"title": "x", "detail": "maintenance"}]}',
            'application/json', {'Retry-After': '9'}), NOT_FOUND)
        rc, _out, err = self.run_command(
            osc_clusters.DeleteCluster, wait_hooks.ClusterWaitHook,
            ['c1', '--wait'], 'coe cluster delete')
        self.assertEqual(0, rc, err)
        self.assertEqual([9.0], self.clock.sleeps)
        self.assertIn('maintenance (HTTP 503, retry after 9 s)', err)
        self.assertTrue(err.endswith('Cluster c1 is deleted (waited 9s).\n'))


class TestWaitOption(testtools.TestCase):

    def parse(self, *argv):
        parser = argparse.ArgumentParser()
        parser.add_argument('cluster')
        wait_hooks.add_wait_option(parser, 'done', 'forever')
        return parser.parse_args(list(argv))

    def test_spellings(self):
        self.assertIsNone(self.parse('c').catalystcoe_wait)
        self.assertEqual(wait_hooks.USE_DEFAULT,
                         self.parse('c', '--wait').catalystcoe_wait)
        self.assertEqual(30, self.parse('c', '--wait', '30').catalystcoe_wait)
        self.assertEqual(30, self.parse('--wait=30', 'c').catalystcoe_wait)

    def test_bad_values_name_the_fix(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertRaises(SystemExit, self.parse, '--wait', 'c')
            self.assertRaises(SystemExit, self.parse, 'c', '--wait', '0')
        self.assertIn("argument --wait: 'c' is not a positive number of "
                      "seconds (write --wait=<seconds>, or put --wait after "
                      "the positional arguments)", err.getvalue())
        self.assertIn("argument --wait: '0' is not a positive number of "
                      "seconds", err.getvalue())
