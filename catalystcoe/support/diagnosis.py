"""Diagnosis rules: what is wrong with a cluster, and what to do next.

Each rule is data (:class:`Rule`: an id, the check's title, the patterns
it looks for in the texts Magnum and Heat give, the next step to
suggest) plus a small function ``(facts, rule) -> Finding``.  Every rule
gives one row, ``pass``, ``warn`` or ``fail``, so a user sees what was
checked as well as what failed.

The texts searched (:meth:`Facts.texts`) are the cluster's status_reason
and faults, the node groups' status_reason, and, when the user may read
the Heat stack, the stack's status reason and its failed resources'.
"""

import dataclasses
import datetime
import re
from typing import Callable

from catalystcoe.templates import catalogue

PASS = 'pass'
WARN = 'warn'
FAIL = 'fail'
RESULTS = (PASS, WARN, FAIL)

DEFAULT_CREATE_TIMEOUT_MINUTES = 60
SUPPORT = ('open a ticket in the Support Centre and attach the file of '
           "'openstack coe support bundle create <cluster>'")


@dataclasses.dataclass(frozen=True)
class Finding:
    check: str
    result: str
    detail: str
    next_step: str = ''
    rule: str = ''

    def as_dict(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Facts:
    """What the rules look at (plain dicts, as the APIs return them)."""

    cluster: dict
    template: dict | None = None
    template_info: catalogue.TemplateInfo | None = None
    nodegroups: list = dataclasses.field(default_factory=list)
    stack: dict | None = None
    failed_resources: list = dataclasses.field(default_factory=list)
    stack_readable: bool = False
    now: datetime.datetime | None = None

    @property
    def status(self):
        return self.cluster.get('status') or ''

    def texts(self):
        """``(source, text)`` pairs the text rules search."""
        out = []
        cluster = self.cluster
        if cluster.get('status_reason'):
            out.append(('status_reason', str(cluster['status_reason'])))
        faults = cluster.get('faults') or {}
        if isinstance(faults, dict):
            for name, text in sorted(faults.items()):
                if text:
                    out.append((f'fault of {name}', str(text)))
        for ng in self.nodegroups:
            reason = ng.get('status_reason')
            if reason and str(ng.get('status', '')).endswith('FAILED'):
                out.append((f'node group {ng.get("name")}', str(reason)))
        stack = self.stack or {}
        if stack.get('stack_status_reason') and not str(
                stack.get('stack_status', '')).endswith('_COMPLETE'):
            out.append(('stack', str(stack['stack_status_reason'])))
        for res in self.failed_resources:
            if res.get('resource_status_reason'):
                out.append((f'resource {res.get("resource_name")}',
                            str(res['resource_status_reason'])))
        return out


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    check: str
    fn: Callable[['Facts', 'Rule'], Finding]
    patterns: tuple = ()
    next_step: str = ''
    result: str = FAIL      # result when a pattern matches
    statuses: tuple = ()    # status prefixes the rule applies to

    def matches(self, facts):
        """``[(source, match)]`` for every text a pattern matches."""
        found = []
        for source, text in facts.texts():
            for pattern in self.patterns:
                match = re.search(pattern, text, re.IGNORECASE)
                if match:
                    found.append((source, match))
                    break
        return found

    def finding(self, result, detail, next_step=None):
        return Finding(self.check, result, detail,
                       self.next_step if next_step is None else next_step,
                       self.id)


def _short(text, limit=160):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'


def _first(items, limit, sep=', '):
    """At most ``limit`` items joined, then how many more there are."""
    items = list(items)
    text = sep.join(items[:limit])
    if len(items) > limit:
        text += f'{sep}and {len(items) - limit} more'
    return text


def excerpt(match, around=50):
    """The matched text with a little context, on one line."""
    text = match.string
    start = max(0, match.start() - around)
    end = min(len(text), match.end() + around)
    if start > 0:
        start = text.find(' ', start, match.start()) + 1 or start
    if end < len(text):
        end = text.rfind(' ', match.end(), end) if text.rfind(
            ' ', match.end(), end) > 0 else end
    out = ' '.join(text[start:end].split())
    return ('...' if start > 0 else '') + out + (
        '...' if end < len(text) else '')


def _parse_time(value):
    if not value:
        return None
    try:
        when = datetime.datetime.fromisoformat(str(value).replace('Z',
                                                                  '+00:00'))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


# -- rule functions -----------------------------------------------------

def check_status(facts, rule):
    status = facts.status
    reason = facts.cluster.get('status_reason') or ''
    if status.endswith('_FAILED'):
        return rule.finding(FAIL, _short(f'{status}: {reason}'))
    if status.endswith('_IN_PROGRESS'):
        return rule.finding(WARN, f'{status}: {_short(reason)}',
                            'wait, then run this again; see "Progress"')
    return rule.finding(PASS, status or 'unknown', '')


def check_text(facts, rule):
    """Generic text rule: ``rule.result`` when a pattern matches."""
    if rule.statuses and not facts.status.startswith(rule.statuses):
        return rule.finding(PASS, f'not applicable ({facts.status or "?"})',
                            '')
    found = rule.matches(facts)
    if not found:
        return rule.finding(PASS, f'no {rule.check.lower()} errors', '')
    details = dict.fromkeys(f'{source}: {excerpt(match)}'
                            for source, match in found)
    whats = sorted({match.group(1).strip() for _source, match in found
                    if match.lastindex})
    next_step = rule.next_step.replace(
        '{what}', (' ' + ', '.join(whats)) if whats else '')
    return rule.finding(rule.result, '; '.join(details), next_step)


_QUOTA_PATTERNS = (
    # Nova: "Quota exceeded for cores: Requested 2, but already used ..."
    r'quota exceeded for (cores|ram|instances|server_groups|'
    r'server_group_members|key_pairs)\b',
    # Neutron: "Quota exceeded for resources: ['floatingip']."
    r"quota exceeded for resources: \[?'?([a-z_]+)",
    # Octavia: "Quota has been met for resources: LoadBalancer"
    r'quota has been met for resources?: ?([A-Za-z_]+)',
    # Cinder
    r'exceeds allowed (gigabytes) quota',
    r"maximum number of (volumes|snapshots) allowed",
    r'(?:VolumeLimitExceeded|VolumeSizeExceedsAvailableQuota)',
    # Magnum's own
    r'maximum (clusters) per project',
    r'quota exceeded',
)


def check_quota(facts, rule):
    found = rule.matches(facts)
    if not found:
        return rule.finding(PASS, 'no quota errors', '')
    quotas = []
    for _source, match in found:
        name = match.group(1) if match.lastindex else 'unknown'
        name = {'LoadBalancer': 'load balancers', 'floatingip':
                'floating IPs', 'ram': 'RAM', 'port': 'ports',
                'gigabytes': 'volume gigabytes'}.get(name, name)
        quotas.append(name)
    quotas = list(dict.fromkeys(quotas))
    sources = _first(dict.fromkeys(s for s, _m in found), 4)
    detail = f'quota exceeded for {", ".join(quotas)} (in {sources})'
    return rule.finding(FAIL, detail, rule.next_step.replace(
        '{what}', ' ' + ', '.join(quotas)))


def check_stuck(facts, rule):
    status = facts.status
    if not status.endswith('_IN_PROGRESS'):
        return rule.finding(PASS, f'not in progress ({status or "?"})', '')
    timeout = facts.cluster.get('create_timeout')
    try:
        minutes = int(timeout) if timeout else DEFAULT_CREATE_TIMEOUT_MINUTES
    except (TypeError, ValueError):
        minutes = DEFAULT_CREATE_TIMEOUT_MINUTES
    since = None
    if not status.startswith('CREATE'):
        since = _parse_time(facts.cluster.get('updated_at'))
    since = since or _parse_time(facts.cluster.get('created_at'))
    now = facts.now or datetime.datetime.now(datetime.timezone.utc)
    if since is None:
        return rule.finding(WARN, f'{status}, start time unknown', '')
    elapsed = (now - since).total_seconds() / 60
    if elapsed > minutes:
        step = rule.next_step
        if status.startswith('DELETE'):
            step = ('look for load balancers, ports or a bastion host left '
                    'on the cluster network (see "Delete blocked"); then '
                    + SUPPORT)
        return rule.finding(
            FAIL, f'{status} for {elapsed:.0f} min, longer than its '
                  f'create_timeout of {minutes} min', step)
    return rule.finding(
        PASS, f'{status} for {elapsed:.0f} of {minutes} min', '')


def check_health(facts, rule):
    health = facts.cluster.get('health_status') or ''
    reason = facts.cluster.get('health_status_reason') or {}
    if health == 'HEALTHY':
        return rule.finding(PASS, 'HEALTHY', '')
    if health == 'UNHEALTHY':
        bad = []
        if isinstance(reason, dict):
            for key, value in sorted(reason.items()):
                text = str(value)
                if key.endswith('.Ready') and text.lower() != 'true':
                    bad.append(f'node {key[:-len(".Ready")]} not Ready')
                elif not key.endswith('.Ready') and text not in (
                        'Ready', 'ok', 'True', 'true'):
                    bad.append(f'{key}: {text}')
        elif reason:
            bad.append(_short(reason))
        return rule.finding(FAIL, 'UNHEALTHY: ' + ('; '.join(bad) or
                                                   'no reason given'))
    if facts.status.endswith('_COMPLETE'):
        return rule.finding(
            WARN, f'health status {health or "not reported"}',
            'Magnum cannot reach the Kubernetes API of a private cluster '
            'to check its health; check the nodes with kubectl get nodes')
    return rule.finding(PASS, f'health status {health or "not reported"} '
                              f'while the cluster is {facts.status}', '')


def check_node_addresses(facts, rule):
    found = rule.matches(facts)
    if found:
        return rule.finding(FAIL, '; '.join(
            f'{source}: {excerpt(match)}' for source, match in found))
    cluster = facts.cluster
    missing = []
    if facts.status in ('CREATE_COMPLETE', 'UPDATE_COMPLETE'):
        if (cluster.get('node_count') or 0) > 0 and not cluster.get(
                'node_addresses'):
            missing.append('workers')
        if (cluster.get('master_count') or 0) > 0 and not cluster.get(
                'master_addresses'):
            missing.append('masters')
    if missing:
        return rule.finding(WARN, f'no addresses reported for '
                                  f'{" and ".join(missing)}')
    return rule.finding(PASS, 'nodes have addresses', '')


def check_nodegroups(facts, rule):
    if not facts.nodegroups:
        return rule.finding(WARN, 'no node groups could be read', '')
    failed, busy = [], []
    for ng in facts.nodegroups:
        status = str(ng.get('status') or '')
        if status.endswith('_FAILED'):
            failed.append(f'{ng.get("name")} {status}: '
                          f'{_short(ng.get("status_reason") or "", 100)}')
        elif status.endswith('_IN_PROGRESS'):
            busy.append(f'{ng.get("name")} {status}')
    if failed:
        return rule.finding(FAIL, '; '.join(failed))
    if busy:
        return rule.finding(WARN, '; '.join(busy),
                            'wait for the operation to finish')
    return rule.finding(PASS, f'{len(facts.nodegroups)} node group(s), '
                              f'none failed', '')


def check_stack(facts, rule):
    if not facts.stack_readable:
        return None
    failed = facts.failed_resources
    if failed:
        return rule.finding(FAIL, _first([
            f'{r.get("resource_name")} ({r.get("resource_type")}) '
            f'{r.get("resource_status")}: '
            f'{_short(r.get("resource_status_reason") or "", 100)}'
            for r in failed], 2, '; '))
    status = (facts.stack or {}).get('stack_status') or ''
    if status.endswith('_FAILED'):
        return rule.finding(FAIL, _short(
            f'{status}: {(facts.stack or {}).get("stack_status_reason")}'))
    return rule.finding(PASS, f'stack {status or "readable"}, no failed '
                              f'resources', '')


def check_template(facts, rule):
    info = facts.template_info
    if facts.template is None:
        template_id = facts.cluster.get('cluster_template_id')
        return rule.finding(
            WARN, f'cluster template {template_id} could not be read '
                  f'(deleted, or private to another project?)', '')
    if info is None:
        return rule.finding(PASS, f'{facts.template.get("name")}: support '
                                  f'status not known', '')
    support = info.support
    reason = info.reason or ''
    detail = f'{info.name}: {support}' + (f' ({reason})' if reason else '')
    if support == catalogue.UNSUPPORTED:
        return rule.finding(FAIL, detail)
    if support in (catalogue.SUPERSEDED, catalogue.ENDING, catalogue.TBA,
                   catalogue.PREVIEW):
        step = (rule.next_step if support != catalogue.PREVIEW else
                'preview versions may change or fail; use the latest '
                "supported template for production ('openstack coe "
                "catalyst template list')")
        return rule.finding(WARN, detail, step)
    return rule.finding(PASS, detail, '')


def check_labels(facts, rule):
    if facts.template is None:
        return rule.finding(PASS, 'template not readable; labels not '
                                  'compared', '')
    cluster_labels = facts.cluster.get('labels') or {}
    template_labels = facts.template.get('labels') or {}
    skipped = facts.cluster.get('labels_skipped')
    if not isinstance(skipped, dict):
        skipped = {k: v for k, v in template_labels.items()
                   if k not in cluster_labels}
    overridden = facts.cluster.get('labels_overridden') or {}
    if skipped:
        names = sorted(skipped)
        shown = ', '.join(names[:8]) + (', ...' if len(names) > 8 else '')
        return rule.finding(
            WARN, f'{len(names)} of the template\'s {len(template_labels)} '
                  f'labels are missing from the cluster: {shown}')
    detail = 'cluster has all of the template\'s labels'
    if isinstance(overridden, dict) and overridden:
        detail += f' ({len(overridden)} overridden)'
    return rule.finding(PASS, detail, '')


RULES = (
    Rule('status', 'Cluster status', check_status,
         next_step='see the checks below; if none names the cause, '
                   + SUPPORT),
    Rule('health', 'Health', check_health,
         next_step='check the nodes (kubectl get nodes; kubectl describe '
                   'node <node>); auto-healing replaces NotReady nodes '
                   'when auto_healing_enabled=true'),
    Rule('quota', 'Quota', check_quota, patterns=_QUOTA_PATTERNS,
         next_step='free up or ask for more quota for{what} (Support '
                   'Centre, quota increase), then delete the failed '
                   'cluster and create it again'),
    Rule('timeout', 'Time-out', check_text,
         statuses=('CREATE', 'UPDATE', 'RESUME'),
         patterns=(r'\btimed out\b', r'\btimeout\b: ',
                   r'(?:create|update) (?:aborted|cancelled)'),
         next_step='creation took longer than create_timeout; delete the '
                   'cluster and create it again (--timeout for more '
                   'minutes); if it happens again, ' + SUPPORT),
    Rule('stuck', 'Progress', check_stuck,
         next_step='the operation has run longer than create_timeout '
                   'and is probably stuck; ' + SUPPORT),
    Rule('delete_blocked', 'Delete blocked', check_text,
         statuses=('DELETE',),
         patterns=(r'one or more ports have an ip allocation from this '
                   r'subnet',
                   r'there are one or more ports still in use',
                   r'ports? (?:are )?still in use',
                   r'required by one or more floating ips',
                   r'(?:DELETE failed|delete).{0,80}\bConflict\b',
                   r'\bbastion\b'),
         next_step='delete what was added on the cluster network (load '
                   'balancers of Services of type LoadBalancer, ports, '
                   'floating IPs, a bastion host), then delete the cluster '
                   'again; clusters stuck deleting: ' + SUPPORT),
    Rule('keypair', 'Keypair', check_text,
         patterns=(r'the key \(([^)]+)\) could not be found',
                   r'unable to find keypair ([^\s,.]+)',
                   r'key ?pair ([^\s,.]+) (?:could )?not (?:be )?found',
                   r'keypair not found'),
         next_step="the keypair{what} does not exist in this region "
                   "('openstack keypair list'); create or import it, or "
                   "create the cluster with an existing --keypair"),
    Rule('image_flavor', 'Image and flavor', check_text,
         patterns=(r'image ([^\s,]+) could not be found',
                   r"no images? matching \{?'?name'?:? ?'?([^\s'}]+)",
                   r'unable to find flavor ([^\s,]+)',
                   r'flavor (?:id )?\(?([^\s)]+)\)? could not be found',
                   r"image ([^\s,]+) doesn't contain os_distro"),
         next_step='the image or flavor{what} is not available; use a '
                   'current cluster '
                   "template ('openstack coe catalyst template list') "
                   "and a flavor from 'openstack flavor list'"),
    Rule('load_balancer', 'Load balancer', check_text,
         patterns=(r'load ?balancer provisioning error',
                   r'provisioning status of the load ?balancer is error',
                   r'resources\.(?:api|etcd)_lb\b[^:]*: went to status '
                   r'error',
                   r'quota has been met for resources?: loadbalancer'),
         next_step='the load balancer in front of the Kubernetes API '
                   'failed; delete the cluster and create it again; '
                   'load-balancer problems: ' + SUPPORT),
    Rule('node_addresses', 'Node addresses', check_node_addresses,
         patterns=(r'no address found for host \S+',
                   r'no (?:ip )?address(?:es)? (?:found )?for (?:host|'
                   r'server) \S+'),
         next_step='nodes did not get an address on the cluster network; '
                   'check the network and subnet the cluster uses '
                   '(fixed_network, fixed_subnet) have free addresses, '
                   'then create the cluster again'),
    Rule('nodegroups', 'Node groups', check_nodegroups,
         next_step="see 'openstack coe nodegroup show <cluster> <node "
                   "group>'; resize or delete the failed node group"),
    Rule('stack', 'Heat stack', check_stack,
         next_step='the failed resources above name the cause; '
                   + SUPPORT),
    Rule('template', 'Template support', check_template,
         next_step="upgrade to a supported template ('openstack coe "
                   "catalyst template list'; one minor version at a time)"),
    Rule('labels', 'Labels', check_labels,
         next_step='the cluster was probably created with --labels but '
                   'without --merge-labels, which replaces the template\'s '
                   'labels; create it again with --merge-labels'),
)


def diagnose(facts, rules=RULES):
    """Every rule's finding for ``facts``, in rule order."""
    findings = []
    for rule in rules:
        finding = rule.fn(facts, rule)
        if finding is not None:
            findings.append(finding)
    return findings


def counts(findings):
    """``{'pass': n, 'warn': n, 'fail': n}``."""
    out = dict.fromkeys(RESULTS, 0)
    for finding in findings:
        out[finding.result] = out.get(finding.result, 0) + 1
    return out
