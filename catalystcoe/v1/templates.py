"""``openstack coe catalyst template list|show|diff|create``.

Which cluster template to use, what a template is, and a private copy of
a Catalyst Cloud template with your own labels and flavors.

cliff imports this module on every ``openstack`` run, so it holds the
command classes and their options only; the logic is imported when a
command runs.
"""

import argparse
import re

from osc_lib.command import command
from osc_lib import exceptions as osc_exc

from catalystcoe import cli
from catalystcoe import templates as templates_pkg

_VERSION_FILTER_RE = re.compile(
    r'v?([0-9]{1,3})\.([0-9]{1,3})(?:\.([0-9]{1,4}))?')

SUPPORT_HELP = (
    'Support is one of: latest (newest release of the newest supported '
    'Kubernetes version), supported, superseded (a newer patch or rebuild '
    'of the same version and profile exists, hidden or not), ending (its '
    'version was expected to be unsupported by a date that has passed), '
    'unsupported, preview, tba (a version still to be announced), custom '
    '(a private template or a name that is not a Catalyst Cloud template '
    'name). The version table is Catalyst Cloud\'s published one, or the '
    'service facts document named by catalystcoe_facts_url; a version '
    'newer than the table that the cloud offers counts as supported.')


def version_filter(text):
    """argparse type for --kubernetes-version: ``1.29`` or ``1.29.3``."""
    match = _VERSION_FILTER_RE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a Kubernetes version such as 1.29 or 1.29.3')
    return tuple(int(part) for part in match.groups() if part is not None)


class ListCatalystTemplates(command.Lister):
    _description = (
        'List cluster templates with their Kubernetes version, profile, '
        'release date and support status, newest version first. By '
        'default hidden and unsupported templates are left out. '
        + SUPPORT_HELP)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--kubernetes-version', metavar='<version>',
            dest='kubernetes_version', type=version_filter,
            help='Only templates of this Kubernetes minor version (1.29) '
                 'or exact version (1.29.3). Default: every version.')
        parser.add_argument(
            '--profile', choices=('prod', 'dev'),
            help='Only templates of this profile. Default: every profile.')
        parser.add_argument(
            '--latest', action='store_true', default=False,
            help='Only the newest template of each Kubernetes minor '
                 'version and profile.')
        parser.add_argument(
            '--all', dest='include_all', action='store_true', default=False,
            help='Include hidden and unsupported templates (hidden ones '
                 'are only visible to administrators).')
        parser.add_argument(
            '--upgrades-for', metavar='<cluster>', dest='upgrades_for',
            help='Only the templates cluster <cluster> (name or UUID) may '
                 'be upgraded to: a newer patch of its Kubernetes minor '
                 'version or the next minor version (unsupported ones '
                 'included, as a cluster cannot skip them).')
        cli.add_region_options(parser, 'templates')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe import cloud
        from catalystcoe.templates import api
        from catalystcoe.templates import catalogue
        from catalystcoe.templates import views

        today, lifecycle = api.judging(self.app, warn_stale=True)
        client_manager = cloud.client_manager(self.app)
        multi = cli.multi_region(parsed_args)
        if multi and parsed_args.upgrades_for:
            raise osc_exc.CommandError(
                '--upgrades-for looks at one region: use --os-region-name '
                'instead of --region/--all-regions')
        fetched = api.fetch_regions(self.app, parsed_args, api.fetch)
        if parsed_args.upgrades_for:
            cluster = api.get_cluster(client_manager.container_infra,
                                      parsed_args.upgrades_for)
        rows: list = []
        for region, templates in fetched.items():
            infos = catalogue.classify(templates, today, lifecycle)
            if parsed_args.upgrades_for:
                chosen = self._upgrade_targets(parsed_args, cluster, infos)
            else:
                chosen = views.select(
                    infos.values(), parsed_args.kubernetes_version,
                    parsed_args.profile, parsed_args.include_all)
            if parsed_args.latest:
                chosen = views.keep_newest(chosen)
            rows.extend((info.sort_key(), region or '', info, region)
                        for info in chosen)
        rows.sort(key=lambda row: row[:2])
        columns = ((views.REGION_COLUMN,) + views.LIST_COLUMNS) if multi else \
            views.LIST_COLUMNS
        return columns, [views.list_row(info, region)
                         for _key, _region, info, region in rows]

    def _upgrade_targets(self, parsed_args, cluster, infos):
        """Valid upgrade targets; unsupported ones count (no skipping)."""
        from catalystcoe.templates import names
        from catalystcoe.templates import upgrades
        from catalystcoe.templates import views

        current = upgrades.cluster_version(cluster, infos)
        if current is None:
            raise osc_exc.CommandError(
                'cannot tell the Kubernetes version of cluster '
                f'{parsed_args.upgrades_for}')
        candidates = [
            info for info in views.select(
                infos.values(), parsed_args.kubernetes_version,
                parsed_args.profile, True)
            if parsed_args.include_all or not info.hidden]
        chosen = upgrades.targets(
            current, candidates,
            exclude_uuid=cluster.get('cluster_template_id'))
        if not chosen:
            self.app.stderr.write(
                'No template is a valid upgrade target for cluster '
                f'{parsed_args.upgrades_for} (Kubernetes '
                f'{names.version_text(current)}).\n')
        return chosen


class ShowCatalystTemplate(command.ShowOne):
    _description = (
        'Show a cluster template (by name, UUID or alias such as '
        f'{templates_pkg.ALIAS_EXAMPLES}): its Kubernetes version, '
        'profile, release '
        'date and support status, every field, and its labels both as '
        'key=value rows and as one value ready to paste after --labels. '
        + SUPPORT_HELP)

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'template', metavar='<template>',
            help='Name, UUID or alias of the cluster template. An exact '
                 'name or UUID wins over an alias; an alias picks the '
                 'newest supported, non-hidden Catalyst template that '
                 'matches.')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe import cloud
        from catalystcoe import preview
        from catalystcoe.templates import api
        from catalystcoe.templates import catalogue
        from catalystcoe.templates import views

        client = cloud.magnum(self.app)
        today, lifecycle = api.judging(self.app, warn_stale=True)
        info, _infos = api.resolve(client, parsed_args.template, today,
                                   lifecycle)
        api.announce(self.app.stderr, parsed_args.template, info)
        if info.support == catalogue.PREVIEW:
            preview.announce_version(self.app, parsed_args, info.minor,
                                     info.reason)
        return views.show_data(info)


class DiffCatalystTemplates(command.Lister):
    _description = (
        'Compare two cluster templates (names, UUIDs or aliases such as '
        f'{templates_pkg.ALIAS_EXAMPLES}): one row per field or label '
        '(labels.<key>) that differs, with how (added, removed, changed) '
        'and its value in each, the first template being "From". '
        'Identical templates give no rows.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'template', metavar='<template>',
            help='Name, UUID or alias of the template to compare from.')
        parser.add_argument(
            'other', metavar='<other-template>',
            help='Name, UUID or alias of the template to compare with.')
        parser.add_argument(
            '--all', action='store_true', default=False,
            help='Also list the fields and labels that are the same '
                 '(change "same"; default: differences only).')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe import cloud
        from catalystcoe.templates import api
        from catalystcoe.templates import compare

        client = cloud.magnum(self.app)
        today, lifecycle = api.judging(self.app)
        infos = api.classified(client, today, lifecycle)
        chosen = []
        for value in (parsed_args.template, parsed_args.other):
            info = api.resolve_in(infos, value)
            api.announce(self.app.stderr, value, info)
            chosen.append(info)
        changes = compare.templates(chosen[0].template, chosen[1].template,
                                    keep_same=parsed_args.all)
        return (compare.COLUMNS, [c.as_row() for c in changes])


# Options of ``template create`` that override one template field:
# (option, dest, field, type, help).
_OVERRIDES = (
    ('--image', 'image', 'image_id', str,
     'Name or UUID of the image for the nodes.'),
    ('--flavor', 'flavor', 'flavor_id', str,
     'Nova flavor (name or UUID) of the worker nodes.'),
    ('--master-flavor', 'master_flavor', 'master_flavor_id', str,
     'Nova flavor (name or UUID) of the master nodes.'),
    ('--keypair', 'keypair', 'keypair_id', str,
     'Name of the SSH keypair to load into the nodes.'),
    ('--docker-volume-size', 'docker_volume_size', 'docker_volume_size',
     int, 'Size in GB of the docker volume.'),
    ('--external-network', 'external_network', 'external_network_id', str,
     'External Neutron network (name or UUID).'),
    ('--fixed-network', 'fixed_network', 'fixed_network', str,
     'Private Neutron network (name or UUID) for the cluster.'),
    ('--fixed-subnet', 'fixed_subnet', 'fixed_subnet', str,
     'Private Neutron subnet (name or UUID) for the cluster.'),
    ('--dns-nameserver', 'dns_nameserver', 'dns_nameserver', str,
     'DNS nameserver for the nodes.'),
    ('--network-driver', 'network_driver', 'network_driver', str,
     'Network driver of the cluster.'),
    ('--volume-driver', 'volume_driver', 'volume_driver', str,
     'Volume driver of the cluster.'),
    ('--docker-storage-driver', 'docker_storage_driver',
     'docker_storage_driver', str, 'Docker storage driver.'),
    ('--http-proxy', 'http_proxy', 'http_proxy', str,
     'http_proxy for the nodes.'),
    ('--https-proxy', 'https_proxy', 'https_proxy', str,
     'https_proxy for the nodes.'),
    ('--no-proxy', 'no_proxy', 'no_proxy', str, 'no_proxy for the nodes.'),
)

# (enable option, disable option, dest, field)
_SWITCHES = (
    ('--master-lb-enabled', '--master-lb-disabled', 'master_lb_enabled',
     'master_lb_enabled'),
    ('--floating-ip-enabled', '--floating-ip-disabled',
     'floating_ip_enabled', 'floating_ip_enabled'),
)


class CreateCatalystTemplate(command.ShowOne):
    _description = (
        'Create a private cluster template copied from another one (a '
        'Catalyst Cloud template, by name, UUID or alias): every field is '
        'carried over, labels are merged with --label overrides, and the '
        'options below override single fields.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'name', metavar='<name>',
            help='Name of the new cluster template.')
        parser.add_argument(
            '--from', dest='source', metavar='<template>', required=True,
            help='Name, UUID or alias (e.g. latest-prod, 1.33) of the '
                 'template to copy.')
        parser.add_argument(
            '--label', dest='set_labels', metavar='<key=value>',
            action='append', default=[],
            help='Set a label, keeping the other labels of the source '
                 '(repeat for several labels).')
        parser.add_argument(
            '--no-label', dest='unset_labels', metavar='<key>',
            action='append', default=[],
            help='Leave out a label of the source (repeat for several).')
        for option, dest, _field, kind, text in _OVERRIDES:
            parser.add_argument(
                option, dest=dest, metavar=f'<{dest.replace("_", "-")}>',
                type=kind, help=text + ' Default: as in the source.')
        for enable, disable, dest, _field in _SWITCHES:
            group = parser.add_mutually_exclusive_group()
            group.add_argument(
                enable, dest=f'{dest}_on', action='store_true',
                default=False,
                help=f'Set {dest} on. Default: as in the source.')
            group.add_argument(
                disable, dest=f'{dest}_off', action='store_true',
                default=False,
                help=f'Set {dest} off. Default: as in the source.')
        parser.add_argument(
            '--public', action='store_true', default=False,
            help='Make the new template public (administrators only). '
                 'Default: private to your project.')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe import cloud
        from catalystcoe import errors
        from catalystcoe.templates import api
        from catalystcoe.templates import catalogue
        from catalystcoe.templates import labels as labels_mod
        from catalystcoe.templates import views

        client = cloud.magnum(self.app)
        today, lifecycle = api.judging(self.app)
        source, infos = api.resolve(client, parsed_args.source, today,
                                    lifecycle)
        api.announce(self.app.stderr, parsed_args.source, source)
        if any(info.name == parsed_args.name for info in infos.values()):
            raise osc_exc.CommandError(
                f'a cluster template named "{parsed_args.name}" exists '
                'already')
        try:
            set_labels = labels_mod.parse_options(parsed_args.set_labels)
        except ValueError as exc:
            raise osc_exc.CommandError(str(exc)) from exc
        overrides = {field: getattr(parsed_args, dest)
                     for _o, dest, field, _k, _h in _OVERRIDES}
        for _enable, _disable, dest, field in _SWITCHES:
            if getattr(parsed_args, f'{dest}_on'):
                overrides[field] = True
            elif getattr(parsed_args, f'{dest}_off'):
                overrides[field] = False
        body = views.copy_body(
            source.template, parsed_args.name, overrides, set_labels,
            parsed_args.unset_labels, parsed_args.public)
        with errors.api_errors(
                f'creating cluster template {parsed_args.name}'):
            created = cloud.to_dict(client.cluster_templates.create(**body),
                                    'cluster template')
        info = catalogue.classify([created], today, lifecycle)[
            created.get('uuid') or created.get('name')]
        return views.show_data(info)
