"""Whether, and what, to tell a user about the service's preview status.

Pure logic over plain values, so that it can be tested without a cloud.
The status itself is data: ``catalystcoe/data/service_status.json``.
"""

import json
import os
import urllib.parse

ENV_VAR = 'CATALYSTCOE_PREVIEW_WARNING'
CLOUDS_YAML_KEY = 'catalystcoe_preview_warning'
MODES = ('auto', 'always', 'never')

STATUS_TITLES = {
    'alpha': 'Technical (Alpha) Preview',
    'beta': 'Technical (Beta) Preview',
}

REPORT_HINT = (
    "To report a problem, run 'openstack coe support bundle create "
    "<cluster>' and attach the file it writes to a ticket in the "
    "Support Panel.")


def load_status_data(path=None):
    """Read the packaged status file (or ``path``)."""
    if path is None:
        path = os.path.join(os.path.dirname(__file__), 'data',
                            'service_status.json')
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def parse_mode(value):
    """Normalise a mode setting; unknown or empty values mean ``auto``."""
    if value is None:
        return 'auto'
    if isinstance(value, bool):
        return 'always' if value else 'never'
    value = str(value).strip().lower()
    aliases = {'0': 'never', 'off': 'never', 'false': 'never',
               'no': 'never', '1': 'always', 'on': 'always',
               'true': 'always', 'yes': 'always'}
    value = aliases.get(value, value)
    return value if value in MODES else 'auto'


def is_catalyst(data, region, auth_url):
    """True when the region or the auth URL is Catalyst Cloud's."""
    if region and region in data.get('regions', {}):
        return True
    host = ''
    if auth_url:
        host = (urllib.parse.urlsplit(str(auth_url)).hostname or '').lower()
    for domain in data.get('catalyst_auth_domains', []):
        if host == domain or host.endswith('.' + domain):
            return True
    return False


def status_for(data, region):
    """Return ``(status, reviewed_on)`` for a region."""
    entry = data.get('regions', {}).get(region) or data['default']
    status = entry.get('status', 'alpha')
    return status, entry.get('reviewed_on', data['default']['reviewed_on'])


def notice(data, region, auth_url, mode='auto'):
    """The notice to print, or None when there is nothing to say.

    ``mode`` is ``never`` (say nothing), ``always`` (say it for any cloud)
    or ``auto`` (only for Catalyst Cloud).
    """
    if mode == 'never':
        return None
    if mode != 'always' and not is_catalyst(data, region, auth_url):
        return None
    status, reviewed_on = status_for(data, region)
    title = STATUS_TITLES.get(status)
    if title is None:
        return None
    where = f'in region {region}' if region else 'in this region'
    return (f'Note: Catalyst Cloud Kubernetes {where} is a {title} '
            f'(status reviewed {reviewed_on}); failures may occur. '
            f'{REPORT_HINT} (Hide this with --no-preview-warning or '
            f'{ENV_VAR}=never.)')


def epilog(data):
    """A short note for the --help of every coe command."""
    previews = sorted(
        f'{name} ({entry["status"]})'
        for name, entry in data.get('regions', {}).items()
        if entry.get('status') in STATUS_TITLES)
    if not previews:
        return None
    return (
        'Catalyst Cloud: the Kubernetes service is a Technical Preview in '
        + ', '.join(previews) + '; failures may occur. A notice on stderr '
        'says so before the command runs; hide it with '
        f'--no-preview-warning, -q, {ENV_VAR}=never, or '
        f'"{CLOUDS_YAML_KEY}: never" in the cloud\'s clouds.yaml entry.')
