"""Pre-flight checks on ``coe cluster create``, ``coe cluster resize``,
``coe nodegroup create`` (before the request) and ``coe cluster delete``.

Declared in ``setup.cfg`` after the template hook (which resolves
aliases into ``parsed_args.cluster_template``) and before the wait hook.
A failing check raises ``CommandError`` (one line each, exit 1) before
any request that changes anything; warnings go to stderr. ``--dry-run``
prints every check on stdout and replaces the command's action, so that
nothing is sent. Imported for these commands only: the checks are
imported inside ``before``.
"""

from cliff import hooks
from osc_lib import exceptions as osc_exc

SKIP_DEST = 'catalystcoe_skip_preflight'
DRY_RUN_DEST = 'catalystcoe_dry_run'
STRICT_DEST = 'catalystcoe_strict'

EPILOG = (
    'Catalyst Cloud: before the request, pre-flight checks read the '
    'quotas (Nova, Cinder, Neutron, Octavia, Magnum), flavors, image, '
    'keypair and labels in parallel; a failing check refuses with one '
    'line each and exit code 1, warnings go to stderr. See '
    '--dry-run and --skip-preflight.')


def add_skip_option(parser):
    parser.add_argument(
        '--skip-preflight', dest=SKIP_DEST, action='store_true',
        default=False,
        help='Send the request without the Catalyst Cloud pre-flight '
             'checks (default: checks run first and a failing one '
             'refuses the request).')


class _ChangeHook(hooks.CommandHook):
    """Checks before a request that makes something; ``--dry-run``."""

    what = 'the request'

    def get_parser(self, parser):
        add_skip_option(parser)
        parser.add_argument(
            '--dry-run', dest=DRY_RUN_DEST, action='store_true',
            default=False,
            help='Run the pre-flight checks, print each one (pass, warn, '
                 'fail or skip) on stdout and send nothing. Exit code 1 '
                 'when a check fails (default: off).')
        return parser

    def get_epilog(self):
        return EPILOG

    def results(self, parsed_args):
        raise NotImplementedError

    def describe(self, parsed_args):
        return self.what

    def before(self, parsed_args):
        dry_run = getattr(parsed_args, DRY_RUN_DEST, False)
        if getattr(parsed_args, SKIP_DEST, False) and not dry_run:
            return parsed_args
        from catalystcoe.preflight import report

        app = self.cmd.app
        results = self.results(parsed_args)
        if dry_run:
            for text in report.dry_run_lines(results):
                app.stdout.write(text + '\n')
            app.stderr.write('Dry run: nothing was sent.\n')
            code = 1 if report.failed(results) else 0
            # The command's own action is the request: replace it, on
            # this command object only, by the exit code of the checks.
            setattr(self.cmd, 'take_action', lambda _parsed_args: code)
            return parsed_args
        for text in report.notices(results):
            app.stderr.write(text + '\n')
        if report.failed(results):
            raise osc_exc.CommandError(
                report.refusal(results, self.describe(parsed_args)))
        return parsed_args

    def after(self, parsed_args, return_code):
        return return_code


def _given_labels(parsed_args):
    """The --labels as magnumclient reads them (None: not given)."""
    if not getattr(parsed_args, 'labels', None):
        return None
    # The template hook's reading (loaded for these commands already).
    from catalystcoe.hooks import templates as template_hooks
    return template_hooks.given_labels(parsed_args.labels) or {}


class ClusterCreatePreflightHook(_ChangeHook):
    """``coe cluster create``: quota, flavors, image, GPU, labels, ..."""

    def describe(self, parsed_args):
        return f'create cluster {parsed_args.name}'

    def results(self, parsed_args):
        from catalystcoe.preflight import run
        return run.for_create(self.cmd.app, parsed_args,
                              _given_labels(parsed_args))


class ClusterResizePreflightHook(_ChangeHook):
    """``coe cluster resize``: quota of the nodes added, master counts."""

    def describe(self, parsed_args):
        return f'resize cluster {parsed_args.cluster}'

    def results(self, parsed_args):
        from catalystcoe.preflight import run
        return run.for_resize(self.cmd.app, parsed_args)


class NodeGroupCreatePreflightHook(_ChangeHook):
    """``coe nodegroup create``: quota, flavor, image, GPU, labels."""

    def describe(self, parsed_args):
        return (f'create node group {parsed_args.name} of cluster '
                f'{parsed_args.cluster}')

    def results(self, parsed_args):
        from catalystcoe.preflight import run
        return run.for_nodegroup(self.cmd.app, parsed_args,
                                 _given_labels(parsed_args))


class ClusterDeletePreflightHook(hooks.CommandHook):
    """``coe cluster delete``: name what blocks it, and what survives.

    Warns (and deletes) by default; ``--strict`` refuses instead when
    something not made by the cluster would block the delete, or when
    that cannot be checked. Volumes that survive are always only named:
    they do not stop the delete.
    """

    def get_parser(self, parser):
        add_skip_option(parser)
        parser.add_argument(
            '--strict', dest=STRICT_DEST, action='store_true',
            default=False,
            help='Refuse (exit 1, nothing deleted) when something on a '
                 "cluster's network that the cluster did not make would "
                 'block the delete, or when that cannot be checked '
                 '(default: warn on stderr and delete).')
        return parser

    def get_epilog(self):
        return ('Catalyst Cloud: before the request, the clusters\' '
                'resources are read: anything on a cluster\'s network that '
                'the cluster did not make (a bastion server, a load '
                'balancer, a floating IP, a router interface, a port) is '
                'named on stderr, since it blocks the delete, and so are '
                'the volumes of the Cinder CSI driver, which survive it. '
                'See "openstack coe cluster resource list <cluster>".')

    def before(self, parsed_args):
        if getattr(parsed_args, SKIP_DEST, False):
            return parsed_args
        from catalystcoe.preflight import delete

        app = self.cmd.app
        strict = getattr(parsed_args, STRICT_DEST, False)
        warnings, refusals = delete.check(app, list(parsed_args.cluster),
                                          strict)
        for text in warnings:
            app.stderr.write(text + '\n')
        if refusals:
            raise osc_exc.CommandError('\n'.join(refusals))
        return parsed_args

    def after(self, parsed_args, return_code):
        return return_code
