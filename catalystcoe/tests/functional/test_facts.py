"""The service facts through the real CLI: a served document, judged
against what the cloud shows, changing without a reinstall."""

import copy
import datetime
import json
import urllib.request

from catalystcoe.tests.functional import base

QUIET = '--no-preview-warning'


def served_document():
    """The facts document the local cloud's stand-in serves."""
    with urllib.request.urlopen(base.FACTS_URL, timeout=10) as resp:
        return json.load(resp)


def next_day(day):
    return (datetime.date.fromisoformat(day)
            + datetime.timedelta(days=1)).isoformat()


class TestFactsDocument(base.FunctionalTest):

    def publish(self, name, document):
        """Publish ``document`` on the stand-in; its URL."""
        url = base.FACTS_PUBLISH_URL + f'{name}.json'
        request = urllib.request.Request(
            url, data=json.dumps(document).encode(), method='PUT',
            headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=10):
            pass
        return url

    def test_a_changed_document_changes_the_notice_the_next_day(self):
        day = base.FACTS_DAY
        before = served_document()
        url = self.publish(self.unique_name('ft-facts'), before)
        env = {'CATALYSTCOE_FACTS_URL': url, 'CATALYSTCOE_TODAY': day}

        def run(env):
            notice = self.openstack('coe', 'cluster', 'list', '-f', 'value',
                                    env=env).stderr
            rows = self.openstack('coe', 'catalyst', 'template', 'list',
                                  '-f', 'json', QUIET, env=env).json
            support = {row['Name']: row['Support'] for row in rows}
            return notice, support[base.TEMPLATE_PREVIEW]

        notice, preview = run(env)
        self.assertIn('in region nz-hlz-1 is a Technical (Alpha) Preview',
                      notice)
        self.assertEqual('preview', preview)

        # The operator publishes a change: nz-hlz-1 is a beta now, 1.36 is
        # supported.
        after = copy.deepcopy(before)
        after['sources']['ft'] = {'document': 'functional test facts',
                                  'dated': next_day(day)}
        after['regions']['nz-hlz-1'] = {'status': 'beta', 'source': 'ft'}
        after['kubernetes']['minors']['1.36'] = {
            'status': 'supported', 'released': next_day(day),
            'source': 'ft'}
        self.publish(url.rsplit('/', 1)[1][:-len('.json')], after)

        # The same day: the cached copy, nothing fetched.
        self.assertEqual((notice, preview), run(env))
        # The next day: fetched once, without reinstalling anything.
        notice, preview = run(dict(env, CATALYSTCOE_TODAY=next_day(day)))
        self.assertIn('in region nz-hlz-1 is a Technical (Beta) Preview '
                      '(source: functional test facts, dated 2026-07-22)',
                      notice)
        self.assertEqual('latest', preview)

    def test_an_unreachable_document_is_silent(self):
        env = {'CATALYSTCOE_FACTS_URL': base.FACTS_PUBLISH_URL + 'none.json',
               'CATALYSTCOE_TODAY': base.FACTS_DAY}
        res = self.openstack('coe', 'catalyst', 'template', 'list', '-f',
                             'json', QUIET, env=env)
        self.assertEqual('', res.stderr)
        self.assertIn(base.TEMPLATE_LATEST, {row['Name'] for row in res.json})
        debug = self.openstack('--debug', 'coe', 'catalyst', 'template',
                               'list', '-f', 'json', QUIET,
                               env=dict(env, CATALYSTCOE_TODAY=next_day(
                                   base.FACTS_DAY)))
        self.assertIn('service facts from', debug.stderr)
        self.assertIn('not used', debug.stderr)

    def test_old_packaged_data_is_named(self):
        res = self.openstack('coe', 'catalyst', 'template', 'list', '-f',
                             'value', QUIET, env={
                                 'CATALYSTCOE_FACTS_URL': '',
                                 'CATALYSTCOE_TODAY': '2027-02-01'})
        self.assertEqual(
            'Note: the Kubernetes support data catalystcoe uses is from '
            '2026-07-20 (packaged with it). Update catalystcoe, or name a '
            'service facts document with "catalystcoe_facts_url" in '
            'clouds.yaml or CATALYSTCOE_FACTS_URL.\n', res.stderr)


class TestJudgedByTheCloud(base.FunctionalTest):

    region = base.REGION_POR

    def test_a_minor_unknown_to_the_table_is_supported_with_its_reason(self):
        res = self.openstack('coe', 'catalyst', 'template', 'show', 'latest',
                             '-f', 'json', QUIET,
                             env={'CATALYSTCOE_TODAY': base.FACTS_DAY})
        self.assertEqual((base.TEMPLATE_UNKNOWN_MINOR, 'latest'),
                         (res.json['Name'], res.json['Support']))
        self.assertEqual(
            'newest release of the newest supported Kubernetes version; '
            'Kubernetes 1.37 is not in the support table (data from '
            '2026-07-21); the cloud offers it', res.json['Support Reason'])

    def test_an_expected_end_that_passed_is_said_as_expected(self):
        rows = self.openstack(
            'coe', 'catalyst', 'template', 'list', '-f', 'json', QUIET,
            '--kubernetes-version', '1.33',
            env={'CATALYSTCOE_TODAY': '2026-08-15'}).json
        self.assertEqual([(base.TEMPLATE_SUPPORTED_133, 'ending')],
                         [(row['Name'], row['Support']) for row in rows
                          if row['Support'] != 'custom'])
        data = self.openstack(
            'coe', 'catalyst', 'template', 'show',
            base.TEMPLATE_SUPPORTED_133, '-f', 'json', QUIET,
            env={'CATALYSTCOE_TODAY': '2026-08-15'}).json
        self.assertEqual(
            ('Kubernetes 1.33 is expected to be unsupported since 2026-07 '
             '(Catalyst Cloud docs: kubernetes/versions.rst, 2026-07-20)',
             'expected 2026-07'),
            (data['Support Reason'], data['Unsupported From']))
