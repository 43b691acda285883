"""The stderr check of ``FunctionalTest.openstack`` catches what it must.

A functional test is only as strict as its helper: these pin what the
check lets through (our notices, what a test expects) and what it never
does (tracebacks, Python warnings, anything else).
"""

import subprocess
import sys
import unittest

from catalystcoe import facts
from catalystcoe import preview
from catalystcoe.tests.functional import base

# The notice as the plugin words it today (never a copy that can drift).
NOTICE = preview.notice(facts.packaged(), 'nz-hlz-1', None, preview.ALWAYS)
PROGRESS = '[3s] Cluster ft-1: CREATE_IN_PROGRESS, masters 1, workers 1'
DONE = 'Cluster ft-1 is CREATE_COMPLETE (waited 12s).'
TRACEBACK = ('Traceback (most recent call last):\n'
             '  File "x.py", line 1, in <module>\n'
             'KeyError: \'errors\'')
WARNING = ('/venv/lib/python3.11/site-packages/catalystcoe/errors.py:12: '
           'DeprecationWarning: old\n  warnings.warn(')


class TestStderrProblems(unittest.TestCase):

    def test_our_notices_pass(self):
        self.assertEqual([], base.stderr_problems(
            '\n'.join([NOTICE, PROGRESS, DONE, ''])))

    def test_anything_else_needs_to_be_expected(self):
        # A line of no shape of ours (Note:/Warning: ... are ours).
        text = NOTICE + "\n'NoneType' object has no attribute 'get'\n"
        self.assertEqual(["'NoneType' object has no attribute 'get'"],
                         base.stderr_problems(text))
        self.assertEqual([], base.stderr_problems(
            text, expected=[r"^'NoneType' object "]))

    def test_tracebacks_and_warnings_fail_even_when_expected(self):
        self.assertIn('Traceback (most recent call last):',
                      base.stderr_problems(TRACEBACK, expected=['.']))
        self.assertEqual(
            [WARNING.splitlines()[0]],
            base.stderr_problems(WARNING, expected=['warnings.warn']))


class TestWarningsReachStderr(unittest.TestCase):

    def run_python(self, code):
        return subprocess.run([sys.executable, '-c', code],
                              env=base.cli_env(), capture_output=True,
                              text=True, timeout=60)

    def warn(self, category, module):
        return self.run_python(
            'import warnings\n'
            f'warnings.warn_explicit("gone soon", {category}, "m.py", 1, '
            f'module={module!r})\n')

    def test_deprecation_from_our_module_is_shown_and_fails(self):
        res = self.warn('DeprecationWarning', 'catalystcoe.errors')
        self.assertIn('DeprecationWarning: gone soon', res.stderr)
        self.assertTrue(base.stderr_problems(res.stderr))

    def test_deprecation_from_elsewhere_stays_hidden_as_for_users(self):
        res = self.warn('DeprecationWarning', 'osc_lib.clientmanager')
        self.assertEqual('', res.stderr)

    def test_other_warnings_are_shown_as_for_users(self):
        res = self.warn('UserWarning', 'keystoneauth1.session')
        self.assertIn('UserWarning: gone soon', res.stderr)
        self.assertTrue(base.stderr_problems(res.stderr))
