"""The hook on the stock ``coe cluster config``: private files, help.

The real python-magnumclient command writes the files, over the one fake
session.
"""

import io
import os
import shutil
import stat
import tempfile
from unittest import mock

from magnumclient.osc.v1 import clusters as osc_clusters
from osc_lib import clientmanager
import testtools

from catalystcoe.hooks import config as config_hook
from catalystcoe.tests.unit import fakes

CA = fakes.PEM_CERT


class TestClusterConfigHook(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='coe-config-hook-')
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        patcher = mock.patch.dict(os.environ, {'SHELL': '/bin/bash'})
        patcher.start()
        self.addCleanup(patcher.stop)
        session = fakes.FakeSession(heat=False)
        cluster = fakes.cluster(status='CREATE_COMPLETE', name='demo')
        session.magnum('clusters/demo', cluster)
        session.magnum(f'clustertemplates/{fakes.TEMPLATE_UUID}',
                       fakes.template(tls_disabled=False))
        session.magnum(f'certificates/{fakes.CLUSTER_UUID}', {'pem': CA})
        session.magnum('certificates', (201, {'pem': CA}), method='POST')
        self.app = mock.NonCallableMock(
            spec=['stderr', 'stdout', 'client_manager', 'options'])
        self.app.stderr = io.StringIO()
        self.app.client_manager = mock.NonCallableMock(
            spec=clientmanager.ClientManager)
        self.app.client_manager.container_infra = fakes.magnum_client(
            session)

    def run_config(self, *argv):
        """What cliff's Command.run does: before, take_action, after."""
        cmd = osc_clusters.ConfigCluster(self.app, None)
        hook = config_hook.ClusterConfigModeHook(cmd)
        parser = cmd.get_parser('openstack coe cluster config')
        hook.get_parser(parser)
        parsed = hook.before(parser.parse_args(['demo', '--dir', self.dir,
                                                *argv]))
        with mock.patch('sys.stdout', io.StringIO()):
            rc = cmd.take_action(parsed) or 0
        return hook.after(parsed, rc)

    def mode(self, name):
        return stat.S_IMODE(os.lstat(os.path.join(self.dir, name)).st_mode)

    def test_files_are_written_private_and_umask_restored(self):
        old = os.umask(0o022)
        self.addCleanup(os.umask, old)
        self.assertEqual(0, self.run_config('--output-certs'))
        self.assertEqual({n: 0o600 for n in ('config', 'key.pem', 'cert.pem',
                                             'ca.pem')},
                         {n: self.mode(n) for n in ('config', 'key.pem',
                                                    'cert.pem', 'ca.pem')})
        self.assertEqual(0o022, os.umask(0o022))

    def test_force_over_an_open_file_closes_it(self):
        path = os.path.join(self.dir, 'config')
        with open(path, 'w') as f:
            f.write('old')
        os.chmod(path, 0o644)
        self.run_config('--force')
        self.assertEqual(0o600, self.mode('config'))

    def test_links_are_left_alone(self):
        target = os.path.join(self.dir, 'elsewhere')
        with open(target, 'w') as f:
            f.write('x')
        os.chmod(target, 0o644)
        link = os.path.join(self.dir, 'link')
        os.symlink(target, link)
        self.assertFalse(config_hook.make_private(link))
        self.assertEqual(0o644, self.mode('elsewhere'))

    def test_help_points_to_the_merging_command(self):
        cmd = osc_clusters.ConfigCluster(self.app, None)
        self.assertIn('openstack coe cluster kubeconfig save <cluster>',
                      config_hook.ClusterConfigModeHook(cmd).get_epilog())
