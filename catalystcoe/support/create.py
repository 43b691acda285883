"""``coe support bundle create``: gather, diagnose, redact, write."""

import dataclasses
import os
import re

from osc_lib import exceptions as osc_exc

from catalystcoe.support import archive
from catalystcoe.support import bundle
from catalystcoe.support import diagnosis
from catalystcoe.support import environment
from catalystcoe.support import gather
from catalystcoe.support import redact
from catalystcoe.support import runner


@dataclasses.dataclass
class Options:
    clusters: list
    all_clusters: bool = False
    output: str | None = None
    force: bool = False
    timeout: float = gather.DEFAULT_TIMEOUT
    workers: int = gather.DEFAULT_WORKERS
    redact_patterns: tuple = ()
    mask_addresses: bool = False


def compile_patterns(patterns):
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise osc_exc.CommandError(
                f'--redact {pattern!r} is not a valid regular expression: '
                f'{exc}')
    return tuple(patterns)


def target_path(output, stem):
    """Where to write: ``output`` (a file or a folder) or the cwd."""
    name = stem + '.tar.gz'
    if not output:
        return os.path.join(os.getcwd(), name)
    if os.path.isdir(output):
        return os.path.join(output, name)
    if output.endswith(os.sep):
        raise osc_exc.CommandError(f'cannot write {output}: no such folder')
    parent = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(parent):
        raise osc_exc.CommandError(f'cannot write {output}: folder {parent} '
                                   f'does not exist')
    return output


def check_writable(path, force):
    parent = os.path.dirname(os.path.abspath(path))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise osc_exc.CommandError(f'cannot write {path}: {parent} is not '
                                   f'writable')
    if os.path.lexists(path) and not force:
        raise osc_exc.CommandError(f'{path} exists; use --force to replace '
                                   f'it')


def create(client_manager, argv, options, generator_version):
    """Write the bundle; returns the summary dict the command shows."""
    when = bundle.now_utc()
    stem = bundle.default_stem(options.clusters, when, options.all_clusters)
    # Check the target before any API call: fail fast on a bad path.
    if options.output or not options.all_clusters:
        check_writable(target_path(options.output, stem), options.force)
    redactor = redact.Redactor(compile_patterns(options.redact_patterns),
                               options.mask_addresses)

    got = gather.gather(client_manager, options.clusters,
                        timeout=options.timeout, workers=options.workers,
                        all_clusters=options.all_clusters)
    if options.all_clusters:
        names = [data.name for data in got.clusters]
        stem = bundle.default_stem(names, when, all_clusters=True)
    path = target_path(options.output, stem)
    check_writable(path, options.force)

    env = environment.collect(
        client_manager, got.session,
        requested_microversion=gather.MICROVERSION,
        server_microversion=got.log.server_microversion())
    env['requested_microversion_option'] = getattr(
        client_manager, '_api_version', {}).get('container_infra')

    per_cluster = []
    for data in got.clusters:
        findings = diagnosis.diagnose(gather.facts_for(data, got.shared))
        per_cluster.append((data, findings))

    raw_everything = [env, got.log.entries()] + [
        [d.cluster, d.template, d.nodegroup_list, d.nodegroups, d.stack,
         d.stack_events] for d, _f in per_cluster]
    redactor.learn_hosts(raw_everything)

    builder = bundle.Builder(redactor)
    dirs = bundle._unique_dirs(got.clusters)
    cluster_entries = []
    summaries = []
    for data, findings in per_cluster:
        directory = dirs[id(data)]
        outcomes = [o for o in got.outcomes if o.cluster == data.ident]
        info = gather.template_info(data, got.shared)
        bundle.cluster_files(builder, data, directory, findings,
                             got.outcomes, info)
        entry = redactor.redact({
            'name': data.name, 'uuid': data.uuid,
            'status': data.cluster.get('status'),
            'health_status': data.cluster.get('health_status'),
            'status_reason': data.cluster.get('status_reason'),
            'directory': f'clusters/{directory}',
            'findings': diagnosis.counts(findings),
        })
        cluster_entries.append(entry)
        red_findings = [diagnosis.Finding(**redactor.redact(f.as_dict()))
                        for f in findings]
        red_outcomes = [runner.Outcome(**redactor.redact(o.as_dict()))
                        for o in outcomes]
        summaries.append((entry, red_findings, red_outcomes))
    builder.json('environment.json', env)
    builder.json('requests.json', got.log.entries())

    by_ident = {data.ident: data for data in got.clusters}
    collectors = []
    for o in got.outcomes:
        entry = o.as_dict()
        if o.cluster in by_ident:
            entry.update(cluster=by_ident[o.cluster].name,
                         cluster_uuid=by_ident[o.cluster].uuid)
        collectors.append(entry)
    manifest = {
        'created_at': when.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'generator': {'name': 'catalystcoe', 'version': generator_version},
        'command': redact.redact_argv(argv, redactor),
        'clusters': cluster_entries,
        'collectors': redactor.redact(collectors),
        'collection_seconds': got.duration_seconds,
        'options': {
            'mask_addresses': options.mask_addresses,
            'custom_redactions': len(options.redact_patterns),
            'timeout_seconds': options.timeout,
            'workers': options.workers,
        },
        'redaction_marker': redact.MARKER,
        'environment': redactor.redact(env),
        'findings': _total_counts(f for _d, fs in per_cluster for f in fs),
    }
    summary = bundle.summary_text(manifest, summaries, redactor.summary())
    builder.text('summary.txt', summary)
    manifest['redactions'] = redactor.summary()
    data, manifest = archive.build(stem, dict(sorted(
        builder.files.items(), key=_file_order)), manifest,
        when.timestamp())
    try:
        archive.write_atomic(path, data, force=options.force)
    except archive.BundleError as exc:
        raise osc_exc.CommandError(str(exc)) from None

    errors = [f'{by_ident[o.cluster].name if o.cluster in by_ident else "-"}'
              f': {o.name}: '
              f'{o.outcome}' + (f' ({o.detail})' if o.detail else '')
              for o in got.outcomes if o.outcome != runner.OK]
    return {
        'path': os.path.abspath(path),
        'size': len(data),
        'sha256': archive.sha256(data),
        'clusters': [e['name'] for e in cluster_entries],
        'files': len(manifest['files']) + 1,
        'redactions': manifest['redactions']['total'],
        'findings': manifest['findings'],
        'collector_errors': redactor.redact(errors),
    }


def _total_counts(findings):
    return diagnosis.counts(list(findings))


def _file_order(item):
    path = item[0]
    return (path != 'summary.txt', '/' in path, path)
