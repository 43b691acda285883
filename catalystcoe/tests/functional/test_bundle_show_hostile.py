"""``coe support bundle show`` on hostile files, through the real CLI.

``bundle show`` works offline (``auth_required = False``), so these tests
need no cloud: unlike ``base.FunctionalTest`` they do not start the local
cloud, and run ``openstack`` with no cloud configured at all. The files
come from ``catalystcoe/tests/hostile_bundles.py``; ``tools/bench-bundle-
show`` measures the peak memory of the same set.
"""

import json
import os
import subprocess
import tempfile
import unittest

from catalystcoe.tests.functional import base
from catalystcoe.tests import hostile_bundles

ESC = b'\x1b'


class BundleShowHostileTest(unittest.TestCase):

    def setUp(self):
        super().setUp()
        tmp = tempfile.TemporaryDirectory(prefix='coe-show-hostile-')
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    def show(self, path, *args, timeout=120):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        env['PYTHONWARNINGS'] = 'ignore'
        return subprocess.run(
            [base.OPENSTACK, 'coe', 'support', 'bundle', 'show', path,
             *args], capture_output=True, timeout=timeout, env=env,
            stdin=subprocess.DEVNULL)

    def case(self, case):
        path = os.path.join(self.dir, f'{case}.tar.gz')
        hostile_bundles.write(case, path)
        return path

    def assertRefused(self, proc, expected):
        """Exit 1, one line on stderr holding ``expected``, nothing else."""
        self.assertEqual(1, proc.returncode, proc)
        self.assertEqual(b'', proc.stdout)
        lines = proc.stderr.decode().strip().splitlines()
        self.assertEqual(1, len(lines), proc.stderr)
        self.assertIn(expected, lines[0])
        self.assertNotIn(ESC, proc.stderr)
        return lines[0]

    def test_good_bundle_is_shown(self):
        proc = self.show(self.case('good'), '-f', 'json')
        self.assertEqual(0, proc.returncode, proc)
        shown = json.loads(proc.stdout)
        self.assertEqual(['summary.txt (6 bytes)',
                          'clusters/c1/cluster.json (15 bytes)'],
                         shown['files'])
        self.assertEqual('openstack coe support bundle create',
                         shown['command'])

    def test_headers_of_1_gib_are_refused(self):
        for case in ('pax-header-1g', 'gnu-longname-1g'):
            with self.subTest(case):
                path = self.case(case)
                self.assertLess(os.path.getsize(path),
                                2 * hostile_bundles.MIB)
                line = self.assertRefused(self.show(path, timeout=60),
                                          'is too large to be a support '
                                          'bundle')
                self.assertEqual(f'{path} is too large to be a support '
                                 f'bundle: a tar header of 1073741824 '
                                 f'bytes (at most 64 KiB)', line)

    def test_damaged_gzip_streams(self):
        for case in ('cut-trailer', 'bad-crc', 'garbage-after-gzip'):
            with self.subTest(case):
                self.assertRefused(self.show(self.case(case)),
                                   hostile_bundles.CASES[case][3])

    def test_escape_sequences_never_reach_the_terminal(self):
        for case, forms in (('escape-in-manifest', ('table', 'value',
                                                    'yaml', 'shell')),
                            ('escape-in-name', ('table', 'value'))):
            path = self.case(case)
            for form in forms:
                with self.subTest(case=case, form=form):
                    proc = self.show(path, '-f', form)
                    self.assertEqual(0, proc.returncode, proc)
                    self.assertNotIn(ESC, proc.stdout + proc.stderr)
                    # Shown as text (yaml and shell may double the \).
                    self.assertIn(b'x1b]0;owned', proc.stdout)
        line = self.assertRefused(self.show(self.case('escape-in-error')),
                                  'is in the archive but not in the '
                                  'manifest')
        self.assertIn(r'\x1b]0;owned\x07\x1b[2J', line)

    def test_fifo_folder_and_device_are_refused_at_once(self):
        for case, (_what, expected) in hostile_bundles.SPECIAL.items():
            with self.subTest(case):
                path = hostile_bundles.make_special(case, self.dir)
                self.assertRefused(self.show(path, timeout=60), expected)

    def test_hand_edited_manifests(self):
        for case in ('wrong-types', 'deep-manifest', 'json-bomb'):
            with self.subTest(case):
                line = self.assertRefused(self.show(self.case(case)),
                                          hostile_bundles.CASES[case][3])
                self.assertTrue(line.startswith(os.path.join(
                    self.dir, f'{case}.tar.gz: manifest.json')), line)
