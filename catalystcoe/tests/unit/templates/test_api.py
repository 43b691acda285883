"""The API layer: one list request, regional clients, the catalog."""

import unittest
from unittest import mock

from keystoneauth1 import access
from keystoneauth1 import fixture
from keystoneauth1 import session as ks_session
from magnumclient import exceptions as mc_exc
from magnumclient.v1 import client as magnum_client
from magnumclient.v1 import cluster_templates
from magnumclient.v1 import clusters
from osc_lib import clientmanager
from osc_lib import exceptions as osc_exc

from catalystcoe.templates import api
from catalystcoe.tests.unit.templates import fakes


def fake_client(templates=(), error=None):
    client = mock.NonCallableMock(spec=magnum_client.Client)
    client.cluster_templates = mock.NonCallableMock(
        spec=cluster_templates.ClusterTemplateManager)
    client.clusters = mock.NonCallableMock(spec=clusters.ClusterManager)
    manager = client.cluster_templates
    if error is not None:
        manager.list.side_effect = error
    else:
        manager.list.return_value = [
            cluster_templates.ClusterTemplate(manager, dict(t), loaded=True)
            for t in templates]
    return client


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


class TestFetch(unittest.TestCase):

    def test_one_detailed_list_request(self):
        client = fake_client([fakes.LATEST, fakes.CUSTOM])
        self.assertEqual([fakes.LATEST, fakes.CUSTOM], api.fetch(client))
        client.cluster_templates.list.assert_called_once_with(detail=True)

    def test_api_error_is_one_line(self):
        client = fake_client(error=mc_exc.Forbidden(
            message='Policy does not allow it'))
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.fetch(client)
        self.assertEqual('listing cluster templates: Policy does not allow '
                         'it (HTTP 403)', str(ctx.exception))

    def test_resolve(self):
        client = fake_client(fakes.CATALOGUE)
        info, infos = api.resolve(client, 'latest-dev')
        self.assertEqual(fakes.DEV['name'], info.name)
        self.assertEqual(len(fakes.CATALOGUE), len(infos))
        client.cluster_templates.list.assert_called_once_with(detail=True)

    def test_resolve_failure_is_a_command_error(self):
        client = fake_client([fakes.PREVIOUS_MINOR])
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.resolve(client, 'latest')
        self.assertIn('no supported cluster template matches alias '
                      '"latest"', str(ctx.exception))


class TestRegions(unittest.TestCase):

    def test_regions_from_the_catalog(self):
        manager = fake_client_manager(('nz-por-1', 'nz-hlz-1'))
        self.assertEqual(['nz-hlz-1', 'nz-por-1'],
                         api.catalog_regions(manager))

    def test_no_region_has_the_service(self):
        manager = fake_client_manager(())
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.catalog_regions(manager)
        self.assertEqual('no region has a container-infra endpoint in the '
                         'service catalog', str(ctx.exception))

    def test_regional_client_on_the_same_session(self):
        manager = fake_client_manager()
        client = api.regional_client(manager, 'nz-por-1')
        self.assertIs(manager.session, client.http_client.session)
        self.assertEqual('nz-por-1', client.http_client.region_name)
        self.assertEqual('latest', client.http_client.api_version)
        manager.session.get_endpoint.assert_called_once_with(
            service_type='container-infra', service_name=None,
            interface='public', region_name='nz-por-1')

    def test_regional_client_keeps_a_pinned_microversion(self):
        manager = fake_client_manager()
        manager._api_version = {'container_infra': '1.10'}
        client = api.regional_client(manager, 'nz-hlz-1')
        self.assertEqual('1.10', client.http_client.api_version)

    def test_regional_client_without_endpoint(self):
        manager = fake_client_manager()
        manager.session.get_endpoint.side_effect = RuntimeError('nope')
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.regional_client(manager, 'nz-wlg-2')
        self.assertIn('no container-infra endpoint in region nz-wlg-2',
                      str(ctx.exception))

    def test_fetch_regions_concurrently_with_failures(self):
        manager = fake_client_manager()

        def fetcher(client):
            region = client.http_client.region_name
            if region == 'nz-por-1':
                raise osc_exc.CommandError('listing: down')
            return [region]

        results, failures = api.fetch_regions(
            manager, ['nz-por-1', 'nz-hlz-1', 'x-1'], fetcher)
        self.assertEqual({'nz-hlz-1': ['nz-hlz-1'], 'x-1': ['x-1']},
                         results)
        self.assertEqual({'nz-por-1': 'listing: down'}, failures)
        self.assertEqual(['nz-hlz-1', 'x-1'], list(results))
        manager.session.get_token.assert_called_once_with()
