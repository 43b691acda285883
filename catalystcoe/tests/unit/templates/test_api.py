"""Templates fetched with one list request, resolved from aliases."""

import unittest
from unittest import mock

from magnumclient import exceptions as mc_exc
from magnumclient.v1 import client as magnum_client
from magnumclient.v1 import cluster_templates
from magnumclient.v1 import clusters
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
