"""coe catalyst version list over a fake Magnum API."""

import datetime
import os
import unittest
from unittest import mock

from keystoneauth1 import session as ks_session

from catalystcoe import cloud
from catalystcoe import facts
from catalystcoe.templates import catalogue
from catalystcoe.templates import versions
from catalystcoe.tests.unit import fakes as unit_fakes
from catalystcoe.tests.unit.templates import fakes
from catalystcoe.v1 import versions as versions_cmd

SOURCE = 'unit test facts, 2026-11-01'
NEWER = fakes.template('kubernetes-v1.35.1-20261120',
                       tags='environment:prod')
CLUSTERS = [
    {'uuid': 'c1', 'name': 'on-latest',
     'cluster_template_id': fakes.LATEST['uuid']},
    {'uuid': 'c2', 'name': 'on-latest-too',
     'cluster_template_id': fakes.LATEST['uuid']},
    {'uuid': 'c3', 'name': 'old', 'cluster_template_id': 'gone',
     'labels': {'kube_tag': 'v1.31.2'}},
]


def api(templates=None, clusters=CLUSTERS):
    session = fakes.catalogue_api(templates)
    session.magnum('clusters', {'clusters': [dict(c) for c in clusters]})
    return session


class VersionsTest(unittest.TestCase):

    def setUp(self):
        super().setUp()
        fakes.fix_today(self)
        self.use_api(api())

    def use_api(self, session):
        self.api = session
        self.app = fakes.app(unit_fakes.magnum_client(session))

    def run_cmd(self, *argv):
        cmd = versions_cmd.ListVersions(self.app, None)
        parsed = cmd.get_parser('openstack coe catalyst version list')\
            .parse_args(list(argv))
        return cmd.take_action(parsed)


class TestList(VersionsTest):

    def test_versions_of_the_region(self):
        columns, rows = self.run_cmd()
        self.assertEqual(versions.COLUMNS, columns)
        self.assertEqual([
            ('1.34', 'preview', '2026-10-20', None, fakes.PREVIEW['name'], 0,
             SOURCE),
            ('1.33', 'supported', '2025-05-14', 'expected 2027-02',
             fakes.LATEST['name'], 2, SOURCE),
            ('1.32', 'unsupported', '2025-02-05', '2026-04-21',
             fakes.PREVIOUS_MINOR['name'], 0, SOURCE),
            ('1.31', 'unsupported', '2024-12-20', '2025-11-07',
             fakes.OLDER_MINOR['name'], 1, SOURCE),
            ('1.28', 'unsupported', '2024-04-18', '2024-12-20',
             fakes.DEV_OLD['name'], 0, SOURCE),
        ], rows)
        self.assertEqual(['GET', 'GET'],
                         [m for m, _p, _b in self.api.magnum_requests()])

    def test_all_adds_what_the_region_no_longer_offers(self):
        self.use_api(api([fakes.LATEST]))
        _columns, rows = self.run_cmd()
        self.assertEqual(['1.34', '1.33', '1.31'], [r[0] for r in rows])
        _columns, rows = self.run_cmd('--all')
        self.assertEqual(['1.34', '1.33', '1.32', '1.31', '1.28'],
                         [r[0] for r in rows])

    def test_a_version_newer_than_the_table_offered_by_the_cloud(self):
        self.use_api(api([fakes.LATEST, NEWER], clusters=[]))
        _columns, rows = self.run_cmd()
        self.assertEqual(
            ('1.35', 'supported', None, None, NEWER['name'], 0,
             'the cloud offers it; not in the support table (data from '
             '2026-11-01)'), rows[0])

    def test_an_expected_end_that_passed(self):
        fakes.fix_today(self, datetime.date(2027, 3, 1))
        _columns, rows = self.run_cmd()
        self.assertEqual(('1.33', 'ending', '2025-05-14', 'expected 2027-02'),
                         rows[1][:4])

    def test_agrees_with_the_template_list(self):
        templates = fakes.CATALOGUE + [NEWER]
        self.use_api(api(templates))
        _columns, rows = self.run_cmd('--all')
        infos = {info.name: info for info in catalogue.classify(
            templates, fakes.TODAY, fakes.LIFECYCLE).values()}
        matching = {'supported': ('latest', 'supported'),
                    'preview': ('preview',), 'unsupported': ('unsupported',)}
        checked = 0
        for minor, status, *_dates, newest, _n, _source in rows:
            if newest:
                self.assertIn(infos[newest].support, matching[status], minor)
                checked += 1
        self.assertEqual(6, checked)


class TestRegions(VersionsTest):

    def test_a_region_column(self):
        apis = {'nz-hlz-1': api([fakes.LATEST, fakes.PREVIEW]),
                'nz-por-1': api([fakes.LATEST], clusters=[])}
        self.app.client_manager.session = mock.NonCallableMock(
            spec=ks_session.Session)
        with mock.patch.object(
                cloud, 'regional_magnum',
                side_effect=lambda manager, region: unit_fakes.magnum_client(
                    apis[region])):
            columns, rows = self.run_cmd('--region', 'nz-hlz-1', '--region',
                                         'nz-por-1')
        self.assertEqual(('Region',) + versions.COLUMNS, columns)
        self.assertEqual(
            [('nz-hlz-1', '1.34', 'preview'),
             ('nz-hlz-1', '1.33', 'supported'),
             ('nz-hlz-1', '1.31', 'unsupported'),
             ('nz-por-1', '1.34', 'preview'),
             ('nz-por-1', '1.33', 'supported')],
            [row[:3] for row in rows])


class TestStaleData(VersionsTest):

    def packaged_only(self, day):
        fakes.fix_today(self, day)
        patcher = mock.patch.dict(os.environ, {facts.URL_ENV_VAR: ''})
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_old_packaged_data_is_named_once(self):
        data_date = facts.packaged().data_date
        self.packaged_only(data_date + datetime.timedelta(days=181))
        self.run_cmd()
        self.run_cmd()
        self.assertEqual(
            f'Note: the Kubernetes support data catalystcoe uses is from '
            f'{data_date} (packaged with it). Update catalystcoe, or name a '
            f'service facts document with "catalystcoe_facts_url" in '
            f'clouds.yaml or CATALYSTCOE_FACTS_URL.\n',
            self.app.stderr.getvalue())

    def test_not_while_recent(self):
        self.packaged_only(facts.packaged().data_date
                           + datetime.timedelta(days=180))
        self.run_cmd()
        self.assertEqual('', self.app.stderr.getvalue())

    def test_not_when_a_document_is_configured(self):
        fakes.fix_today(self, facts.packaged().data_date
                        + datetime.timedelta(days=400))
        self.run_cmd()
        self.assertEqual('', self.app.stderr.getvalue())
