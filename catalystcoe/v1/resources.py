"""``openstack coe cluster resource list <cluster>``: what a cluster has.

Its servers, load balancers, floating IPs, router interfaces, ports,
network, router and volumes, who made each (the cluster, Kubernetes, or
someone else) and what a delete does to it: ``deleted``, ``survives``
(volumes of the Cinder CSI driver) or ``blocks delete`` (anything else
on the cluster's network). Thin: the logic is in
``catalystcoe.preflight.resources``, imported when the command runs.
"""

from osc_lib.command import command
from osc_lib import exceptions as osc_exc

COLUMNS = ('Type', 'ID', 'Name', 'Made By', 'On Delete', 'Detail')


class ListClusterResources(command.Lister):
    _description = (
        "List a cluster's associated resources: servers, load balancers, "
        'floating IPs, router interfaces, ports, network, router and '
        'volumes (found by the names and metadata the Cluster API driver, '
        'Kubernetes and the Cinder CSI driver give them), who made each, '
        'and what "coe cluster delete" does to it: deleted, survives '
        '(persistent volumes) or blocks delete (anything on the '
        "cluster's network that the cluster did not make).")

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'cluster', metavar='<cluster>',
            help='Name or UUID of the cluster.')
        parser.add_argument(
            '--blocking', action='store_true', default=False,
            help='List only what would block deleting the cluster '
                 '(default: everything).')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.preflight import resources

        found = resources.read(self.app, [parsed_args.cluster])
        result = found[parsed_args.cluster]
        if not isinstance(result, resources.Found):
            raise osc_exc.CommandError(
                f'reading cluster {parsed_args.cluster}: {result.line}')
        for line in result.unread:
            self.app.stderr.write(f'Note: {line}\n')
        rows = result.blockers if parsed_args.blocking else result.rows
        return COLUMNS, [(r.type, r.id, r.name, r.made_by, r.on_delete,
                          r.detail) for r in rows]
