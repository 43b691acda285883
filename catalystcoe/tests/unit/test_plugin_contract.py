"""The plugin contract: what OSC and cliff rely on, checked on the install.

These read the entry points of the installed distributions, so they catch
a missing hook for a new python-magnumclient command, a command of ours
whose module does not import, or a name clash with a stock command.
"""

import importlib.metadata
import unittest
from unittest import mock

from cliff import command as cliff_command
from cliff import hooks as cliff_hooks

COMMAND_GROUP = 'openstack.container_infra.v1'
HOOK_PREFIX = 'openstack.cli.'


def _entry_points(dist_name):
    return importlib.metadata.distribution(dist_name).entry_points


def ours():
    return _entry_points('catalystcoe')


def commands(dist_name):
    return {ep.name: ep for ep in _entry_points(dist_name)
            if ep.group == COMMAND_GROUP}


def hooks_for(command_name):
    group = HOOK_PREFIX + command_name
    return {ep.name: ep for ep in ours() if ep.group == group}


class TestPluginContract(unittest.TestCase):

    def test_no_clash_with_stock_commands(self):
        clash = set(commands('catalystcoe')) & set(
            commands('python-magnumclient'))
        self.assertEqual(set(), clash)

    def test_every_coe_command_has_the_preview_hook(self):
        every = set(commands('python-magnumclient')) | set(
            commands('catalystcoe'))
        self.assertGreater(len(every), 25)
        missing = sorted(
            name for name in every
            if hooks_for(name).get('preview') is None
            or hooks_for(name)['preview'].value
            != 'catalystcoe.hooks.preview:PreviewHook')
        self.assertEqual([], missing)

    def test_hooks_only_on_coe_commands_that_exist(self):
        every = set(commands('python-magnumclient')) | set(
            commands('catalystcoe'))
        hooked = {ep.group[len(HOOK_PREFIX):] for ep in ours()
                  if ep.group.startswith(HOOK_PREFIX)}
        self.assertEqual(set(), hooked - every)

    def test_our_commands_import_and_describe_themselves(self):
        found = commands('catalystcoe')
        self.assertGreater(len(found), 0)
        for name, ep in found.items():
            cls = ep.load()
            self.assertTrue(issubclass(cls, cliff_command.Command), name)
            description = getattr(cls, '_description', '') or (
                cls.__doc__ or '')
            self.assertTrue(description.strip(), f'{name} has no description')
            self.assertTrue(name.startswith('coe_'), name)

    def test_every_hook_imports_and_is_a_command_hook(self):
        for ep in ours():
            if not ep.group.startswith(HOOK_PREFIX):
                continue
            cls = ep.load()
            self.assertTrue(issubclass(cls, cliff_hooks.CommandHook),
                            f'{ep.group} {ep.name}')

    def test_hooked_parsers_build_and_keep_stock_options(self):
        stock = commands('python-magnumclient')
        for name, ep in sorted(commands('catalystcoe').items()) + sorted(
                stock.items()):
            cmd_name = name.replace('_', ' ')
            app = mock.NonCallableMock(spec=['command_manager', 'stdin',
                                             'stdout', 'stderr', 'options'])
            app.command_manager = mock.NonCallableMock(
                spec=['namespace'], namespace='openstack.cli')
            cmd = ep.load()(app, None, cmd_name=cmd_name)
            loaded = {h.name for h in cmd._hooks}
            self.assertEqual(set(hooks_for(name)), loaded, name)
            parser = cmd.get_parser('openstack ' + cmd_name)
            dests = [a.dest for a in parser._actions]
            self.assertIn('catalystcoe_no_preview_warning', dests, name)
            bare = ep.load()(None, None).get_parser('openstack ' + cmd_name)
            bare_dests = [a.dest for a in bare._actions]
            added = list(dests)
            for dest in bare_dests:
                added.remove(dest)
            clash = {d for d in added if d in bare_dests or
                     added.count(d) > 1}
            self.assertEqual(set(), clash, name)
            for action in parser._actions:
                self.assertTrue(action.help, f'{name}: {action.dest}')
            self.assertIn('Technical Preview', parser.epilog or '', name)

    def test_nothing_registered_outside_coe(self):
        for ep in ours():
            if ep.group == COMMAND_GROUP:
                continue
            self.assertTrue(ep.group.startswith(HOOK_PREFIX + 'coe_'),
                            ep.group)
