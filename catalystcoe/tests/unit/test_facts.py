"""The service facts: the packaged document, validation, fetch and cache.

Fetching runs the real keystoneauth session against a small HTTP server
on 127.0.0.1 started by the test.
"""

import copy
import datetime
import http.server
import json
import os
import tempfile
import threading
import time
import unittest
from unittest import mock

from catalystcoe import facts
from catalystcoe.templates import lifecycle
from catalystcoe.tests.unit.templates import fakes

DAY = datetime.date(2026, 7, 21)
NEXT_DAY = DAY + datetime.timedelta(days=1)


class FactsServer:
    """An HTTP server on 127.0.0.1 answering GET with ``self.answer``."""

    def __init__(self):
        self.answer = (200, fakes.FACTS_DOC)
        self.delay = 0.0
        self.hits = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.hits += 1
                time.sleep(server.delay)
                status, body = server.answer
                data = (body if isinstance(body, bytes)
                        else json.dumps(body).encode())
                try:
                    self.send_response(status)
                    self.send_header('Content-Type', 'application/json')
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.url = (f'http://127.0.0.1:{self.httpd.server_address[1]}'
                    '/facts.json')
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FactsTest(unittest.TestCase):

    def setUp(self):
        super().setUp()
        cache = tempfile.TemporaryDirectory()
        self.addCleanup(cache.cleanup)
        patcher = mock.patch.dict(os.environ, {'XDG_CACHE_HOME': cache.name})
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop(facts.URL_ENV_VAR, None)
        self.cache_home = cache.name
        self.server = FactsServer()
        self.addCleanup(self.server.stop)

    def doc(self, **changes):
        doc = copy.deepcopy(fakes.FACTS_DOC)
        doc.update(changes)
        return doc


class TestPackaged(unittest.TestCase):
    """The packaged document is Catalyst Cloud's published table."""

    def setUp(self):
        super().setUp()
        self.facts = facts.packaged()
        self.table = lifecycle.from_facts(self.facts)

    def test_valid_and_dated(self):
        facts.validate(self.facts.document)
        self.assertEqual(datetime.date(2026, 7, 20), self.facts.data_date)

    def test_every_fact_names_a_dated_source(self):
        for minor, entry in self.table.minors.items():
            self.assertTrue(entry.source.document, minor)
            self.assertRegex(entry.source.dated, r'^[0-9]{4}-[0-9]{2}')
        for name, region in self.facts.regions.items():
            self.assertEqual('2018-10', region.source.dated, name)
        self.assertEqual('2026-07-20', self.facts.support.source.dated)

    def test_the_published_table(self):
        # kubernetes/versions.rst as of 2026-07-20.
        expected = {
            '1.36': ('tba', 'expected 2026-07', None),
            '1.35': ('supported', '2026-04-21', None),
            '1.34': ('supported', '2025-11-06', None),
            '1.33': ('supported', '2025-05-14', 'expected 2026-07'),
            '1.32': ('unsupported', '2025-02-05', '2026-04-21'),
            '1.31': ('unsupported', '2024-12-20', '2025-11-07'),
            '1.30': ('unsupported', '2024-08-26', '2025-06-28'),
            '1.29': ('unsupported', '2024-05-27', '2025-03-19'),
            '1.28': ('unsupported', '2024-04-18', '2024-12-20'),
            '1.27': ('unsupported', '2024-01-22', '2024-08-26'),
            '1.26': ('unsupported', '2023-09-11', '2024-05-27'),
            '1.25': ('unsupported', '2023-04-05', '2024-04-18'),
            '1.24': ('unsupported', '2023-04-05', '2024-01-22'),
        }
        for minor, (status, released, ends) in expected.items():
            entry = self.table.get(minor)
            self.assertEqual(
                (status, released, ends),
                (entry.status, str(entry.released),
                 str(entry.unsupported_from) if entry.unsupported_from
                 else None), minor)
        self.assertEqual(('kubernetes-v1.32.13-20260310',),
                         self.table.get('1.32').last_templates)

    def test_older_minors_unsupported_without_invented_dates(self):
        for number in range(11, 24):
            entry = self.table.get(f'1.{number}')
            self.assertEqual(('unsupported', None, None),
                             (entry.status, entry.released,
                              entry.unsupported_from), number)

    def test_statuses_on_the_day_of_the_data(self):
        on = self.facts.data_date
        supported = sorted(m for m in self.table.minors
                           if self.table.status(m, on) == 'supported')
        self.assertEqual(['1.33', '1.34', '1.35'], supported)
        self.assertGreaterEqual(
            len(supported), self.table.policy['min_supported_minors']['value'])
        self.assertEqual(['1.33.13', '1.34.9', '1.35.6'], sorted(
            self.table.policy['newest_patches']['value']))

    def test_no_invented_deprecation_window(self):
        text = json.dumps(self.facts.document)
        self.assertNotIn('window', text)
        self.assertNotIn('reviewed', text)


class TestValidate(unittest.TestCase):

    def broken(self, change):
        doc = copy.deepcopy(fakes.FACTS_DOC)
        change(doc)
        with self.assertRaises(facts.InvalidFacts) as ctx:
            facts.validate(doc)
        return str(ctx.exception)

    def test_the_test_document_is_valid(self):
        self.assertIs(fakes.FACTS_DOC, facts.validate(fakes.FACTS_DOC))

    def test_problems_are_named(self):
        cases = {
            'schema_version 2': lambda d: d.update(schema_version=2),
            '"schema" is not': lambda d: d.update(schema='other'),
            'data_date': lambda d: d.update(data_date='yesterday'),
            'names no entry of "sources"': lambda d: d['regions'][
                'nz-hlz-1'].update(source='nowhere'),
            'status is not one of alpha, beta, ga': lambda d: d['regions'][
                'nz-hlz-1'].update(status='gamma'),
            'Kubernetes 1.33: not a date': lambda d: d['kubernetes'][
                'minors']['1.33'].update(released='2025-13-01'),
            'Kubernetes 1.x: not a minor': lambda d: d['kubernetes'][
                'minors'].update({'1.x': {'status': 'supported',
                                          'source': 'test'}}),
            'support: no "url"': lambda d: d['support'].pop('url'),
        }
        for expected, change in cases.items():
            self.assertIn(expected, self.broken(change))
        with self.assertRaises(facts.InvalidFacts) as ctx:
            facts.validate([])
        self.assertEqual('not a JSON object', str(ctx.exception))

    def test_unknown_keys_are_ignored(self):
        doc = copy.deepcopy(fakes.FACTS_DOC)
        doc['something_new'] = {'x': 1}
        doc['kubernetes']['minors']['1.33']['note'] = 'more'
        facts.validate(doc)


class TestFactDate(unittest.TestCase):

    def test_day_and_month_precision(self):
        day = facts.parse_date('2026-04-21')
        self.assertFalse(day.in_effect(datetime.date(2026, 4, 20)))
        self.assertTrue(day.in_effect(datetime.date(2026, 4, 21)))
        month = facts.parse_date({'expected': '2026-12'})
        self.assertEqual('expected 2026-12', str(month))
        # Some day in December: surely come on the first of January.
        self.assertFalse(month.in_effect(datetime.date(2026, 12, 31)))
        self.assertTrue(month.in_effect(datetime.date(2027, 1, 1)))
        self.assertIsNone(facts.parse_date(None))
        for bad in ('2026', '2026-7', {'announced': '2026-07'}, 20260701):
            self.assertRaises(facts.InvalidFacts, facts.parse_date, bad)


class TestConfiguredUrl(unittest.TestCase):

    def test_environment_wins_and_empty_switches_off(self):
        config = {facts.CLOUDS_YAML_KEY: 'https://a.example/f.json'}
        with mock.patch.dict(os.environ):
            os.environ.pop(facts.URL_ENV_VAR, None)
            self.assertEqual('https://a.example/f.json',
                             facts.configured_url(config))
            self.assertIsNone(facts.configured_url({}))
            os.environ[facts.URL_ENV_VAR] = 'https://b.example/f.json'
            self.assertEqual('https://b.example/f.json',
                             facts.configured_url(config))
            os.environ[facts.URL_ENV_VAR] = ''
            self.assertIsNone(facts.configured_url(config))


class TestLoad(FactsTest):

    def test_no_url_is_the_packaged_document(self):
        loaded = facts.load(None, DAY)
        self.assertEqual((facts.PACKAGED, None), (loaded.origin, loaded.url))
        self.assertEqual(0, self.server.hits)

    def test_fetched_once_a_day_then_from_the_cache(self):
        first = facts.load(self.server.url, DAY)
        self.assertEqual(facts.FETCHED, first.origin)
        self.assertEqual('beta', first.region('nz-por-1').status)
        self.server.answer = (200, self.doc(data_date='2026-07-22'))
        again = facts.load(self.server.url, DAY)
        self.assertEqual((facts.CACHED, datetime.date(2026, 11, 1)),
                         (again.origin, again.data_date))
        self.assertEqual(1, self.server.hits)
        # The next day (CATALYSTCOE_TODAY moves the cache's clock too).
        with mock.patch.dict(os.environ,
                             {facts.TODAY_ENV_VAR: NEXT_DAY.isoformat()}):
            tomorrow = facts.load(self.server.url)
        self.assertEqual((facts.FETCHED, datetime.date(2026, 7, 22)),
                         (tomorrow.origin, tomorrow.data_date))
        self.assertEqual(2, self.server.hits)

    def test_cache_in_the_xdg_cache_folder(self):
        facts.load(self.server.url, DAY)
        path = facts.cache_path(self.server.url)
        self.assertTrue(path.startswith(
            os.path.join(self.cache_home, 'catalystcoe') + os.sep), path)
        with open(path) as f:
            entry = json.load(f)
        self.assertEqual((self.server.url, DAY.isoformat()),
                         (entry['url'], entry['checked_on']))

    def test_without_network_nothing_is_fetched(self):
        loaded = facts.load(self.server.url, DAY, network=False)
        self.assertEqual(facts.PACKAGED, loaded.origin)
        self.assertEqual(0, self.server.hits)

    def assert_falls_back(self, answer, delay=0.0):
        facts.load(self.server.url, DAY)               # cached on DAY
        self.server.answer, self.server.delay = answer, delay
        with self.assertLogs('catalystcoe.facts', 'DEBUG') as logs:
            start = time.monotonic()
            loaded = facts.load(self.server.url, NEXT_DAY)
            took = time.monotonic() - start
        self.assertEqual(facts.CACHED, loaded.origin)
        self.assertEqual('beta', loaded.region('nz-por-1').status)
        self.assertIn('not used', '\n'.join(logs.output))
        # Failed once that day: not tried again that day.
        hits = self.server.hits
        facts.load(self.server.url, NEXT_DAY)
        self.assertEqual(hits, self.server.hits)
        return took

    def test_an_error_status_falls_back_to_the_cache(self):
        self.assert_falls_back((500, {'error': 'down'}))

    def test_an_invalid_document_falls_back_to_the_cache(self):
        self.assert_falls_back((200, self.doc(schema_version=99)))
        self.assert_falls_back((200, b'<html>not json</html>'))

    def test_a_slow_server_is_given_up_on_within_the_timeout(self):
        took = self.assert_falls_back((200, fakes.FACTS_DOC), delay=2)
        self.assertLess(took, facts.FETCH_TIMEOUT + 0.9)

    def test_nothing_cached_falls_back_to_the_packaged_document(self):
        self.server.answer = (404, {})
        loaded = facts.load(self.server.url, DAY)
        self.assertEqual((facts.PACKAGED, self.server.url),
                         (loaded.origin, loaded.url))

    def test_an_unreadable_cache_is_ignored(self):
        os.makedirs(os.path.dirname(facts.cache_path(self.server.url)))
        with open(facts.cache_path(self.server.url), 'w') as f:
            f.write('{broken')
        self.assertEqual(facts.FETCHED,
                         facts.load(self.server.url, DAY).origin)

    def test_only_http_urls(self):
        loaded = facts.load('file:///etc/passwd', DAY)
        self.assertEqual(facts.PACKAGED, loaded.origin)


class TestStale(unittest.TestCase):

    def test_packaged_data_older_than_180_days_without_a_document(self):
        packaged = facts.packaged()
        day = packaged.data_date + datetime.timedelta(days=180)
        self.assertFalse(packaged.stale(day))
        self.assertTrue(packaged.stale(day + datetime.timedelta(days=1)))
        configured = facts.packaged(url='https://facts.example/f.json')
        self.assertFalse(configured.stale(day + datetime.timedelta(days=1)))
        self.assertIn(f'from {packaged.data_date}', packaged.stale_notice())
        self.assertIn('catalystcoe_facts_url', packaged.stale_notice())
