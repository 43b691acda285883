"""The layers of the package: no module imports one above it.

Top: commands (``v1/``) and hooks (``hooks/``), which never import each
other. Middle: the domain (``templates/``, ``support/``, ``waiter``,
``preview``, and ``cli``, the argument types and columns). Bottom: the
seam to the cloud (``cloud``) and the one error classification
(``errors``). Within the middle, ``support`` may read the template
catalogue, never ``templates.api`` (the template commands' own access);
``templates`` and ``waiter`` know nothing of ``support``.
"""

import ast
import os
import unittest

import catalystcoe

PACKAGE = os.path.dirname(catalystcoe.__file__)

BOTTOM = 0
MIDDLE = 1
TOP = 2


def layer(module):
    parts = module.split('.')
    if parts[1:2] in (['v1'], ['hooks']):
        return TOP
    if parts[1:] in (['cloud'], ['errors']):
        return BOTTOM
    return MIDDLE


def group(module):
    """``v1``, ``hooks``, ``templates``, ``support``, or the module."""
    return module.split('.')[1] if '.' in module else module


def modules():
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d not in ('tests', '__pycache__')]
        for name in files:
            if not name.endswith('.py'):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, os.path.dirname(PACKAGE))
            module = relative[:-3].replace(os.sep, '.')
            module = module.removesuffix('.__init__')
            yield module, path


def imports(path):
    """Every catalystcoe module ``path`` imports, at any depth."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module.startswith('catalystcoe')):
            for alias in node.names:
                found.add(f'{node.module}.{alias.name}')
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names
                         if a.name.startswith('catalystcoe'))
    known = dict(modules())
    # 'from catalystcoe.templates import names' names a module;
    # 'from catalystcoe.templates import ALIAS' names a package attribute.
    return {name if name in known else name.rsplit('.', 1)[0]
            for name in found}


class TestLayers(unittest.TestCase):

    def test_no_module_imports_a_layer_above_it(self):
        upward = []
        for module, path in modules():
            for imported in imports(path):
                if layer(imported) > layer(module):
                    upward.append(f'{module} -> {imported}')
        self.assertEqual([], sorted(upward))

    def test_commands_and_hooks_do_not_import_each_other(self):
        sideways = []
        for module, path in modules():
            if layer(module) != TOP:
                continue
            for imported in imports(path):
                if layer(imported) == TOP and group(imported) != group(
                        module):
                    sideways.append(f'{module} -> {imported}')
        self.assertEqual([], sorted(sideways))

    def test_the_domain_modules_keep_to_their_own(self):
        wrong = []
        for module, path in modules():
            for imported in imports(path):
                if group(module) == 'support' and (
                        imported == 'catalystcoe.templates.api'):
                    wrong.append(f'{module} -> {imported}')
                if group(module) in ('templates', 'waiter') and (
                        group(imported) == 'support'):
                    wrong.append(f'{module} -> {imported}')
        self.assertEqual([], sorted(wrong))

    def test_the_layers_are_read_from_real_imports(self):
        # Guards the checks above against reading nothing.
        found = dict(modules())
        self.assertIn('catalystcoe.cloud', found)
        self.assertIn('catalystcoe.errors',
                      imports(found['catalystcoe.cloud']))
        self.assertIn('catalystcoe.templates.names',
                      imports(found['catalystcoe.templates.upgrades']))
