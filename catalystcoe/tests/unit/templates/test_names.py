"""Template name and tag parsing: every name Catalyst published, and worse."""

import datetime
import os
import unittest

from catalystcoe.templates import names

NAMES_FILE = os.path.join(os.path.dirname(__file__), 'template_names.txt')


def published_names():
    with open(NAMES_FILE, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip()]


def expected_from_text(name):
    """What a name says, read with plain string operations."""
    rest = name[len('kubernetes-v'):]
    parts = rest.split('-')
    version = tuple(int(x) for x in parts[0].split('.'))
    profile, released = None, None
    for part in parts[1:]:
        if part in ('prod', 'dev'):
            profile = part
        elif part == 'development':
            profile = 'dev'
        else:
            released = datetime.date(int(part[:4]), int(part[4:6]),
                                     int(part[6:]))
    return version, profile, released


class TestPublishedNames(unittest.TestCase):

    def test_the_list_is_the_published_one(self):
        all_names = published_names()
        self.assertEqual(96, len(all_names))
        self.assertEqual(len(all_names), len(set(all_names)))

    def test_every_published_name_parses(self):
        for name in published_names():
            with self.subTest(name=name):
                parsed = names.parse_name(name)
                self.assertIsNotNone(parsed)
                version, profile, released = expected_from_text(name)
                self.assertEqual(version, parsed.version)
                self.assertEqual(profile, parsed.profile)
                self.assertEqual(released, parsed.released)
                self.assertEqual(
                    name[len('kubernetes-v'):].split('-')[0],
                    parsed.kubernetes_version)


class TestGenerations(unittest.TestCase):

    def check(self, name, version, profile, released):
        parsed = names.parse_name(name)
        self.assertEqual(
            (version, profile, released),
            (parsed.kubernetes_version, parsed.profile, parsed.released))

    def test_2018_development(self):
        self.check('kubernetes-v1.11.2-development', '1.11.2', 'dev', None)

    def test_2018_bare(self):
        self.check('kubernetes-v1.11.2', '1.11.2', None, None)

    def test_prod_with_date(self):
        self.check('kubernetes-v1.12.7-prod-20190403', '1.12.7', 'prod',
                   datetime.date(2019, 4, 3))

    def test_dev_with_date(self):
        self.check('kubernetes-v1.18.12-dev-20201124', '1.18.12', 'dev',
                   datetime.date(2020, 11, 24))

    def test_prod_without_date(self):
        self.check('kubernetes-v1.19.4-prod', '1.19.4', 'prod', None)

    def test_cluster_api_generation(self):
        self.check('kubernetes-v1.28.9-20240416', '1.28.9', None,
                   datetime.date(2024, 4, 16))

    def test_minor(self):
        self.assertEqual(
            '1.32', names.parse_name('kubernetes-v1.32.13-20260310').minor)


class TestHostileNames(unittest.TestCase):

    def test_not_catalyst_names(self):
        hostile = [
            '', ' ', 'my-team-k8s', 'kubernetes', 'kubernetes-v',
            'kubernetes-v1', 'kubernetes-v1.29', 'kubernetes-v1.29.',
            'kubernetes-v1.2x.3-prod-2019',
            'kubernetes-v1.29.3-prod-2019',
            'kubernetes-v1.29.3-prod-201904031',
            'kubernetes-v1.29.3-staging-20190403',
            'kubernetes-v1.29.3-prod-20191340',
            'kubernetes-v1.29.3-20190230',
            'kubernetes-v1.29.3-00000000',
            'kubernetes-v1.29.3-development-20190403',
            'kubernetes-v1.29.3-20190403-prod',
            'Kubernetes-v1.29.3', 'kubernetes-V1.29.3',
            'kubernetes-1.29.3', 'kubernetes-v1.29.3 ',
            ' kubernetes-v1.29.3', 'kubernetes-v1.29.3\n',
            'kubernetes-v1.29.3-prod-20190403-copy',
            'kubernetes-v１.２９.３',          # full-width digits
            'kubernetes-v1.29.3-prod-２０１９０４０３',
            'kubernetes-v1.29.3-prod-\u0663\u0660\u0661\u0669\u0660\u0664'
            '\u0660\u0663',                 # Arabic-Indic digits
            'kubernetes-v1.29.3\u200b',     # zero-width space
            'kubernetes-v1.29.3-prod-20190403' + 'x' * 10000,
            'kubernetes-v' + '9' * 5000 + '.1.1',
            'k' * 100000,
            'kubernetes-v1.29.3\x00',
        ]
        for name in hostile:
            with self.subTest(name=name[:60]):
                self.assertIsNone(names.parse_name(name))

    def test_non_strings(self):
        for value in (None, 1, b'kubernetes-v1.29.3', ['kubernetes-v1.2.3']):
            with self.subTest(value=value):
                self.assertIsNone(names.parse_name(value))

    def test_too_long_name_is_custom(self):
        name = 'kubernetes-v1.29.3-prod-20190403'
        self.assertIsNotNone(names.parse_name(name))
        self.assertIsNone(names.parse_name(name + '-' * 300))


class TestDates(unittest.TestCase):

    def test_real_dates(self):
        self.assertEqual(datetime.date(2024, 2, 29),
                         names.parse_date('20240229'))
        self.assertEqual(datetime.date(2024, 2, 18),
                         names.parse_date('20240218T183133'))

    def test_not_dates(self):
        for text in ('20230229', '20191340', '2019', '', 'abcdefgh',
                     '20240218T1831331', None, 20240218):
            with self.subTest(text=text):
                self.assertIsNone(names.parse_date(text))


class TestVersions(unittest.TestCase):

    def test_kube_tags(self):
        self.assertEqual((1, 11, 2), names.parse_version('v1.11.2-1'))
        self.assertEqual((1, 28, 9), names.parse_version('v1.28.9'))
        self.assertEqual((1, 28, 9), names.parse_version('1.28.9'))
        self.assertEqual((1, 30, 2),
                         names.parse_version('v1.30.2-rancher1'))

    def test_not_versions(self):
        for text in ('', 'latest', 'v1.28', '1.x.3', None, 'v1.28.9 x'):
            with self.subTest(text=text):
                self.assertIsNone(names.parse_version(text))


class TestTags(unittest.TestCase):

    CATALYST = ('environment:prod,build_id:20240218,pipeline_id:40826,'
                'created_at:20240218T183133')

    def test_catalyst_tags(self):
        tags = names.parse_tags(self.CATALYST)
        self.assertEqual({'environment': 'prod', 'build_id': '20240218',
                          'pipeline_id': '40826',
                          'created_at': '20240218T183133'}, tags)
        self.assertEqual('prod', names.profile_from_tags(tags))
        self.assertEqual(datetime.date(2024, 2, 18),
                         names.released_from_tags(tags))

    def test_list_of_tags(self):
        tags = names.parse_tags(['environment:dev', 'created_at:20250101'])
        self.assertEqual('dev', names.profile_from_tags(tags))
        self.assertEqual(datetime.date(2025, 1, 1),
                         names.released_from_tags(tags))

    def test_build_id_used_when_created_at_is_missing(self):
        tags = names.parse_tags('build_id:20240218')
        self.assertEqual(datetime.date(2024, 2, 18),
                         names.released_from_tags(tags))

    def test_odd_tags(self):
        self.assertEqual({}, names.parse_tags(None))
        self.assertEqual({}, names.parse_tags(''))
        self.assertEqual({}, names.parse_tags(42))
        tags = names.parse_tags('team, ,environment:staging,created_at:x')
        self.assertEqual({'team': '', 'environment': 'staging',
                          'created_at': 'x'}, tags)
        self.assertIsNone(names.profile_from_tags(tags))
        self.assertIsNone(names.released_from_tags(tags))
