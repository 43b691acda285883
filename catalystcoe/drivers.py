"""What Magnum's cluster drivers write about a cluster, read back.

Catalyst Cloud's clusters are made by the Cluster API Helm driver
(openstack/magnum-capi-helm) since 2024, older ones by the Heat-era
drivers.  They leave different traces in the same API fields:

Heat era
    ``stack_id`` (``cluster_id`` from microversion 1.13) is a Heat stack's
    UUID; ``status_reason`` is Heat's ("Stack CREATE started", "Resource
    CREATE failed: ..."); failed node groups' reasons are the ``faults``.
Cluster API
    ``stack_id`` is the Helm release name (``<name>-<12 characters>``);
    there is no Heat stack.  ``health_status_reason`` is the CAPI
    monitor's dict (``cluster``, ``infrastructure``, ``controlplane``,
    ``nodegroup``: "Ready", "Waiting on [...]", "<node group> waiting on
    [...]", or "<reason>: <message>" when the infrastructure failed), and
    Magnum reports UNHEALTHY while an operation runs.  Since 2025-06
    Catalyst's ``status_reason`` carries an ``addons`` property with the
    add-ons' install progress (release-notes/release_2025-06-16.rst); its
    format is not published, so it is read leniently here.

Standard library only: the waiter and the support commands import it.
"""

import ast
import dataclasses
import html
import json
import re
import urllib.parse

CLUSTER_API = 'capi'
HEAT = 'heat'
NAMES = {CLUSTER_API: 'Cluster API (magnum-capi-helm)',
         HEAT: 'Heat-era driver'}

READY = 'Ready'
HEALTH_KEYS = ('cluster', 'infrastructure', 'controlplane', 'nodegroup')
DEPLOYED = 'Deployed'
FAILED_PHASES = ('Failed', 'Unknown')

_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}', re.IGNORECASE)
_WAITING = re.compile(r'(?:^|,)\s*(?:(?P<ng>[^,\[]+?) )?waiting on '
                      r'\[(?P<conds>[^\]]*)\]', re.IGNORECASE)
# What the CAPI monitor says of a part that is merely not there yet.
_NOT_YET = re.compile(r'^(?:infrastructure not ready\.?|.*resource not '
                      r'found\.?|(?:[^,]+ )?waiting on \[[^\]]*\]'
                      r'(?:\s*,\s*[^,]+ waiting on \[[^\]]*\])*)$',
                      re.IGNORECASE)
_COUNT = re.compile(r'(\d+)\s*(?:/|of)\s*(\d+)')


# gophercloud's ErrUnexpectedResponseCode, as the Cluster API provider
# for OpenStack quotes it in its failure messages.
_GOPHERCLOUD = re.compile(
    r'Expected HTTP response code \[[^\]]*\] when accessing \[(?P<method>'
    r'[A-Z]+) (?P<url>\S+?)\],? but got (?P<code>\d{3}) instead:?\s*'
    r'(?P<body>.*)', re.DOTALL)


def _body_message(body):
    """The message an OpenStack API error body carries, on one line."""
    body = body.strip()
    data = _literal(body)
    if data is not None:
        for key in ('NeutronError', 'error', 'badRequest', 'forbidden',
                    'itemNotFound', 'conflictingRequest', 'overLimit'):
            inner = data.get(key)
            if isinstance(inner, dict) and inner.get('message'):
                kind = inner.get('type')
                return (f'{kind}: ' if kind else '') + str(inner['message'])
        for key in ('faultstring', 'message', 'title', 'detail'):
            if data.get(key):
                return str(data[key])
    text = html.unescape(re.sub(r'<[^>]+>', ' ', body))
    return ' '.join(text.split())


def readable(text):
    """An API error quoted by gophercloud, put shortly.

    ``<METHOD> <path> answered <code>: <message>``; other text unchanged.
    """
    text = str(text)
    match = _GOPHERCLOUD.search(text)
    if match is None:
        return text
    path = urllib.parse.urlsplit(match.group('url')).path or match.group(
        'url')
    message = _body_message(match.group('body'))
    short = f'{match.group("method")} {path} answered {match.group("code")}'
    return (text[:match.start()] + short
            + (f': {message}' if message else ''))


def stack_id(cluster):
    return (cluster or {}).get('cluster_id') or (cluster or {}).get(
        'stack_id') or ''


def kind(cluster):
    """:data:`CLUSTER_API`, :data:`HEAT` or None (cannot tell)."""
    cluster = cluster or {}
    ident = str(stack_id(cluster))
    if ident:
        return HEAT if _UUID.fullmatch(ident) else CLUSTER_API
    health = health_parts(cluster.get('health_status_reason'))
    if any(key in health for key in HEALTH_KEYS):
        return CLUSTER_API
    if addons(cluster.get('status_reason')) is not None:
        return CLUSTER_API
    reason = str(cluster.get('status_reason') or '')
    if reason.startswith(('Stack ', 'Resource ')) or cluster.get('faults'):
        return HEAT
    return None


def _literal(text):
    """A dict from JSON or a Python literal, else None."""
    text = str(text or '').strip()
    if not text.startswith('{'):
        return None
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError,
                RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def health_parts(reason):
    """``health_status_reason`` as a dict of texts (it may come as text)."""
    if isinstance(reason, str):
        reason = _literal(reason)
    if not isinstance(reason, dict):
        return {}
    return {str(k): str(v) for k, v in reason.items()}


def is_not_yet(text):
    """True for the CAPI monitor's "not there yet" texts (not failures)."""
    return text == READY or bool(_NOT_YET.match(str(text).strip()))


def failures(reason):
    """``{part: text}`` of health parts that report a failure.

    Not "Ready" and not one of the monitor's waiting texts: e.g. the
    infrastructure's "UpdateError: failed to delete network: ...".
    """
    return {key: text for key, text in health_parts(reason).items()
            if not is_not_yet(text) and not key.endswith('.Ready')
            and text.lower() not in ('ok', 'true')}


def waiting_on(text):
    """``[(node group or '', [conditions])]`` of "waiting on [...]" texts."""
    out = []
    for match in _WAITING.finditer(str(text or '')):
        conds = [c.strip().strip('\'"') for c in
                 match.group('conds').split(',') if c.strip()]
        out.append(((match.group('ng') or '').strip(), conds))
    return out


@dataclasses.dataclass(frozen=True)
class Addons:
    """The add-ons' progress from ``status_reason``."""

    phases: dict          # name -> phase ('' when only counts are known)
    total: int
    deployed: int

    @property
    def failed(self):
        return [n for n, p in self.phases.items() if p in FAILED_PHASES]

    @property
    def pending(self):
        return [n for n, p in self.phases.items()
                if p and p != DEPLOYED and p not in FAILED_PHASES]

    @property
    def done(self):
        return self.total > 0 and self.deployed == self.total

    def summary(self):
        text = f'add-ons {self.deployed}/{self.total} installed'
        if self.failed:
            text += f', failed: {", ".join(self.failed)}'
        elif self.pending:
            first = self.pending[0]
            text += f' ({first} {self.phases[first].lower()})'
        return text


def addons(status_reason):
    """The :class:`Addons` in ``status_reason``, or None.

    Accepts the property as a JSON object or Python literal whose
    ``addons`` is a mapping of add-on to phase, a list of ``{name,
    phase}``, or a text such as ``3/7``.
    """
    data = _literal(status_reason)
    if data is None:
        match = re.search(r'addons\W+(\{.*\})', str(status_reason or ''),
                          re.DOTALL)
        data = {'addons': _literal(match.group(1))} if match else None
    if not data or 'addons' not in data or data['addons'] is None:
        return None
    value = data['addons']
    phases = {}
    if isinstance(value, dict):
        phases = {str(k): _phase(v) for k, v in value.items()}
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                name = item.get('name') or item.get('addon') or '?'
                phases[str(name)] = _phase(item.get('phase')
                                           or item.get('status'))
    else:
        match = _COUNT.search(str(value))
        if not match:
            return None
        deployed, total = int(match.group(1)), int(match.group(2))
        return Addons({}, total, min(deployed, total))
    deployed = sum(1 for p in phases.values() if p == DEPLOYED)
    return Addons(phases, len(phases), deployed)


def _phase(value):
    if isinstance(value, dict):
        value = value.get('phase') or value.get('status')
    text = str(value or '').strip()
    return text[:1].upper() + text[1:] if text else ''


def progress(cluster):
    """What the driver reports of the operation in progress, in words.

    Cluster API: the parts not ready yet and the add-ons' progress (e.g.
    "infrastructure ready, control plane ready, workers: default-worker
    not ready, add-ons 3/7 installed"); Heat era: the status_reason.  ''
    when nothing is reported.
    """
    cluster = cluster or {}
    if kind(cluster) != CLUSTER_API:
        return ' '.join(str(cluster.get('status_reason') or '').split())
    parts = []
    health = health_parts(cluster.get('health_status_reason'))
    bad = failures(health)
    for key, label in (('infrastructure', 'infrastructure'),
                       ('controlplane', 'control plane')):
        if key not in health:
            continue
        if key in bad:
            parts.append(f'{label} failing')
        else:
            parts.append(f'{label} '
                         f'{"ready" if health[key] == READY else "not ready"}')
    if 'nodegroup' in health:
        text = health['nodegroup']
        if text == READY:
            parts.append('workers ready')
        else:
            groups = [ng for ng, _c in waiting_on(text) if ng]
            parts.append('workers not ready' + (
                f' ({", ".join(groups)})' if groups else ''))
    found = addons(cluster.get('status_reason'))
    if found is not None:
        parts.append(found.summary())
    return ', '.join(parts)
