"""A cluster's resources are told apart by the names the driver gives."""

import unittest

from catalystcoe.preflight import delete
from catalystcoe.preflight import resources

STACK = 'web-abc123def456'
PROJECT = 'p1'
NET = f'k8s-clusterapi-cluster-magnum-{PROJECT}-{STACK}'
CLUSTER = {'name': 'web', 'uuid': 'u1', 'stack_id': STACK,
           'project_id': PROJECT}


def port(pid, owner, device, ip, network='n1', name=''):
    return {'id': pid, 'network_id': network, 'device_owner': owner,
            'device_id': device, 'name': name,
            'fixed_ips': [{'ip_address': ip}]}


LISTS = {
    'networks': [{'id': 'n1', 'name': NET, 'subnet_ids': ['s1']},
                 {'id': 'n2', 'name': 'other-net', 'subnet_ids': []}],
    'routers': [{'id': 'r1', 'name': NET}, {'id': 'r2', 'name': 'mine'}],
    'servers': [
        {'id': 'm1', 'name': f'{STACK}-control-plane-x1',
         'flavor': {'original_name': 'c1.c2r4'}},
        {'id': 'b1', 'name': 'bastion', 'flavor': {}},
        {'id': 'o1', 'name': 'elsewhere', 'flavor': {}},
    ],
    'ports': [
        port('p-m1', 'compute:nova', 'm1', '10.0.0.10'),
        port('p-b1', 'compute:nova', 'b1', '10.0.0.200'),
        port('p-o1', 'compute:nova', 'o1', '10.9.0.5', network='n2'),
        port('p-r1', 'network:router_interface', 'r1', '10.0.0.1'),
        port('p-r2', 'network:router_interface', 'r2', '10.0.0.254'),
        port('p-dhcp', 'network:dhcp', 'dhcp1', '10.0.0.2'),
        port('p-lb', 'Octavia', 'lb-l1', '10.0.0.5', name='octavia-lb-l1'),
        port('p-vip', '', '', '10.0.0.99', name='keepalived-vip'),
    ],
    'load_balancers': [
        {'id': 'l1', 'name': f'{NET}-kubeapi', 'vip_address': '10.0.0.5',
         'vip_port_id': 'p-lb', 'vip_network_id': 'n1'},
        {'id': 'l2', 'name': f'kube_service_{STACK}_default_web',
         'vip_address': '10.0.0.6', 'vip_port_id': 'p-l2',
         'vip_network_id': 'n1'},
        {'id': 'l3', 'name': 'my-lb', 'vip_address': '10.0.0.7',
         'vip_port_id': 'p-l3', 'vip_network_id': 'n1'},
        {'id': 'l4', 'name': 'far', 'vip_network_id': 'n2'},
    ],
    'floating_ips': [
        {'id': 'f1', 'floating_ip_address': '203.0.113.1',
         'port_id': 'p-b1', 'fixed_ip_address': '10.0.0.200'},
        {'id': 'f2', 'floating_ip_address': '203.0.113.2',
         'port_id': 'p-lb', 'fixed_ip_address': '10.0.0.5'},
    ],
    'volumes': [
        {'id': 'v1', 'name': 'pvc-1', 'size': 10, 'status': 'available',
         'metadata': {'cinder.csi.openstack.org/cluster': STACK,
                      'csi.storage.k8s.io/pvc/name': 'data',
                      'csi.storage.k8s.io/pvc/namespace': 'db'}},
        {'id': 'v2', 'name': 'root', 'size': 20, 'status': 'in-use',
         'attachments': [{'server_id': 'm1'}]},
        {'id': 'v3', 'name': 'pvc-other', 'size': 5, 'status': 'available',
         'metadata': {'cinder.csi.openstack.org/cluster': 'other'}},
    ],
}


class TestClassify(unittest.TestCase):

    def rows(self):
        found = resources.classify(CLUSTER, LISTS)
        return {(r.type, r.name or r.id): (r.made_by, r.on_delete)
                for r in found.rows}, found

    def test_what_the_cluster_made_goes_with_it(self):
        rows, _found = self.rows()
        for key in (('server', f'{STACK}-control-plane-x1'),
                    ('load balancer', f'{NET}-kubeapi'),
                    ('floating IP', '203.0.113.2'), ('network', NET),
                    ('router', NET), ('volume', 'root')):
            self.assertEqual(('cluster', 'deleted'), rows[key], key)
        self.assertEqual(('kubernetes', 'deleted'), rows[
            ('load balancer', f'kube_service_{STACK}_default_web')])

    def test_what_others_put_on_its_network_blocks_the_delete(self):
        rows, found = self.rows()
        blocking = {key for key, value in rows.items()
                    if value == ('other', 'blocks delete')}
        self.assertEqual({('server', 'bastion'), ('load balancer', 'my-lb'),
                          ('floating IP', '203.0.113.1'),
                          ('router interface', 'mine'),
                          ('port', 'keepalived-vip')}, blocking)
        self.assertEqual(len(blocking), len(found.blockers))
        self.assertNotIn(('server', 'elsewhere'), rows)
        self.assertNotIn(('load balancer', 'far'), rows)

    def test_csi_volumes_of_this_cluster_survive(self):
        rows, found = self.rows()
        self.assertEqual(('kubernetes', 'survives'),
                         rows[('volume', 'pvc-1')])
        self.assertNotIn(('volume', 'pvc-other'), rows)
        self.assertEqual('10 GB, available, PVC db/data',
                         found.surviving[0].detail)
        self.assertIn('1 volume(s) made by the Cinder CSI driver of '
                      'cluster web (10 GB) survive the delete',
                      delete.survivors_line('web', found.surviving))

    def test_a_cluster_without_a_stack_has_nothing(self):
        found = resources.classify(dict(CLUSTER, stack_id=None), LISTS)
        self.assertEqual([], found.rows)
        self.assertIn('no stack id', found.unread[0])
