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
        self.assertEqual('expected 2027-02', info.end_of_support)

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
        self.assertIn('1.32 is unsupported since 2026-04-21',
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
            fakes.OLDER_PATCH['name']: 'superseded',
            fakes.OLDER_PATCH_HIDDEN['name']: 'superseded',
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

    def test_reasons_name_their_source(self):
        infos = classify()
        self.assertEqual(f'superseded by {fakes.LATEST["name"]}',
                         infos[fakes.OLDER_PATCH['uuid']].reason)
        self.assertEqual(f'superseded by {fakes.LATEST["name"]}',
                         infos[fakes.OLDER_PATCH_HIDDEN['uuid']].reason)
        self.assertEqual(
            'Kubernetes 1.32 is unsupported since 2026-04-21 (unit test '
            'facts, 2026-11-01)', infos[fakes.PREVIOUS_MINOR['uuid']].reason)
        self.assertEqual(
            'Kubernetes 1.34 is a preview (unit test facts, 2026-11-01)',
            infos[fakes.PREVIEW['uuid']].reason)
        self.assertEqual('private template',
                         infos[fakes.PRIVATE_CATALYST_NAME['uuid']].reason
                         .split(';')[0])

    def test_hidden_is_not_unsupported(self):
        # A hidden template of a supported version, not superseded.
        hidden = fakes.template('kubernetes-v1.33.9-20261101', hidden=True,
                                tags='environment:prod')
        self.assertEqual('supported', self.support(hidden, [hidden]))

    def test_a_hidden_newer_patch_supersedes_too(self):
        newer_hidden = fakes.template('kubernetes-v1.33.9-20261101',
                                      hidden=True, tags='environment:prod')
        infos = classify([fakes.LATEST, newer_hidden])
        self.assertEqual(('superseded', f'superseded by '
                                        f'{newer_hidden["name"]}'),
                         (infos[fakes.LATEST['uuid']].support,
                          infos[fakes.LATEST['uuid']].reason))

    def test_other_profile_does_not_supersede(self):
        self.assertEqual('latest', self.support(fakes.DEV))

    def test_rebuild_of_the_same_patch_supersedes(self):
        rebuild = fakes.template('kubernetes-v1.33.4-20260201',
                                 tags='environment:prod')
        self.assertEqual('superseded', self.support(
            fakes.LATEST, [fakes.LATEST, rebuild]))

    def test_no_invented_window_before_an_expected_end(self):
        # 1.33 is expected to end in 2027-02: still supported in it.
        today = datetime.date(2027, 2, 28)
        self.assertEqual('latest', self.support(fakes.LATEST, today=today))

    def test_an_expected_end_that_passed_is_said_as_expected(self):
        today = datetime.date(2027, 3, 1)
        info = classify([fakes.LATEST], today)[fakes.LATEST['uuid']]
        self.assertEqual(('ending', 'Kubernetes 1.33 is expected to be '
                                    'unsupported since 2027-02 (unit test '
                                    'facts, 2026-11-01)'),
                         (info.support, info.reason))
        self.assertEqual('expected 2027-02', info.end_of_support)

    def test_supported_but_not_latest(self):
        # Before 1.32 ended, 1.33 was the newest: 1.32 was "supported".
        today = datetime.date(2026, 1, 1)
        self.assertEqual('supported', self.support(
            fakes.PREVIOUS_MINOR, today=today))
        self.assertEqual('latest', self.support(fakes.LATEST, today=today))

    def test_latest_is_never_a_preview(self):
        infos = classify([fakes.PREVIEW, fakes.LATEST])
        self.assertEqual(('preview', 'latest'),
                         (infos[fakes.PREVIEW['uuid']].support,
                          infos[fakes.LATEST['uuid']].support))


class TestWhatTheCloudShows(unittest.TestCase):
    """Minors the table does not know or has not announced yet."""

    NEWER = fakes.template('kubernetes-v1.35.1-20261120',
                           tags='environment:prod')

    def test_an_offered_minor_newer_than_the_table_is_supported(self):
        infos = classify([fakes.LATEST, fakes.PREVIEW, self.NEWER])
        info = infos[self.NEWER['uuid']]
        self.assertEqual(
            ('latest', 'newest release of the newest supported Kubernetes '
                       'version; Kubernetes 1.35 is not in the support '
                       'table (data from 2026-11-01); the cloud offers it'),
            (info.support, info.reason))
        self.assertEqual('supported', infos[fakes.LATEST['uuid']].support)

    def test_not_offered_it_is_not_supported(self):
        hidden = dict(self.NEWER, hidden=True)
        info = classify([fakes.LATEST, hidden])[hidden['uuid']]
        self.assertEqual('unsupported', info.support)
        self.assertIn('not in the support table', info.reason)
        private = dict(self.NEWER, public=False)
        self.assertEqual('custom', classify([private])[
            private['uuid']].support)

    def test_an_offered_minor_still_to_be_announced_is_supported(self):
        lifecycle = fakes.lifecycle.from_facts(fakes.facts.Facts(
            fakes.facts_doc(**{'1.35': {
                'status': 'tba', 'released': {'expected': '2026-12'}}})))
        infos = catalogue.classify([self.NEWER], fakes.TODAY, lifecycle)
        info = infos[self.NEWER['uuid']]
        self.assertEqual('latest', info.support)
        self.assertIn('Kubernetes 1.35 is to be announced (release expected '
                      '2026-12) (unit test facts, 2026-11-01); the cloud '
                      'offers it', info.reason)
        hidden = dict(self.NEWER, hidden=True)
        self.assertEqual('tba', catalogue.classify(
            [hidden], fakes.TODAY, lifecycle)[hidden['uuid']].support)

    def test_minor_statuses_agree_with_the_templates(self):
        infos = classify([fakes.LATEST, fakes.PREVIEW, self.NEWER,
                          fakes.PREVIOUS_MINOR]).values()
        minors = catalogue.judge_minors(infos, fakes.LIFECYCLE, fakes.TODAY)
        self.assertEqual(
            {'1.35': 'supported', '1.34': 'preview', '1.33': 'supported',
             '1.32': 'unsupported'},
            {minor: status.status for minor, status in minors.items()})
        self.assertEqual((1, 35), catalogue.newest_supported(minors))

    def test_sort_key_newest_first(self):
        ordered = sorted(classify().values(), key=lambda i: i.sort_key())
        self.assertEqual(fakes.NEWEST_FIRST,
                         [info.name for info in ordered])
