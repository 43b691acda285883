"""Templates as the commands and hooks need them: fetched, classified,
resolved from aliases.

Every request goes through :mod:`catalystcoe.cloud`; this module turns
failures into one line with :func:`catalystcoe.errors.api_errors`. Its
imports stay light: the hooks on ``coe cluster create/upgrade`` import
it.
"""

from osc_lib import exceptions as osc_exc

from catalystcoe import cli
from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe import facts as facts_mod
from catalystcoe.templates import aliases
from catalystcoe.templates import catalogue
from catalystcoe.templates import lifecycle as lifecycle_mod

STALE_NOTICE = 'stale facts'


def judging(app, warn_stale=False):
    """``(today, lifecycle)`` to judge templates by in this run of ``app``.

    The version table is the configured facts document's (or its cached
    copy, or the packaged one). With ``warn_stale``, says once on stderr
    when it is packaged data older than facts.STALE_AFTER_DAYS and no
    document is configured.
    """
    on = lifecycle_mod.today()
    facts = facts_mod.for_app(app)
    quiet = getattr(getattr(app, 'options', None), 'verbose_level', 1) == 0
    if warn_stale and not quiet and facts.stale(on):
        cli.say_once(app, STALE_NOTICE, facts.stale_notice())
    return on, lifecycle_mod.from_facts(facts)


def fetch(client):
    """Every template the caller can see, as dicts: ONE request."""
    with errors.api_errors('listing cluster templates'):
        return cloud.list_templates(client)


def fetch_regions(app, parsed_args, fetch):
    """``{region: fetch(client)}`` for --region/--all-regions.

    ``{None: fetch(client)}`` for the command's own region when neither
    was given. Other regions are queried concurrently; one that fails is
    a warning on stderr, all failing is a CommandError.
    """
    manager = cloud.client_manager(app)
    if not (parsed_args.all_regions or parsed_args.regions):
        return {None: fetch(manager.container_infra)}
    regions = (cloud.catalog_regions(manager) if parsed_args.all_regions
               else list(dict.fromkeys(parsed_args.regions)))
    results, failures = cloud.for_each_region(manager, regions, fetch)
    for region, why in failures.items():
        app.stderr.write(f'Warning: region {region}: {why}\n')
    if not results:
        raise osc_exc.CommandError(
            'no region answered: ' + '; '.join(
                f'{region}: {why}' for region, why in failures.items()))
    return results


def classified(client, today=None, lifecycle=None):
    """``catalogue.classify`` over :func:`fetch` (one request)."""
    return catalogue.classify(fetch(client), today=today,
                              lifecycle=lifecycle)


def resolve(client, value, today=None, lifecycle=None):
    """Resolve a name, UUID or alias with one template list request.

    Returns ``(info, infos)``: the chosen :class:`TemplateInfo` and every
    classified template (for callers that need more facts).
    """
    infos = classified(client, today=today, lifecycle=lifecycle)
    return resolve_in(infos, value), infos


def resolve_in(infos, value):
    """Resolve a name, UUID or alias among already classified templates."""
    try:
        return aliases.resolve(value, infos.values())
    except aliases.ResolveError as exc:
        raise osc_exc.CommandError(str(exc)) from exc


def announce(stream, value, info):
    """Say on ``stream`` which template an alias chose (not for names)."""
    if value in (info.name, info.uuid):
        return
    stream.write(f'Cluster template "{value}" resolves to '
                 f'{aliases.describe(info)}\n')


def get_cluster(client, cluster):
    """A cluster (by name or UUID) as a dict; one line if it fails."""
    with errors.api_errors(f'looking up cluster {cluster}'):
        return cloud.get_cluster(client, cluster)


def get_template(client, template):
    """A template (by name or UUID) as a dict; one line if it fails."""
    with errors.api_errors(f'reading cluster template {template}'):
        return cloud.get_template(client, template)


def list_nodegroups(client, cluster):
    """A cluster's node groups as dicts; one line if it fails."""
    with errors.api_errors(f'listing node groups of cluster {cluster}'):
        return cloud.list_nodegroups(client, cluster)
