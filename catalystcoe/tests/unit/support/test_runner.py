"""The collector runner: concurrency, follow-ups, errors and time-outs."""

import threading
import time

from keystoneauth1 import exceptions as ks_exc
from magnumclient import exceptions as mc_exc
import testtools

from catalystcoe import errors
from catalystcoe.support import runner


def outcome_map(outcomes):
    return {o.name: o.outcome for o in outcomes}


class TestRun(testtools.TestCase):

    def test_results_and_follow_ups(self):
        got = {}

        def listed(value):
            got['list'] = value
            return [runner.Task(f'item:{v}', lambda v=v: v * 10,
                                on_result=lambda r, v=v: got.update(
                                    {v: r}))
                    for v in value]

        outcomes = runner.run([runner.Task('list', lambda: [1, 2, 3],
                                           on_result=listed)])
        self.assertEqual({'list': [1, 2, 3], 1: 10, 2: 20, 3: 30}, got)
        self.assertEqual({'list': 'ok', 'item:1': 'ok', 'item:2': 'ok',
                          'item:3': 'ok'}, outcome_map(outcomes))

    def test_errors_are_recorded_and_others_go_on(self):
        def forbidden():
            raise ks_exc.Forbidden(message='You are not authorized',
                                   http_status=403)

        def missing():
            raise mc_exc.NotFound(message='Stack x could not be found')

        def boom():
            raise mc_exc.InternalServerError(message='oops')

        def skipped():
            raise runner.Skipped('no orchestration endpoint')

        def slow():
            raise ks_exc.ConnectTimeout('Read timed out. (read timeout=2)')

        errors = []
        outcomes = runner.run([
            runner.Task('a', forbidden, on_error=errors.append),
            runner.Task('b', missing),
            runner.Task('c', boom),
            runner.Task('d', skipped),
            runner.Task('e', lambda: 'fine'),
            runner.Task('f', slow),
        ])
        self.assertEqual({'a': 'forbidden', 'b': 'not_found', 'c': 'error',
                          'd': 'skipped', 'e': 'ok', 'f': 'timeout'},
                         outcome_map(outcomes))
        by_name = {o.name: o for o in outcomes}
        self.assertEqual(403, by_name['a'].status)
        self.assertEqual('You are not authorized (HTTP 403)',
                         by_name['a'].detail)
        self.assertEqual('no orchestration endpoint', by_name['d'].detail)
        self.assertIn('oops (HTTP 500', by_name['c'].detail)
        self.assertIn('timed out', by_name['f'].detail)
        self.assertIn('(read timeout=2)', by_name['f'].detail)
        self.assertEqual(['a'], [o.name for o in errors])

    def test_unexpected_exception_is_recorded(self):
        def bug():
            raise KeyError('x')

        [outcome] = runner.run([runner.Task('bug', bug)])
        self.assertEqual(('error', "unexpected error (KeyError: 'x')"),
                         (outcome.outcome, outcome.detail))

    def test_timeout_does_not_wait_for_a_hung_collector(self):
        release = threading.Event()
        self.addCleanup(release.set)
        got = []
        start = time.monotonic()
        outcomes = runner.run([
            runner.Task('hung', lambda: release.wait(10),
                        on_result=got.append),
            runner.Task('quick', lambda: 'q', on_result=got.append),
        ], timeout=0.3)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 3)
        self.assertEqual(['q'], got)
        by_name = {o.name: o for o in outcomes}
        self.assertEqual('timeout', by_name['hung'].outcome)
        self.assertEqual('no answer within 0.3 s', by_name['hung'].detail)

    def test_runs_concurrently_within_the_bound(self):
        lock = threading.Lock()
        state = {'now': 0, 'max': 0}

        def work():
            with lock:
                state['now'] += 1
                state['max'] = max(state['max'], state['now'])
            time.sleep(0.05)
            with lock:
                state['now'] -= 1

        start = time.monotonic()
        runner.run([runner.Task(str(i), work) for i in range(12)],
                   workers=4)
        self.assertEqual(4, state['max'])
        self.assertLess(time.monotonic() - start, 12 * 0.05)

    def test_malformed_answer_is_an_error_that_says_so(self):
        def html():
            raise errors.MalformedAnswer('expected a node group (a JSON '
                                         'object), got nothing')

        [outcome] = runner.run([runner.Task('nodegroup:x', html)])
        self.assertEqual(('error', 'the API answered with malformed data: '
                                   'expected a node group (a JSON object), '
                                   'got nothing'),
                         (outcome.outcome, outcome.detail))

    def test_an_answer_the_callback_cannot_use_fails_that_task_only(self):
        def store(value):
            value.get('name')

        outcomes = runner.run([
            runner.Task('bad', lambda: ['a', 'list'], on_result=store),
            runner.Task('good', lambda: {'name': 'x'}, on_result=store)])
        by_name = {o.name: o for o in outcomes}
        self.assertEqual('ok', by_name['good'].outcome)
        self.assertEqual(('error', "unexpected error (AttributeError: "
                                   "'list' object has no attribute 'get')"),
                         (by_name['bad'].outcome, by_name['bad'].detail))

    def test_failure_callbacks_may_ask_for_something_else(self):
        got = []

        def instead(_outcome):
            return [runner.Task('fallback', lambda: 'b',
                                on_result=got.append)]

        def gone():
            raise mc_exc.NotFound(message='gone')

        outcomes = runner.run([runner.Task('first', gone,
                                           on_error=instead)])
        self.assertEqual(['b'], got)
        self.assertEqual({'first': 'not_found', 'fallback': 'ok'},
                         outcome_map(outcomes))

    def test_the_whole_run_ends_in_time_even_with_every_worker_stuck(self):
        release = threading.Event()
        self.addCleanup(release.set)

        def stuck():
            release.wait(10)

        def chain(depth):
            # Each answer asks for the next: three stages in a row, then
            # more than the one free worker can take.
            if depth == 0:
                return [runner.Task('stuck', stuck),
                        runner.Task('queued', lambda: 'never started')]
            return [runner.Task(f'stage{depth}', lambda: depth,
                                on_result=lambda _v: chain(depth - 1))]

        start = time.monotonic()
        outcomes = runner.run(
            [runner.Task('stuck-too', stuck)] + chain(3), workers=2,
            timeout=0.4)
        self.assertLess(time.monotonic() - start, 2)
        by_name = {o.name: o for o in outcomes}
        self.assertEqual('ok', by_name['stage1'].outcome)
        self.assertEqual(('timeout', 'no answer within 0.4 s'),
                         (by_name['stuck'].outcome, by_name['stuck'].detail))
        self.assertEqual(('timeout', 'not started within 0.4 s'),
                         (by_name['queued'].outcome,
                          by_name['queued'].detail))

    def test_fatal_stops_the_run(self):
        def failed(outcome):
            raise runner.Fatal(f'cluster c9: {outcome.detail}')

        def missing():
            raise mc_exc.NotFound(message='Cluster c9 could not be found.')

        exc = self.assertRaises(runner.Fatal, runner.run, [
            runner.Task('cluster', missing, on_error=failed, cluster='c9')])
        self.assertEqual('cluster c9: Cluster c9 could not be found. (HTTP '
                         '404)', str(exc))

    def test_on_start_names_the_task_on_its_thread(self):
        names = {}

        def on_start(task):
            names[task.name] = threading.current_thread().name

        runner.run([runner.Task('x', lambda: None)], on_start=on_start)
        self.assertTrue(names['x'].startswith('coe-support'))

    def test_pool_threads_never_hold_up_the_exit(self):
        release = threading.Event()
        self.addCleanup(release.set)
        seen = []

        def hang():
            seen.append(threading.current_thread())
            release.wait(10)

        runner.run([runner.Task('hung', hang)], timeout=0.1)
        self.assertEqual([True], [t.daemon for t in seen])
