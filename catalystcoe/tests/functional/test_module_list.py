"""``openstack module list --all`` names catalystcoe and its version."""

import os
import subprocess

from catalystcoe.tests.functional import base


class TestModuleList(base.FunctionalTest):

    def installed_version(self):
        # The distribution installed beside the openstack under test (a
        # wheel in .venvs/catalystcloud, an editable install in .venv);
        # -I: not a catalystcoe.egg-info in the current directory.
        python = os.path.join(os.path.dirname(base.OPENSTACK), 'python')
        return subprocess.run(
            [python, '-I', '-c', 'import importlib.metadata as m; '
             'print(m.version("catalystcoe"))'],
            check=True, capture_output=True, text=True).stdout.strip()

    def test_version_next_to_magnumclient(self):
        res = self.openstack('module', 'list', '--all', '-f', 'json')
        self.assertEqual(self.installed_version(),
                         res.json.get('catalystcoe'))
        self.assertIn('magnumclient', res.json)
        self.assertEqual('', res.stderr)
