"""The lifecycle table: the packaged data and the status of a minor."""

import datetime
import os
import unittest
from unittest import mock

from catalystcoe.templates import lifecycle
from catalystcoe.tests.unit.templates import fakes

TODAY = fakes.TODAY
TABLE = fakes.LIFECYCLE


class TestStatus(unittest.TestCase):

    def test_statuses_today(self):
        self.assertEqual('unsupported', TABLE.status('1.31', TODAY))
        self.assertEqual('unsupported', TABLE.status('1.32', TODAY))
        self.assertEqual('supported', TABLE.status('1.33', TODAY))
        self.assertEqual('preview', TABLE.status('1.34', TODAY))

    def test_end_of_support_day_is_unsupported(self):
        day = datetime.date(2026, 4, 21)
        self.assertEqual('unsupported', TABLE.status('1.32', day))
        self.assertEqual('ending',
                         TABLE.status('1.32', day - datetime.timedelta(1)))

    def test_deprecation_window_edges(self):
        eos = datetime.date(2027, 2, 28)
        self.assertEqual('ending', TABLE.status(
            '1.33', eos - datetime.timedelta(days=60)))
        self.assertEqual('supported', TABLE.status(
            '1.33', eos - datetime.timedelta(days=61)))

    def test_before_release_is_preview(self):
        self.assertEqual('preview',
                         TABLE.status('1.33', datetime.date(2025, 6, 1)))

    def test_unknown_minors(self):
        self.assertEqual('preview', TABLE.status('1.35', TODAY))
        self.assertEqual('preview', TABLE.status('2.0', TODAY))
        self.assertEqual('unsupported', TABLE.status('1.9', TODAY))
        self.assertEqual('unsupported', TABLE.status('nonsense', TODAY))


class TestPackagedData(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.table = lifecycle.load()

    def test_reviewed(self):
        self.assertEqual(datetime.date(2026, 11, 24), self.table.reviewed_on)
        self.assertEqual(60, self.table.window_days)

    def test_published_facts(self):
        self.assertEqual(datetime.date(2026, 4, 21),
                         self.table.get('1.32').end_of_support)
        self.assertTrue(self.table.get('1.34').preview)
        self.assertEqual('supported', self.table.status('1.33', TODAY))
        eos = self.table.get('1.33').end_of_support
        self.assertLess(TODAY, eos)
        self.assertLess((eos - TODAY).days, 180)

    def test_every_minor_is_consistent(self):
        for minor, entry in self.table.minors.items():
            with self.subTest(minor=minor):
                self.assertIsNotNone(lifecycle.minor_key(minor))
                self.assertIsNotNone(entry.released)
                if entry.preview:
                    continue
                self.assertIsNotNone(entry.end_of_support)
                self.assertLess(entry.released, entry.end_of_support)

    def test_only_one_minor_in_preview_and_older_ones_unsupported(self):
        statuses = {minor: self.table.status(minor, TODAY)
                    for minor in self.table.minors}
        self.assertEqual(['1.34'], [m for m, s in statuses.items()
                                    if s == 'preview'])
        self.assertEqual(['1.33'], [m for m, s in statuses.items()
                                    if s == 'supported'])
        self.assertEqual(len(statuses) - 2, list(statuses.values()).count(
            'unsupported'))


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
