"""``autoprogram-cliff`` that shows the options our hooks add.

cliff's directive builds each command with no application, so command
hooks are not loaded and the options that catalystcoe adds to stock
commands (``--wait``, ``--no-preview-warning``...) would be missing. This
directive builds each command the way the ``openstack`` shell does, with
hooks loaded from the ``openstack.cli.<command>`` namespaces.
"""

from unittest import mock

from cliff import sphinxext


def _hooked_factory(command_class, cmd_name):
    def build(_app, _app_args):
        app = mock.NonCallableMock(
            spec=['command_manager', 'stdin', 'stdout', 'stderr', 'options'])
        app.command_manager = mock.NonCallableMock(
            spec=['namespace'], namespace='openstack.cli')
        command = command_class(app, None, cmd_name=cmd_name)
        command.app_dist_name = None
        return command
    return build


class HookedAutoprogramCliff(sphinxext.AutoprogramCliffDirective):

    def _generate_nodes_per_command(self, title, command_name, command_class,
                                    ignored_opts):
        factory = _hooked_factory(command_class, title)
        factory.__name__ = command_class.__name__
        return super()._generate_nodes_per_command(
            title, command_name, factory, ignored_opts)


def setup(app):
    app.setup_extension('cliff.sphinxext')
    app.add_directive('autoprogram-cliff-hooked', HookedAutoprogramCliff)
    return {'parallel_read_safe': True}
