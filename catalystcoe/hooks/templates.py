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
    """``coe cluster upgrade``: alias targets; no skipped minor, no down."""

    def get_parser(self, parser):
        parser.add_argument(
            '--skip-upgrade-check', dest=SKIP_CHECK_DEST,
            action='store_true', default=False,
            help='Send the upgrade even if the target template skips a '
                 'Kubernetes minor version or is older than the cluster '
                 '(default: such upgrades are refused before any request '
                 'is sent).')
        return parser

    def get_epilog(self):
        return ALIAS_EPILOG + (
            ' Upgrades go one minor version at a time: a target that skips '
            'a minor version or downgrades is refused (see '
            '"openstack coe catalyst template list --upgrades-for '
            '<cluster>"; override with --skip-upgrade-check).')

    def before(self, parsed_args):
        app = self.cmd.app
        value = parsed_args.cluster_template
        is_alias = aliases.parse(value) is not None
        check = not getattr(parsed_args, SKIP_CHECK_DEST, False)
        if not (is_alias or check):
            announce_preview_name(app, parsed_args, value)
            return parsed_args
        client = cloud.magnum(app)
        today, lifecycle = api.judging(app)
        infos = api.classified(client, today, lifecycle)
        try:
            target = aliases.resolve(value, infos.values())
        except aliases.ResolveError as exc:
            if is_alias:
                raise osc_exc.CommandError(str(exc)) from exc
            # Not a template we can see: Magnum answers for it.
            return parsed_args
        api.announce(app.stderr, value, target)
        announce_preview(app, parsed_args, target)
        parsed_args.cluster_template = target.uuid
        if check:
            self._check(app, client, parsed_args.cluster, target, infos)
        return parsed_args

    @staticmethod
    def _check(app, client, cluster_ref, target, infos):
        cluster = api.get_cluster(client, cluster_ref)
        current = upgrades.cluster_version(cluster, infos)
        if current is None or target.version is None:
            app.stderr.write(
                'Note: cannot tell the Kubernetes version of '
                f'{"the cluster" if current is None else target.name}; '
                'the upgrade path was not checked.\n')
            return
        reason = upgrades.check(current, target.version)
        if reason is None:
            return
        valid = upgrades.targets(
            current, [info for info in infos.values() if not info.hidden],
            exclude_uuid=cluster.get('cluster_template_id'))
        names = [info.name for info in valid[:MAX_TARGETS_NAMED]]
        if len(valid) > MAX_TARGETS_NAMED:
            names.append(f'and {len(valid) - MAX_TARGETS_NAMED} more')
        valid_text = ', '.join(names) if names else 'none'
        raise osc_exc.CommandError(
            f'refusing to upgrade cluster {cluster_ref} to {target.name}: '
            f'{reason}. Valid targets: {valid_text} (or pass '
            '--skip-upgrade-check).')

    def after(self, parsed_args, return_code):
        return return_code


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
