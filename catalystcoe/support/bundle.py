"""Turn what was gathered into the bundle's files, manifest and summary.

Everything goes through one :class:`~catalystcoe.support.redact.Redactor`
before it is serialised, and every text once more as it is written.
"""

import argparse
import datetime
import io
import re

from catalystcoe.support import archive
from catalystcoe.support import diagnosis
from catalystcoe.support import runner

_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def safe_name(name, fallback='cluster'):
    """``name`` made safe for a file name (letters, digits, ``._-``)."""
    safe = _UNSAFE.sub('_', str(name or '')).strip('._-')
    return safe[:80] or fallback


def timestamp(when):
    return when.strftime('%Y%m%dT%H%M%SZ')


def default_stem(names, when, all_clusters=False):
    if all_clusters:
        label = 'all'
    elif len(names) == 1:
        label = safe_name(names[0])
    else:
        label = f'{safe_name(names[0])}-and-{len(names) - 1}-more'
    return f'coe-support-{label}-{timestamp(when)}'


def render_cluster_table(cluster):
    """The cluster as ``openstack coe cluster show`` prints it (a table).

    Rendered by cliff's table formatter from the (redacted) cluster, with
    the stock command's columns; never fitted to a terminal.
    """
    from cliff.formatters import table
    from magnumclient.v1.clusters import CLUSTER_ATTRIBUTES
    from osc_lib import utils

    columns = list(CLUSTER_ATTRIBUTES)
    values = utils.get_dict_properties(cluster, columns)
    out = io.StringIO()
    args = argparse.Namespace(max_width=100000, fit_width=False,
                              print_empty=False)
    table.TableFormatter().emit_one(columns, values, out, args)
    return out.getvalue()


def unique_dirs(clusters):
    """A folder name per cluster (by id()), unique within the bundle."""
    dirs = {}
    seen = set()
    for data in clusters:
        name = safe_name(data.name, fallback=data.uuid[:8])
        if name in seen:
            name = f'{name}-{safe_name(data.uuid)[:8]}'
        seen.add(name)
        dirs[id(data)] = name
    return dirs


class Builder:
    """Collects files (relative path -> bytes), all redacted."""

    def __init__(self, redactor):
        self.redactor = redactor
        self.files = {}

    def json(self, path, obj):
        self.files[path] = archive.dumps(self.redactor.redact(obj))

    def text(self, path, text):
        self.files[path] = self.redactor.text(text).encode('utf-8')


def cluster_files(builder, data, directory, findings, outcomes,
                  template_info=None):
    base = f'clusters/{directory}'
    cluster = builder.redactor.redact(data.cluster or {})
    builder.files[f'{base}/cluster.json'] = archive.dumps(cluster)
    builder.text(f'{base}/cluster-show.txt', render_cluster_table(cluster))
    if data.template is not None:
        builder.json(f'{base}/cluster-template.json', data.template)
    if template_info is not None:
        builder.json(f'{base}/template-support.json', {
            'name': template_info.name,
            'uuid': template_info.uuid,
            'support': template_info.support,
            'reason': template_info.reason,
            'kubernetes_version': template_info.kubernetes_version,
            'end_of_support': template_info.end_of_support,
        })
    if data.nodegroup_list is not None:
        builder.json(f'{base}/nodegroups.json', data.nodegroup_list)
    used = set()
    for ng_id, nodegroup in sorted(data.nodegroups.items(),
                                   key=lambda kv: str(kv[1].get('name'))):
        name = safe_name(nodegroup.get('name'), fallback=str(ng_id)[:8])
        if name in used:
            name = f'{name}-{safe_name(ng_id)[:8]}'
        used.add(name)
        builder.json(f'{base}/nodegroups/{name}.json', nodegroup)
    if data.stack is not None:
        builder.json(f'{base}/stack/stack.json', data.stack)
    if data.stack_resources is not None:
        builder.json(f'{base}/stack/failed-resources.json',
                     data.failed_resources())
    if data.stack_events is not None:
        builder.json(f'{base}/stack/events.json', data.stack_events)
    builder.json(f'{base}/findings.json',
                 [f.as_dict() for f in findings])
    errors = [o.as_dict() for o in outcomes
              if o.cluster == data.ident and o.outcome != runner.OK]
    if errors:
        builder.json(f'{base}/collector-errors.json', errors)


def summary_text(manifest, per_cluster, redaction):
    lines = [
        'Catalyst Cloud Kubernetes support bundle '
        f'(format {archive.FORMAT_VERSION})',
        f'Created:  {manifest["created_at"]} by catalystcoe '
        f'{manifest["generator"]["version"]}',
        f'Command:  {" ".join(manifest["command"])}',
    ]
    env = manifest.get('environment') or {}
    lines.append(f'Region:   {env.get("region")}  interface '
                 f'{env.get("interface")}  API microversion '
                 f'{(env.get("api_microversion") or {}).get("server")}')
    lines.append(f'Project:  {env.get("project_id")}  user '
                 f'{env.get("user_id")}')
    for entry, findings, outcomes in per_cluster:
        lines += ['', f'Cluster {entry["name"]} ({entry["uuid"]})',
                  f'  Status: {entry["status"]}  health: '
                  f'{entry["health_status"]}']
        if entry.get('status_reason'):
            lines.append(f'  Reason: {entry["status_reason"]}')
        lines.append('  Findings:')
        for finding in findings:
            if finding.result == diagnosis.PASS:
                continue
            lines.append(f'    {finding.result.upper():4}  {finding.check}: '
                         f'{finding.detail}')
            if finding.next_step:
                lines.append(f'          next: {finding.next_step}')
        counts = diagnosis.counts(findings)
        lines.append(f'    ({counts["fail"]} fail, {counts["warn"]} warn, '
                     f'{counts["pass"]} pass)')
        bad = [o for o in outcomes if o.outcome != runner.OK]
        if bad:
            lines.append('  Not collected:')
            for o in bad:
                lines.append(f'    {o.name}: {o.outcome}: {o.detail}')
    by_kind = ', '.join(f'{k} {v}' for k, v in redaction['by_kind'].items())
    lines += ['', f'Redactions: {redaction["total"]}'
              + (f' ({by_kind})' if by_kind else ''),
              'Secrets (passwords, tokens, keys, certificates, credentials '
              'in URLs) were replaced by '
              f'"{manifest["redaction_marker"]}" before writing.']
    return '\n'.join(lines) + '\n'


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(
        microsecond=0)
