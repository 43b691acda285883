"""The preview notice's decisions, on the packaged data and on made-up data."""

import datetime
import unittest

from catalystcoe import preview

DATA = {
    'catalyst_auth_domains': ['catalystcloud.nz'],
    'default': {'status': 'alpha', 'reviewed_on': '2026-01-01'},
    'regions': {
        'nz-hlz-1': {'status': 'alpha', 'reviewed_on': '2026-11-01',
                     'kubernetes': {'1.33': 'ga', '1.34': 'beta'}},
        'nz-por-1': {'status': 'beta', 'reviewed_on': '2026-10-01'},
        'nz-ga-1': {'status': 'ga', 'reviewed_on': '2026-09-01'},
    },
}


class TestPackagedData(unittest.TestCase):

    def test_every_region_has_a_known_status_and_date(self):
        data = preview.load_status_data()
        self.assertIn('nz-hlz-1', data['regions'])
        self.assertIn('nz-por-1', data['regions'])
        for name, entry in data['regions'].items():
            self.assertIn(entry['status'], ('alpha', 'beta', 'ga'), name)
            datetime.date.fromisoformat(entry['reviewed_on'])
            for minor, status in entry.get('kubernetes', {}).items():
                self.assertIn(status, ('alpha', 'beta', 'ga'), minor)

    def test_catalyst_regions_are_alpha_today(self):
        data = preview.load_status_data()
        text = preview.notice(data, 'nz-por-1', None)
        self.assertIn('Technical (Alpha) Preview', text)
        self.assertIn('nz-por-1', text)


class TestNotice(unittest.TestCase):

    def test_names_region_status_date_and_how_to_report(self):
        text = preview.notice(DATA, 'nz-hlz-1', 'http://127.0.0.1:5000/v3')
        self.assertIn('in region nz-hlz-1', text)
        self.assertIn('Technical (Alpha) Preview', text)
        self.assertIn('reviewed 2026-11-01', text)
        self.assertIn('openstack coe support bundle create', text)
        self.assertIn('Support Panel', text)
        self.assertNotIn('\n', text)

    def test_beta_region(self):
        text = preview.notice(DATA, 'nz-por-1', None)
        self.assertIn('Technical (Beta) Preview', text)

    def test_ga_region_gets_nothing_even_when_forced(self):
        self.assertIsNone(preview.notice(DATA, 'nz-ga-1', None))
        self.assertIsNone(preview.notice(DATA, 'nz-ga-1', None, 'always'))

    def test_other_clouds_get_nothing_unless_forced(self):
        self.assertIsNone(preview.notice(
            DATA, 'RegionOne', 'https://keystone.example.com:5000/v3'))
        forced = preview.notice(
            DATA, 'RegionOne', 'https://keystone.example.com:5000/v3',
            'always')
        self.assertIn('in region RegionOne', forced)
        self.assertIn('reviewed 2026-01-01', forced)

    def test_catalyst_auth_url_with_unknown_region(self):
        text = preview.notice(
            DATA, 'nz-new-9', 'https://api.nz-new-9.catalystcloud.nz:5000/v3')
        self.assertIn('in region nz-new-9', text)

    def test_lookalike_hosts_are_not_catalyst(self):
        for url in ('https://catalystcloud.nz.evil.example/v3',
                    'https://notcatalystcloud.nz/v3',
                    'https://example.com/catalystcloud.nz',
                    'not a url', ''):
            self.assertIsNone(preview.notice(DATA, None, url), url)
        self.assertIsNotNone(
            preview.notice(DATA, None, 'https://catalystcloud.nz/v3'))

    def test_never_silences_everything(self):
        self.assertIsNone(preview.notice(DATA, 'nz-hlz-1', None, 'never'))


class TestParseMode(unittest.TestCase):

    def test_values(self):
        cases = {None: 'auto', '': 'auto', 'auto': 'auto', 'never': 'never',
                 ' NEVER ': 'never', 'always': 'always', 'off': 'never',
                 '0': 'never', 'false': 'never', 'yes': 'always',
                 True: 'always', False: 'never', 'bogus': 'auto'}
        for value, expected in cases.items():
            self.assertEqual(expected, preview.parse_mode(value), value)


class TestEpilog(unittest.TestCase):

    def test_lists_preview_regions_and_every_way_to_silence(self):
        text = preview.epilog(DATA)
        self.assertIn('nz-hlz-1 (alpha)', text)
        self.assertIn('nz-por-1 (beta)', text)
        self.assertNotIn('nz-ga-1', text)
        for way in ('--no-preview-warning', '-q',
                    'CATALYSTCOE_PREVIEW_WARNING=never',
                    'catalystcoe_preview_warning: never'):
            self.assertIn(way, text)

    def test_no_epilog_when_all_regions_are_ga(self):
        data = dict(DATA, regions={'x': {'status': 'ga',
                                         'reviewed_on': '2026-01-01'}})
        self.assertIsNone(preview.epilog(data))
