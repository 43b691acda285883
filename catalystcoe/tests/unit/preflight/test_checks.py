"""The checks turn a plan and what was read into pass/warn/fail lines."""

import types
import unittest

from catalystcoe import errors
from catalystcoe.preflight import checks
from catalystcoe.preflight import gather
from catalystcoe.preflight import plan
from catalystcoe.preflight import rules

FLAVORS = [
    {'id': 'f1', 'name': 'c1.c1r1', 'vcpus': 1, 'ram': 1024, 'disk': 10,
     'extra_specs': {}},
    {'id': 'f2', 'name': 'c1.c2r4', 'vcpus': 2, 'ram': 4096, 'disk': 10,
     'extra_specs': {}},
    {'id': 'f3', 'name': 'c1.c8r16', 'vcpus': 8, 'ram': 16384, 'disk': 10,
     'extra_specs': {}},
    {'id': 'g1', 'name': 'c2-gpu.c4r16g1', 'vcpus': 4, 'ram': 16384,
     'disk': 10, 'extra_specs': {'resources:VGPU': '1'}},
]
TEMPLATE = {'name': 'kubernetes-v1.33.4-20260115', 'image_id': 'img',
            'flavor_id': 'c1.c2r4', 'master_flavor_id': 'c1.c2r4',
            'master_lb_enabled': True, 'floating_ip_enabled': False,
            'labels': {'kube_tag': 'v1.33.4', 'boot_volume_size': '20',
                       'master_lb_floating_ip_enabled': 'false'}}


def args(**kw):
    base = dict(name='c', master_count=1, node_count=1, master_flavor=None,
                flavor=None, keypair=None, merge_labels=False,
                master_lb_enabled=[], floating_ip_enabled=[],
                fixed_network=None)
    base.update(kw)
    return types.SimpleNamespace(**base)


def a_plan(given=None, **kw):
    return plan.for_create(args(**kw), TEMPLATE, given)


def outcomes(**values):
    return {name: gather.Outcome(value=value)
            for name, value in values.items()}


NOVA = {'total_cores': 48, 'total_cores_used': 42, 'total_ram': 122880,
        'total_ram_used': 50000, 'instances': 30, 'instances_used': 13}


class TestQuota(unittest.TestCase):

    def results(self, the_plan, **extra):
        index = checks.flavor_index(FLAVORS)
        read = outcomes(compute=NOVA, **extra)
        return checks.check_quota(plan.needs(the_plan, index),
                                  checks.quotas(read))

    def test_a_shortfall_is_named_with_numbers(self):
        results = self.results(a_plan(node_count=3,
                                      flavor='c1.c8r16'))
        cores = [r for r in results if 'cores' in r.text][0]
        self.assertEqual(rules.FAIL, cores.outcome)
        self.assertEqual('needs 26 cores, 6 left of 48 (Nova)', cores.text)

    def test_enough_passes_and_ram_is_in_gb(self):
        results = self.results(a_plan())
        self.assertEqual({rules.PASS}, {r.outcome for r in results})
        self.assertIn('needs 8 GB RAM, 71.2 GB left of 120 GB (Nova)',
                      [r.text for r in results])

    def test_unlimited_and_unreadable(self):
        failure = errors.Failure(errors.FORBIDDEN, 'no (HTTP 403)', 403)
        read = outcomes(compute=dict(NOVA, total_cores=-1))
        read['volume'] = gather.Outcome(failure=failure)
        index = checks.flavor_index(FLAVORS)
        results = checks.check_quota(plan.needs(a_plan(), index),
                                     checks.quotas(read))
        texts = {r.text: r.outcome for r in results}
        self.assertEqual(rules.PASS, texts['needs 4 cores, no limit (Nova)'])
        self.assertEqual(rules.SKIP, texts['needs 2 volumes; not checked: '
                                           'no (HTTP 403)'])

    def test_octavia_and_magnum_usage_is_counted(self):
        results = self.results(
            a_plan(), lb_quota={'load_balancers': 2}, lbs=[{}, {}],
            magnum_quota={'hard_limit': 20}, clusters=[{}] * 3)
        texts = {r.text: r.outcome for r in results}
        self.assertEqual(rules.FAIL, texts[
            'needs 1 load balancer, 0 left of 2 (Octavia)'])
        self.assertEqual(rules.PASS, texts[
            'needs 1 cluster, 17 left of 20 (Magnum)'])


class TestNeeds(unittest.TestCase):

    def test_boot_and_etcd_volumes_lb_and_public_api(self):
        the_plan = a_plan({'etcd_volume_size': '5',
                           'master_lb_floating_ip_enabled': 'true'},
                          merge_labels=True, master_count=3, node_count=2)
        needs = plan.needs(the_plan, checks.flavor_index(FLAVORS))
        self.assertEqual({'clusters': 1, 'instances': 5, 'cores': 10,
                          'ram': 20480, 'volumes': 8, 'gigabytes': 115,
                          'load_balancers': 1, 'floating_ips': 1,
                          'networks': 1, 'routers': 1,
                          'security_groups': 2}, needs)

    def test_labels_without_merge_replace_the_templates(self):
        the_plan = a_plan({'kube_tag': 'v1.33.4'})
        needs = plan.needs(the_plan, checks.flavor_index(FLAVORS))
        self.assertNotIn('volumes', needs)   # boot_volume_size dropped

    def test_resize_needs_only_the_added_nodes(self):
        cluster = {'name': 'c', 'labels': {'boot_volume_size': '20'},
                   'coe_version': 'v1.33.4'}
        group = {'role': 'worker', 'node_count': 2, 'flavor_id': 'c1.c2r4'}
        needs = plan.needs(plan.for_resize(cluster, group, 5),
                           checks.flavor_index(FLAVORS))
        self.assertEqual({'instances': 3, 'cores': 6, 'ram': 12288,
                          'volumes': 3, 'gigabytes': 60}, needs)
        self.assertEqual({}, plan.needs(plan.for_resize(cluster, group, 1),
                                        checks.flavor_index(FLAVORS)))


class TestChecks(unittest.TestCase):
    index = checks.flavor_index(FLAVORS)

    def outcome(self, results):
        return [(r.outcome, r.text) for r in results]

    def test_gpu_below_catalysts_minimum_is_refused(self):
        [result] = checks.check_gpu(a_plan(flavor='c2-gpu.c4r16g1'),
                                    self.index)
        self.assertEqual(rules.FAIL, result.outcome)
        self.assertIn('needs Kubernetes 1.33.5 or later', result.text)
        self.assertIn('this cluster would run 1.33.4', result.text)

    def test_gpu_minimums_per_minor(self):
        for tag, outcome in (('v1.31.12', rules.FAIL),
                             ('v1.31.13', rules.PASS),
                             ('v1.32.9', rules.PASS),
                             ('v1.30.14', rules.FAIL),
                             ('v1.34.0', rules.PASS)):
            the_plan = a_plan({'kube_tag': tag}, merge_labels=True,
                              flavor='c2-gpu.c4r16g1')
            [result] = checks.check_gpu(the_plan, self.index)
            self.assertEqual(outcome, result.outcome, tag)
        the_plan = a_plan({'kube_tag': 'v1.30.14'}, merge_labels=True,
                          flavor='c2-gpu.c4r16g1')
        self.assertIn('needs Kubernetes 1.31.13 or later', checks.check_gpu(
            the_plan, self.index)[0].text)

    def test_gpu_flavor_by_extra_specs_or_name(self):
        self.assertTrue(rules.is_gpu_flavor(
            {'name': 'x', 'extra_specs': {'pci_passthrough:alias': 'a:1'}}))
        self.assertTrue(rules.is_gpu_flavor({'name': 'g1-gpu.large'}))
        self.assertFalse(rules.is_gpu_flavor({'name': 'c1.c2r4',
                                              'extra_specs': {}}))

    def test_master_count(self):
        self.assertEqual(rules.PASS, checks.check_master_count(
            a_plan(master_count=3))[0].outcome)
        self.assertEqual(
            [(rules.FAIL, 'master count 4 is not 1, 3, 5 or 7 (Catalyst '
                          'Cloud)')],
            self.outcome(checks.check_master_count(a_plan(master_count=4))))

    def test_label_typo_names_the_closest_known_label(self):
        results = checks.check_labels(a_plan(
            {'kube_dashbaord_enabled': 'true', 'team': 'a',
             'boot_volume_size': '30'}, merge_labels=True))
        self.assertEqual(
            [(rules.WARN, 'kube_dashbaord_enabled: did you mean '
                          'kube_dashboard_enabled? (not a label the driver '
                          'or Catalyst Cloud documents; Magnum ignores it)'),
             (rules.WARN, 'team: not a label the driver or Catalyst Cloud '
                          'documents; Magnum ignores it')],
            self.outcome(results))

    def test_labels_of_the_template_are_known(self):
        template = dict(TEMPLATE, labels={'octavia_provider': 'ovn'})
        the_plan = plan.for_create(args(), template,
                                   {'octavia_provider': 'amphora'})
        self.assertEqual(rules.PASS,
                         checks.check_labels(the_plan)[0].outcome)

    def test_dashboard_on_1_35(self):
        on = a_plan({'kube_tag': 'v1.35.2', 'kube_dashboard_enabled': 'true'},
                    merge_labels=True)
        self.assertEqual(rules.WARN, checks.check_dashboard(on)[0].outcome)
        before = a_plan({'kube_dashboard_enabled': 'true'},
                        merge_labels=True)
        result = checks.check_dashboard(before)[0]
        self.assertEqual(rules.PASS, result.outcome)
        self.assertIn('the dashboard is kept until 1.35', result.text)
        unset = checks.check_dashboard(a_plan({'kube_tag': 'v1.35.2'}))[0]
        self.assertEqual((rules.PASS, 'kube_dashboard_enabled not set'),
                         (unset.outcome, unset.text))

    def test_control_plane_flavor_too_small_and_unknown_flavor(self):
        results = checks.check_flavors(
            a_plan(master_flavor='c1.c1r1', flavor='nope'), self.index)
        self.assertEqual([rules.FAIL, rules.FAIL],
                         [r.outcome for r in results])
        self.assertIn('kubeadm needs 2 vCPUs', results[0].text)
        self.assertIn('flavor nope does not exist', results[1].text)

    def test_image_must_have_os_distro_and_fit(self):
        the_plan = a_plan()
        image = {'name': 'img', 'status': 'active', 'os_distro': 'ubuntu',
                 'min_disk': 30, 'min_ram': 0}
        self.assertIn('needs a 30 GB disk; boot_volume_size is 20 GB',
                      checks.check_image(the_plan, image, self.index)[0]
                      .text)
        image.update(min_disk=10, os_distro=None)
        self.assertIn('no os_distro', checks.check_image(
            the_plan, image, self.index)[0].text)
        missing = errors.Failure(errors.NOT_FOUND, 'gone (HTTP 404)')
        self.assertEqual(rules.FAIL, checks.check_image(
            the_plan, None, self.index, missing)[0].outcome)

    def test_restricted_application_credential(self):
        self.assertEqual(rules.FAIL, checks.check_application_credential(
            {'name': 'ci', 'restricted': True})[0].outcome)
        self.assertEqual(rules.PASS, checks.check_application_credential(
            {'name': 'ci', 'restricted': False})[0].outcome)
        self.assertEqual(rules.PASS,
                         checks.check_application_credential(None)[0]
                         .outcome)
