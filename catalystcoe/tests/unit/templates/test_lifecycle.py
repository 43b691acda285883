"""The version table: the status of a minor on a day, and why."""

import datetime
import os
import unittest
from unittest import mock

from catalystcoe.templates import lifecycle
from catalystcoe.tests.unit.templates import fakes

TODAY = fakes.TODAY
TABLE = fakes.LIFECYCLE


def day(text):
    return datetime.date.fromisoformat(text)


class TestStatus(unittest.TestCase):

    def test_statuses_today(self):
        self.assertEqual(
            {'1.28': 'unsupported', '1.31': 'unsupported',
             '1.32': 'unsupported', '1.33': 'supported', '1.34': 'preview'},
            {minor: TABLE.status(minor, TODAY) for minor in TABLE.minors})

    def test_announced_end_is_a_fact_from_that_day(self):
        self.assertEqual('unsupported', TABLE.status('1.32', day(
            '2026-04-21')))
        self.assertEqual('supported', TABLE.status('1.32', day(
            '2026-04-20')))

    def test_expected_end_that_has_passed_is_not_a_fact(self):
        # Expected "2027-02": some day in February, surely by March.
        self.assertEqual('supported', TABLE.status('1.33', day(
            '2027-02-28')))
        self.assertEqual('ending', TABLE.status('1.33', day('2027-03-01')))
        self.assertEqual(
            'Kubernetes 1.33 is expected to be unsupported since 2027-02 '
            '(unit test facts, 2026-11-01)',
            TABLE.why('1.33', day('2027-03-01')))

    def test_before_an_announced_release_it_is_to_be_announced(self):
        self.assertEqual('tba', TABLE.status('1.33', day('2025-05-13')))
        self.assertEqual('supported', TABLE.status('1.33', day(
            '2025-05-14')))

    def test_to_be_announced_with_an_expected_release(self):
        table = lifecycle.from_facts(fakes.facts.Facts(fakes.facts_doc(
            **{'1.35': {'status': 'tba',
                        'released': {'expected': '2026-12'}}})))
        for on in (TODAY, day('2027-06-01')):
            self.assertEqual('tba', table.status('1.35', on))
        self.assertEqual('Kubernetes 1.35 is to be announced (release '
                         'expected 2026-12) (unit test facts, 2026-11-01)',
                         table.why('1.35', TODAY))

    def test_unknown_minors(self):
        self.assertEqual('unknown', TABLE.status('1.35', TODAY))
        self.assertEqual('unknown', TABLE.status('2.0', TODAY))
        self.assertEqual('unsupported', TABLE.status('1.9', TODAY))
        self.assertEqual('unsupported', TABLE.status('nonsense', TODAY))
        self.assertEqual('Kubernetes 1.35 is not in the support table '
                         '(data from 2026-11-01)', TABLE.why('1.35', TODAY))

    def test_reasons_carry_the_source(self):
        self.assertEqual('Kubernetes 1.32 is unsupported since 2026-04-21 '
                         '(unit test facts, 2026-11-01)',
                         TABLE.why('1.32', TODAY))
        self.assertEqual('Kubernetes 1.33 is supported, expected to be '
                         'unsupported from 2027-02 (unit test facts, '
                         '2026-11-01)', TABLE.why('1.33', TODAY))
        self.assertEqual('Kubernetes 1.34 is a preview (unit test facts, '
                         '2026-11-01)', TABLE.why('1.34', TODAY))


class TestPackagedTable(unittest.TestCase):
    """Judged on the day of Catalyst Cloud's versions page (2026-07-20)."""

    def setUp(self):
        super().setUp()
        self.table = lifecycle.load()

    def test_as_published(self):
        on = day('2026-07-20')
        self.assertEqual(day('2026-07-20'), self.table.data_date)
        statuses = {m: self.table.status(m, on) for m in self.table.minors}
        self.assertEqual('tba', statuses.pop('1.36'))
        for minor in ('1.35', '1.34', '1.33'):
            self.assertEqual('supported', statuses.pop(minor))
        self.assertEqual({'unsupported'}, set(statuses.values()))

    def test_expected_end_of_1_33(self):
        self.assertEqual('ending', self.table.status('1.33', day(
            '2026-08-01')))
        self.assertIn('expected to be unsupported since 2026-07',
                      self.table.why('1.33', day('2026-08-01')))


class TestToday(unittest.TestCase):

    def test_environment_overrides_the_clock(self):
        with mock.patch.dict(os.environ,
                             {lifecycle.TODAY_ENV_VAR: '2030-01-02'}):
            self.assertEqual(datetime.date(2030, 1, 2), lifecycle.today())

    def test_bad_environment_value_falls_back_to_the_real_day(self):
        with mock.patch.dict(os.environ,
                             {lifecycle.TODAY_ENV_VAR: 'yesterday'}):
            self.assertEqual(datetime.date.today(), lifecycle.today())

    def test_minor_key(self):
        self.assertEqual((1, 29), lifecycle.minor_key('1.29'))
        self.assertLess(lifecycle.minor_key('1.9'),
                        lifecycle.minor_key('1.10'))
        self.assertIsNone(lifecycle.minor_key('1.29.3'))
        self.assertIsNone(lifecycle.minor_key(None))
