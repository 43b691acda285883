"""``catalystcoe.__version__``: what ``openstack module list`` reads."""

import importlib.metadata
import unittest

import catalystcoe


class TestVersion(unittest.TestCase):

    def test_version_is_the_installed_distributions(self):
        self.assertEqual(importlib.metadata.version('catalystcoe'),
                         catalystcoe.__version__)

    def test_other_missing_names_still_raise(self):
        with self.assertRaises(AttributeError):
            catalystcoe.no_such_name
        with self.assertRaises(ImportError):
            from catalystcoe import no_such_name  # noqa: F401
