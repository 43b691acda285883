"""``openstack coe cluster wait``: follow an existing cluster until it settles.

The same waiter as the ``--wait`` hooks, for a cluster created earlier or
by someone else. On success it shows the final cluster fields like
``coe cluster show`` (so ``-f json`` works); the exit code says how the
wait ended: 0 done, 1 failed, 124 timed out, 130 interrupted.
"""

import argparse

from osc_lib.command import command

from catalystcoe import cli
from catalystcoe import waiter

GONE_COLUMNS = ('uuid', 'name', 'status')


def _status_arg(value):
    status = value.strip().upper()
    if status not in waiter.STATUSES:
        raise argparse.ArgumentTypeError(
            f'{value!r} is not a cluster status; one of: '
            + ', '.join(waiter.STATUSES))
    return status


class WaitCluster(command.ShowOne):
    _description = (
        'Wait for a cluster to reach a final state (or --status), showing '
        'progress on stderr; exit 0 when done, 1 when it failed, 124 on '
        'timeout, 130 when interrupted. Prints the final cluster fields.')

    def __init__(self, app, app_args, cmd_name=None):
        super().__init__(app, app_args, cmd_name=cmd_name)
        # Extra Waiter arguments (clock, interval) for tests.
        self.waiter_kwargs = {}

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'cluster',
            metavar='<cluster>',
            help='Name or UUID of the cluster to wait for.')
        parser.add_argument(
            '--status',
            metavar='<status>',
            type=_status_arg,
            help='Wait until the cluster has this status (e.g. '
                 'CREATE_COMPLETE; DELETE_COMPLETE means until it is '
                 'gone); any other ..._FAILED status ends the wait with '
                 'exit 1. Default: any final state, where ..._COMPLETE '
                 '(or gone) exits 0 and ..._FAILED or ROLLBACK_COMPLETE '
                 'exits 1.')
        parser.add_argument(
            '--timeout',
            metavar='<seconds>',
            type=cli.seconds,
            help='Give up after this many seconds (exit 124; the cluster '
                 'is left alone); every request, the first lookup '
                 "included, ends within it. Default: the cluster's "
                 'create_timeout '
                 f'plus {waiter.TIMEOUT_SLACK_SECONDS // 60} minutes. Polls '
                 f'every {waiter.DEFAULT_INTERVAL:g} s, backing off to '
                 f'{waiter.MAX_INTERVAL:g} s; set the first interval with '
                 f'{waiter.ENV_INTERVAL}=<seconds>.')
        return parser

    def run(self, parsed_args):
        try:
            return super().run(parsed_args)
        except waiter.WaitFailed as exc:
            return waiter.report(exc, self.app.stderr)

    def take_action(self, parsed_args):
        from magnumclient.v1 import clusters as mc_clusters

        from catalystcoe import cloud
        from catalystcoe import errors

        clock = self.waiter_kwargs.get('clock') or waiter.SystemClock()
        start = clock.now()
        client = cloud.magnum(self.app)
        try:
            first = cloud.get_cluster(client, parsed_args.cluster,
                                      within=parsed_args.timeout)
        except Exception as exc:
            failure = errors.classify(exc)
            text = f'Cannot find cluster {parsed_args.cluster}: {failure.line}'
            if failure.kind == errors.TIMEOUT and parsed_args.timeout:
                raise waiter.WaitTimedOut(text) from None
            raise waiter.WaitFailed(text) from None
        ident = first.get('uuid') or parsed_args.cluster
        target = waiter.Target(
            lambda seconds: cloud.get_cluster(client, ident, within=seconds),
            'cluster', first.get('name') or ident, ident)
        timeout = parsed_args.timeout or waiter.default_timeout(
            first.get('create_timeout'))
        final = waiter.Waiter(
            target,
            timeout=max(timeout - (clock.now() - start), 0.001),
            display=waiter.Display(
                self.app.stderr,
                quiet=getattr(self.app.options, 'verbose_level', 1) == 0),
            goal=waiter.Goal(want=parsed_args.status or waiter.FINAL,
                             gone_ok=True, after_request=False),
            **self.waiter_kwargs).wait()
        if final is None:
            return GONE_COLUMNS, (ident, first.get('name'), 'DELETE_COMPLETE')
        columns = [c for c in mc_clusters.CLUSTER_ATTRIBUTES if c in final]
        return columns, [final[c] for c in columns]
