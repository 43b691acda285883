import io
import itertools

from keystoneauth1 import exceptions as ks_exc
from magnumclient import exceptions as mc_exc
import testtools

from catalystcoe import errors
from catalystcoe.tests.unit import helpers
from catalystcoe import waiter

RACE = ('Invalid input for field/attribute master_count. Value: None. '
        'Wrong type.')
Script = helpers.Script
Stream = helpers.Stream


def cluster(status, reason=None, **more):
    fields = {'uuid': 'c-uuid', 'name': 'c1', 'status': status,
              'status_reason': reason, 'master_count': 1, 'node_count': 2}
    fields.update(more)
    return fields


class WaiterTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = helpers.FakeClock()
        self.stream = Stream()

    def make(self, script, tty=False, width=60, timeout=600, quiet=False,
             interval=5, **goal):
        self.stream = Stream(tty=tty)
        target = waiter.Target(script, 'cluster', 'c1', 'c-uuid')
        return waiter.Waiter(
            target, timeout=timeout, interval=interval, clock=self.clock,
            display=waiter.Display(self.stream, quiet=quiet, tty=tty,
                                   width=width),
            goal=waiter.Goal(**goal))


class TestHelpers(testtools.TestCase):

    def test_intervals_back_off_to_the_cap(self):
        self.assertEqual(
            [5, 7.5, 11.25, 16.875, 25.3125, 30, 30],
            list(itertools.islice(waiter.intervals(5), 7)))

    def test_intervals_never_below_the_first(self):
        self.assertEqual([40, 40],
                         list(itertools.islice(waiter.intervals(40), 2)))

    def test_initial_interval_from_environment(self):
        self.assertEqual(5.0, waiter.initial_interval({}))
        self.assertEqual(0.5, waiter.initial_interval(
            {waiter.ENV_INTERVAL: '0.5'}))
        for bad in ('x', '0', '-1', '9999'):
            self.assertRaises(waiter.osc_exc.CommandError,
                              waiter.initial_interval,
                              {waiter.ENV_INTERVAL: bad})

    def test_default_timeout(self):
        self.assertEqual(62 * 60, waiter.default_timeout())
        self.assertEqual(62 * 60, waiter.default_timeout('junk'))
        self.assertEqual(12 * 60, waiter.default_timeout(10))

    def test_status_classes(self):
        self.assertTrue(waiter.is_failed('CREATE_FAILED'))
        self.assertTrue(waiter.is_failed('ROLLBACK_COMPLETE'))
        self.assertFalse(waiter.is_complete('ROLLBACK_COMPLETE'))
        self.assertTrue(waiter.is_complete('UPDATE_COMPLETE'))
        self.assertFalse(waiter.is_complete('UPDATE_IN_PROGRESS'))
        self.assertFalse(waiter.is_failed(None))

    def test_format_elapsed(self):
        self.assertEqual('7s', waiter.format_elapsed(7.9))
        self.assertEqual('2m05s', waiter.format_elapsed(125))
        self.assertEqual('1h01m01s', waiter.format_elapsed(3661))

    def test_next_steps_quote_names(self):
        self.assertEqual(
            ("openstack coe cluster diagnose 'my cluster'",
             "openstack coe support bundle create 'my cluster'"),
            waiter.next_steps('my cluster'))


class TestOutcomes(WaiterTestCase):

    def test_create_completes_with_a_line_per_change(self):
        script = Script(
            mc_exc.NotFound(),
            mc_exc.BadRequest(message=RACE),
            cluster('CREATE_IN_PROGRESS', 'Stack CREATE started'),
            cluster('CREATE_IN_PROGRESS', 'Stack CREATE started'),
            cluster('CREATE_IN_PROGRESS', 'Creating nodes'),
            cluster('CREATE_COMPLETE', 'Stack CREATE completed'))
        final = self.make(script, appear=True).wait()
        self.assertEqual('CREATE_COMPLETE', final['status'])
        self.assertEqual(
            '[0s] Cluster c1: NOT FOUND: not visible yet\n'
            '[5s] Cluster c1: NOT FOUND: API error, retrying (1/5): '
            'Invalid input for field/attribute master_count. Value: None. '
            'Wrong type. (HTTP 400)\n'
            '[10s] Cluster c1: CREATE_IN_PROGRESS, masters 1, workers 2: '
            'Stack CREATE started\n'
            '[28s] Cluster c1: CREATE_IN_PROGRESS, masters 1, workers 2: '
            'Creating nodes\n'
            '[45s] Cluster c1: CREATE_COMPLETE, masters 1, workers 2: '
            'Stack CREATE completed\n'
            'Cluster c1 is CREATE_COMPLETE (waited 45s).\n',
            self.stream.getvalue())
        # the first interval, a pause before the retry, then the
        # backed-off intervals
        self.assertEqual([5, 5, 7.5, 11.25, 16.875], self.clock.sleeps)
        self.assertEqual(6, script.calls)

    def test_failure_names_reason_and_next_steps(self):
        script = Script(cluster('CREATE_IN_PROGRESS'),
                        cluster('CREATE_FAILED', 'Quota exceeded for cores'))
        exc = self.assertRaises(waiter.WaitFailed,
                                self.make(script).wait)
        self.assertEqual(1, exc.exit_code)
        self.assertEqual(
            "Cluster c1 is CREATE_FAILED after 5s: Quota exceeded for "
            "cores. Next: 'openstack coe cluster diagnose c-uuid', then "
            "'openstack coe support bundle create c-uuid' for a support "
            "ticket.", str(exc))

    def test_rollback_complete_is_a_failure(self):
        script = Script(cluster('ROLLBACK_COMPLETE', 'rolled back'))
        exc = self.assertRaises(waiter.WaitFailed, self.make(script).wait)
        self.assertIn('ROLLBACK_COMPLETE', str(exc))

    def test_timeout_stops_at_the_deadline(self):
        script = Script(cluster('CREATE_IN_PROGRESS', 'Waiting'))
        exc = self.assertRaises(waiter.WaitTimedOut,
                                self.make(script, timeout=20).wait)
        self.assertEqual(124, exc.exit_code)
        self.assertEqual([5, 7.5, 7.5], self.clock.sleeps)
        # polls at 0, 5 and 12.5 s, each given the time left
        self.assertEqual([20, 15, 7.5], script.given)
        self.assertEqual(
            "Timed out after 20s waiting for cluster c1 (still "
            "CREATE_IN_PROGRESS); the operation itself goes on in the cloud. "
            "Follow it with 'openstack coe cluster wait c-uuid'; if it is "
            "stuck, run 'openstack coe cluster diagnose c-uuid' and "
            "'openstack coe support bundle create c-uuid'.", str(exc))

    def test_ctrl_c_stops_waiting_not_the_operation(self):
        script = Script(cluster('DELETE_IN_PROGRESS'), KeyboardInterrupt())
        exc = self.assertRaises(waiter.WaitInterrupted,
                                self.make(script, want=waiter.GONE).wait)
        self.assertEqual(130, exc.exit_code)
        self.assertIn('Stopped waiting for cluster c1 after 5s (still '
                      'DELETE_IN_PROGRESS); the operation itself goes on',
                      str(exc))

    def test_without_a_request_nothing_is_said_to_go_on(self):
        script = Script(cluster('UPDATE_COMPLETE'))
        exc = self.assertRaises(
            waiter.WaitTimedOut,
            self.make(script, want='DELETE_COMPLETE', timeout=3,
                      after_request=False).wait)
        self.assertIn('(still UPDATE_COMPLETE); nothing in the cloud is '
                      'changed. Follow it with', str(exc))

    def test_ctrl_c_during_sleep_on_a_terminal_ends_the_line(self):
        def sleep(seconds):
            raise KeyboardInterrupt()

        wait = self.make(Script(cluster('CREATE_IN_PROGRESS')), tty=True,
                         width=80)
        self.clock.sleep = sleep
        self.assertRaises(waiter.WaitInterrupted, wait.wait)
        self.assertTrue(self.stream.getvalue().endswith('\x1b[K\n'))

    def test_transient_errors_are_retried_then_given_up(self):
        script = Script(mc_exc.InternalServerError(message='boom'))
        exc = self.assertRaises(waiter.WaitFailed, self.make(script).wait)
        self.assertEqual(1, exc.exit_code)
        self.assertEqual(6, script.calls)
        self.assertEqual([5, 10, 15, 20, 25], self.clock.sleeps)
        self.assertIn('after 6 tries: boom (HTTP 500)', str(exc))

    def test_transient_error_then_success(self):
        script = Script(ks_exc.ConnectFailure('refused'),
                        cluster('UPDATE_COMPLETE'))
        final = self.make(script).wait()
        self.assertEqual('UPDATE_COMPLETE', final['status'])

    def test_other_api_errors_end_at_once(self):
        script = Script(mc_exc.Forbidden(message='not yours'))
        exc = self.assertRaises(waiter.WaitFailed, self.make(script).wait)
        self.assertEqual(1, script.calls)
        self.assertIn('not yours (HTTP 403)', str(exc))

    def test_quiet_prints_nothing_on_success(self):
        self.make(Script(cluster('CREATE_COMPLETE')), quiet=True).wait()
        self.assertEqual('', self.stream.getvalue())


class TestGoals(WaiterTestCase):

    def test_delete_waits_until_gone(self):
        script = Script(cluster('DELETE_IN_PROGRESS'), mc_exc.NotFound())
        self.assertIsNone(self.make(script, want=waiter.GONE).wait())
        self.assertTrue(self.stream.getvalue().endswith(
            '[5s] Cluster c1: DELETED\nCluster c1 is deleted (waited 5s).\n'))

    def test_gone_at_the_first_poll(self):
        script = Script(mc_exc.NotFound())
        self.assertIsNone(self.make(script, want=waiter.GONE,
                                    appear=True).wait())
        self.assertEqual('[0s] Cluster c1: DELETED\n'
                         'Cluster c1 is deleted (waited 0s).\n',
                         self.stream.getvalue())

    def test_delete_failed(self):
        script = Script(cluster('DELETE_IN_PROGRESS'),
                        cluster('DELETE_FAILED', 'ports in use'))
        exc = self.assertRaises(
            waiter.WaitFailed,
            self.make(script, want=waiter.GONE,
                      baseline=('CREATE_COMPLETE', '')).wait)
        self.assertIn('DELETE_FAILED after 5s: ports in use', str(exc))

    def test_stale_final_state_is_not_believed_at_once(self):
        script = Script(cluster('UPDATE_COMPLETE', 'done before'),
                        cluster('UPDATE_IN_PROGRESS', 'resizing'),
                        cluster('UPDATE_COMPLETE', 'done before'))
        final = self.make(script,
                          baseline=('UPDATE_COMPLETE', 'done before')).wait()
        self.assertEqual('UPDATE_COMPLETE', final['status'])
        self.assertEqual(3, script.calls)

    def test_stale_final_state_believed_after_settling(self):
        script = Script(cluster('UPDATE_COMPLETE', 'done before'))
        final = self.make(script,
                          baseline=('UPDATE_COMPLETE', 'done before')).wait()
        self.assertEqual('UPDATE_COMPLETE', final['status'])
        self.assertGreaterEqual(self.clock.elapsed(), waiter.SETTLE_SECONDS)
        self.assertLess(self.clock.elapsed(), waiter.SETTLE_SECONDS + 30)

    def test_stale_failure_is_not_reported(self):
        script = Script(cluster('DELETE_FAILED', 'old'),
                        cluster('DELETE_IN_PROGRESS'), mc_exc.NotFound())
        self.assertIsNone(self.make(
            script, want=waiter.GONE,
            baseline=('DELETE_FAILED', 'old')).wait())

    def test_disappearing_during_an_update_is_a_failure(self):
        script = Script(cluster('UPDATE_IN_PROGRESS'), mc_exc.NotFound())
        exc = self.assertRaises(waiter.WaitFailed, self.make(script).wait)
        self.assertIn('Cluster c1 no longer exists', str(exc))

    def test_not_found_without_appear_is_a_failure(self):
        script = Script(mc_exc.NotFound())
        self.assertRaises(waiter.WaitFailed, self.make(script).wait)
        self.assertEqual(1, script.calls)

    def test_gone_ok_for_any_final_state(self):
        script = Script(cluster('DELETE_IN_PROGRESS'), mc_exc.NotFound())
        self.assertIsNone(self.make(script, gone_ok=True).wait())

    def test_wanted_status(self):
        script = Script(cluster('CREATE_COMPLETE'),
                        cluster('UPDATE_IN_PROGRESS'))
        final = self.make(script, want='UPDATE_IN_PROGRESS').wait()
        self.assertEqual('UPDATE_IN_PROGRESS', final['status'])

    def test_wanted_status_ends_on_another_failure(self):
        script = Script(cluster('CREATE_FAILED', 'quota'))
        exc = self.assertRaises(
            waiter.WaitFailed, self.make(script, want='CREATE_COMPLETE').wait)
        self.assertIn('is CREATE_FAILED (not CREATE_COMPLETE) after 0s: '
                      'quota', str(exc))

    def test_wanted_delete_complete_means_gone(self):
        script = Script(mc_exc.NotFound())
        self.assertIsNone(self.make(script, want='DELETE_COMPLETE').wait())


class TestTerminal(WaiterTestCase):

    def test_one_updating_line_truncated_to_the_width(self):
        script = Script(cluster('CREATE_IN_PROGRESS', 'x' * 200),
                        cluster('CREATE_COMPLETE', 'ok'))
        self.make(script, tty=True, width=70, interval=2).wait()
        out = self.stream.getvalue()
        lines = out.split('\n')
        self.assertEqual(3, len(lines))
        frames = lines[0].split('\r')[1:]
        # first poll, a tick each second of the pause, the final poll
        self.assertEqual(4, len(frames))
        for frame in frames:
            self.assertTrue(frame.endswith('\x1b[K'))
            self.assertLessEqual(len(frame) - len('\x1b[K'), 69)
        self.assertTrue(frames[0].startswith(
            '[0s] Cluster c1: CREATE_IN_PROGRESS, masters 1, workers 2: xx'))
        self.assertTrue(frames[1].startswith('[1s] Cluster c1: CREATE_IN'))
        self.assertTrue(frames[2].startswith('[2s] Cluster c1: CREATE_IN'))
        self.assertEqual(
            '[2s] Cluster c1: CREATE_COMPLETE, masters 1, workers 2: ok'
            '\x1b[K', frames[3])
        self.assertEqual('Cluster c1 is CREATE_COMPLETE (waited 2s).',
                         lines[1])
        self.assertEqual([1.0, 1.0], self.clock.sleeps)

    def test_off_a_terminal_repeats_nothing(self):
        script = Script(cluster('CREATE_IN_PROGRESS', 'a'),
                        cluster('CREATE_IN_PROGRESS', 'a'),
                        cluster('CREATE_IN_PROGRESS', 'a'),
                        cluster('CREATE_COMPLETE', 'b'))
        self.make(script, tty=False).wait()
        self.assertEqual(
            ['[0s] Cluster c1: CREATE_IN_PROGRESS, masters 1, workers 2: a',
             '[23s] Cluster c1: CREATE_COMPLETE, masters 1, workers 2: b',
             'Cluster c1 is CREATE_COMPLETE (waited 23s).'],
            self.stream.getvalue().splitlines())

    def test_stream_facts_of_a_pipe(self):
        self.assertEqual((False, 80), waiter.stream_facts(io.StringIO()))

    def test_nodegroup_words(self):
        self.stream = Stream()
        target = waiter.Target(
            Script({'status': 'CREATE_COMPLETE', 'node_count': 3,
                    'role': 'worker'}),
            'node group', 'ng1', 'c1', counts=waiter.nodegroup_counts)
        waiter.Waiter(target, display=waiter.Display(self.stream),
                      clock=self.clock, timeout=60, interval=5).wait()
        self.assertEqual(
            '[0s] Node group ng1 of cluster c1: CREATE_COMPLETE, nodes 3 '
            '(worker)\n'
            'Node group ng1 of cluster c1 is CREATE_COMPLETE (waited 0s).\n',
            self.stream.getvalue())


class TestNeverAFalseSuccess(WaiterTestCase):
    """Only "not found" means gone; an unreadable answer is retried."""

    HTML = errors.MalformedAnswer(
        "http://127.0.0.1:9511/v1/clusters/c-uuid answered HTTP 200 "
        "(text/html) '<html>Sign in</html>', not a JSON object")

    def test_an_unreadable_answer_during_a_delete_is_not_gone(self):
        script = Script(cluster('DELETE_IN_PROGRESS'), self.HTML)
        exc = self.assertRaises(waiter.WaitFailed,
                                self.make(script, want=waiter.GONE).wait)
        self.assertEqual(1, exc.exit_code)
        self.assertEqual(1 + 1 + waiter.TRANSIENT_RETRIES, script.calls)
        self.assertEqual(
            'Gave up waiting for cluster c1 after 6 tries: the API answered '
            'with malformed data: http://127.0.0.1:9511/v1/clusters/c-uuid '
            "answered HTTP 200 (text/html) '<html>Sign in</html>', not a "
            "JSON object. The operation may go on; follow it with "
            "'openstack coe cluster wait c-uuid'.", str(exc))
        self.assertNotIn('DELETED', self.stream.getvalue())
        self.assertNotIn('deleted', self.stream.getvalue())

    def test_an_unreadable_answer_in_an_update_is_not_a_disappearance(self):
        script = Script(cluster('UPDATE_IN_PROGRESS'), self.HTML,
                        cluster('UPDATE_COMPLETE', 'done'))
        final = self.make(script).wait()
        self.assertEqual('UPDATE_COMPLETE', final['status'])


class TestLimits(WaiterTestCase):
    """The time limit holds whatever the API does."""

    def test_retry_after_is_honoured(self):
        script = Script(errors.RetryLater('busy', 503, 12.0),
                        cluster('CREATE_COMPLETE'))
        self.make(script).wait()
        self.assertEqual([12.0], self.clock.sleeps)
        self.assertIn('API error, retrying (1/5): busy (HTTP 503, retry '
                      'after 12 s)', self.stream.getvalue())

    def test_retry_after_never_past_the_limit(self):
        script = Script(errors.RetryLater('busy', 503, 3600.0))
        exc = self.assertRaises(waiter.WaitTimedOut,
                                self.make(script, timeout=20).wait)
        self.assertEqual([20], self.clock.sleeps)
        self.assertIn('Timed out after 20s waiting for cluster c1 (no '
                      'answer yet; last poll: busy (HTTP 503, retry after '
                      '3600 s))', str(exc))

    def test_a_poll_that_does_not_end_stops_at_the_limit(self):
        # Each request takes all the time it is given and then fails as
        # cloud.call_within does.
        def stalled(seconds):
            self.clock.sleep(seconds)
            raise errors.DeadlineExceeded(
                f'no complete answer within {seconds:g} s')

        wait = self.make(stalled, timeout=20)
        exc = self.assertRaises(waiter.WaitTimedOut, wait.wait)
        self.assertEqual(124, exc.exit_code)
        self.assertEqual(20, self.clock.elapsed())
        self.assertIn('last poll: no complete answer within 20 s', str(exc))

    def test_each_poll_is_given_the_time_left(self):
        script = Script(cluster('CREATE_IN_PROGRESS'))
        self.assertRaises(waiter.WaitTimedOut,
                          self.make(script, timeout=30).wait)
        self.assertEqual([30, 25, 17.5, 6.25], script.given)
