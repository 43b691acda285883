"""Stock ``openstack coe`` commands end to end against the local cloud.

These also check the local cloud itself: seeded names, regions, the fake
driver's lifecycle and failures, and the orchestration stand-in.

``LocalCloudStopTest`` stops the shared cloud, so it only runs when
``CATALYSTCOE_TEST_LOCAL_CLOUD_STOP=1`` is set, alone and last:
``CATALYSTCOE_TEST_LOCAL_CLOUD_STOP=1 .venv/bin/stestr --test-path
catalystcoe/tests/functional run --serial test_local_cloud.LocalCloudStopTest``
(it starts the cloud again before it ends).
"""

import json
import os
import subprocess
import time
import unittest
import urllib.error
import urllib.request

from catalystcoe.tests.functional import base

PREVIEW_MARK = 'Technical (Alpha) Preview'


class TemplateTest(base.FunctionalTest):

    def _names(self, cloud, region):
        res = self.openstack('coe', 'cluster', 'template', 'list',
                             '-f', 'json', '--no-preview-warning',
                             cloud=cloud, region=region)
        return {t['name'] for t in res.json}

    def test_seeded_public_templates_per_region(self):
        for region in base.REGIONS:
            admin = self._names(base.ADMIN_CLOUD, region)
            member = self._names(base.MEMBER_CLOUD, region)
            for name in base.VISIBLE_TEMPLATES[region]:
                self.assertIn(name, admin)
                self.assertIn(name, member)
            for name in base.HIDDEN_TEMPLATES[region]:
                self.assertIn(name, admin)
                self.assertNotIn(name, member)
        self.assertNotIn(base.TEMPLATE_PREVIEW,
                         self._names(base.ADMIN_CLOUD, base.REGION_POR))
        self.assertNotIn(base.TEMPLATE_UNKNOWN_MINOR,
                         self._names(base.ADMIN_CLOUD, base.REGION_HLZ))
        self.assertIn(base.TEMPLATE_CUSTOM,
                      self._names(base.MEMBER_CLOUD, base.REGION_HLZ))

    def test_seeded_template_labels_and_tags(self):
        res = self.openstack('coe', 'cluster', 'template', 'show',
                             base.TEMPLATE_LATEST, '-f', 'json',
                             '--no-preview-warning')
        tmpl = res.json
        self.assertEqual(base.LATEST_KUBE_TAG, tmpl['labels']['kube_tag'])
        self.assertGreater(len(tmpl['labels']), 5)
        self.assertTrue(tmpl['public'])
        self.assertIn('environment:prod', tmpl['tags'])
        self.assertEqual('ubuntu', tmpl['cluster_distro'])

    def test_admin_creates_public_template(self):
        name = self.unique_name('ft-tmpl')
        created = self.create_template(
            name, labels={'kube_tag': 'v1.33.4', 'team': 'qa'},
            public=True).json
        self.assertEqual(name, created['name'])
        shown = self.openstack('coe', 'cluster', 'template', 'show', name,
                               '-f', 'json', '--no-preview-warning').json
        self.assertTrue(shown['public'])
        self.assertEqual({'kube_tag': 'v1.33.4', 'team': 'qa'},
                         shown['labels'])
        self.assertIn(name, self._names(base.MEMBER_CLOUD, None))

    def test_template_with_unknown_image_is_refused(self):
        res = self.create_template(self.unique_name('ft-bad'),
                                   image='no-such-image', check=False,
                                   expected_stderr=[
                                       r'^Image no-such-image could not be '
                                       r'found \(HTTP 400\)'])
        self.assertNotEqual(0, res.rc)
        self.assertIn('no-such-image', res.stderr)

    def test_preview_notice_on_stderr_and_clean_json(self):
        res = self.openstack('coe', 'cluster', 'template', 'list',
                             '-f', 'json')
        self.assertIn(PREVIEW_MARK, res.stderr)
        self.assertNotIn(PREVIEW_MARK, res.stdout)
        names = {t['name'] for t in json.loads(res.stdout)}
        self.assertIn(base.TEMPLATE_LATEST, names)


class ClusterLifecycleTest(base.FunctionalTest):

    def test_heat_create_nodegroup_resize_delete(self):
        name = self.unique_name('ft-life')
        res = self.create_cluster(name, keypair=base.KEYPAIR,
                                  labels={'fake_driver': 'heat'})
        self.assertIn('accepted', res.stdout)
        cluster = self.wait_for_cluster_status(name, 'CREATE_COMPLETE')
        self.assertEqual(base.LATEST_KUBE_TAG, cluster['coe_version'])
        self.assertEqual('HEALTHY', cluster['health_status'])
        self.assertTrue(cluster['api_address'].startswith('https://'))
        self.assertEqual(1, len(cluster['master_addresses']))
        self.assertTrue(cluster['cluster_id'])

        self.openstack('coe', 'nodegroup', 'create', name, 'extra',
                       '--node-count', '2', '--no-preview-warning')
        self.wait_for_cluster_status(name, 'UPDATE_COMPLETE')
        ng = self._wait_nodegroup(name, 'extra', 'CREATE_COMPLETE')
        self.assertEqual(2, len(ng['node_addresses']))

        self.openstack('coe', 'cluster', 'resize', name, '3',
                       '--no-preview-warning')
        cluster = self._wait_node_count(name, 5)
        self.assertEqual('UPDATE_COMPLETE', cluster['status'])

        self.openstack('coe', 'nodegroup', 'delete', name, 'extra',
                       '--no-preview-warning')
        self._wait_node_count(name, 3)

        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        self.wait_for_cluster_status(name, 'DELETED')

    def test_create_failed_with_reason_and_faults(self):
        name = self.unique_name('ft-fail')
        self.create_cluster(name, labels={'fake_failure': 'quota',
                                          'fake_driver': 'heat'})
        cluster = self.wait_for_cluster_status(name, 'CREATE_FAILED')
        self.assertIn('Quota exceeded for cores', cluster['status_reason'])
        self.assertIn('default-worker', cluster['faults'])
        # The template's labels were kept (--merge-labels).
        self.assertEqual(base.LATEST_KUBE_TAG,
                         cluster['labels']['kube_tag'])

    def test_labels_without_merge_replace_the_templates(self):
        name = self.unique_name('ft-nomerge')
        self.create_cluster(name, labels={'fake_health': 'UNHEALTHY'},
                            merge_labels=False,
                            expected_stderr=[base.LABELS_DROPPED])
        cluster = self.wait_for_cluster_status(name, 'CREATE_COMPLETE')
        self.assertEqual({'fake_health': 'UNHEALTHY'}, cluster['labels'])
        self.assertEqual('UNHEALTHY', cluster['health_status'])
        self.assertIn('nodegroup', cluster['health_status_reason'])

    def test_delete_conflict_fails_once(self):
        name = self.unique_name('ft-conflict')
        self.create_cluster(name, labels={'fake_failure': 'delete_conflict',
                                          'fake_driver': 'heat'},
                            wait='CREATE_COMPLETE')
        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        cluster = self.wait_for_cluster_status(name, 'DELETE_FAILED')
        self.assertIn('One or more ports have an IP allocation',
                      cluster['status_reason'])
        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        self.wait_for_cluster_status(name, 'DELETED')

    def test_cluster_api_create_resize_delete(self):
        # What magnum-capi-helm leaves: no stack (cluster_id is the Helm
        # release name), no node addresses, add-ons in status_reason,
        # the CAPI monitor's health_status_reason.
        name = self.unique_name('ft-capi')
        cluster = self.create_cluster(name, wait='CREATE_COMPLETE')
        self.assertRegex(cluster['cluster_id'], rf'^{name}-[a-z0-9]{{12}}$')
        self.assertEqual([], cluster['node_addresses'])
        self.assertEqual(cluster['labels']['kube_tag'],
                         cluster['coe_version'])
        addons = json.loads(cluster['status_reason'])['addons']
        self.assertEqual({'Deployed'}, set(addons.values()))
        self.assertEqual(7, len(addons))
        self.assertEqual({'cluster': 'Ready', 'infrastructure': 'Ready',
                          'controlplane': 'Ready', 'nodegroup': 'Ready'},
                         cluster['health_status_reason'])
        self.openstack('coe', 'cluster', 'resize', name, '3',
                       '--no-preview-warning')
        cluster = self.wait_for_cluster_status(name, 'UPDATE_COMPLETE')
        self.assertEqual(3, cluster['node_count'])
        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        self.wait_for_cluster_status(name, 'DELETED')

    def test_cluster_api_delete_blocked_until_deleted_again(self):
        name = self.unique_name('ft-capi-del')
        self.create_cluster(name, labels={'fake_failure': 'delete_blocked'},
                            wait='CREATE_COMPLETE')
        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        deadline = time.monotonic() + base.LIFECYCLE_TIMEOUT
        while True:
            cluster = self.show_cluster(name)
            reason = cluster['health_status_reason'].get('infrastructure')
            if 'NetworkInUse' in reason:
                break
            if time.monotonic() > deadline:
                self.fail(f'no delete failure in {reason}')
            time.sleep(2)
        self.assertEqual('DELETE_IN_PROGRESS', cluster['status'])
        self.assertIn('There are one or more ports still in use', reason)
        self.openstack('coe', 'cluster', 'delete', name,
                       '--no-preview-warning')
        self.wait_for_cluster_status(name, 'DELETED')

    def test_unknown_keypair_is_refused(self):
        res = self.create_cluster(self.unique_name('ft-key'),
                                  keypair='no-such-key', check=False,
                                  expected_stderr=[
                                      r'^Unable to find keypair no-such-key '
                                      r'\(HTTP 404\)'])
        self.assertNotEqual(0, res.rc)
        self.assertIn('no-such-key', res.stderr)

    def test_regions_have_their_own_clusters(self):
        hlz = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                             '--no-preview-warning').json
        por = self.openstack('coe', 'cluster', 'list', '-f', 'json',
                             '--no-preview-warning',
                             region=base.REGION_POR).json
        self.assertIn(base.CLUSTER_FAILED, {c['name'] for c in hlz})
        self.assertNotIn(base.CLUSTER_FAILED, {c['name'] for c in por})

    def _wait_nodegroup(self, cluster, ng, status):
        deadline = time.monotonic() + base.LIFECYCLE_TIMEOUT
        while True:
            res = self.openstack('coe', 'nodegroup', 'show', cluster, ng,
                                 '-f', 'json', '--no-preview-warning')
            if res.json['status'] == status:
                return res.json
            if time.monotonic() > deadline:
                self.fail(f'node group {ng} still {res.json["status"]}')
            time.sleep(2)

    def _wait_node_count(self, name, count):
        deadline = time.monotonic() + base.LIFECYCLE_TIMEOUT
        while True:
            cluster = self.show_cluster(name)
            if cluster['status'] == 'UPDATE_COMPLETE' and \
                    cluster['node_count'] == count and \
                    len(cluster['node_addresses']) == count:
                return cluster
            if time.monotonic() > deadline:
                self.fail(f'cluster {name} still {cluster["status"]} with '
                          f'{cluster["node_count"]} nodes')
            time.sleep(2)


class OrchestrationStandInTest(base.FunctionalTest):
    """The Heat stand-in serves the seeded failed cluster's stack."""

    def _get(self, url, token):
        req = urllib.request.Request(url, headers={'X-Auth-Token': token})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def test_no_stack_for_a_cluster_api_cluster(self):
        cluster = self.show_cluster(base.CLUSTER_HEALTHY)
        token = self.openstack('token', 'issue', '-f', 'json').json
        code, body = self._get(
            f'http://127.0.0.1:8790/heat/v1/{token["project_id"]}/stacks/'
            f'{cluster["cluster_id"]}', token['id'])
        self.assertEqual(404, code)
        self.assertIn('could not be found', body['error']['message'])

    def test_failed_cluster_stack_resources(self):
        cluster = self.show_cluster(base.CLUSTER_FAILED)
        token = self.openstack('token', 'issue', '-f', 'json').json
        catalog = self.openstack('catalog', 'show', 'orchestration',
                                 '-f', 'json').json
        self.assertIn(base.REGION_HLZ, json.dumps(catalog['endpoints']))
        self.assertNotIn(base.REGION_POR, json.dumps(catalog['endpoints']))
        root = (f'http://127.0.0.1:8790/heat/v1/{token["project_id"]}/'
                f'stacks/{cluster["cluster_id"]}')
        code, body = self._get(root, token['id'])
        self.assertEqual(200, code)
        self.assertEqual('CREATE_FAILED', body['stack']['stack_status'])
        code, body = self._get(root + '/resources?nested_depth=2',
                               token['id'])
        failed = [r for r in body['resources']
                  if r['resource_status'] == 'CREATE_FAILED']
        self.assertIn('kube_minions', {r['resource_name'] for r in failed})
        self.assertIn('Quota exceeded', failed[0]['resource_status_reason'])
        code, body = self._get(root + '/events', token['id'])
        self.assertEqual(200, code)
        self.assertTrue(body['events'])


def _alive(pid):
    try:
        with open(f'/proc/{pid}/stat', encoding='ascii') as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def _listening(ports):
    found = set()
    for path in ('/proc/net/tcp', '/proc/net/tcp6'):
        with open(path, encoding='ascii') as f:
            for line in list(f)[1:]:
                fields = line.split()
                port = int(fields[1].rsplit(':', 1)[1], 16)
                if fields[3] == '0A' and port in ports:
                    found.add(port)
    return sorted(found)


@unittest.skipUnless(os.environ.get('CATALYSTCOE_TEST_LOCAL_CLOUD_STOP'),
                     'stops the shared local cloud: run alone, last, with '
                     'CATALYSTCOE_TEST_LOCAL_CLOUD_STOP=1')
class LocalCloudStopTest(base.FunctionalTest):

    def _pids(self):
        run = os.path.join(base.STATE_DIR, 'run')
        pids = {}
        for entry in os.listdir(run):
            with open(os.path.join(run, entry), encoding='ascii') as f:
                pids[entry] = int(f.read())
        return pids

    def test_stop_leaves_nothing_behind(self):
        pids = self._pids()
        self.assertGreaterEqual(len(pids), 9)
        start = time.monotonic()
        stop = subprocess.run([base.LOCAL_CLOUD, 'stop'],
                              capture_output=True, text=True, timeout=60)
        took = time.monotonic() - start
        self.assertEqual(0, stop.returncode, stop.stderr)
        self.assertLess(took, 15)
        for name, pid in pids.items():
            self.assertFalse(_alive(pid), f'{name} ({pid}) still running')
        self.assertEqual([], _listening(base.LOCAL_CLOUD_PORTS))
        status = subprocess.run([base.LOCAL_CLOUD, 'status', '-q'])
        self.assertEqual(3, status.returncode)
        again = subprocess.run([base.LOCAL_CLOUD, 'start'],
                               capture_output=True, text=True, timeout=600)
        self.assertEqual(0, again.returncode, again.stderr)
