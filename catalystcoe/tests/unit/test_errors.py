"""API failures become one line a person can act on."""

import unittest

from keystoneauth1 import exceptions as ks_exc
from magnumclient import exceptions as mc_exc
from osc_lib import exceptions as osc_exc

from catalystcoe import errors


class TestDescribe(unittest.TestCase):

    def test_magnum_not_found_with_request_id(self):
        exc = mc_exc.NotFound(message='Cluster foo could not be found.',
                              http_status=404, request_id='req-1')
        self.assertEqual(
            'Cluster foo could not be found. (HTTP 404, request req-1)',
            errors.describe(exc))

    def test_status_said_once_when_the_message_has_it(self):
        exc = ks_exc.Forbidden(message='Forbidden (HTTP 403)',
                               http_status=403)
        self.assertEqual('Forbidden (HTTP 403)', errors.describe(exc))

    def test_multi_line_server_message_folds_to_one_line(self):
        exc = mc_exc.Conflict(message='Multiple clusters exist\n  with '
                              'same name.', http_status=409)
        self.assertEqual('Multiple clusters exist with same name. '
                         '(HTTP 409)', errors.describe(exc))

    def test_unreachable_and_timeouts(self):
        self.assertIn('cannot reach the API', errors.describe(
            ks_exc.ConnectFailure('Connection refused')))
        self.assertIn('timed out connecting', errors.describe(
            ks_exc.ConnectTimeout('slow')))
        self.assertIn('service catalog', errors.describe(
            ks_exc.EndpointNotFound('container-infra')))

    def test_unreachable_says_where_and_why_in_a_few_words(self):
        exc = ks_exc.ConnectFailure(
            'Unable to establish connection to http://127.0.0.1:9512/v1/'
            "clusters/x: HTTPConnectionPool(host='127.0.0.1', port=9512): "
            'Max retries exceeded with url: /v1/clusters/x (Caused by '
            "NewConnectionError('<urllib3.connection.HTTPConnection object>"
            ": Failed to establish a new connection: [Errno 111] Connection "
            "refused'))")
        self.assertEqual('cannot reach the API at http://127.0.0.1:9512/'
                         'v1/clusters/x (connection refused)',
                         errors.describe(exc))
        exc = ks_exc.ConnectFailure(
            'Unable to establish connection to https://api.example:9511/v1/'
            "clusters: ('Connection aborted.', RemoteDisconnected('Remote "
            "end closed connection without response'))")
        self.assertEqual('cannot reach the API at https://api.example:9511/'
                         'v1/clusters (the server closed the connection)',
                         errors.describe(exc))

    def test_malformed_json(self):
        import json
        try:
            json.loads('<html>')
        except ValueError as exc:
            self.assertIn('malformed data', errors.describe(exc))

    def test_unknown_errors_are_not_ours_to_describe(self):
        self.assertIsNone(errors.describe(KeyError('x')))


class TestApiErrors(unittest.TestCase):

    def test_known_failure_becomes_one_line_command_error(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            with errors.api_errors('showing cluster foo'):
                raise mc_exc.NotFound(message='Cluster foo could not be '
                                      'found.', http_status=404)
        self.assertEqual('showing cluster foo: Cluster foo could not be '
                         'found. (HTTP 404)', str(ctx.exception))
        self.assertNotIn('\n', str(ctx.exception))

    def test_command_errors_and_bugs_pass_through(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            with errors.api_errors('x'):
                raise osc_exc.CommandError('already clear')
        self.assertEqual('already clear', str(ctx.exception))
        with self.assertRaises(KeyError):
            with errors.api_errors('x'):
                raise KeyError('a bug')


class TestClassify(unittest.TestCase):
    """One vocabulary for every caller (waiter, bundle, commands)."""

    def kind(self, exc):
        return errors.classify(exc).kind

    def test_not_found_and_forbidden(self):
        self.assertEqual(errors.NOT_FOUND, self.kind(
            mc_exc.NotFound(message='Cluster x could not be found.')))
        self.assertEqual(errors.NOT_FOUND, self.kind(
            ks_exc.http.NotFound()))
        self.assertEqual(errors.FORBIDDEN, self.kind(
            ks_exc.Forbidden(message='no', http_status=403)))
        self.assertEqual(errors.FORBIDDEN, self.kind(mc_exc.Unauthorized()))

    def test_transient(self):
        for exc in (mc_exc.InternalServerError(), ks_exc.ServiceUnavailable(),
                    ks_exc.ConnectFailure('Connection refused'),
                    mc_exc.BadRequest(message='Invalid input for field/'
                                      'attribute master_count.')):
            self.assertEqual(errors.TRANSIENT, self.kind(exc), repr(exc))

    def test_timeouts(self):
        self.assertEqual(errors.TIMEOUT,
                         self.kind(ks_exc.ConnectTimeout('read timed out')))
        self.assertEqual(errors.TIMEOUT, self.kind(mc_exc.RequestTimeout()))

    def test_malformed(self):
        failure = errors.classify(errors.MalformedAnswer('got HTML'))
        self.assertEqual(errors.MALFORMED, failure.kind)
        self.assertIn('got HTML', failure.line)

    def test_a_plain_bad_request_is_an_error_with_its_status(self):
        failure = errors.classify(mc_exc.BadRequest(
            message='Invalid flavor', http_status=400))
        self.assertEqual((errors.ERROR, 400),
                         (failure.kind, failure.status))
        self.assertEqual('Invalid flavor (HTTP 400)', failure.line)

    def test_unknown_exceptions_still_get_one_line(self):
        failure = errors.classify(KeyError('x'))
        self.assertEqual(errors.ERROR, failure.kind)
        self.assertEqual("unexpected error (KeyError: 'x')", failure.line)


class TestJsonObject(unittest.TestCase):

    class Response:
        def __init__(self, body, content_type, status=200):
            self.content = body
            self.headers = {'Content-Type': content_type}
            self.status_code = status
            self.url = 'http://127.0.0.1:8004/v1/stacks/s'

        def json(self):
            import json
            return json.loads(self.content)

    def test_an_object_is_returned(self):
        self.assertEqual({'stack': {}}, errors.json_object(
            self.Response(b'{"stack": {}}', 'application/json')))

    def test_html_names_the_url_status_type_and_first_bytes(self):
        with self.assertRaises(errors.MalformedAnswer) as ctx:
            errors.json_object(self.Response(
                b'<html><body>Login</body></html>', 'text/html'))
        self.assertEqual(
            "http://127.0.0.1:8004/v1/stacks/s answered HTTP 200 "
            "(text/html) '<html><body>Login</body></html>', not a JSON "
            "object", str(ctx.exception))

    def test_a_list_is_not_an_object(self):
        with self.assertRaises(errors.MalformedAnswer):
            errors.json_object(self.Response(b'[1]', 'application/json'))


class TestRetryAfter(unittest.TestCase):

    def test_seconds_from_a_delta_or_a_date(self):
        self.assertEqual(7.0, errors.retry_after_seconds('7'))
        self.assertEqual(30.0, errors.retry_after_seconds(
            'Wed, 21 Oct 2026 07:28:30 GMT',
            now=1792567680.0))  # 07:28:00 that day
        for bad in ('', None, 'soon', '-5'):
            self.assertEqual(0.0, errors.retry_after_seconds(bad), bad)

    def test_retry_later_is_transient_and_says_the_delay(self):
        exc = errors.RetryLater('Service Unavailable', 503, 12.0,
                                request_id='req-9')
        failure = errors.classify(exc)
        self.assertEqual((errors.TRANSIENT, 503, 12.0),
                         (failure.kind, failure.status, failure.retry_after))
        self.assertEqual('Service Unavailable (HTTP 503, request req-9, '
                         'retry after 12 s)', failure.line)

    def test_a_deadline_is_a_timeout(self):
        failure = errors.classify(errors.DeadlineExceeded(
            'no complete answer to GET /clusters/x within 20 s'))
        self.assertEqual(errors.TIMEOUT, failure.kind)
        self.assertEqual('no complete answer to GET /clusters/x within 20 s',
                         failure.line)

    def test_an_empty_body_is_named_as_such(self):
        resp = TestJsonObject.Response(b'', 'application/json')
        self.assertEqual(
            'http://127.0.0.1:8004/v1/stacks/s answered HTTP 200 '
            '(application/json) an empty body, not a JSON object',
            errors.answer_text(resp, 'a JSON object'))
