import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '_ext'))

project = 'catalystcoe'
copyright = '2026, catalystcoe developers'
extensions = [
    'cliff.sphinxext',
    'hooked_autoprogram',
    'rule_tables',
]
autoprogram_cliff_application = 'openstack'
autoprogram_cliff_ignored = ['--help', '--format', '--column',
                             '--max-width', '--fit-width', '--print-empty',
                             '--noindent', '--prefix', '--quote',
                             '--sort-column', '--sort-ascending',
                             '--sort-descending']
master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
pygments_style = 'sphinx'
