"""catalogue.classify: facts and support status of each template."""

import datetime
import unittest
from unittest import mock

from magnumclient.v1 import cluster_templates

from catalystcoe import errors
from catalystcoe.templates import catalogue
from catalystcoe.tests.unit.templates import fakes


def classify(templates=None, today=fakes.TODAY):
    templates = fakes.CATALOGUE if templates is None else templates
    return catalogue.classify(templates, today=today,
                              lifecycle=fakes.LIFECYCLE)


class TestFacts(unittest.TestCase):

    def test_keyed_by_uuid(self):
        infos = classify()
        self.assertEqual({t['uuid'] for t in fakes.CATALOGUE}, set(infos))
        info = infos[fakes.LATEST['uuid']]
        self.assertEqual(fakes.LATEST['name'], info.name)
        self.assertEqual(fakes.LATEST['uuid'], info.uuid)

    def test_facts_from_name_and_tags(self):
        info = classify()[fakes.LATEST['uuid']]
        self.assertEqual(('1.33.4', '1.33', 'prod',
                          datetime.date(2026, 1, 15)),
                         (info.kubernetes_version, info.minor, info.profile,
                          info.released))
        self.assertEqual((1, 33, 4), info.version)
        self.assertEqual(datetime.date(2027, 2, 28), info.end_of_support)

    def test_name_wins_over_tags(self):
        templ = fakes.template('kubernetes-v1.33.3-dev-20251001',
                               tags='environment:prod,'
                                    'created_at:20240101T000000')
        info = classify([templ])[templ['uuid']]
        self.assertEqual(('dev', datetime.date(2025, 10, 1)),
                         (info.profile, info.released))

    def test_tags_fill_in_a_bare_name(self):
        templ = fakes.template('kubernetes-v1.33.4',
                               tags='environment:dev,'
                                    'created_at:20251224T000000')
        info = classify([templ])[templ['uuid']]
        self.assertEqual(('dev', datetime.date(2025, 12, 24)),
                         (info.profile, info.released))

    def test_custom_template_version_from_kube_tag(self):
        info = classify()[fakes.CUSTOM['uuid']]
        self.assertEqual(('custom', '1.32.13', '1.32', None, None),
                         (info.support, info.kubernetes_version, info.minor,
                          info.profile, info.released))
        self.assertIn('not a Catalyst Cloud template name', info.reason)
        self.assertIn('1.32 is not supported since 2026-04-21',
                      info.reason)

    def test_custom_template_without_version(self):
        templ = fakes.template('anything at all', public=False)
        info = classify([templ])[templ['uuid']]
        self.assertEqual(('custom', None, None),
                         (info.support, info.kubernetes_version, info.minor))

    def test_magnumclient_resources_are_accepted(self):
        manager = mock.NonCallableMock(
            spec=cluster_templates.ClusterTemplateManager)
        resource = cluster_templates.ClusterTemplate(
            manager, dict(fakes.LATEST), loaded=True)
        info = classify([resource])[fakes.LATEST['uuid']]
        self.assertEqual('latest', info.support)
        self.assertEqual(fakes.LATEST['labels'], info.labels)

    def test_something_else_is_refused(self):
        self.assertRaises(errors.MalformedAnswer, classify, [42])

    def test_today_defaults_to_the_clock(self):
        with mock.patch.dict('os.environ',
                             {'CATALYSTCOE_TODAY': '2025-03-01'}):
            infos = catalogue.classify([fakes.PREVIOUS_MINOR],
                                       lifecycle=fakes.LIFECYCLE)
        self.assertEqual('latest', infos[fakes.PREVIOUS_MINOR['uuid']].support)


class TestSupport(unittest.TestCase):

    def support(self, templ, templates=None, today=fakes.TODAY):
        return classify(templates, today)[templ['uuid']].support

    def test_statuses_today(self):
        expected = {
            fakes.LATEST['name']: 'latest',
            fakes.OLDER_PATCH['name']: 'deprecated',
            fakes.OLDER_PATCH_HIDDEN['name']: 'deprecated',
            fakes.PREVIOUS_MINOR['name']: 'unsupported',
            fakes.OLDER_MINOR['name']: 'unsupported',
            fakes.PREVIEW['name']: 'preview',
            fakes.DEV['name']: 'latest',
            fakes.DEV_OLD['name']: 'unsupported',
            fakes.GEN2_PROD['name']: 'unsupported',
            fakes.CUSTOM['name']: 'custom',
            fakes.PRIVATE_CATALYST_NAME['name']: 'custom',
        }
        self.assertEqual(expected, {info.name: info.support
                                    for info in classify().values()})

    def test_reasons(self):
        infos = classify()
        self.assertEqual(f'superseded by {fakes.LATEST["name"]}',
                         infos[fakes.OLDER_PATCH['uuid']].reason)
        self.assertEqual('hidden in favour of newer templates',
                         infos[fakes.OLDER_PATCH_HIDDEN['uuid']].reason)
        self.assertEqual(
            'Kubernetes 1.32 reached end of support on 2026-04-21',
            infos[fakes.PREVIOUS_MINOR['uuid']].reason)
        self.assertEqual('private template',
                         infos[fakes.PRIVATE_CATALYST_NAME['uuid']].reason
                         .split(';')[0])

    def test_hidden_newer_patch_does_not_supersede(self):
        newer_hidden = fakes.template('kubernetes-v1.33.9-20261101',
                                      hidden=True, tags='environment:prod')
        self.assertEqual('latest', self.support(
            fakes.LATEST, [fakes.LATEST, newer_hidden]))

    def test_other_profile_does_not_supersede(self):
        self.assertEqual('latest', self.support(fakes.DEV))

    def test_rebuild_of_the_same_patch_supersedes(self):
        rebuild = fakes.template('kubernetes-v1.33.4-20260201',
                                 tags='environment:prod')
        self.assertEqual('deprecated', self.support(
            fakes.LATEST, [fakes.LATEST, rebuild]))

    def test_end_of_support_within_60_days_is_deprecated(self):
        today = datetime.date(2027, 1, 1)
        info = classify([fakes.LATEST], today)[fakes.LATEST['uuid']]
        self.assertEqual('deprecated', info.support)
        self.assertEqual('support for Kubernetes 1.33 ends on 2027-02-28',
                         info.reason)

    def test_supported_but_not_latest(self):
        # Before 1.32 ended, 1.33 was the newest: 1.32 was "supported".
        today = datetime.date(2026, 1, 1)
        self.assertEqual('supported', self.support(
            fakes.PREVIOUS_MINOR, today=today))
        self.assertEqual('latest', self.support(fakes.LATEST, today=today))

    def test_after_end_of_support_everything_is_unsupported(self):
        today = datetime.date(2027, 3, 1)
        self.assertEqual('unsupported', self.support(fakes.LATEST,
                                                     today=today))
        self.assertEqual('preview', self.support(fakes.PREVIEW, today=today))

    def test_sort_key_newest_first(self):
        ordered = sorted(classify().values(), key=lambda i: i.sort_key())
        self.assertEqual(fakes.NEWEST_FIRST,
                         [info.name for info in ordered])
