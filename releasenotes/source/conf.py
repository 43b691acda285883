project = 'catalystcoe release notes'
copyright = '2026, catalystcoe developers'
extensions = ['reno.sphinxext']
master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
