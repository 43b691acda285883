"""``openstack coe cluster kubeconfig save|show|remove <cluster>``.

A cluster's credentials merged into the user's kubeconfig (never
replacing it), printed, or taken out again. The logic is in
:mod:`catalystcoe.kubeconfig`, imported when a command runs.
"""

import typing

from osc_lib.command import command

FILE_HELP = (
    'The kubeconfig file to change (default: the first file in '
    '$KUBECONFIG, else ~/.kube/config). It is written with mode 0600, '
    'atomically, under kubectl\'s lock file <file>.lock; the previous '
    'version is kept as <file>.bak.')
NAME_RULE = ('<cluster name>@<region>, e.g. mycluster@nz-por-1; the context, '
             'cluster and user entries all take this name')


def _add_file(parser):
    parser.add_argument('--file', metavar='<file>', help=FILE_HELP)


def _add_context_name(parser, action):
    parser.add_argument(
        '--context-name', metavar='<name>',
        help=f'Name of the context {action} (default: {NAME_RULE}).')


def _add_auth(parser):
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        '--use-keystone', dest='auth', action='store_const',
        const='keystone',
        help='Authenticate kubectl with your OpenStack credentials through '
             'client-keystone-auth (an exec entry; the CA is embedded). '
             'Default: this when the cluster\'s label '
             'keystone_auth_enabled is true.')
    group.add_argument(
        '--use-certificate', dest='auth', action='store_const', const='tls',
        help='Authenticate kubectl with a client certificate: a private key '
             'made on this machine (never sent) and a certificate Magnum '
             'signs for it. Default: this when the cluster\'s label '
             'keystone_auth_enabled is not true.')


def _and(words):
    """``a``, ``a and b``, ``a, b and c``."""
    return ' and '.join(filter(None, [', '.join(words[:-1]), words[-1]]))


def _cloud_name(app):
    """The --os-cloud (or OS_CLOUD) this command ran with, if any."""
    return getattr(getattr(app, 'options', None), 'cloud', None) or None


class SaveKubeconfig(command.ShowOne):
    _description = (
        "Save a cluster's credentials into your kubeconfig, next to what "
        'is there: its context, cluster and user entries are added, or '
        'replaced if this command saved them before; nothing else in the '
        f'file changes. Entries are named {NAME_RULE}. The context becomes '
        "the current context unless --no-set-current. Shows what it did.")

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('cluster', metavar='<cluster>',
                            help='Name or UUID of the cluster.')
        _add_file(parser)
        _add_context_name(parser, 'to save')
        current = parser.add_mutually_exclusive_group()
        current.add_argument(
            '--set-current', dest='set_current', action='store_true',
            default=True,
            help='Make the saved context the current context (default, as '
                 'doctl, az aks and eksctl do).')
        current.add_argument(
            '--no-set-current', dest='set_current', action='store_false',
            help='Leave the current context as it is.')
        _add_auth(parser)
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.kubeconfig import actions

        app: typing.Any = self.app
        return actions.save(
            app, parsed_args.cluster, file_option=parsed_args.file,
            context_name=parsed_args.context_name,
            set_current=parsed_args.set_current, auth=parsed_args.auth,
            cloud_name=_cloud_name(app))


class ShowKubeconfig(command.Command):
    _description = (
        "Print a cluster's kubeconfig (YAML) on stdout, the same entries "
        '"coe cluster kubeconfig save" would merge, with it as the current '
        'context; no file is read or written. For example: '
        'KUBECONFIG=<(openstack coe cluster kubeconfig show mycluster) '
        'kubectl get nodes. In TLS mode it holds a new private key.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('cluster', metavar='<cluster>',
                            help='Name or UUID of the cluster.')
        _add_context_name(parser, 'to print')
        _add_auth(parser)
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.kubeconfig import actions

        app: typing.Any = self.app
        text = actions.show(app, parsed_args.cluster,
                            context_name=parsed_args.context_name,
                            auth=parsed_args.auth,
                            cloud_name=_cloud_name(app))
        app.stdout.write(text)
        return 0


class RemoveKubeconfig(command.Command):
    _description = (
        "Remove a cluster's context, cluster and user entries from your "
        'kubeconfig: only entries "coe cluster kubeconfig save" wrote, and '
        'a cluster or user entry only when no other context uses it. '
        'Clears the current context if it was this one. Needs no API '
        'call, so it works after the cluster is deleted.')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'cluster', metavar='<cluster>',
            help='Name of the cluster, as it was saved (the entries are '
                 f'found by name: {NAME_RULE}).')
        _add_file(parser)
        _add_context_name(parser, 'to remove')
        return parser

    def take_action(self, parsed_args):
        from catalystcoe.kubeconfig import actions

        app: typing.Any = self.app
        path, name, removed, backup = actions.remove(
            app, parsed_args.cluster, file_option=parsed_args.file,
            context_name=parsed_args.context_name)
        text = (f'Removed the {_and(removed.kinds)} entries named {name} '
                f'from {path}')
        if removed.kept:
            text += (f' (kept the {_and(removed.kept)} entry: '
                     'not saved by this command, or used by another '
                     'context)')
        if removed.current_cleared:
            text += '; there is no current context now'
        app.stderr.write(f'{text}. The previous file is {backup}.\n')
        return 0
