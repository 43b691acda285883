"""``coe support bundle create``, one stage a job.

:func:`create` runs the stages in order: resolve and check the output
(before any API call, so a bad path fails fast); gather (one pool, one
time limit); diagnose each cluster once; lay out the files; the
manifest; the summary; write (atomically, mode 0600).  Everything that
reaches a file goes through the one redactor.
"""

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


@dataclasses.dataclass
class Layout:
    """The bundle's files; what the manifest and summary say of clusters.

    All redacted.
    """

    builder: bundle.Builder
    clusters: list            # manifest entries
    summaries: list           # (entry, findings, outcomes) per cluster


def create(client_manager, argv, options, generator_version):
    """Write the bundle; returns the summary dict the command shows."""
    when = bundle.now_utc()
    redactor = redact.Redactor(compile_patterns(options.redact_patterns),
                               options.mask_addresses)
    stem = bundle.default_stem(options.clusters, when, options.all_clusters)
    path = target_path(options.output, stem)
    check_writable(path, options.force)

    got = gather.gather(client_manager, options.clusters,
                        timeout=options.timeout, workers=options.workers,
                        all_clusters=options.all_clusters)
    diagnosed = gather.diagnose_each(got)
    env = client_environment(client_manager, got)
    redactor.learn_hosts([env, got.log.entries()] + [
        [d.cluster, d.template, d.nodegroup_list, d.nodegroups, d.stack,
         d.stack_events] for d in got.clusters])

    layout = lay_out(redactor, got, diagnosed, env)
    manifest = manifest_for(redactor, argv, options, generator_version,
                            when, got, diagnosed, layout, env)
    layout.builder.text('summary.txt', bundle.summary_text(
        manifest, layout.summaries, redactor.summary()))
    manifest['redactions'] = redactor.summary()
    data, manifest = write(path, stem, layout.builder.files, manifest, when,
                           options.force)
    return {
        'path': os.path.abspath(path),
        'size': len(data),
        'sha256': archive.sha256(data),
        'clusters': [e['name'] for e in layout.clusters],
        'files': len(manifest['files']) + 1,
        'redactions': manifest['redactions']['total'],
        'findings': manifest['findings'],
        'collector_errors': redactor.redact(collector_errors(got)),
    }


# -- the output ---------------------------------------------------------

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
    """Fail before any API call when ``path`` cannot be written.

    (The write itself never replaces a file created meanwhile without
    ``force``: see :func:`archive.write_atomic`.)
    """
    parent = os.path.dirname(os.path.abspath(path))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise osc_exc.CommandError(f'cannot write {path}: {parent} is not '
                                   f'writable')
    if os.path.lexists(path) and not force:
        raise osc_exc.CommandError(f'{path} exists; use --force to replace '
                                   f'it')


def write(path, stem, files, manifest, when, force):
    """The archive's bytes and final manifest, written to ``path``."""
    data, manifest = archive.build(stem, dict(sorted(
        files.items(), key=_file_order)), manifest, when.timestamp())
    try:
        archive.write_atomic(path, data, force=force)
    except archive.BundleError as exc:
        raise osc_exc.CommandError(str(exc)) from None
    return data, manifest


def _file_order(item):
    path = item[0]
    return (path != 'summary.txt', '/' in path, path)


# -- what goes in -------------------------------------------------------

def client_environment(client_manager, got):
    env = environment.collect(
        client_manager, got.session,
        requested_microversion=gather.MICROVERSION,
        server_microversion=got.log.server_microversion())
    env['requested_microversion_option'] = getattr(
        client_manager, '_api_version', {}).get('container_infra')
    return env


def lay_out(redactor, got, diagnosed, env):
    """Every file of the bundle but the summary and the manifest."""
    builder = bundle.Builder(redactor)
    dirs = bundle.unique_dirs(got.clusters)
    entries, summaries = [], []
    for one in diagnosed:
        data = one.data
        directory = dirs[id(data)]
        bundle.cluster_files(builder, data, directory, one.findings,
                             got.outcomes, one.template_info)
        entry = redactor.redact({
            'name': data.name, 'uuid': data.uuid,
            'status': data.cluster.get('status'),
            'health_status': data.cluster.get('health_status'),
            'status_reason': data.cluster.get('status_reason'),
            'directory': f'clusters/{directory}',
            'findings': diagnosis.counts(one.findings),
        })
        entries.append(entry)
        summaries.append((
            entry,
            [diagnosis.Finding(**redactor.redact(f.as_dict()))
             for f in one.findings],
            [runner.Outcome(**redactor.redact(o.as_dict()))
             for o in got.outcomes if o.cluster == data.ident]))
    builder.json('environment.json', env)
    builder.json('requests.json', got.log.entries())
    return Layout(builder, entries, summaries)


def manifest_for(redactor, argv, options, generator_version, when, got,
                 diagnosed, layout, env):
    by_ident = {data.ident: data for data in got.clusters}
    collectors = []
    for o in got.outcomes:
        entry = o.as_dict()
        if o.cluster in by_ident:
            entry.update(cluster=by_ident[o.cluster].name,
                         cluster_uuid=by_ident[o.cluster].uuid)
        collectors.append(entry)
    return {
        'created_at': when.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'generator': {'name': 'catalystcoe', 'version': generator_version},
        'command': redact.redact_argv(argv, redactor),
        'clusters': layout.clusters,
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
        'findings': diagnosis.counts(
            [f for one in diagnosed for f in one.findings]),
    }


def collector_errors(got):
    """``<cluster>: <collector>: <outcome> (<detail>)`` for each failure."""
    names = {data.ident: data.name for data in got.clusters}
    return [f'{names.get(o.cluster, "-")}: {o.name}: {o.outcome}'
            + (f' ({o.detail})' if o.detail else '')
            for o in got.outcomes if o.outcome != runner.OK]
