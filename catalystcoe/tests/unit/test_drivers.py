"""Reading back what the Heat-era and Cluster API drivers write."""

import unittest

from catalystcoe import drivers

CAPI_HEALTH = {'cluster': 'Ready', 'infrastructure': 'Ready',
               'controlplane': 'Ready',
               'nodegroup': "default-worker waiting on ['Ready', "
                            "'Available']"}


class TestKind(unittest.TestCase):

    def test_by_stack_id(self):
        self.assertEqual(drivers.HEAT, drivers.kind(
            {'cluster_id': '5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e'}))
        self.assertEqual(drivers.CLUSTER_API, drivers.kind(
            {'stack_id': 'dev-cluster1-47ctpuwqwfsi'}))

    def test_without_an_id_by_what_was_written(self):
        self.assertEqual(drivers.CLUSTER_API,
                         drivers.kind({'health_status_reason': CAPI_HEALTH}))
        self.assertEqual(drivers.CLUSTER_API, drivers.kind(
            {'status_reason': '{"addons": {"cni-calico": "Deployed"}}'}))
        self.assertEqual(drivers.HEAT, drivers.kind(
            {'status_reason': 'Stack CREATE started'}))
        self.assertIsNone(drivers.kind({}))


class TestHealth(unittest.TestCase):

    def test_waiting_texts_are_not_failures(self):
        reason = dict(CAPI_HEALTH,
                      controlplane="Waiting on ['Available', 'Ready']",
                      infrastructure='Infrastructure not ready.',
                      cluster='Cluster resource not found.')
        self.assertEqual({}, drivers.failures(reason))

    def test_infrastructure_failure(self):
        text = ('UpdateError: failed to delete network: Expected HTTP '
                'response code [202 204] ...')
        self.assertEqual({'infrastructure': text}, drivers.failures(
            dict(CAPI_HEALTH, infrastructure=text)))

    def test_health_reason_as_text(self):
        self.assertEqual({'cluster': 'Ready'}, drivers.health_parts(
            "{'cluster': 'Ready'}"))
        self.assertEqual({}, drivers.health_parts('not a dict'))

    def test_waiting_on(self):
        self.assertEqual(
            [('default-worker', ['Ready', 'Available']),
             ('gpu', ['Ready'])],
            drivers.waiting_on("default-worker waiting on ['Ready', "
                               "'Available'],gpu waiting on ['Ready']"))


class TestAddons(unittest.TestCase):

    def test_mapping_json_and_python(self):
        for text in ('{"addons": {"a": "Deployed", "b": "Installing", '
                     '"c": "Pending"}}',
                     "{'addons': {'a': 'Deployed', 'b': 'installing', "
                     "'c': 'Pending'}}"):
            found = drivers.addons(text)
            self.assertEqual((3, 1, ['b', 'c'], []),
                             (found.total, found.deployed, found.pending,
                              found.failed), text)
            self.assertEqual('add-ons 1/3 installed (b installing)',
                             found.summary())

    def test_failed_and_list_forms(self):
        found = drivers.addons('{"addons": [{"name": "csi-cinder", '
                               '"phase": "Failed"}, {"name": "x", '
                               '"status": {"phase": "Deployed"}}]}')
        self.assertEqual(['csi-cinder'], found.failed)
        self.assertEqual('add-ons 1/2 installed, failed: csi-cinder',
                         found.summary())

    def test_counts_only(self):
        found = drivers.addons('{"addons": "3/7"}')
        self.assertEqual((7, 3), (found.total, found.deployed))

    def test_not_there(self):
        for text in (None, '', 'Stack CREATE started', '{"other": 1}',
                     '{broken', '{"addons": null}', '{"addons": "soon"}'):
            self.assertIsNone(drivers.addons(text), text)


class TestProgress(unittest.TestCase):

    def test_cluster_api(self):
        cluster = {'cluster_id': 'c-abc', 'health_status_reason': dict(
            CAPI_HEALTH, infrastructure='Ready'),
            'status_reason': '{"addons": {"a": "Deployed", "b": "Pending"}}'}
        self.assertEqual(
            'infrastructure ready, control plane ready, workers not ready '
            '(default-worker), add-ons 1/2 installed (b pending)',
            drivers.progress(cluster))

    def test_failing_part(self):
        cluster = {'cluster_id': 'c-abc', 'health_status_reason': dict(
            CAPI_HEALTH, infrastructure='UpdateError: boom')}
        self.assertTrue(drivers.progress(cluster).startswith(
            'infrastructure failing, control plane ready'))

    def test_heat_era_is_the_status_reason(self):
        self.assertEqual('Stack CREATE started', drivers.progress(
            {'cluster_id': '5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e',
             'status_reason': 'Stack  CREATE started'}))


class TestReadable(unittest.TestCase):

    def test_neutron_conflict(self):
        text = ('UpdateError: failed to delete network: Expected HTTP '
                'response code [202 204] when accessing [DELETE https://api.'
                'nz-hlz-1.catalystcloud.io:9696/v2.0/networks/n1], but got '
                '409 instead: {"NeutronError": {"type": "NetworkInUse", '
                '"message": "Unable to complete operation on network n1.", '
                '"detail": ""}}')
        self.assertEqual(
            'UpdateError: failed to delete network: DELETE /v2.0/networks/n1 '
            'answered 409: NetworkInUse: Unable to complete operation on '
            'network n1.', drivers.readable(text))

    def test_html_and_empty_bodies(self):
        self.assertEqual(
            'x: GET /v2/lbaas/loadbalancers answered 502: 502 Bad Gateway',
            drivers.readable(
                'x: Expected HTTP response code [200] when accessing [GET '
                'https://h:9876/v2/lbaas/loadbalancers?name=a], but got 502 '
                'instead: <html><body><h1>502 Bad Gateway</h1></body></html>'))
        self.assertEqual(
            'DELETE /v2.0/ports/p answered 409', drivers.readable(
                'Expected HTTP response code [202 204] when accessing '
                '[DELETE https://h/v2.0/ports/p], but got 409 instead'))

    def test_keystone_and_octavia_bodies(self):
        self.assertTrue(drivers.readable(
            'Expected HTTP response code [200] when accessing [GET https://h'
            '/v2.0/networks], but got 401 instead: {"error": {"code": 401, '
            '"title": "Unauthorized", "message": "The request you have made '
            'requires authentication."}}').endswith(
            'answered 401: The request you have made requires '
            'authentication.'))
        self.assertTrue(drivers.readable(
            'Expected HTTP response code [201] when accessing [POST https://h'
            '/v2/lbaas/loadbalancers], but got 403 instead: {"faultcode": '
            '"Client", "faultstring": "Quota has been met for resources: '
            'LoadBalancer", "debuginfo": null}').endswith(
            'answered 403: Quota has been met for resources: LoadBalancer'))

    def test_other_text_unchanged(self):
        self.assertEqual('Stack CREATE started',
                         drivers.readable('Stack CREATE started'))
