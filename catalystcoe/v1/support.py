"""``openstack coe support bundle create|show``.

``create`` collects everything support needs about one or more clusters
into one redacted ``.tar.gz``; ``show`` reads such a file, offline, so a
user can see what they are about to send.
"""

import sys

from osc_lib.command import command
from osc_lib import exceptions as osc_exc

from catalystcoe import cli

CREATE_COLUMNS = ('path', 'size', 'sha256', 'clusters', 'files',
                  'redactions', 'findings', 'collector_errors')
SHOW_COLUMNS = ('path', 'size', 'sha256', 'format_version', 'created_at',
                'generator', 'command', 'clusters', 'findings',
                'collectors', 'redactions', 'files')


def _version():
    import importlib.metadata
    try:
        return importlib.metadata.version('catalystcoe')
    except importlib.metadata.PackageNotFoundError:
        return 'unknown'


class CreateSupportBundle(command.ShowOne):
    _description = (
        'Collect everything support needs about clusters into one '
        '.tar.gz, with secrets removed: each cluster (every field, and as '
        "'coe cluster show' prints it), its template and node groups, the "
        'Heat stack behind it where you may read it (status, failed '
        'resources, recent events), the client environment, a log of '
        'every API call with its request ID, and the diagnosis of '
        "'coe cluster diagnose'. Passwords, tokens, keys, certificates "
        'and credentials in URLs are replaced before anything is written. '
        "Check the file with 'coe support bundle show <file>' before "
        'sending it.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'clusters', metavar='<cluster>', nargs='*',
            help='Name or UUID of a cluster to collect (repeat for more).')
        parser.add_argument(
            '--all', dest='all_clusters', action='store_true',
            help='Collect every cluster of the project in this region.')
        parser.add_argument(
            '--output', metavar='<path>',
            help='File to write, or an existing folder to write it in '
                 '(default: coe-support-<cluster>-<UTC time>.tar.gz in '
                 'the current folder).')
        parser.add_argument(
            '--force', action='store_true',
            help='Replace the output file if it exists (default: refuse).')
        parser.add_argument(
            '--redact', metavar='<regex>', action='append', default=[],
            dest='redact_patterns',
            help='Also replace text matching this Python regular '
                 'expression (repeat for more).')
        parser.add_argument(
            '--mask-addresses', action='store_true',
            help='Also replace IP addresses and host names, each by the '
                 'same placeholder wherever it appears (default: kept).')
        parser.add_argument(
            '--timeout', metavar='<seconds>', type=cli.seconds,
            default=30.0,
            help='Time limit for collecting, in seconds: a collector that '
                 'has not answered by then is recorded as timed out and the '
                 'bundle is written with the rest (default: 30).')
        parser.add_argument(
            '--parallel', metavar='<n>', type=cli.workers, default=16,
            dest='workers',
            help='How many API calls to make at once, across all clusters '
                 '(1-32, default: 16).')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.support import create

        if parsed_args.all_clusters == bool(parsed_args.clusters):
            raise osc_exc.CommandError(
                'name at least one cluster, or give --all (not both)')
        options = create.Options(
            clusters=parsed_args.clusters,
            all_clusters=parsed_args.all_clusters,
            output=parsed_args.output, force=parsed_args.force,
            timeout=parsed_args.timeout, workers=parsed_args.workers,
            redact_patterns=tuple(parsed_args.redact_patterns),
            mask_addresses=parsed_args.mask_addresses)
        result = create.create(self.app.client_manager, _argv(), options,
                               _version())
        return CREATE_COLUMNS, (
            result['path'], result['size'], result['sha256'],
            cli.LinesColumn(result['clusters']), result['files'],
            result['redactions'], cli.CountsColumn(result['findings']),
            cli.LinesColumn(result['collector_errors']))


def _argv():
    import os
    argv = list(sys.argv)
    if argv:
        argv[0] = os.path.basename(argv[0])
    return argv


class ShowSupportBundle(command.ShowOne):
    _description = (
        'Show what a support bundle holds, without any network access: '
        'the manifest, the clusters, the findings, what each collector '
        'got, the redaction counts and every file. Fails when the file is '
        'not a bundle, is corrupt, or a file does not match its sha256.')

    auth_required = False

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('file', metavar='<file>',
                            help='The bundle (.tar.gz) to read.')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.support import archive
        from catalystcoe.support import describe

        try:
            shown = describe.describe(archive.read(parsed_args.file))
        except archive.BundleError as exc:
            raise osc_exc.CommandError(str(exc)) from None
        return SHOW_COLUMNS, tuple(
            cli.LinesColumn(value) if isinstance(value, list) else
            cli.CountsColumn(value) if isinstance(value, dict) else value
            for value in (shown[column] for column in SHOW_COLUMNS))
