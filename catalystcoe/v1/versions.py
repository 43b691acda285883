"""``openstack coe catalyst version list``.

The Kubernetes versions Catalyst Cloud's service offers, the way ``az aks
get-versions`` or ``gcloud container get-server-config`` answer it.
cliff imports this module on every ``openstack`` run: the logic is
imported when the command runs.
"""

from osc_lib.command import command

from catalystcoe import cli


class ListVersions(command.Lister):
    _description = (
        'List the Kubernetes minor versions of the service: status '
        '(supported, ending, unsupported, preview, tba), initial release '
        'and unsupported-from dates (announced, or "expected" when the '
        'source only expects them), the newest template the region offers, '
        'how many clusters of your project run it, and the source of the '
        'facts. The status is the one the Support column of "openstack coe '
        'catalyst template list" is built from: Catalyst Cloud\'s published '
        'version table (or the service facts document named by '
        'catalystcoe_facts_url), weighed against the templates the region '
        'offers. By default unsupported versions that the region no longer '
        'offers and no cluster runs are left out.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--all', dest='include_all', action='store_true', default=False,
            help='Include every unsupported version of the table.')
        cli.add_region_options(parser, 'versions')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.templates import api
        from catalystcoe.templates import versions

        today, lifecycle = api.judging(self.app, warn_stale=True)
        fetched = api.fetch_regions(self.app, parsed_args, versions.fetch)
        rows = []
        for region, (templates, clusters) in fetched.items():
            for row in versions.rows(templates, clusters, lifecycle, today,
                                     parsed_args.include_all):
                rows.append(row if region is None else (region,) + row)
        if cli.multi_region(parsed_args):
            return (versions.REGION_COLUMN,) + versions.COLUMNS, rows
        return versions.COLUMNS, rows
