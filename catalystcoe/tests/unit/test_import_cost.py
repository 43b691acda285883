"""What our modules cost every ``openstack`` run.

cliff's CommandManager imports the module of every command in every loaded
group when ``openstack`` starts, so our command modules are imported for
all commands, not only ``coe`` ones; our hook modules are imported for
``coe`` commands. Both must stay thin: importing them may add modules of
our own package and small pieces of the CLI framework (cliff, osc-lib),
but nothing else beyond what python-magnumclient's own OSC command modules
already import.
"""

import importlib.metadata
import json
import subprocess
import sys
import unittest

PROBE = r'''
import importlib, importlib.metadata, json, sys
import openstackclient.shell
for ep in importlib.metadata.distribution('python-magnumclient').entry_points:
    if ep.group == 'openstack.container_infra.v1':
        ep.load()
before = set(sys.modules)
group = sys.argv[1]
mods = sorted({ep.value.split(':')[0] for ep in
               importlib.metadata.distribution('catalystcoe').entry_points
               if ep.group.startswith(group)})
for mod in mods:
    importlib.import_module(mod)
print(json.dumps({'checked': mods,
                  'added': sorted(set(sys.modules) - before)}))
'''


class TestImportCost(unittest.TestCase):

    def probe(self, group):
        out = subprocess.run([sys.executable, '-c', PROBE, group],
                             check=True, capture_output=True,
                             text=True).stdout
        return json.loads(out)

    def test_entry_point_modules_import_nothing_heavy(self):
        result = self.probe('openstack.')
        self.assertIn('catalystcoe.hooks.preview', result['checked'])
        allowed = ('catalystcoe', 'cliff', 'osc_lib')
        foreign = [m for m in result['added']
                   if m.split('.')[0] not in allowed]
        self.assertEqual([], foreign,
                         'import these lazily, inside the functions that '
                         'need them')

    def test_command_modules_leave_the_logic_for_later(self):
        # Imported on every openstack run: no template catalogue, support
        # collectors, diagnosis rules or kubeconfig logic until a command
        # of ours runs.
        result = self.probe('openstack.container_infra.v1')
        self.assertIn('catalystcoe.v1.templates', result['checked'])
        heavy = [m for m in result['added']
                 if m.startswith(('catalystcoe.templates.',
                                  'catalystcoe.support.',
                                  'catalystcoe.kubeconfig',
                                  'catalystcoe.preflight.'))]
        self.assertEqual([], heavy)

    def test_package_declares_no_openstack_extension(self):
        groups = {ep.group for ep in
                  importlib.metadata.distribution('catalystcoe').entry_points}
        self.assertNotIn('openstack.cli.extension', groups)
