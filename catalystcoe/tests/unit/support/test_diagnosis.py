"""Every diagnosis rule, on status texts as Magnum and Heat write them."""

import datetime

import testtools

from catalystcoe.support import diagnosis
from catalystcoe.support import rules
from catalystcoe.templates import catalogue

NOW = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.timezone.utc)
RID = 'req-4b0f8c2e-5e1f-4c6b-9d2a-0e8a7c6b5d4f'

QUOTA_CORES = (
    'Resource CREATE failed: Forbidden: resources.kube_minions.resources[0].'
    'resources.kube-minion: Quota exceeded for cores: Requested 2, but '
    f'already used 20 of 20 cores (HTTP 403) (Request-ID: {RID})')
QUOTA_INSTANCES = (
    'Resource UPDATE failed: Forbidden: resources.kube_minions.resources[1].'
    'resources.kube-minion: Quota exceeded for instances: Requested 1, but '
    f'already used 10 of 10 instances (HTTP 403) (Request-ID: {RID})')
QUOTA_RAM = (
    'Resource CREATE failed: Forbidden: resources.kube_masters.resources[2].'
    'resources.kube-master: Quota exceeded for ram: Requested 8192, but '
    'already used 49152 of 51200 ram (HTTP 403)')
QUOTA_FIP = (
    'Resource CREATE failed: OverQuotaClient: resources.api_address_'
    "floating_switch.resources.api_address_floating: Quota exceeded for "
    "resources: ['floatingip']. Neutron server returns request_ids: "
    f"['{RID}']")
QUOTA_LB = (
    'Resource CREATE failed: Forbidden: resources.api_lb.resources.'
    'loadbalancer: Quota has been met for resources: LoadBalancer (HTTP '
    f'403) (Request-ID: {RID})')
QUOTA_VOLUME = (
    'Resource CREATE failed: OverLimit: resources.kube_minions.resources[0].'
    'resources.docker_volume: VolumeSizeExceedsAvailableQuota: Requested '
    'volume or snapshot exceeds allowed gigabytes quota. Requested 20G, '
    'quota is 1000G and 990G has been consumed. (HTTP 413)')
TIMED_OUT = (
    'Resource CREATE failed: Timeout: resources.kube_masters.resources[0]: '
    'Stack CREATE cancelled')
TIMED_OUT_ABORTED = (
    'CREATE aborted (Task create from ResourceGroup "kube_minions" Stack '
    '"k8s-abc-stack" [5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e] Timed out)')
DELETE_PORTS = (
    'Resource DELETE failed: Conflict: resources.network.resources.'
    'private_subnet: Unable to complete operation on subnet '
    '0c4f2a1e-9b7d-4e3c-8a6f-5d2b1c7e3f4a: One or more ports have an IP '
    'allocation from this subnet. Neutron server returns request_ids: '
    f"['{RID}']")
DELETE_FIP = (
    'Resource DELETE failed: Conflict: resources.network.resources.'
    'extrouter_inside: Router interface for subnet 0c4f2a1e on router '
    '7d6e5f4a cannot be deleted, as it is required by one or more '
    'floating IPs.')
KEYPAIR = (
    'Resource CREATE failed: StackValidationFailed: resources.kube_masters.'
    'resources[0].resources.kube-master: Property error: kube-master.'
    "Properties.key_name: Error validating value 'my-laptop': The Key "
    '(my-laptop) could not be found.')
IMAGE = (
    'Resource CREATE failed: StackValidationFailed: resources.kube_masters.'
    'resources[0].resources.kube-master: Property error: kube-master.'
    "Properties.image: Error validating value 'fedora-coreos-35': No "
    "images matching {'name': 'fedora-coreos-35'}.")
FLAVOR = ('Resource CREATE failed: StackValidationFailed: resources.'
          'kube_minions.resources[0].resources.kube-minion: Property error: '
          "kube-minion.Properties.flavor: Error validating value "
          "'c1.c64r256': The Flavor ID (c1.c64r256) could not be found.")
NO_ADDRESS = (
    'Resource CREATE failed: Error: resources.kube_masters.resources[0].'
    'resources.master_config_deployment: Deployment to server failed: '
    'no address found for host k8s-abc-master-0')
LB_ERROR = (
    'Resource CREATE failed: ResourceInError: resources.api_lb.resources.'
    'loadbalancer: Went to status ERROR due to "Load balancer provisioning '
    'error: Provisioning status of the load balancer is ERROR"')


def cluster(status='CREATE_COMPLETE', reason='', **more):
    data = {
        'uuid': 'b3b3c4a2-6a0e-4d55-9b5e-1f6b7f0d2a11', 'name': 'k8s-abc',
        # A Heat-era cluster (its stack's UUID).
        'cluster_id': '5d2b1c7e-3f4a-4b8c-9d0e-1f2a3b4c5d6e',
        'status': status, 'status_reason': reason, 'faults': {},
        'health_status': 'HEALTHY',
        'health_status_reason': {'cluster': 'Ready',
                                 'infrastructure': 'Ready',
                                 'controlplane': 'Ready',
                                 'nodegroup': 'Ready'},
        'node_count': 2, 'master_count': 1,
        'node_addresses': ['10.0.0.11', '10.0.0.12'],
        'master_addresses': ['10.0.0.10'],
        'create_timeout': 60,
        'created_at': '2026-11-24T11:00:00+00:00',
        'updated_at': '2026-11-24T11:10:00+00:00',
        'cluster_template_id': 'tpl-1',
        'labels': {'kube_tag': 'v1.33.4', 'auto_healing_enabled': 'true'},
        'labels_skipped': {}, 'labels_overridden': {},
        'labels_added': {},
    }
    data.update(more)
    return data


def nodegroup(name='default-worker', status='CREATE_COMPLETE', reason=''):
    return {'uuid': f'ng-{name}', 'name': name, 'status': status,
            'status_reason': reason, 'role': 'worker', 'node_count': 2}


def template(**more):
    data = {'uuid': 'tpl-1', 'name': 'kubernetes-v1.33.4-20260115',
            'labels': {'kube_tag': 'v1.33.4',
                       'auto_healing_enabled': 'true'}}
    data.update(more)
    return data


def info(support, reason=''):
    return catalogue.TemplateInfo(
        name='kubernetes-v1.33.4-20260115', uuid='tpl-1',
        kubernetes_version='1.33.4', minor='1.33', profile=None,
        released=datetime.date(2026, 1, 15), support=support, reason=reason)


def facts(cluster_data=None, **more):
    more.setdefault('template', template())
    more.setdefault('template_info', info('latest'))
    more.setdefault('nodegroups', [nodegroup()])
    return diagnosis.Facts(cluster=cluster_data or cluster(), now=NOW,
                           **more)


def by_rule(findings):
    return {f.rule: f for f in findings}


class RuleTestCase(testtools.TestCase):

    def run_rule(self, rule_id, the_facts):
        [rule] = [r for r in rules.RULES if r.id == rule_id]
        return rule.fn(the_facts, rule)


class TestHealthyCluster(RuleTestCase):

    def test_every_rule_passes(self):
        findings = diagnosis.diagnose(facts(stack_readable=True,
                                            stack={'stack_status':
                                                   'CREATE_COMPLETE'}))
        self.assertEqual(
            ['status', 'health', 'quota', 'timeout', 'stuck',
             'delete_blocked', 'credential', 'certificates', 'keypair',
             'image_flavor', 'network', 'load_balancer', 'no_valid_host',
             'addons', 'control_plane', 'nodes_not_joining',
             'node_addresses', 'autoscaling', 'nodegroups', 'stack',
             'template', 'patch', 'labels'],
            [f.rule for f in findings])
        self.assertEqual({'pass': 23, 'warn': 0, 'fail': 0},
                         diagnosis.counts(findings))
        self.assertEqual({''}, {f.next_step for f in findings})

    def test_no_stack_row_when_the_stack_is_not_readable(self):
        findings = diagnosis.diagnose(facts())
        self.assertNotIn('stack', by_rule(findings))


class TestStatus(RuleTestCase):

    def test_failed(self):
        f = self.run_rule('status', facts(cluster('CREATE_FAILED',
                                                  QUOTA_CORES)))
        self.assertEqual('fail', f.result)
        self.assertTrue(f.detail.startswith('CREATE_FAILED: Resource CREATE '
                                            'failed: Forbidden'))
        self.assertIn('Support Centre', f.next_step)

    def test_in_progress_is_warn(self):
        f = self.run_rule('status', facts(cluster(
            'UPDATE_IN_PROGRESS', 'Stack UPDATE started')))
        self.assertEqual(('warn', 'UPDATE_IN_PROGRESS: Stack UPDATE '
                                  'started'), (f.result, f.detail))


class TestQuota(RuleTestCase):

    def check(self, text, quota, where='status_reason',
              status='CREATE_FAILED'):
        f = self.run_rule('quota', facts(cluster(status, text)))
        self.assertEqual('fail', f.result)
        self.assertEqual(f'quota exceeded for {quota} (in {where})',
                         f.detail)
        self.assertIn(f'quota for {quota} (Support Centre', f.next_step)

    def test_nova_cores(self):
        self.check(QUOTA_CORES, 'cores')

    def test_nova_instances_on_update(self):
        self.check(QUOTA_INSTANCES, 'instances', status='UPDATE_FAILED')

    def test_nova_ram(self):
        self.check(QUOTA_RAM, 'RAM')

    def test_neutron_floating_ips(self):
        self.check(QUOTA_FIP, 'floating IPs')

    def test_octavia_load_balancers(self):
        self.check(QUOTA_LB, 'load balancers')

    def test_cinder_gigabytes(self):
        self.check(QUOTA_VOLUME, 'volume gigabytes')

    def test_found_in_faults_node_groups_and_stack(self):
        c = cluster('CREATE_FAILED', 'Stack CREATE FAILED',
                    faults={'default-worker': QUOTA_CORES})
        f = self.run_rule('quota', facts(
            c, nodegroups=[nodegroup(status='CREATE_FAILED',
                                     reason=QUOTA_INSTANCES)],
            stack_readable=True, stack={'stack_status_reason': QUOTA_RAM},
            failed_resources=[{'resource_name': 'kube_minions',
                               'resource_status_reason': QUOTA_CORES}]))
        self.assertEqual(
            'quota exceeded for cores, instances, RAM (in fault of '
            'default-worker, node group default-worker, stack, resource '
            'kube_minions)', f.detail)

    def test_no_quota_problem(self):
        f = self.run_rule('quota', facts(cluster('CREATE_FAILED',
                                                 KEYPAIR)))
        self.assertEqual(('pass', 'no quota errors'), (f.result, f.detail))


class TestTimeout(RuleTestCase):

    def test_heat_timeout(self):
        f = self.run_rule('timeout', facts(cluster('CREATE_FAILED',
                                                   TIMED_OUT)))
        self.assertEqual('fail', f.result)
        # From the clause of the match, and what follows it.
        self.assertEqual('status_reason: ...Timeout: resources.kube_masters.'
                         'resources[0]: Stack CREATE cancelled', f.detail)
        self.assertIn('--timeout', f.next_step)

    def test_local_driver_and_aborted_task(self):
        c = cluster('CREATE_FAILED', 'Timed out',
                    faults={'default-worker': TIMED_OUT_ABORTED})
        f = self.run_rule('timeout', facts(c))
        self.assertEqual(('fail', 'status_reason: Timed out; fault of '
                                  'default-worker: ...[5d2b1c7e-3f4a-4b8c-'
                                  '9d0e-1f2a3b4c5d6e] Timed out)'),
                         (f.result, f.detail))

    def test_not_applicable_when_deleting(self):
        f = self.run_rule('timeout', facts(cluster('DELETE_FAILED',
                                                   'Timed out')))
        self.assertEqual(('pass', 'not applicable (DELETE_FAILED)'),
                         (f.result, f.detail))


class TestStuck(RuleTestCase):

    def test_create_in_progress_past_create_timeout(self):
        c = cluster('CREATE_IN_PROGRESS', 'Resource kube_masters '
                    'CREATE_COMPLETE; waiting for kube_minions',
                    created_at='2026-11-24T10:30:00+00:00',
                    updated_at='2026-11-24T11:55:00+00:00',
                    create_timeout=60)
        f = self.run_rule('stuck', facts(c))
        self.assertEqual(('fail', 'CREATE_IN_PROGRESS for 90 min, longer '
                                  'than its create_timeout of 60 min '
                                  '(Resource kube_masters CREATE_COMPLETE; '
                                  'waiting for kube_minions)'),
                         (f.result, f.detail))

    def test_create_in_progress_within_create_timeout(self):
        c = cluster('CREATE_IN_PROGRESS',
                    created_at='2026-11-24T11:40:00+00:00')
        f = self.run_rule('stuck', facts(c))
        self.assertEqual(('pass', 'CREATE_IN_PROGRESS for 20 of 60 min'),
                         (f.result, f.detail))

    def test_delete_stuck_counts_from_updated_at(self):
        c = cluster('DELETE_IN_PROGRESS', created_at='2026-01-01T00:00:00',
                    updated_at='2026-11-24T09:00:00Z', create_timeout=120)
        f = self.run_rule('stuck', facts(c))
        self.assertEqual('fail', f.result)
        self.assertIn('180 min', f.detail)
        self.assertIn('bastion', f.next_step)

    def test_not_in_progress(self):
        f = self.run_rule('stuck', facts())
        self.assertEqual(('pass', 'not in progress (CREATE_COMPLETE)'),
                         (f.result, f.detail))


class TestDeleteBlocked(RuleTestCase):

    def test_ports_on_subnet(self):
        f = self.run_rule('delete_blocked', facts(cluster('DELETE_FAILED',
                                                          DELETE_PORTS)))
        self.assertEqual('fail', f.result)
        self.assertIn('One or more ports have an IP allocation', f.detail)
        self.assertIn('load balancers of Services of type LoadBalancer',
                      f.next_step)

    def test_floating_ips_on_router(self):
        f = self.run_rule('delete_blocked', facts(cluster('DELETE_FAILED',
                                                          DELETE_FIP)))
        self.assertEqual('fail', f.result)

    def test_conflict_only_matters_when_deleting(self):
        f = self.run_rule('delete_blocked', facts(cluster('CREATE_FAILED',
                                                          DELETE_PORTS)))
        self.assertEqual('pass', f.result)


class TestKeypairImageFlavor(RuleTestCase):

    def test_keypair(self):
        f = self.run_rule('keypair', facts(cluster('CREATE_FAILED',
                                                   KEYPAIR)))
        # From the clause that holds the match: a quoted keypair name
        # before a colon would look like a secret to the redactor.
        self.assertEqual(('fail', 'status_reason: ...The Key (my-laptop) '
                                  'could not be found.'),
                         (f.result, f.detail))
        self.assertTrue(f.next_step.startswith(
            'the keypair my-laptop does not exist in this region'))

    def test_keypair_from_magnum_validation(self):
        f = self.run_rule('keypair', facts(cluster(
            'CREATE_FAILED', 'Unable to find keypair my-laptop.')))
        self.assertEqual('fail', f.result)
        self.assertIn('keypair my-laptop does', f.next_step)

    def test_image(self):
        f = self.run_rule('image_flavor', facts(cluster('CREATE_FAILED',
                                                        IMAGE)))
        self.assertEqual('fail', f.result)
        self.assertIn('flavor fedora-coreos-35 is not available',
                      f.next_step)

    def test_flavor(self):
        f = self.run_rule('image_flavor', facts(cluster('CREATE_FAILED',
                                                        FLAVOR)))
        self.assertEqual('fail', f.result)
        self.assertIn('c1.c64r256', f.next_step)

    def test_magnum_validation_texts(self):
        for text in ('Image ubuntu-x could not be found.',
                     'Unable to find flavor m9',
                     "Image ubuntu-x doesn't contain os_distro field."):
            f = self.run_rule('image_flavor', facts(cluster('CREATE_FAILED',
                                                            text)))
            self.assertEqual('fail', f.result, text)


class TestLoadBalancer(RuleTestCase):

    def test_provisioning_error(self):
        f = self.run_rule('load_balancer', facts(cluster('CREATE_FAILED',
                                                         LB_ERROR)))
        self.assertEqual('fail', f.result)
        self.assertIn('load-balancer problems', f.next_step)

    def test_quota_met_is_the_quota_rules(self):
        # One cause, one rule: Octavia's quota is not a load balancer fault.
        the_facts = facts(cluster('CREATE_FAILED', QUOTA_LB))
        self.assertEqual('pass',
                         self.run_rule('load_balancer', the_facts).result)
        self.assertEqual('fail', self.run_rule('quota', the_facts).result)


class TestNodeAddresses(RuleTestCase):

    def test_no_address_found(self):
        f = self.run_rule('node_addresses', facts(cluster('CREATE_FAILED',
                                                          NO_ADDRESS)))
        self.assertEqual(('fail', 'status_reason: ...no address found for '
                                  'host k8s-abc-master-0'),
                         (f.result, f.detail))

    def test_complete_without_addresses(self):
        c = cluster(node_addresses=[], master_addresses=[])
        f = self.run_rule('node_addresses', facts(c))
        self.assertEqual(('warn', 'no addresses reported for workers and '
                                  'masters'), (f.result, f.detail))

    def test_pass(self):
        f = self.run_rule('node_addresses', facts())
        self.assertEqual('pass', f.result)


class TestHealth(RuleTestCase):

    def test_unhealthy_nodes(self):
        c = cluster(health_status='UNHEALTHY', health_status_reason={
            'cluster': 'NotReady', 'infrastructure': 'Ready',
            'controlplane': 'Ready',
            'nodegroup': 'NotReady: 1 of 2 nodes Ready',
            'k8s-abc-node-0.Ready': 'False', 'k8s-abc-node-1.Ready': 'True'})
        f = self.run_rule('health', facts(c))
        self.assertEqual(
            ('fail', 'UNHEALTHY: cluster: NotReady; node k8s-abc-node-0 not '
                     'Ready; nodegroup: NotReady: 1 of 2 nodes Ready'),
            (f.result, f.detail))
        self.assertIn('kubectl', f.next_step)

    def test_unhealthy_heat_driver_reason(self):
        c = cluster(health_status='UNHEALTHY', health_status_reason={
            'api': 'ok', 'k8s-abc-minion-0.Ready': 'False'})
        f = self.run_rule('health', facts(c))
        self.assertEqual('UNHEALTHY: node k8s-abc-minion-0 not Ready',
                         f.detail)

    def test_unknown_on_a_complete_cluster_is_warn(self):
        c = cluster(health_status='UNKNOWN', health_status_reason={})
        f = self.run_rule('health', facts(c))
        self.assertEqual(('warn', 'health status UNKNOWN'),
                         (f.result, f.detail))

    def test_not_reported_while_failed_passes(self):
        c = cluster('CREATE_FAILED', health_status=None)
        f = self.run_rule('health', facts(c))
        self.assertEqual('pass', f.result)


class TestNodeGroups(RuleTestCase):

    def test_failed_node_group(self):
        f = self.run_rule('nodegroups', facts(nodegroups=[
            nodegroup('default-master'),
            nodegroup('gpu', 'UPDATE_FAILED', QUOTA_INSTANCES)]))
        self.assertEqual('fail', f.result)
        self.assertTrue(f.detail.startswith('gpu UPDATE_FAILED: Resource '
                                            'UPDATE failed'))

    def test_in_progress(self):
        f = self.run_rule('nodegroups', facts(nodegroups=[
            nodegroup('gpu', 'UPDATE_IN_PROGRESS')]))
        self.assertEqual(('warn', 'gpu UPDATE_IN_PROGRESS'),
                         (f.result, f.detail))

    def test_none_readable(self):
        f = self.run_rule('nodegroups', facts(nodegroups=[]))
        self.assertEqual('warn', f.result)


class TestStack(RuleTestCase):

    def test_failed_resources(self):
        f = self.run_rule('stack', facts(
            stack_readable=True, stack={'stack_status': 'CREATE_FAILED'},
            failed_resources=[{
                'resource_name': 'kube_minions',
                'resource_type': 'OS::Heat::ResourceGroup',
                'resource_status': 'CREATE_FAILED',
                'resource_status_reason': QUOTA_CORES}]))
        self.assertEqual('fail', f.result)
        self.assertTrue(f.detail.startswith(
            'kube_minions (OS::Heat::ResourceGroup) CREATE_FAILED: '
            'Resource CREATE failed: Forbidden'))

    def test_failed_stack_without_resources(self):
        f = self.run_rule('stack', facts(
            stack_readable=True, stack={'stack_status': 'DELETE_FAILED',
                                        'stack_status_reason': 'Conflict'}))
        self.assertEqual(('fail', 'DELETE_FAILED: Conflict'),
                         (f.result, f.detail))

    def test_not_readable_gives_no_row(self):
        self.assertIsNone(self.run_rule('stack', facts()))


class TestTemplate(RuleTestCase):

    def test_supported(self):
        f = self.run_rule('template', facts(template_info=info(
            'supported', 'Kubernetes 1.33 is supported until 2027-02-28')))
        self.assertEqual(('pass', 'kubernetes-v1.33.4-20260115: supported '
                                  '(Kubernetes 1.33 is supported until '
                                  '2027-02-28)'), (f.result, f.detail))

    def test_superseded_or_ending(self):
        for support in ('superseded', 'ending'):
            f = self.run_rule('template', facts(template_info=info(
                support, 'superseded by kubernetes-v1.33.13-20260720')))
            self.assertEqual('warn', f.result, support)
            self.assertIn('upgrade to a supported template', f.next_step)

    def test_preview(self):
        f = self.run_rule('template', facts(template_info=info('preview')))
        self.assertEqual('warn', f.result)
        self.assertIn('preview versions may change', f.next_step)

    def test_unsupported(self):
        f = self.run_rule('template', facts(template_info=info(
            'unsupported', 'Kubernetes 1.28 is not supported')))
        self.assertEqual('fail', f.result)

    def test_custom(self):
        f = self.run_rule('template', facts(template_info=info(
            'custom', 'a private template')))
        self.assertEqual('pass', f.result)

    def test_template_not_readable(self):
        f = self.run_rule('template', facts(template=None,
                                            template_info=None))
        self.assertEqual(('warn', 'cluster template tpl-1 could not be read '
                                  '(deleted, or private to another '
                                  'project?)'), (f.result, f.detail))

    def test_with_the_real_classifier(self):
        # An old generation template, classified by the catalogue.
        tpl = template(name='kubernetes-v1.18.14-prod-20210211',
                       public=True, hidden=True,
                       labels={'kube_tag': 'v1.18.14'})
        [classified] = catalogue.classify(
            [tpl], today=datetime.date(2026, 11, 24)).values()
        f = self.run_rule('template', facts(template=tpl,
                                            template_info=classified))
        self.assertEqual('fail', f.result)
        self.assertIn('unsupported', f.detail)


class TestLabels(RuleTestCase):

    def test_labels_wiped_by_create_without_merge(self):
        tpl = template(labels={'kube_tag': 'v1.33.4',
                               'auto_healing_enabled': 'true',
                               'master_lb_floating_ip_enabled': 'false',
                               'keystone_auth_enabled': 'true'})
        c = cluster(labels={'boot_volume_size': '50'},
                    labels_skipped={k: v for k, v in tpl['labels'].items()},
                    labels_added={'boot_volume_size': '50'})
        f = self.run_rule('labels', facts(c, template=tpl))
        self.assertEqual(
            ('warn', "4 of the template's 4 labels are missing from the "
                     'cluster: auto_healing_enabled, keystone_auth_enabled, '
                     'kube_tag, master_lb_floating_ip_enabled'),
            (f.result, f.detail))
        self.assertIn('--merge-labels', f.next_step)

    def test_older_microversion_compares_itself(self):
        c = cluster(labels={'kube_tag': 'v1.33.4'})
        del c['labels_skipped']
        f = self.run_rule('labels', facts(c))
        self.assertEqual('warn', f.result)
        self.assertIn('auto_healing_enabled', f.detail)

    def test_merged_with_overrides(self):
        c = cluster(labels={'kube_tag': 'v1.33.4',
                            'auto_healing_enabled': 'false'},
                    labels_overridden={'auto_healing_enabled': 'true'})
        f = self.run_rule('labels', facts(c))
        self.assertEqual(('pass', "cluster has all of the template's labels "
                                  '(1 overridden)'), (f.result, f.detail))


CAPI_ID = 'k8s-abc-ljgmh4m3xeo5'
WAITING_WORKERS = {'cluster': 'Ready', 'infrastructure': 'Ready',
                   'controlplane': 'Ready',
                   'nodegroup': "default-worker waiting on ['Ready', "
                                "'Available']"}


def capi(status='CREATE_COMPLETE', reason=None, health=None, **more):
    """A Cluster API cluster: no stack, no addresses."""
    return cluster(status, reason, cluster_id=CAPI_ID, node_addresses=[],
                   master_addresses=[],
                   health_status_reason=health or cluster()[
                       'health_status_reason'], **more)


class TestClusterApi(RuleTestCase):

    def test_unhealthy_while_resizing_is_expected(self):
        c = capi('UPDATE_IN_PROGRESS', health=WAITING_WORKERS,
                 health_status='UNHEALTHY',
                 updated_at='2026-11-24T11:55:00+00:00')
        findings = diagnosis.diagnose(facts(c))
        self.assertEqual([], [f for f in findings if f.result == 'fail'])
        health = by_rule(findings)['health']
        self.assertEqual('pass', health.result)
        self.assertIn('as expected while the operation runs', health.detail)
        self.assertIn('workers not ready (default-worker)', health.detail)
        self.assertIn('workers not ready',
                      by_rule(findings)['status'].detail)

    def test_unhealthy_once_complete_fails(self):
        f = self.run_rule('health', facts(capi(
            health=WAITING_WORKERS, health_status='UNHEALTHY')))
        self.assertEqual('fail', f.result)
        self.assertIn("nodegroup: default-worker waiting on", f.detail)

    def test_no_addresses_is_not_a_problem(self):
        f = self.run_rule('node_addresses', facts(capi()))
        self.assertEqual(('pass', 'not reported by the Cluster API driver'),
                         (f.result, f.detail))

    def test_delete_blocked_read_from_health(self):
        text = ('UpdateError: failed to delete network: Expected HTTP '
                'response code [202 204] when accessing [DELETE https://api.'
                'nz-hlz-1.catalystcloud.io:9696/v2.0/networks/n1], but got '
                '409 instead: {"NeutronError": {"type": "NetworkInUse", '
                '"message": "Unable to complete operation on network n1. '
                'There are one or more ports still in use on the network.", '
                '"detail": ""}}')
        c = capi('DELETE_IN_PROGRESS', health=dict(
            WAITING_WORKERS, infrastructure=text), health_status='UNHEALTHY')
        f = self.run_rule('delete_blocked', facts(c))
        self.assertEqual('fail', f.result)
        self.assertTrue(f.detail.startswith('health infrastructure: '))
        self.assertIn('bastion', f.next_step)
        # The health parts are the delete's: a warning that points here.
        health = self.run_rule('health', facts(c))
        self.assertEqual('warn', health.result)
        self.assertIn('see the Delete blocked check', health.next_step)

    def test_a_delete_taking_the_cluster_apart_fails_no_check(self):
        gone = {'cluster': "Waiting on ['InfrastructureReady', 'Ready']",
                'infrastructure': 'Ready',
                'controlplane': 'Control plane resource not found.',
                'nodegroup': 'default-worker resource not found.'}
        findings = diagnosis.diagnose(facts(capi(
            'DELETE_IN_PROGRESS', health=gone, health_status='UNHEALTHY',
            updated_at='2026-11-24T11:55:00+00:00')))
        self.assertEqual([], [(f.check, f.detail) for f in findings
                              if f.result == 'fail'])
        self.assertIn('UNHEALTHY while DELETE_IN_PROGRESS',
                      by_rule(findings)['health'].detail)

    def test_add_on_failed_is_named_and_shown(self):
        c = capi('CREATE_FAILED', '{"addons": {"cni-calico": "Deployed", '
                                  '"csi-cinder": "Failed"}}')
        findings = by_rule(diagnosis.diagnose(facts(c)))
        self.assertEqual(('fail', 'add-ons 1/2 installed, failed: '
                                  'csi-cinder'),
                         (findings['addons'].result,
                          findings['addons'].detail))
        self.assertEqual('CREATE_FAILED: add-ons 1/2 installed, failed: '
                         'csi-cinder', findings['status'].detail)

    def test_add_ons_stuck_past_the_timeout(self):
        c = capi('CREATE_IN_PROGRESS', '{"addons": {"a": "Deployed", '
                                       '"b": "Installing"}}',
                 created_at='2026-11-24T10:00:00+00:00')
        f = self.run_rule('addons', facts(c))
        self.assertEqual('fail', f.result)
        self.assertIn('after 120 min', f.detail)

    def test_first_worker_of_131_upgrade(self):
        c = capi('UPDATE_IN_PROGRESS', health=WAITING_WORKERS,
                 health_status='UNHEALTHY', coe_version='v1.31.14',
                 updated_at='2026-11-24T10:00:00+00:00',
                 labels={'kube_tag': 'v1.31.14',
                         'auto_healing_enabled': 'false'})
        f = self.run_rule('nodes_not_joining', facts(c))
        self.assertEqual('fail', f.result)
        self.assertIn('1.30 to 1.31', f.next_step)
        self.assertIn('Support Centre', f.next_step)


class TestWhatIsShown(RuleTestCase):

    def test_the_same_text_in_several_fields_is_shown_once(self):
        text = ('Failed to pre-delete resources for cluster x, error: '
                "Timeout waiting for the load balancers {'a'} to be "
                'deleted..')
        c = cluster('DELETE_FAILED', text, faults={'default-worker': text})
        f = self.run_rule('delete_blocked', facts(
            c, nodegroups=[nodegroup(status='DELETE_FAILED', reason=text)]))
        self.assertEqual('status_reason, fault of default-worker, node '
                         'group default-worker: ' + text, f.detail)

    def test_faults_shown_when_the_reason_only_sums_up(self):
        c = cluster('CREATE_FAILED', 'default-worker failed',
                    faults={'default-worker': 'WaitConditionTimeout: '
                            'resources.kube_minions.resources[0].resources.'
                            'minion_wait_condition: 0 of 1 received'})
        f = self.run_rule('status', facts(c))
        self.assertIn('default-worker failed: WaitConditionTimeout',
                      f.detail)

    def test_failed_with_no_reason_at_all(self):
        f = self.run_rule('status', facts(capi('CREATE_FAILED', None)))
        self.assertEqual('CREATE_FAILED: no reason given', f.detail)

    def test_flavor_without_its_full_stop(self):
        f = self.run_rule('image_flavor', facts(cluster(
            'CREATE_FAILED', 'Unable to find flavor m1.medium.')))
        self.assertIn('the image or flavor m1.medium is not', f.next_step)

    def test_rotation_with_a_warning(self):
        f = self.run_rule('credential', facts(capi(
            'UPDATE_COMPLETE', 'A new application credential was applied '
            'successfully but the previous application credential could '
            'not be deleted: 7f8e does not exist.')))
        self.assertEqual('warn', f.result)
        self.assertIn('openstack application credential delete',
                      f.next_step)


class TestPatchCurrency(RuleTestCase):

    def test_newer_patch_offered(self):
        older = catalogue.TemplateInfo(
            name='kubernetes-v1.33.2-20250623', uuid='tpl-1',
            kubernetes_version='1.33.2', minor='1.33', profile=None,
            released=None, support='deprecated')
        f = self.run_rule('patch', facts(template_info=older,
                                         newer_patch=info('latest')))
        self.assertEqual('warn', f.result)
        self.assertEqual('on 1.33.2; 1.33.4 (kubernetes-v1.33.4-20260115) '
                         'is offered', f.detail)
        self.assertIn('openstack coe cluster upgrade k8s-abc '
                      'kubernetes-v1.33.4-20260115', f.next_step)

    def test_newest_patch(self):
        f = self.run_rule('patch', facts(newer_patch=info('latest')))
        self.assertEqual('pass', f.result)
