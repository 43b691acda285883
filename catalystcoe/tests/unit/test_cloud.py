"""The seam to the cloud: dicts from answers, regions, the catalog."""

import unittest
from unittest import mock

from keystoneauth1 import access
from keystoneauth1 import fixture
from keystoneauth1 import session as ks_session
from magnumclient.v1 import cluster_templates
from osc_lib import clientmanager
from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import errors


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
