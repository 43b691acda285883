"""The seam to the cloud: dicts from answers, regions, the catalog."""

import threading
import time
import unittest
from unittest import mock

from keystoneauth1 import access
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import fixture
from keystoneauth1 import session as ks_session
from magnumclient import exceptions as mc_exc
from magnumclient.v1 import cluster_templates
from osc_lib import clientmanager
from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.tests.unit import fakes


def access_info(regions):
    token = fixture.V3Token()
    service = token.add_service('container-infra')
    for region in regions:
        service.add_standard_endpoints(
            public=f'http://127.0.0.1:9511/{region}/v1', region=region)
    token.add_service('identity').add_standard_endpoints(
        public='http://127.0.0.1:5000/v3', region='nz-hlz-1')
    return access.create(body=token)


def fake_client_manager(regions=('nz-hlz-1', 'nz-por-1')):
    manager = mock.NonCallableMock(spec=clientmanager.ClientManager)
    manager.session = mock.NonCallableMock(spec=ks_session.Session)
    manager.session.get_endpoint.return_value = 'http://127.0.0.1:9511/v1'
    manager.session.get_token.return_value = 'token'
    manager.interface = 'public'
    manager.verify = True
    manager.cacert = None
    manager._api_version = {'container_infra': '1'}
    manager.auth_ref = access_info(regions)
    return manager


class TestToDict(unittest.TestCase):

    def test_a_resource_becomes_a_copy_of_its_fields(self):
        fields = {'uuid': 'u-1', 'name': 'k8s', 'labels': {'a': '1'}}
        resource = cluster_templates.ClusterTemplate(None, fields,
                                                     loaded=True)
        got = cloud.to_dict(resource)
        self.assertEqual(fields, got)
        got['name'] = 'changed'
        self.assertEqual('k8s', resource.name)

    def test_a_dict_is_copied(self):
        fields = {'uuid': 'u-1'}
        self.assertEqual(fields, cloud.to_dict(fields))
        self.assertIsNot(fields, cloud.to_dict(fields))

    def test_no_answer_is_malformed_never_none(self):
        # python-magnumclient returns None for a 200 with an HTML body.
        with self.assertRaises(errors.MalformedAnswer) as ctx:
            cloud.to_dict(None, 'cluster')
        self.assertIn('expected a cluster', str(ctx.exception))
        self.assertEqual(errors.MALFORMED,
                         errors.classify(ctx.exception).kind)

    def test_a_list_where_an_object_belongs_is_malformed(self):
        with self.assertRaises(errors.MalformedAnswer):
            cloud.to_dict(['a'], 'cluster')

    def test_fields_of_the_wrong_type_are_malformed(self):
        for fields, said in (
                ({'status': ['CREATE_COMPLETE']}, "status is list "
                                                  "\"['CREATE_COMPLETE']\""),
                ({'labels': 'a=1'}, "labels is str 'a=1'"),
                ({'node_count': '3'}, "node_count is str '3'")):
            with self.assertRaises(errors.MalformedAnswer) as ctx:
                cloud.to_dict(fields, 'cluster')
            self.assertEqual(f'expected a cluster, got one whose {said}',
                             str(ctx.exception))
        self.assertEqual({'labels': None}, cloud.to_dict({'labels': None}))

    def test_lists(self):
        self.assertEqual([{'a': 1}], cloud.to_dicts([{'a': 1}]))
        for bad in (None, 'text', {'a': 1}, 3, [None]):
            with self.assertRaises(errors.MalformedAnswer, msg=repr(bad)):
                cloud.to_dicts(bad)


class TestRegions(unittest.TestCase):

    def test_regions_from_the_catalog(self):
        manager = fake_client_manager(('nz-por-1', 'nz-hlz-1'))
        self.assertEqual(['nz-hlz-1', 'nz-por-1'],
                         cloud.catalog_regions(manager))

    def test_no_region_has_the_service(self):
        manager = fake_client_manager(())
        with self.assertRaises(osc_exc.CommandError) as ctx:
            cloud.catalog_regions(manager)
        self.assertEqual('no region has a container-infra endpoint in the '
                         'service catalog', str(ctx.exception))

    def test_regional_client_on_the_same_session(self):
        manager = fake_client_manager()
        client = cloud.regional_magnum(manager, 'nz-por-1')
        self.assertIs(manager.session, client.http_client.session)
        self.assertEqual('nz-por-1', client.http_client.region_name)
        self.assertEqual('latest', client.http_client.api_version)
        manager.session.get_endpoint.assert_called_once_with(
            service_type='container-infra', service_name=None,
            interface='public', region_name='nz-por-1')

    def test_regional_client_keeps_a_pinned_microversion(self):
        manager = fake_client_manager()
        manager._api_version = {'container_infra': '1.10'}
        client = cloud.regional_magnum(manager, 'nz-hlz-1')
        self.assertEqual('1.10', client.http_client.api_version)

    def test_regional_client_without_endpoint(self):
        manager = fake_client_manager()
        manager.session.get_endpoint.side_effect = RuntimeError('nope')
        with self.assertRaises(osc_exc.CommandError) as ctx:
            cloud.regional_magnum(manager, 'nz-wlg-2')
        self.assertIn('no container-infra endpoint in region nz-wlg-2',
                      str(ctx.exception))

    def test_fetch_regions_concurrently_with_failures(self):
        manager = fake_client_manager()

        def fetcher(client):
            region = client.http_client.region_name
            if region == 'nz-por-1':
                raise osc_exc.CommandError('listing: down')
            return [region]

        results, failures = cloud.for_each_region(
            manager, ['nz-por-1', 'nz-hlz-1', 'x-1'], fetcher)
        self.assertEqual({'nz-hlz-1': ['nz-hlz-1'], 'x-1': ['x-1']},
                         results)
        self.assertEqual({'nz-por-1': 'listing: down'}, failures)
        self.assertEqual(['nz-hlz-1', 'x-1'], list(results))
        manager.session.get_token.assert_called_once_with()


class TestGuardedSession(unittest.TestCase):
    """Every request ends in time; odd answers are named, never None."""

    def setUp(self):
        self.session = fakes.FakeSession()
        self.client = fakes.magnum_client(self.session)

    def test_each_request_gets_the_default_timeout(self):
        self.session.magnum('clusters/c1', {'uuid': 'u', 'name': 'c1'})
        self.assertEqual('c1', cloud.get_cluster(self.client, 'c1')['name'])
        self.assertEqual([cloud.DEFAULT_REQUEST_TIMEOUT],
                         self.session.timeouts)

    def test_the_timeout_from_the_environment(self):
        self.assertEqual(7.5, cloud.request_timeout(
            {cloud.ENV_REQUEST_TIMEOUT: '7.5'}))
        with self.assertRaises(osc_exc.CommandError) as ctx:
            cloud.request_timeout({cloud.ENV_REQUEST_TIMEOUT: 'soon'})
        self.assertEqual("CATALYSTCOE_REQUEST_TIMEOUT: 'soon' is not a "
                         'positive number of seconds', str(ctx.exception))

    def test_within_bounds_each_request_by_the_time_left(self):
        self.session.magnum('clusters/c1', {'uuid': 'u', 'name': 'c1'})
        cloud.get_cluster(self.client, 'c1', within=3)
        self.assertEqual(1, len(self.session.timeouts))
        self.assertLessEqual(self.session.timeouts[0], 3)
        self.assertGreater(self.session.timeouts[0], 2)

    def test_a_stalled_answer_is_abandoned_at_the_deadline(self):
        release = threading.Event()
        self.addCleanup(release.set)

        def stall():
            release.wait(30)
            return {'uuid': 'u'}

        self.session.magnum('clusters/c1', stall)
        start = time.monotonic()
        with self.assertRaises(errors.DeadlineExceeded) as ctx:
            cloud.get_cluster(self.client, 'c1', within=0.3)
        self.assertLess(time.monotonic() - start, 2)
        self.assertEqual('no complete answer to GET /clusters/c1 within '
                         '0.3 s', str(ctx.exception))
        self.assertEqual(errors.TIMEOUT,
                         errors.classify(ctx.exception).kind)

    def test_a_socket_timeout_names_the_request(self):
        self.session.magnum('clusters/c1', ks_exc.ConnectTimeout(
            'Request to http://127.0.0.1:9511/v1/clusters/c1 timed out'))
        with self.assertRaises(errors.DeadlineExceeded) as ctx:
            cloud.get_cluster(self.client, 'c1')
        self.assertEqual('no complete answer to GET /clusters/c1 within '
                         '60 s', str(ctx.exception))

    def test_an_html_page_names_url_status_type_and_first_bytes(self):
        self.session.magnum('clusters/c1', fakes.Raw(
            content=b'<html><body>Sign in</body></html>'))
        with self.assertRaises(errors.MalformedAnswer) as ctx:
            cloud.get_cluster(self.client, 'c1')
        self.assertEqual(
            "http://127.0.0.1:9511/v1/clusters/c1 answered HTTP 200 "
            "(text/html) '<html><body>Sign in</body></html>', not a JSON "
            "object", str(ctx.exception))

    def test_empty_and_list_answers_are_malformed(self):
        for answer, said in (
                (fakes.Raw(content=b'', content_type='application/json'),
                 '(application/json) an empty body, not a JSON object'),
                ([{'uuid': 'u'}], "(application/json) '[{\"uuid\": \"u\"}]'"
                                  ", not a JSON object"),
                ({'clusters': 'x'}, 'not a list of clusters')):
            self.session.magnum('clusters', answer)
            with self.assertRaises(errors.MalformedAnswer) as ctx:
                cloud.list_clusters(self.client)
            self.assertIn(said, str(ctx.exception))

    def test_retry_after_is_a_transient_error_with_its_delay(self):
        self.session.magnum('clusters/c1', fakes.Raw(
            503, b'{"errors": [{"detail": "Magnum is restarting"}]}',
            'application/json', {'Retry-After': '7'}))
        with self.assertRaises(errors.RetryLater) as ctx:
            cloud.get_cluster(self.client, 'c1')
        failure = errors.classify(ctx.exception)
        self.assertEqual((errors.TRANSIENT, 503, 7.0),
                         (failure.kind, failure.status, failure.retry_after))
        self.assertEqual('Magnum is restarting (HTTP 503, retry after 7 s)',
                         failure.line)

    def test_unguarded_retry_after_bug_is_still_transient(self):
        # python-magnumclient's own client, without our guard, raises a
        # TypeError for the same answer.
        from magnumclient.v1 import client as mc_client

        self.session.magnum('clusters/c1', fakes.Raw(
            503, b'{"errors": [{"title": "busy", "detail": "busy"}]}',
            'application/json', {'Retry-After': '7'}))
        raw = mc_client.Client(session=self.session, region_name='r')
        with self.assertRaises(TypeError) as ctx:
            raw.clusters.get('c1')
        failure = errors.classify(ctx.exception)
        self.assertEqual(errors.TRANSIENT, failure.kind)
        self.assertIn('Retry-After', failure.line)

    def test_guarding_is_in_place_and_once(self):
        first = cloud.guard(self.client)
        self.assertIs(first, cloud.guard(self.client))
        self.assertIs(first, self.client.http_client.session)
        self.assertIsNone(cloud.guard(mock.NonCallableMock(spec=[])))


class TestCallWithin(unittest.TestCase):

    def test_result_and_exceptions_come_back(self):
        self.assertEqual(3, cloud.call_within(5, lambda a: a + 1, 2))
        with self.assertRaises(KeyboardInterrupt):
            cloud.call_within(5, self._interrupt)

    @staticmethod
    def _interrupt():
        raise KeyboardInterrupt()

    def test_no_time_left(self):
        with self.assertRaises(errors.DeadlineExceeded):
            cloud.call_within(0, lambda: 1)


class TestMagnumRace(unittest.TestCase):
    """Magnum's brief 400 "master_count" while a cluster is being made."""

    RACE = fakes.magnum_error(400, 'Invalid input for field/attribute '
                                   'master_count. Value: None.')

    def setUp(self):
        self.session = fakes.FakeSession()
        self.client = fakes.magnum_client(self.session)
        self.answers = []
        self.session.magnum('clusters/detail',
                            lambda: self.answers.pop(0))

    def test_a_list_meeting_it_is_read_again(self):
        listed = {'clusters': [{'uuid': 'u1', 'name': 'c1'}]}
        self.answers[:] = [self.RACE, self.RACE, listed]
        clusters = cloud.list_clusters_in_full(self.client)
        self.assertEqual(['c1'], [c['name'] for c in clusters])
        self.assertEqual(3, len(self.session.calls))

    @mock.patch.object(cloud, 'RACE_PAUSES', (0, 0, 0))
    def test_it_lasting_is_a_transient_failure(self):
        self.answers[:] = [self.RACE] * 4
        with self.assertRaises(mc_exc.BadRequest) as ctx:
            cloud.list_clusters_in_full(self.client)
        self.assertEqual(4, len(self.session.calls))
        self.assertEqual(errors.TRANSIENT,
                         errors.classify(ctx.exception).kind)

    def test_another_bad_request_is_not_retried(self):
        self.answers[:] = [fakes.magnum_error(400, 'Invalid sort key')]
        with self.assertRaises(mc_exc.BadRequest):
            cloud.list_clusters_in_full(self.client)
        self.assertEqual(1, len(self.session.calls))
