"""Helpers shared by unit tests (test modules never import each other).

Each section belongs to the tests named in its heading; add a section
rather than growing another's.
"""

import argparse
import io
from unittest import mock

import fixtures
import testtools

from catalystcoe.tests.unit import fakes


# -- commands as cliff runs them (v1/test_support.py, v1/test_diagnose.py) --

class CommandTestCase(testtools.TestCase):
    """A command of ours run by cliff over a scripted cloud.

    ``self.session`` is the fake session (``fakes.scripted_cloud()``),
    ``self.app`` the OSC app (stdout and stderr are StringIOs) and
    ``self.dir`` a temporary folder.
    """

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.session = fakes.scripted_cloud()
        self.app = mock.NonCallableMock(
            spec=['stderr', 'stdout', 'options', 'client_manager'])
        self.app.stdout = io.StringIO()
        self.app.stderr = io.StringIO()
        self.app.options = argparse.Namespace(verbose_level=1)
        self.app.client_manager = fakes.client_manager(self.session)

    def run_cmd(self, cls, *argv):
        cmd = cls(self.app, None)
        parsed = cmd.get_parser('openstack coe x').parse_args(list(argv))
        rc = cmd.run(parsed)
        return rc, self.app.stdout.getvalue()

    def parse_fails(self, cls, *argv):
        cmd = cls(self.app, None)
        parser = cmd.get_parser('openstack coe x')
        with mock.patch('sys.stderr', io.StringIO()) as err:
            self.assertRaises(SystemExit, parser.parse_args, list(argv))
        return err.getvalue()
