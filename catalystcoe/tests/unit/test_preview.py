"""The preview notices' decisions, on the packaged facts and on test facts."""

import copy
import unittest

from catalystcoe import facts
from catalystcoe import preview
from catalystcoe.tests.unit.templates import fakes

FACTS = fakes.FACTS
SUPPORT_CENTRE = 'https://catalystcloud.nz/support/support-centre/'


class TestPackagedFacts(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.facts = facts.packaged()

    def test_kubernetes_regions_are_alpha_as_the_overview_said(self):
        self.assertEqual({'nz-hlz-1', 'nz-por-1'}, set(self.facts.regions))
        text = preview.notice(self.facts, 'nz-por-1', None)
        self.assertIn('in region nz-por-1 is a Technical (Alpha) Preview',
                      text)
        # The status names its source and that source's date, not a day
        # somebody claims to have reviewed it.
        self.assertIn('(source: Catalyst Cloud docs: Kubernetes overview '
                      'page, dated 2018-10)', text)
        self.assertNotIn('reviewed', text)

    def test_tickets_go_to_the_support_centre(self):
        text = preview.notice(self.facts, 'nz-hlz-1', None)
        self.assertIn(f'a ticket in the Support Centre ({SUPPORT_CENTRE})',
                      text)
        self.assertNotIn('Support Panel', text)

    def test_both_catalyst_domains_are_recognised(self):
        for url in ('https://api.nz-por-1.catalystcloud.io:5000/v3',
                    'https://api.nz-hlz-1.catalystcloud.nz:5000/v3'):
            self.assertIsNotNone(preview.notice(self.facts, 'nz-x', url), url)

    def test_wellington_offers_no_kubernetes(self):
        self.assertIsNone(self.facts.region('nz_wlg_2'))


class TestNotice(unittest.TestCase):

    def test_names_region_status_source_and_how_to_report(self):
        text = preview.notice(FACTS, 'nz-hlz-1', 'http://127.0.0.1:5000/v3')
        self.assertEqual(
            'Note: Catalyst Cloud Kubernetes in region nz-hlz-1 is a '
            'Technical (Alpha) Preview (source: unit test regions, dated '
            '2026-10); failures may occur. To report a problem, run '
            "'openstack coe support bundle create <cluster>' and attach the "
            'file it writes to a ticket in the Support Centre '
            '(https://support.example/centre/). (Hide this with '
            '--no-preview-warning or CATALYSTCOE_PREVIEW_WARNING=never.)',
            text)

    def test_beta_region(self):
        text = preview.notice(FACTS, 'nz-por-1', None)
        self.assertIn('Technical (Beta) Preview', text)

    def test_ga_region_gets_nothing_even_when_forced(self):
        self.assertIsNone(preview.notice(FACTS, 'nz-ga-1', None))
        self.assertIsNone(preview.notice(FACTS, 'nz-ga-1', None, 'always'))

    def test_other_clouds_get_nothing_unless_forced(self):
        self.assertIsNone(preview.notice(
            FACTS, 'RegionOne', 'https://keystone.example.com:5000/v3'))
        forced = preview.notice(
            FACTS, 'RegionOne', 'https://keystone.example.com:5000/v3',
            'always')
        self.assertIn('in region RegionOne is a Technical (Alpha) Preview',
                      forced)

    def test_catalyst_auth_url_with_unknown_region(self):
        text = preview.notice(
            FACTS, 'nz-new-9', 'https://api.nz-new-9.catalystcloud.io:5000/v3')
        self.assertIn('in region nz-new-9', text)

    def test_lookalike_hosts_are_not_catalyst(self):
        for url in ('https://catalystcloud.nz.evil.example/v3',
                    'https://notcatalystcloud.io/v3',
                    'https://example.com/catalystcloud.nz',
                    'not a url', ''):
            self.assertIsNone(preview.notice(FACTS, None, url), url)
        self.assertIsNotNone(
            preview.notice(FACTS, None, 'https://catalystcloud.io/v3'))

    def test_never_silences_everything(self):
        self.assertIsNone(preview.notice(FACTS, 'nz-hlz-1', None, 'never'))


class TestVersionNotice(unittest.TestCase):

    REASON = 'Kubernetes 1.34 is a preview (unit test facts, 2026-11-01)'

    def test_names_the_version_and_its_source(self):
        self.assertEqual(
            'Note: Kubernetes 1.34 is a preview (unit test facts, '
            '2026-11-01): it may change or fail; use a supported version '
            'for production. (Hide this with --no-preview-warning or '
            'CATALYSTCOE_PREVIEW_WARNING=never.)',
            preview.version_notice(FACTS, 'nz-hlz-1', None, self.REASON))

    def test_silenced_and_other_clouds_as_the_region_notice(self):
        self.assertIsNone(preview.version_notice(
            FACTS, 'nz-hlz-1', None, self.REASON, 'never'))
        self.assertIsNone(preview.version_notice(
            FACTS, 'RegionOne', 'https://id.example.org/v3', self.REASON))


class TestParseMode(unittest.TestCase):

    def test_values(self):
        cases = {None: 'auto', '': 'auto', 'auto': 'auto', 'never': 'never',
                 ' NEVER ': 'never', 'always': 'always', 'off': 'never',
                 '0': 'never', 'false': 'never', 'yes': 'always',
                 True: 'always', False: 'never', 'bogus': 'auto'}
        for value, expected in cases.items():
            self.assertEqual(expected, preview.parse_mode(value), value)


class TestEpilog(unittest.TestCase):

    def test_lists_preview_regions_their_source_and_ways_to_silence(self):
        text = preview.epilog(FACTS)
        self.assertIn('Technical Preview in nz-hlz-1 (alpha), nz-por-1 '
                      '(beta) (source: unit test regions, dated 2026-10)',
                      text)
        self.assertNotIn('nz-ga-1', text)
        for way in ('--no-preview-warning', '-q',
                    'CATALYSTCOE_PREVIEW_WARNING=never',
                    'catalystcoe_preview_warning: never'):
            self.assertIn(way, text)

    def test_no_epilog_when_all_regions_are_ga(self):
        doc = copy.deepcopy(fakes.FACTS_DOC)
        doc['regions'] = {'x': {'status': 'ga', 'source': 'test'}}
        self.assertIsNone(preview.epilog(facts.Facts(facts.validate(doc))))
