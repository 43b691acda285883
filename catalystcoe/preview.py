"""Whether, and what, to tell a user about the service's preview status.

The statuses are facts with sources (:mod:`catalystcoe.facts`): per
region, and per Kubernetes minor version in the version table. The
notices name that source and its date. The functions on plain values
(:func:`notice`, :func:`version_notice`, :func:`epilog`) are tested
without a cloud; :func:`mode_for` and :func:`announce_version` read the OSC
app.
"""

import os
import urllib.parse

from catalystcoe import cli
from catalystcoe import facts as facts_mod

ENV_VAR = 'CATALYSTCOE_PREVIEW_WARNING'
CLOUDS_YAML_KEY = 'catalystcoe_preview_warning'
AUTO = 'auto'
ALWAYS = 'always'
NEVER = 'never'
MODES = (AUTO, ALWAYS, NEVER)
OPTION_DEST = 'catalystcoe_no_preview_warning'

STATUS_TITLES = {
    facts_mod.ALPHA: 'Technical (Alpha) Preview',
    facts_mod.BETA: 'Technical (Beta) Preview',
}

HIDE_HINT = f'(Hide this with --no-preview-warning or {ENV_VAR}=never.)'


def parse_mode(value):
    """Normalise a mode setting; unknown or empty values mean ``auto``."""
    if value is None:
        return AUTO
    if isinstance(value, bool):
        return ALWAYS if value else NEVER
    value = str(value).strip().lower()
    aliases = {'0': NEVER, 'off': NEVER, 'false': NEVER, 'no': NEVER,
               '1': ALWAYS, 'on': ALWAYS, 'true': ALWAYS, 'yes': ALWAYS}
    value = aliases.get(value, value)
    return value if value in MODES else AUTO


def is_catalyst(facts, region, auth_url):
    """True when the region or the auth URL's host is Catalyst Cloud's."""
    if region and facts.region(region) is not None:
        return True
    host = ''
    if auth_url:
        host = (urllib.parse.urlsplit(str(auth_url)).hostname or '').lower()
    return any(host == domain or host.endswith('.' + domain)
               for domain in facts.auth_domains)


def status_for(facts, region):
    """The :class:`facts_mod.RegionStatus` of a region (or the default)."""
    return facts.region(region) or facts.default_region


def report_hint(facts):
    support = facts.support
    return ("To report a problem, run 'openstack coe support bundle create "
            "<cluster>' and attach the file it writes to a ticket in the "
            f"{support.name} ({support.url}).")


def _applies(facts, region, auth_url, mode):
    if mode == NEVER:
        return False
    return mode == ALWAYS or is_catalyst(facts, region, auth_url)


def notice(facts, region, auth_url, mode=AUTO):
    """The region's notice, or None when there is nothing to say.

    ``mode`` is ``never`` (say nothing), ``always`` (say it for any cloud)
    or ``auto`` (only for Catalyst Cloud).
    """
    if not _applies(facts, region, auth_url, mode):
        return None
    status = status_for(facts, region)
    title = STATUS_TITLES.get(status.status)
    if title is None:
        return None
    where = f'in region {region}' if region else 'in this region'
    return (f'Note: Catalyst Cloud Kubernetes {where} is a {title} '
            f'(source: {status.source.document}, dated '
            f'{status.source.dated}); failures may occur. '
            f'{report_hint(facts)} {HIDE_HINT}')


def version_notice(facts, region, auth_url, reason, mode=AUTO):
    """The notice for a template of a preview Kubernetes version.

    ``reason`` says which version is a preview and where that comes from
    (``TemplateInfo.reason``).
    """
    if not _applies(facts, region, auth_url, mode):
        return None
    return (f'Note: {reason}: it may change or fail; use a supported '
            f'version for production. {HIDE_HINT}')


def epilog(facts):
    """A short note for the --help of every coe command."""
    previews = sorted(
        (name, status) for name, status in facts.regions.items()
        if status.status in STATUS_TITLES)
    if not previews:
        return None
    sources = sorted({f'{status.source.document}, dated '
                      f'{status.source.dated}' for _n, status in previews})
    return (
        'Catalyst Cloud: the Kubernetes service is a Technical Preview in '
        + ', '.join(f'{name} ({status.status})' for name, status in previews)
        + f' (source: {"; ".join(sources)}); failures may occur. A notice '
        'on stderr says so before the command runs; hide it with '
        f'--no-preview-warning, -q, {ENV_VAR}=never, or '
        f'"{CLOUDS_YAML_KEY}: never" in the cloud\'s clouds.yaml entry.')


# -- per run of the OSC app ---------------------------------------------------

def mode_for(app, parsed_args, config):
    """The notice mode of this run.

    ``never`` when silenced (option, ``-q``), else the mode set by the
    environment or the cloud's clouds.yaml entry ``config``.
    """
    if getattr(parsed_args, OPTION_DEST, False):
        return NEVER
    if getattr(getattr(app, 'options', None), 'verbose_level', 1) == 0:
        return NEVER
    env_mode = os.environ.get(ENV_VAR)
    return parse_mode(env_mode if env_mode else config.get(CLOUDS_YAML_KEY))


def announce_version(app, parsed_args, minor, reason):
    """The preview notice for Kubernetes ``minor``, once per run."""
    from catalystcoe import cloud

    settings = cloud.settings(app)
    mode = mode_for(app, parsed_args, settings.config)
    text = version_notice(facts_mod.for_app(app), settings.region,
                          settings.auth_url, reason, mode)
    cli.say_once(app, f'kubernetes {minor}', text)
