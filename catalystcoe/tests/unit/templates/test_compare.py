"""What differs between two label sets or two templates."""

import unittest

from catalystcoe.templates import compare
from catalystcoe.tests.unit.templates import fakes


class TestDiff(unittest.TestCase):

    def test_added_removed_changed_sorted(self):
        rows = [c.as_row() for c in compare.diff(
            {'b': '1', 'a': 'x', 'same': 's'},
            {'b': '2', 'c': 'new', 'same': 's'})]
        self.assertEqual([('a', 'removed', 'x', ''),
                          ('b', 'changed', '1', '2'),
                          ('c', 'added', '', 'new')], rows)

    def test_keep_same(self):
        rows = [c.as_row() for c in compare.diff({'a': '1'}, {'a': '1'},
                                                 keep_same=True)]
        self.assertEqual([('a', 'same', '1', '1')], rows)

    def test_booleans_and_lists_as_text(self):
        self.assertEqual([], compare.diff({'x': True}, {'x': 'True'}))
        self.assertEqual([('x', 'changed', 'false', 'a,b')],
                         [c.as_row() for c in compare.diff(
                             {'x': False}, {'x': ['a', 'b']})])


class TestTemplates(unittest.TestCase):

    def test_fields_then_labels_ignoring_identity(self):
        old = fakes.template('a', labels={'kube_tag': 'v1.33.2',
                                          'boot_volume_size': '20'})
        new = fakes.template('b', labels={'kube_tag': 'v1.33.4'},
                             flavor_id='c1.c4r8')
        rows = [c.as_row() for c in compare.templates(old, new)]
        self.assertEqual([
            ('flavor_id', 'changed', 'c1.c2r4', 'c1.c4r8'),
            ('labels.boot_volume_size', 'removed', '20', ''),
            ('labels.kube_tag', 'changed', 'v1.33.2', 'v1.33.4')], rows)

    def test_identical_templates_have_no_rows(self):
        tmpl = fakes.LATEST
        self.assertEqual([], compare.templates(tmpl, dict(tmpl)))
