"""Alias parsing and resolution over a classified catalogue."""

import unittest

from catalystcoe.templates import aliases
from catalystcoe.templates import catalogue
from catalystcoe.tests.unit.templates import fakes


def infos(templates=None):
    templates = fakes.CATALOGUE if templates is None else templates
    return list(catalogue.classify(templates, today=fakes.TODAY,
                                   lifecycle=fakes.LIFECYCLE).values())


def resolve(value, templates=None):
    return aliases.resolve(value, infos(templates)).name


class TestParse(unittest.TestCase):

    def test_aliases(self):
        cases = {
            'latest': (None, None),
            'latest-prod': (None, 'prod'),
            'latest-dev': (None, 'dev'),
            '1.29': ((1, 29), None),
            '1.29-prod': ((1, 29), 'prod'),
            'v1.29': ((1, 29), None),
            'v1.29.3': ((1, 29, 3), None),
            '1.29.3-dev': ((1, 29, 3), 'dev'),
        }
        for text, (version, profile) in cases.items():
            with self.subTest(text=text):
                alias = aliases.parse(text)
                self.assertEqual((version, profile),
                                 (alias.version, alias.profile))
                self.assertEqual(version is None, alias.latest)

    def test_not_aliases(self):
        for text in ('', 'newest', 'latest-staging', '1', '1.x', 'v1',
                     '1.29.3.4', 'latest-', 'my-team-k8s',
                     'kubernetes-v1.33.4-20260115', '１.２９', None, 129,
                     '1.29-prod-20200101', 'prod', 'v' * 1000):
            with self.subTest(text=text):
                self.assertIsNone(aliases.parse(text))


class TestResolve(unittest.TestCase):

    def test_latest(self):
        self.assertEqual(fakes.LATEST['name'], resolve('latest'))
        self.assertEqual(fakes.LATEST['name'], resolve('latest-prod'))
        self.assertEqual(fakes.DEV['name'], resolve('latest-dev'))

    def test_minor_and_patch(self):
        self.assertEqual(fakes.LATEST['name'], resolve('1.33'))
        self.assertEqual(fakes.LATEST['name'], resolve('1.33-prod'))
        self.assertEqual(fakes.DEV['name'], resolve('1.33-dev'))
        self.assertEqual(fakes.OLDER_PATCH['name'], resolve('v1.33.2'))
        self.assertEqual(fakes.DEV['name'], resolve('1.33.3'))

    def test_a_named_preview_version_may_be_chosen(self):
        self.assertEqual(fakes.PREVIEW['name'], resolve('1.34'))
        self.assertEqual(fakes.PREVIEW['name'], resolve('v1.34.2'))

    def test_latest_never_picks_a_preview(self):
        self.assertEqual(fakes.LATEST['name'],
                         resolve('latest', [fakes.LATEST, fakes.PREVIEW]))

    def test_latest_may_pick_a_version_newer_than_the_table(self):
        newer = fakes.template('kubernetes-v1.35.1-20261120',
                               tags='environment:prod')
        self.assertEqual(newer['name'], resolve(
            'latest', [fakes.LATEST, fakes.PREVIEW, newer]))

    def test_hidden_private_and_unsupported_are_never_picked(self):
        with self.assertRaises(aliases.ResolveError) as ctx:
            resolve('v1.33.1')
        self.assertIn('matching templates are superseded', str(ctx.exception))
        with self.assertRaises(aliases.ResolveError) as ctx:
            resolve('1.32')
        self.assertEqual(
            'no supported cluster template matches alias "1.32" (matching '
            'templates are unsupported); supported Kubernetes versions: '
            '1.33', str(ctx.exception))

    def test_no_usable_template_at_all(self):
        with self.assertRaises(aliases.ResolveError) as ctx:
            resolve('latest', [fakes.PREVIOUS_MINOR])
        self.assertIn('supported Kubernetes versions: none',
                      str(ctx.exception))

    def test_exact_name_or_uuid_wins(self):
        named_latest = fakes.template('latest', public=False)
        self.assertEqual('latest', resolve('latest', fakes.CATALOGUE +
                                           [named_latest]))
        self.assertEqual(fakes.PREVIOUS_MINOR['name'],
                         resolve(fakes.PREVIOUS_MINOR['uuid']))
        self.assertEqual(fakes.GEN2_PROD['name'],
                         resolve(fakes.GEN2_PROD['name']))

    def test_duplicate_names_ask_for_a_uuid(self):
        twins = [fakes.template('twin', uuid='u1', public=False),
                 fakes.template('twin', uuid='u2', public=False)]
        with self.assertRaises(aliases.ResolveError) as ctx:
            resolve('twin', twins)
        self.assertEqual('2 cluster templates are named "twin"; use its '
                         'UUID instead', str(ctx.exception))
        self.assertEqual('twin', resolve('u2', twins))

    def test_unknown_name(self):
        with self.assertRaises(aliases.ResolveError) as ctx:
            resolve('nothing-like-it')
        self.assertIn('no cluster template is named "nothing-like-it"',
                      str(ctx.exception))

    def test_describe(self):
        info = aliases.resolve('latest', infos())
        self.assertEqual(
            f'{fakes.LATEST["name"]} ({fakes.LATEST["uuid"]}; Kubernetes '
            '1.33.4, prod, released 2026-01-15, latest)',
            aliases.describe(info))
