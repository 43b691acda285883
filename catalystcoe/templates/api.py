"""Templates as the commands and hooks need them: fetched, classified,
resolved from aliases.

Every request goes through :mod:`catalystcoe.cloud`; this module turns
failures into one line with :func:`catalystcoe.errors.api_errors`. Its
imports stay light: the hooks on ``coe cluster create/upgrade`` import
it.
"""

from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.templates import aliases
from catalystcoe.templates import catalogue


def fetch(client):
    """Every template the caller can see, as dicts: ONE request."""
    with errors.api_errors('listing cluster templates'):
        return cloud.list_templates(client)


def classified(client, today=None):
    """``catalogue.classify`` over :func:`fetch` (one request)."""
    return catalogue.classify(fetch(client), today=today)


def resolve(client, value, today=None):
    """Resolve a name, UUID or alias with one template list request.

    Returns ``(info, infos)``: the chosen :class:`TemplateInfo` and every
    classified template (for callers that need more facts).
    """
    infos = classified(client, today=today)
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
