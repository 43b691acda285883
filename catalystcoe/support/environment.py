"""The client's side of a bundle: versions, OS, region, who is asking.

Never a password, token or secret: only the auth URL's host, the auth
type, and the project and user IDs.
"""

import importlib.metadata
import platform
import sys
import urllib.parse

PACKAGES = ('catalystcoe', 'python-magnumclient', 'python-openstackclient',
            'osc-lib', 'keystoneauth1', 'cliff')


def package_versions(packages=PACKAGES):
    versions: dict[str, str | None] = {}
    for name in packages:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def os_release(path='/etc/os-release'):
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                key, _sep, value = line.strip().partition('=')
                if key == 'PRETTY_NAME':
                    return value.strip('"\'')
    except OSError:
        pass
    return None


def collect(client_manager, session, requested_microversion,
            server_microversion):
    """A dict describing the client, its cloud and its identity."""
    cli_options = getattr(client_manager, '_cli_options', None)
    config = getattr(cli_options, 'config', None) or {}
    auth = config.get('auth') or {}
    auth_url = auth.get('auth_url')
    project_id = user_id = None
    try:
        project_id = session.get_project_id()
        user_id = session.get_user_id()
    except Exception:  # the IDs are nice to have, never worth failing
        pass
    return {
        'versions': dict(package_versions(),
                         python=platform.python_version()),
        'python_executable': sys.executable,
        'os': os_release() or platform.platform(),
        'platform': platform.platform(),
        'cloud': getattr(cli_options, 'name', None) or config.get('cloud'),
        'region': getattr(client_manager, 'region_name', None),
        'interface': getattr(client_manager, 'interface', None),
        'auth_type': config.get('auth_type'),
        'auth_url_host': (urllib.parse.urlsplit(str(auth_url)).hostname
                          if auth_url else None),
        'project_id': project_id,
        'user_id': user_id,
        'api_microversion': {
            'requested': requested_microversion,
            'server': server_microversion,
        },
    }
