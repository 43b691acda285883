"""An upgrade plan: Catalyst's upgrade rules applied to one cluster.

The rules are data, ``catalystcoe/data/upgrade_rules.json``, each with
the page of Catalyst's documentation it comes from; this module applies
them to what the API shows (the cluster, its node groups, the current
and the target template) and answers rows: the versions, each rule with
pass, warn or fail, the labels that differ between the cluster and the
target template, the node groups to be upgraded, what to expect.  A
rule this code does not know (newer data) is shown as a ``warn`` row,
not applied.  Standard library only: the upgrade hook imports it.
"""

import dataclasses
import functools
import json
import os

from catalystcoe.templates import compare
from catalystcoe.templates import names
from catalystcoe.templates import upgrades

PASS = 'pass'
WARN = 'warn'
FAIL = 'fail'
INFO = 'info'
UPGRADE = 'upgrade'
COLUMNS = ('Item', 'Result', 'Detail', 'Source')
RULES_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                          'data', 'upgrade_rules.json')


@dataclasses.dataclass(frozen=True)
class Row:
    item: str
    result: str
    detail: str
    source: str = ''

    def as_tuple(self):
        return (self.item, self.result, self.detail, self.source)


@dataclasses.dataclass(frozen=True)
class Plan:
    rows: tuple

    @property
    def blocked(self):
        return any(row.result == FAIL for row in self.rows)

    def failures(self):
        return [row for row in self.rows if row.result == FAIL]

    def warnings(self):
        return [row for row in self.rows if row.result == WARN]


@functools.lru_cache(maxsize=None)
def load_rules(path=RULES_PATH):
    with open(path, encoding='utf-8') as f:
        return tuple(json.load(f)['rules'])


def _minor(text):
    major, minor = (int(p) for p in str(text).split('.')[:2])
    return (major, minor)


def _label_true(labels, key, value):
    return str((labels or {}).get(key, '')).strip().lower() == value


# -- rule checks: (rule, facts) -> (result, detail) or None (n/a) ---------

def _from_at_most(rule, facts):
    if facts.current[:2] <= _minor(rule['minor']):
        return FAIL, (f'the cluster runs {names.version_text(facts.current)}'
                      f': {rule["says"]}')
    return PASS, (f'{names.version_text(facts.current)} is newer than '
                  f'{rule["minor"]}')


def _one_minor_up(rule, facts):
    reason = upgrades.check(facts.current, facts.target)
    if reason:
        return FAIL, reason
    kind = ('a patch upgrade' if facts.current[:2] == facts.target[:2]
            else 'one minor version up')
    if facts.current == facts.target:
        kind = 'the same version (nodes are still replaced)'
    return PASS, kind


def _label_for_step(rule, facts):
    if (facts.current[:2], facts.target[:2]) != (_minor(rule['from']),
                                                 _minor(rule['to'])):
        return None
    key, value = rule['label'], rule['value']
    if _label_true(facts.cluster_labels, key, value):
        return PASS, f'{key}={value} on the cluster'
    shown = (facts.cluster_labels or {}).get(key, 'not set')
    return rule['result'], f'{key} is {shown}: {rule["says"]}'


def _label_deprecated(rule, facts):
    key, value = rule['label'], rule['value']
    if not _label_true(facts.cluster_labels, key, value):
        return PASS, f'{key} is not {value}'
    if facts.target[:2] >= _minor(rule['removed_in']):
        return rule['result'], (f'{key}={value}: upgrading to '
                                f'{rule["removed_in"]} removes it; '
                                f'{rule["says"]}')
    if facts.target[:2] >= _minor(rule['deprecated_from']):
        return rule['result'], f'{key}={value} is deprecated: {rule["says"]}'
    return PASS, f'{key}={value} is still supported on the target'


def _gpu_minimum(rule, facts):
    marker = rule['flavor_marker']
    gpu = sorted({ng.get('flavor_id') for ng in facts.nodegroups
                  if marker in str(ng.get('flavor_id') or '').lower()})
    if not gpu:
        return PASS, 'no GPU flavors in the node groups'
    minimums = [names.parse_version(v) for v in rule['minimum']]
    target = facts.target
    ok = any(target[:2] == m[:2] and target >= m for m in minimums) or (
        target[:2] > max(minimums)[:2])
    flavors = ', '.join(gpu)
    if ok:
        return PASS, f'{names.version_text(target)} supports {flavors}'
    return rule['result'], (f'{flavors} on {names.version_text(target)}: '
                            f'{rule["says"]}')


def _notice_for_step(rule, facts):
    if (facts.current[:2], facts.target[:2]) != (_minor(rule['from']),
                                                 _minor(rule['to'])):
        return None
    return rule['result'], rule['says']


def _notice(rule, facts):
    return rule['result'], rule['says']


CHECKS = {
    'from_at_most': _from_at_most,
    'one_minor_up': _one_minor_up,
    'label_for_step': _label_for_step,
    'label_deprecated': _label_deprecated,
    'gpu_minimum': _gpu_minimum,
    'notice_for_step': _notice_for_step,
    'notice': _notice,
}


@dataclasses.dataclass(frozen=True)
class Facts:
    current: tuple
    target: tuple
    cluster_labels: dict
    nodegroups: list


def rule_rows(facts, rules=None):
    """One row per rule that applies, in the data's order."""
    rows = []
    for rule in rules or load_rules():
        check = CHECKS.get(rule.get('check'))
        title = rule.get('title') or rule.get('id') or '?'
        if check is None:
            rows.append(Row(f'Rule: {title}', WARN,
                            f'this version of catalystcoe does not know '
                            f'the check {rule.get("check")!r}; not applied',
                            rule.get('source', '')))
            continue
        outcome = check(rule, facts)
        if outcome is not None:
            rows.append(Row(f'Rule: {title}', outcome[0], outcome[1],
                            rule.get('source', '')))
    return rows


def _ng_version(ng, cluster_version):
    for text in (ng.get('version'), (ng.get('labels') or {}).get(
            'kube_tag')):
        version = names.parse_version(text) if text else None
        if version is not None:
            return version
    return cluster_version


def nodegroup_rows(nodegroups, current, target):
    rows = []
    for ng in sorted(nodegroups, key=lambda n: (n.get('role') != 'master',
                                                n.get('name') or '')):
        version = _ng_version(ng, current)
        role = 'control plane' if ng.get('role') == 'master' else 'workers'
        count = ng.get('node_count')
        what = (f'{role}, {count} node{"s" if count != 1 else ""}, '
                f'{ng.get("flavor_id") or "?"}')
        if version[:2] != current[:2]:
            rows.append(Row(f'Node group {ng.get("name")}', WARN,
                            f'{what}: on {names.version_text(version)}, not '
                            f'the cluster\'s {names.version_text(current)}; '
                            'upgrade it to the cluster\'s version first'))
            continue
        rows.append(Row(f'Node group {ng.get("name")}', UPGRADE,
                        f'{what}: {names.version_text(version)} -> '
                        f'{names.version_text(target)}'))
    return rows


def label_rows(cluster_labels, target_labels):
    return [Row(f'Label {c.key}', c.change,
                f'{compare.value_text(c.old) or "-"} -> '
                f'{compare.value_text(c.new) or "-"}')
            for c in compare.diff(cluster_labels, target_labels)]


def make(cluster, nodegroups, current, current_name, target_info,
         rules=None):
    """The :class:`Plan` for upgrading ``cluster`` to ``target_info``.

    ``current`` is the cluster's version tuple (None when unknown);
    ``current_name`` its template's name (or id).
    """
    target = target_info.version
    rows = []
    if current is None or target is None:
        which = 'the cluster' if current is None else target_info.name
        rows.append(Row('Versions', WARN,
                        f'cannot tell the Kubernetes version of {which}; '
                        'no rule applied'))
        return Plan(tuple(rows))
    rows.append(Row('Versions', INFO,
                    f'{names.version_text(current)} ({current_name}) -> '
                    f'{names.version_text(target)} ({target_info.name})'))
    cluster_labels = cluster.get('labels') or {}
    facts = Facts(current, target, cluster_labels, list(nodegroups))
    rows += rule_rows(facts, rules)
    rows += label_rows(cluster_labels, target_info.labels)
    rows += nodegroup_rows(nodegroups, current, target)
    return Plan(tuple(rows))
