"""openstacksdk's failures get the same kinds and one-line texts."""

import unittest

from keystoneauth1 import exceptions as ks_exc
from openstack import exceptions as sdk_exc
from osc_lib import exceptions as osc_exc

from catalystcoe import errors


def http(cls, status, details, request_id=None):
    return cls(message=f'{cls.__name__}', http_status=status,
               details=details, request_id=request_id)


class TestSdkFailures(unittest.TestCase):

    def test_not_found_with_the_servers_message(self):
        exc = http(sdk_exc.NotFoundException, 404,
                   'Flavor c9 could not be found.', 'req-9')
        failure = errors.classify(exc)
        self.assertEqual((errors.NOT_FOUND, 404), (failure.kind,
                                                   failure.status))
        self.assertEqual('Flavor c9 could not be found. (HTTP 404, '
                         'request req-9)', failure.line)

    def test_forbidden_transient_and_plain_errors(self):
        self.assertEqual(errors.FORBIDDEN, errors.classify(http(
            sdk_exc.ForbiddenException, 403, 'Policy says no')).kind)
        self.assertEqual(errors.TRANSIENT, errors.classify(http(
            sdk_exc.HttpException, 503, 'busy')).kind)
        self.assertEqual(errors.ERROR, errors.classify(http(
            sdk_exc.BadRequestException, 400, 'bad')).kind)

    def test_a_service_missing_from_the_catalog(self):
        failure = errors.classify(sdk_exc.EndpointNotFound(
            'load-balancer'))
        self.assertEqual(errors.ERROR, failure.kind)
        self.assertIn('service catalog', failure.line)

    def test_keystoneauth_errors_keep_their_kinds(self):
        self.assertEqual(errors.TRANSIENT, errors.classify(
            ks_exc.ConnectFailure('Connection refused')).kind)

    def test_api_errors_gives_one_line(self):
        with self.assertRaises(osc_exc.CommandError) as ctx:
            with errors.api_errors('reading the flavors'):
                raise http(sdk_exc.HttpException, 500, 'boom\n  again')
        self.assertEqual('reading the flavors: boom again (HTTP 500)',
                         str(ctx.exception))
