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
