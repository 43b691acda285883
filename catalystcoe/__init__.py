"""catalystcoe: Catalyst Cloud Kubernetes extensions for ``openstack coe``.

``catalystcoe.__version__`` is the installed distribution's version, which
``openstack module list --all`` shows.  It is looked up when first asked
for, not at import: every ``openstack`` run imports this package.
"""


def __getattr__(name: str) -> str:
    if name != '__version__':
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
    import importlib.metadata
    try:
        return importlib.metadata.version('catalystcoe')
    except importlib.metadata.PackageNotFoundError:
        raise AttributeError('catalystcoe is not installed: no version '
                             'metadata') from None
