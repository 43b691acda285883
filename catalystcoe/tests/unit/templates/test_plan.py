"""Catalyst's upgrade rules applied to clusters (templates.plan).

The cases are the ones Catalyst documents (sources in
catalystcoe/data/upgrade_rules.json): 1.27 or older is rebuilt, one minor
at a time, auto-healing for 1.30 -> 1.31, the dashboard label before
1.35, GPU flavors on old patches, the 1.28 -> 1.29 control plane notice.
"""

import json
import unittest

from catalystcoe.templates import catalogue
from catalystcoe.templates import plan
from catalystcoe.tests.unit.templates import fakes


def info(name, labels=None):
    tmpl = fakes.template(name, labels=labels or {})
    return catalogue.classify([tmpl], lifecycle=fakes.LIFECYCLE,
                              today=fakes.TODAY)[tmpl['uuid']]


def nodegroup(name='default-worker', role='worker', flavor='c1.c2r4',
              count=3, **more):
    return dict(name=name, role=role, flavor_id=flavor, node_count=count,
                **more)


NODEGROUPS = [nodegroup('default-master', 'master', count=1), nodegroup()]


def make(current, target_name, labels=None, nodegroups=NODEGROUPS,
         target_labels=None):
    cluster = {'name': 'c1', 'labels': dict(labels or {})}
    return plan.make(cluster, nodegroups, current, 'current-template',
                     info(target_name, target_labels))


def row(result_plan, item):
    rows = {r.item: r for r in result_plan.rows}
    return rows[item]


class TestRules(unittest.TestCase):

    def test_127_or_older_must_be_rebuilt(self):
        got = make((1, 27, 11), 'kubernetes-v1.28.9-20240416')
        self.assertTrue(got.blocked)
        rule = row(got, 'Rule: Upgradable version')
        self.assertEqual('fail', rule.result)
        self.assertIn('build a new cluster', rule.detail)
        self.assertIn('cluster-upgrade.rst', rule.source)
        # The path itself (one minor up) is fine: only the age blocks it.
        self.assertEqual('pass', row(got, 'Rule: Upgrade path').result)

    def test_skipped_minor_blocks(self):
        got = make((1, 31, 14), 'kubernetes-v1.33.4-20260115')
        self.assertEqual('fail', row(got, 'Rule: Upgrade path').result)
        self.assertIn('skips Kubernetes 1.32',
                      row(got, 'Rule: Upgrade path').detail)

    def test_downgrade_blocks(self):
        got = make((1, 33, 4), 'kubernetes-v1.33.2-20250623')
        self.assertIn('(a downgrade)', row(got, 'Rule: Upgrade path').detail)
        self.assertTrue(got.blocked)

    def test_patch_only_upgrade_may_go_ahead(self):
        got = make((1, 33, 2), 'kubernetes-v1.33.4-20260115',
                   labels={'kube_tag': 'v1.33.2'},
                   target_labels={'kube_tag': 'v1.33.4'})
        self.assertFalse(got.blocked)
        self.assertEqual([], got.warnings())
        self.assertEqual('a patch upgrade',
                         row(got, 'Rule: Upgrade path').detail)
        self.assertEqual(('changed', 'v1.33.2 -> v1.33.4'),
                         (row(got, 'Label kube_tag').result,
                          row(got, 'Label kube_tag').detail))
        self.assertEqual('1.33.2 (current-template) -> 1.33.4 '
                         '(kubernetes-v1.33.4-20260115)',
                         row(got, 'Versions').detail)

    def test_130_to_131_without_auto_healing_blocks(self):
        got = make((1, 30, 14), 'kubernetes-v1.31.14-20251130',
                   labels={'auto_healing_enabled': 'false'})
        rule = row(got, 'Rule: Auto-healing for 1.30 to 1.31')
        self.assertEqual('fail', rule.result)
        self.assertIn('auto_healing_enabled is false', rule.detail)
        self.assertIn('Support Centre', rule.detail)
        self.assertEqual(
            "kubernetes/versions.rst, 'Version v1.30 to v1.31'", rule.source)

    def test_130_to_131_with_auto_healing_passes(self):
        got = make((1, 30, 14), 'kubernetes-v1.31.14-20251130',
                   labels={'auto_healing_enabled': 'True'})
        self.assertEqual(
            'pass', row(got, 'Rule: Auto-healing for 1.30 to 1.31').result)
        self.assertFalse(got.blocked)

    def test_auto_healing_rule_only_for_that_step(self):
        got = make((1, 31, 14), 'kubernetes-v1.32.13-20260310',
                   labels={'auto_healing_enabled': 'false'})
        self.assertNotIn('Rule: Auto-healing for 1.30 to 1.31',
                         {r.item for r in got.rows})

    def test_dashboard_removed_by_135(self):
        got = make((1, 34, 9), 'kubernetes-v1.35.6-20260720',
                   labels={'kube_dashboard_enabled': 'true'})
        rule = row(got, 'Rule: Kubernetes Dashboard')
        self.assertEqual('warn', rule.result)
        self.assertIn('upgrading to 1.35 removes it', rule.detail)
        self.assertIn('Headlamp', rule.detail)
        self.assertFalse(got.blocked)

    def test_dashboard_deprecated_in_133(self):
        got = make((1, 32, 13), 'kubernetes-v1.33.4-20260115',
                   labels={'kube_dashboard_enabled': 'true'})
        self.assertIn('is deprecated',
                      row(got, 'Rule: Kubernetes Dashboard').detail)

    def test_gpu_flavor_needs_a_recent_patch(self):
        gpu = [nodegroup('gpu', flavor='c3-gpu.c24r96g1', count=2)]
        old = make((1, 31, 9), 'kubernetes-v1.31.12-20250801',
                   nodegroups=gpu)
        self.assertEqual('fail', row(old, 'Rule: GPU flavors').result)
        self.assertIn('c3-gpu.c24r96g1', row(old, 'Rule: GPU flavors').detail)
        for target in ('kubernetes-v1.31.13-20250917',
                       'kubernetes-v1.32.9-20250904',
                       'kubernetes-v1.34.2-20261020'):
            current = (1, 31, 12) if '1.31' in target else (
                (1, 31, 14) if '1.32' in target else (1, 33, 5))
            got = make(current, target, nodegroups=gpu)
            self.assertEqual('pass', row(got, 'Rule: GPU flavors').result,
                             target)

    def test_128_to_129_warns_of_control_plane(self):
        got = make((1, 28, 9), 'kubernetes-v1.29.3-20240416')
        rule = row(got, 'Rule: Control plane during 1.28 to 1.29')
        self.assertEqual('warn', rule.result)
        self.assertIn('unavailable for a short time', rule.detail)

    def test_node_replacement_always_said(self):
        got = make((1, 33, 2), 'kubernetes-v1.33.4-20260115')
        self.assertIn('UPDATE_COMPLETE only once every node',
                      row(got, 'Rule: Node replacement').detail)


class TestRows(unittest.TestCase):

    def test_nodegroups_upgraded_and_one_on_another_version(self):
        ngs = NODEGROUPS + [nodegroup('old-pool', version='v1.32.13')]
        got = make((1, 33, 2), 'kubernetes-v1.33.4-20260115', nodegroups=ngs)
        self.assertEqual(('upgrade', 'workers, 3 nodes, c1.c2r4: 1.33.2 -> '
                                     '1.33.4'),
                         (row(got, 'Node group default-worker').result,
                          row(got, 'Node group default-worker').detail))
        self.assertEqual('control plane, 1 node, c1.c2r4: 1.33.2 -> 1.33.4',
                         row(got, 'Node group default-master').detail)
        other = row(got, 'Node group old-pool')
        self.assertEqual('warn', other.result)
        self.assertIn('on 1.32.13', other.detail)

    def test_label_changes(self):
        got = make((1, 33, 2), 'kubernetes-v1.33.4-20260115',
                   labels={'a': '1', 'gone': 'x', 'same': 's'},
                   target_labels={'a': '2', 'new': 'y', 'same': 's'})
        labels = [(r.item, r.result, r.detail) for r in got.rows
                  if r.item.startswith('Label ')]
        self.assertEqual([('Label a', 'changed', '1 -> 2'),
                          ('Label gone', 'removed', 'x -> -'),
                          ('Label new', 'added', '- -> y')], labels)

    def test_unknown_version_applies_no_rule(self):
        got = make(None, 'kubernetes-v1.33.4-20260115')
        self.assertEqual([('Versions', 'warn')],
                         [(r.item, r.result) for r in got.rows])
        self.assertFalse(got.blocked)

    def test_a_rule_this_code_does_not_know_is_shown_not_applied(self):
        rules = [{'id': 'future', 'title': 'Future', 'check': 'quantum',
                  'source': 'somewhere.rst'}]
        got = plan.make({'labels': {}}, [], (1, 33, 2), 'x',
                        info('kubernetes-v1.33.4-20260115'), rules=rules)
        rule = row(got, 'Rule: Future')
        self.assertEqual('warn', rule.result)
        self.assertIn("does not know the check 'quantum'", rule.detail)


class TestData(unittest.TestCase):

    def test_every_rule_has_a_source_and_a_known_check(self):
        with open(plan.RULES_PATH, encoding='utf-8') as f:
            rules = json.load(f)['rules']
        self.assertEqual(7, len(rules))
        for rule in rules:
            self.assertIn(rule['check'], plan.CHECKS, rule)
            self.assertIn(rule['result'], ('pass', 'warn', 'fail'), rule)
            page = rule['source'].split(',')[0].split(' ')[0]
            self.assertRegex(page, r'^(kubernetes|release-notes)/[a-z0-9_-]+'
                                   r'\.rst$', rule)
            self.assertTrue(rule['says'])
