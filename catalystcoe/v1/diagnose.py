"""``openstack coe cluster diagnose <cluster>``: findings as rows."""

from osc_lib.command import command

from catalystcoe import cli

COLUMNS = ('Check', 'Result', 'Detail', 'Next step')
# Exit code when a check fails (errors of the command itself exit 1).
EXIT_FAILED_CHECK = 2


class DiagnoseCluster(command.Lister):
    _description = (
        'Check a cluster for known problems and say what to do next: its '
        'status and status reason, faults, health, node groups, and the '
        'Heat stack where you may read it (quota exceeded, creation timed '
        'out, stuck in progress, delete blocked by leftover ports or load '
        'balancers, missing keypair, image or flavor, nodes without '
        'addresses, unhealthy nodes, a deprecated or unsupported template, '
        'template labels lost by a create without --merge-labels). Each '
        'check gives pass, warn or fail. Exits with code '
        f'{EXIT_FAILED_CHECK} when any check fails (the rows are printed '
        'all the same).')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('cluster', metavar='<cluster>',
                            help='Name or UUID of the cluster to check.')
        parser.add_argument(
            '--timeout', metavar='<seconds>', type=cli.seconds,
            default=30.0,
            help='Time limit for reading the cluster, in seconds: what '
                 'has not answered by then is left out (default: 30).')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.support import diagnosis
        from catalystcoe.support import gather
        from catalystcoe.support import redact

        got = gather.gather(self.app.client_manager, [parsed_args.cluster],
                            timeout=parsed_args.timeout)
        [one] = gather.diagnose_each(got)
        findings = one.findings
        note = gather.stack_note(one.data)
        # What the API said is quoted: it goes through the bundle's rules.
        clean = redact.Redactor().text
        if note:
            self.app.stderr.write(f'Note: {clean(note)}.\n')
        self._failed = any(f.result == diagnosis.FAIL for f in findings)
        return COLUMNS, [(f.check, f.result, clean(f.detail),
                          clean(f.next_step)) for f in findings]

    def run(self, parsed_args):
        self._failed = False
        result = super().run(parsed_args)
        return result or (EXIT_FAILED_CHECK if self._failed else 0)
