"""Diagnosis: what is wrong with a cluster, and what to do next.

This module is the engine: :class:`Facts` (what the API showed),
:class:`Rule` and :class:`Finding`; the rules themselves, one per known
failure, are data in :mod:`catalystcoe.support.rules` (an id, the
check's title, the patterns it looks for, the texts it must not take for
its cause, the next step, the source of its wording) plus a small
function ``(facts, rule) -> Finding``.  Every rule gives one row,
``pass``, ``warn`` or ``fail``, so a user sees what was checked as well
as what failed.

Every text rule reads every field the drivers write
(:meth:`Facts.texts`): the cluster's ``status_reason``, ``faults`` and
``health_status_reason`` (the Cluster API driver reports infrastructure
and deletion failures there), every node group's ``status_reason``, and,
when the user may read a Heat stack, the stack's status reason and its
failed resources'.  Health is judged against the operation in progress:
a Cluster API cluster is UNHEALTHY while it is created or resized.
"""

import dataclasses
import datetime
import re
from typing import Callable

from catalystcoe import drivers
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
    # The newest template of the cluster's minor version the cloud offers
    # when it is a newer patch than the cluster's (patch currency).
    newer_patch: catalogue.TemplateInfo | None = None

    @property
    def status(self):
        return self.cluster.get('status') or ''

    @property
    def in_progress(self):
        return self.status.endswith('_IN_PROGRESS')

    @property
    def driver(self):
        """``drivers.CLUSTER_API``, ``drivers.HEAT`` or None."""
        return drivers.kind(self.cluster)

    @property
    def health(self):
        return drivers.health_parts(self.cluster.get('health_status_reason'))

    @property
    def addons(self):
        return drivers.addons(self.cluster.get('status_reason'))

    def timeout_minutes(self):
        timeout = self.cluster.get('create_timeout')
        try:
            return int(timeout) if timeout else DEFAULT_CREATE_TIMEOUT_MINUTES
        except (TypeError, ValueError):
            return DEFAULT_CREATE_TIMEOUT_MINUTES

    def elapsed_minutes(self):
        """Minutes since the operation in progress started, or None."""
        since = None
        if not self.status.startswith('CREATE'):
            since = parse_time(self.cluster.get('updated_at'))
        since = since or parse_time(self.cluster.get('created_at'))
        if since is None:
            return None
        now = self.now or datetime.datetime.now(datetime.timezone.utc)
        return (now - since).total_seconds() / 60

    def overdue(self):
        """In progress for longer than its create_timeout."""
        elapsed = self.elapsed_minutes()
        return (self.in_progress and elapsed is not None
                and elapsed > self.timeout_minutes())

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
        for key, text in sorted(drivers.failures(self.health).items()):
            out.append((f'health {key}', text))
        for ng in self.nodegroups:
            reason = ng.get('status_reason')
            if reason:
                out.append((f'node group {ng.get("name")}', str(reason)))
        stack = self.stack or {}
        if stack.get('stack_status_reason') and not str(
                stack.get('stack_status', '')).endswith('_COMPLETE'):
            out.append(('stack', str(stack['stack_status_reason'])))
        for res in self.failed_resources:
            if res.get('resource_status_reason'):
                out.append((f'resource {res.get("resource_name")}',
                            str(res['resource_status_reason'])))
        # API errors quoted whole (the Cluster API provider's) put shortly.
        return [(source, drivers.readable(text)) for source, text in out]


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    check: str
    fn: Callable[['Facts', 'Rule'], Finding]
    patterns: tuple = ()
    next_step: str = ''
    result: str = FAIL      # result when a pattern matches
    statuses: tuple = ()    # status prefixes the rule applies to
    # A text that matches one of these is another rule's cause.
    excludes: tuple = ()
    # Where the wording the patterns look for comes from.
    source: str = ''
    # Names a cause (counted when measured against real failure texts).
    cause: bool = False
    # What the rule looks at, in words (the user guide's rule table).
    about: str = ''

    def matches(self, facts):
        """``[(source, match)]`` for every text a pattern matches."""
        found = []
        for source, text in facts.texts():
            if any(re.search(p, text, re.IGNORECASE)
                   for p in self.excludes):
                continue
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


def short(text, limit=160):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'


def first(items, limit, sep=', '):
    """At most ``limit`` items joined, then how many more there are."""
    items = list(items)
    text = sep.join(items[:limit])
    if len(items) > limit:
        text += f'{sep}and {len(items) - limit} more'
    return text


def excerpt(match, before=40, after=140):
    """The matched text with some context (more after it), on one line."""
    text = match.string
    start = max(0, match.start() - before)
    end = min(len(text), match.end() + after)
    clause = text.rfind(': ', start, match.start())
    if clause >= 0:
        # From the clause that holds the match ("...value 'x': The Key
        # (x) could not be found" starts at "The Key").
        start = clause + 2
    elif start > 0:
        start = text.find(' ', start, match.start()) + 1 or start
    if end < len(text):
        space = text.rfind(' ', match.end(), end)
        end = space if space > 0 else end
    out = ' '.join(text[start:end].split())
    return ('...' if start > 0 else '') + out + (
        '...' if end < len(text) else '')


def parse_time(value):
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


def diagnose(facts, rules=None):
    """Every rule's finding for ``facts``, in rule order."""
    if rules is None:
        from catalystcoe.support import rules as rules_mod
        rules = rules_mod.RULES
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
