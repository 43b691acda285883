"""--labels values, --label options and dropped labels."""

import unittest

from magnumclient.common import utils as magnum_utils

from catalystcoe.templates import labels


class TestToArgument(unittest.TestCase):

    def roundtrip(self, value):
        return magnum_utils.format_labels([labels.to_argument(value)])

    def test_sorted_key_values(self):
        self.assertEqual('a=1,b=x=y',
                         labels.to_argument({'b': 'x=y', 'a': '1'}))

    def test_magnumclient_reads_it_back(self):
        cases = [
            {'kube_tag': 'v1.33.4', 'master_lb_enabled': 'true'},
            {'api_master_lb_allowed_cidrs': '10.0.0.0/8,192.168.0.0/16',
             'boot_volume_size': '20'},
            {'only': 'a,b'},
            {'empty': '', 'x': 'y'},
            {'gaps': 'a,,b', 'z': '1'},
            {'single': 'v'},
        ]
        for value in cases:
            with self.subTest(value=value):
                self.assertEqual(value, self.roundtrip(value))

    def test_empty(self):
        self.assertEqual('', labels.to_argument({}))


class TestParseOptions(unittest.TestCase):

    def test_pairs(self):
        self.assertEqual({'a': '1', 'b': 'x=y', 'c': ''},
                         labels.parse_options(['a=1', 'b=x=y', 'c=']))
        self.assertEqual({}, labels.parse_options(None))

    def test_later_wins(self):
        self.assertEqual({'a': '2'}, labels.parse_options(['a=1', 'a=2']))

    def test_bad(self):
        for item in ('novalue', '=x', ''):
            with self.subTest(item=item):
                with self.assertRaises(ValueError) as ctx:
                    labels.parse_options([item])
                self.assertIn('--label wants key=value', str(ctx.exception))


class TestDropped(unittest.TestCase):

    def test_dropped_keys(self):
        self.assertEqual(['a', 'c'], labels.dropped(
            {'c': '1', 'a': '2', 'b': '3'}, {'b': 'x', 'd': 'y'}))
        self.assertEqual([], labels.dropped({}, {'b': 'x'}))
        self.assertEqual(['a'], labels.dropped({'a': '1'}, None))

    def test_warning(self):
        self.assertEqual(
            'Warning: --labels replaces the labels of cluster template t; '
            'these 2 label(s) will be dropped: a, c. Add --merge-labels to '
            'keep them.',
            labels.drop_warning(['a', 'c'], 'cluster template t'))
