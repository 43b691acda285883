"""Hooks on ``coe cluster create``, ``coe cluster upgrade`` and
``coe nodegroup create``: template aliases, upgrade checks, label safety.

Imported for every run of those commands: only light imports here
(python-magnumclient is imported inside functions, when needed).
"""

from cliff import hooks
from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import preview
from catalystcoe.templates import aliases
from catalystcoe.templates import api
from catalystcoe.templates import catalogue
from catalystcoe.templates import labels as labels_mod
from catalystcoe.templates import lifecycle as lifecycle_mod
from catalystcoe.templates import names
from catalystcoe.templates import upgrades

SKIP_CHECK_DEST = 'catalystcoe_skip_upgrade_check'
DRY_RUN_DEST = 'catalystcoe_dry_run'
# Exit code of --dry-run when a rule blocks the upgrade.
EXIT_BLOCKED = 2
MAX_TARGETS_NAMED = 6

ALIAS_EPILOG = (
    'Catalyst Cloud: the cluster template may also be given as an alias '
    f'({aliases.EXAMPLES}): the newest supported, non-hidden template that '
    'matches, named on stderr. An exact template name or UUID wins.')


def given_labels(values):
    """The labels a ``--labels`` option sends, as magnumclient reads them.

    None when magnumclient itself would refuse them (it says why).
    """
    from magnumclient.common import utils as magnum_utils
    from magnumclient import exceptions as mc_exc

    try:
        return magnum_utils.format_labels(values)
    except (mc_exc.CommandError, ValueError):
        return None


def warn_dropped(stream, base, values, source):
    """Warn on ``stream`` when --labels ``values`` drop labels of ``base``."""
    given = given_labels(values)
    if given is None:
        return
    dropped = labels_mod.dropped(base, given)
    if dropped:
        stream.write(labels_mod.drop_warning(dropped, source) + '\n')


def announce_preview(app, parsed_args, info):
    """The notice for a template of a preview Kubernetes version.

    Once per run; silenced like the region's notice.
    """
    if info.support == catalogue.PREVIEW:
        preview.announce_version(app, parsed_args, info.minor, info.reason)


def announce_preview_name(app, parsed_args, name):
    """The same for a template known by its name only (no request)."""
    parsed = names.parse_name(name)
    if parsed is None:
        return
    on, lifecycle = api.judging(app)
    if lifecycle.status(parsed.minor, on) == lifecycle_mod.PREVIEW:
        preview.announce_version(app, parsed_args, parsed.minor,
                                 lifecycle.why(parsed.minor, on))


class ClusterCreateTemplateHook(hooks.CommandHook):
    """``coe cluster create``: alias for --cluster-template, label warning."""

    def get_parser(self, parser):
        return parser

    def get_epilog(self):
        return ALIAS_EPILOG + (
            ' --labels without --merge-labels replaces the template\'s '
            'labels: a warning on stderr names the labels dropped.')

    def before(self, parsed_args):
        app = self.cmd.app
        value = getattr(parsed_args, 'cluster_template', None)
        if not value:
            return parsed_args
        client = cloud.magnum(app)
        info = None
        if aliases.parse(value) is not None:
            # One template list: an exact name or UUID in it wins.
            today, lifecycle = api.judging(app)
            info, _infos = api.resolve(client, value, today, lifecycle)
            api.announce(app.stderr, value, info)
            announce_preview(app, parsed_args, info)
            parsed_args.cluster_template = info.uuid
        else:
            announce_preview_name(app, parsed_args, value)
        if parsed_args.labels and not parsed_args.merge_labels:
            if info is not None:
                name, base = info.name, info.labels
            else:
                name, base = self._template_labels(client, value)
            if base:
                warn_dropped(app.stderr, base, parsed_args.labels,
                             f'cluster template {name}')
        return parsed_args

    @staticmethod
    def _template_labels(client, value):
        """Name and labels of a template; no labels if it cannot be read.

        The command itself reports a template that does not exist.
        """
        try:
            template = api.get_template(client, value)
        except osc_exc.CommandError:
            return value, {}
        return template.get('name') or value, template.get('labels') or {}

    def after(self, parsed_args, return_code):
        return return_code


class ClusterUpgradeTemplateHook(hooks.CommandHook):
    """``coe cluster upgrade``: aliases, upgrade rules, ``--dry-run``."""

    def get_parser(self, parser):
        parser.add_argument(
            '--skip-upgrade-check', dest=SKIP_CHECK_DEST,
            action='store_true', default=False,
            help='Send the upgrade even if a rule of Catalyst Cloud blocks '
                 'it (a downgrade, a skipped minor version, 1.27 or older, '
                 '1.30 to 1.31 without auto-healing, a GPU flavor on too '
                 'old a patch) (default: such upgrades are refused before '
                 'any request is sent).')
        parser.add_argument(
            '--dry-run', dest=DRY_RUN_DEST, action='store_true',
            default=False,
            help='Print the upgrade plan and send nothing: the versions, '
                 'each of Catalyst Cloud\'s upgrade rules with pass, warn '
                 'or fail and its source, the labels that differ between '
                 'the cluster and the target template, the node groups to '
                 'be upgraded and what to expect. Exit code 0 when the '
                 f'upgrade may go ahead, {EXIT_BLOCKED} when a rule blocks '
                 'it.')
        return parser

    def get_epilog(self):
        return ALIAS_EPILOG + (
            ' Before the request, Catalyst Cloud\'s upgrade rules are '
            'checked (one minor version at a time, no downgrade, no upgrade '
            'from 1.27 or older, auto-healing for 1.30 to 1.31, GPU '
            'flavors, the dashboard label): a blocking rule refuses the '
            'upgrade (override with --skip-upgrade-check), warnings are '
            'printed on stderr. --dry-run prints the whole plan and sends '
            'nothing (see also "openstack coe catalyst template list '
            '--upgrades-for <cluster>").')

    def before(self, parsed_args):
        app = self.cmd.app
        value = parsed_args.cluster_template
        is_alias = aliases.parse(value) is not None
        check = not getattr(parsed_args, SKIP_CHECK_DEST, False)
        dry_run = getattr(parsed_args, DRY_RUN_DEST, False)
        if not (is_alias or check or dry_run):
            announce_preview_name(app, parsed_args, value)
            return parsed_args
        client = cloud.magnum(app)
        today, lifecycle = api.judging(app)
        infos = api.classified(client, today, lifecycle)
        try:
            target = aliases.resolve(value, infos.values())
        except aliases.ResolveError as exc:
            if is_alias or dry_run:
                raise osc_exc.CommandError(str(exc)) from exc
            # Not a template we can see: Magnum answers for it.
            return parsed_args
        api.announce(app.stderr, value, target)
        announce_preview(app, parsed_args, target)
        parsed_args.cluster_template = target.uuid
        if dry_run:
            self._dry_run(app, client, parsed_args.cluster, target, infos)
        elif check:
            self._check(app, client, parsed_args.cluster, target, infos)
        return parsed_args

    @staticmethod
    def _plan(app, client, cluster_ref, target, infos):
        from catalystcoe.templates import plan

        cluster = api.get_cluster(client, cluster_ref)
        try:
            nodegroups = api.list_nodegroups(
                client, cluster.get('uuid') or cluster_ref)
        except osc_exc.CommandError as exc:
            app.stderr.write(f'Note: {exc}; node groups not checked.\n')
            nodegroups = []
        current = upgrades.cluster_version(cluster, infos)
        template_id = cluster.get('cluster_template_id')
        current_info = infos.get(template_id)
        current_name = current_info.name if current_info else template_id
        return cluster, current, plan.make(cluster, nodegroups, current,
                                           current_name, target)

    def _dry_run(self, app, client, cluster_ref, target, infos):
        from catalystcoe.templates import plan as plan_mod

        _cluster, _current, plan = self._plan(app, client, cluster_ref,
                                              target, infos)
        rows = [row.as_tuple() for row in plan.rows]
        code = EXIT_BLOCKED if plan.blocked else 0
        _emit_table(app.stdout, plan_mod.COLUMNS, rows)
        if plan.blocked:
            app.stderr.write(
                f'The upgrade of {cluster_ref} to {target.name} is blocked '
                'by the rules marked fail.\n')

        # Nothing is sent: the stock command's action is replaced for this
        # run by one that returns the plan's exit code.
        def take_action(_parsed_args):
            return code
        setattr(self.cmd, 'take_action', take_action)

    def _check(self, app, client, cluster_ref, target, infos):
        cluster, current, plan = self._plan(app, client, cluster_ref, target,
                                            infos)
        if current is None or target.version is None:
            app.stderr.write(
                'Note: cannot tell the Kubernetes version of '
                f'{"the cluster" if current is None else target.name}; '
                'the upgrade path was not checked.\n')
            return
        path = upgrades.check(current, target.version)
        if path is not None:
            valid = upgrades.targets(
                current, [info for info in infos.values()
                          if not info.hidden],
                exclude_uuid=cluster.get('cluster_template_id'))
            names = [info.name for info in valid[:MAX_TARGETS_NAMED]]
            if len(valid) > MAX_TARGETS_NAMED:
                names.append(f'and {len(valid) - MAX_TARGETS_NAMED} more')
            valid_text = ', '.join(names) if names else 'none'
            raise osc_exc.CommandError(
                f'refusing to upgrade cluster {cluster_ref} to '
                f'{target.name}: {path}. Valid targets: {valid_text} (or '
                'pass --skip-upgrade-check).')
        failures = plan.failures()
        if failures:
            raise osc_exc.CommandError(
                f'refusing to upgrade cluster {cluster_ref} to '
                f'{target.name}: ' + '; '.join(
                    f'{row.item.removeprefix("Rule: ")}: {row.detail}'
                    for row in failures)
                + ' (see --dry-run; or pass --skip-upgrade-check).')
        for row in plan.warnings():
            app.stderr.write(f'Warning: {row.item.removeprefix("Rule: ")}: '
                             f'{row.detail}\n')

    def after(self, parsed_args, return_code):
        return return_code


def _emit_table(stream, columns, rows):
    """The rows as cliff prints a Lister's table (no -f on this command)."""
    import argparse

    from cliff.formatters import table

    table.TableFormatter().emit_list(
        columns, rows, stream,
        argparse.Namespace(max_width=0, fit_width=False, print_empty=False))


class NodeGroupCreateLabelsHook(hooks.CommandHook):
    """``coe nodegroup create``: warn when --labels drops cluster labels."""

    def get_parser(self, parser):
        return parser

    def get_epilog(self):
        return ('Catalyst Cloud: --labels without --merge-labels replaces '
                'the labels the node group would inherit from its cluster: '
                'a warning on stderr names the labels dropped.')

    def before(self, parsed_args):
        if not parsed_args.labels or parsed_args.merge_labels:
            return parsed_args
        app = self.cmd.app
        client = cloud.magnum(app)
        try:
            cluster = api.get_cluster(client, parsed_args.cluster)
        except osc_exc.CommandError:
            return parsed_args  # the command reports it
        warn_dropped(app.stderr, cluster.get('labels') or {},
                     parsed_args.labels,
                     f'cluster {cluster.get("name") or parsed_args.cluster}')
        return parsed_args

    def after(self, parsed_args, return_code):
        return return_code
