"""The Kubernetes versions a region offers, like ``az aks get-versions``.

Rows for ``coe catalyst version list``: each minor's status (the version
table weighed against the region's templates, exactly as the Support
column of ``coe catalyst template list`` is), its published dates, the
newest template the region offers and how many of the project's clusters
run it. Imported when that command runs.
"""

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.templates import api
from catalystcoe.templates import catalogue
from catalystcoe.templates import lifecycle as lifecycle_mod
from catalystcoe.templates import upgrades

COLUMNS = ('Minor', 'Status', 'Initial Release', 'Unsupported From',
           'Newest Template', 'Clusters', 'Source')
REGION_COLUMN = 'Region'


def fetch(client):
    """``(templates, clusters)`` of one region: two requests."""
    templates = api.fetch(client)
    with errors.api_errors('listing clusters'):
        clusters = cloud.list_clusters(client)
    return templates, clusters


def rows(templates, clusters, lifecycle, today, include_all=False):
    """The rows for one region, newest minor first.

    Without ``include_all``, an unsupported minor is left out unless the
    region offers a template of it or a cluster runs it.
    """
    infos = catalogue.classify(templates, today, lifecycle)
    minors = catalogue.judge_minors(infos.values(), lifecycle, today)
    counts: dict = {}
    for cluster in clusters:
        version = upgrades.cluster_version(cluster, infos)
        if version is not None:
            minor = f'{version[0]}.{version[1]}'
            counts[minor] = counts.get(minor, 0) + 1
    offered = newest_offered(infos.values())
    result = []
    for minor in sorted(set(lifecycle.minors) | set(minors) | set(counts),
                        key=_newest_first):
        judged = minors.get(minor) or catalogue.judge_minor(
            minor, False, lifecycle, today)
        newest = offered.get(minor)
        if (not include_all and judged.status == lifecycle_mod.UNSUPPORTED
                and newest is None and not counts.get(minor)):
            continue
        entry = lifecycle.get(minor)
        result.append((
            minor, judged.status,
            _text(entry.released if entry else None),
            _text(entry.unsupported_from if entry else None),
            newest.name if newest else None,
            counts.get(minor, 0),
            judged.source))
    return result


def newest_offered(infos):
    """The newest public, non-hidden Catalyst template of each minor.

    ``{minor: TemplateInfo}``.
    """
    newest: dict = {}
    for info in sorted(infos, key=lambda info: info.sort_key()):
        if info.support != catalogue.CUSTOM and not info.hidden:
            newest.setdefault(info.minor, info)
    return newest


def _newest_first(minor):
    key = lifecycle_mod.minor_key(minor) or (-1, -1)
    return (-key[0], -key[1])


def _text(date):
    return str(date) if date is not None else None
