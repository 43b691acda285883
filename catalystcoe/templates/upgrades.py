"""Which templates a cluster may be upgraded to.

A cluster goes one minor version at a time: to a newer patch of its
minor version or to the next minor version; never skipping a minor and
never down. Standard library only: the hooks import this module.
"""

from catalystcoe.templates import names


def check(current, target):
    """None when ``current`` -> ``target`` is allowed, else the reason.

    Both are version tuples ``(major, minor, patch)``.
    """
    if target < current or target[0] != current[0]:
        return (f'{names.version_text(target)} is older than the '
                f'cluster\'s {names.version_text(current)} (a downgrade)')
    if target[:2] == current[:2]:
        return None
    if target[1] == current[1] + 1:
        return None
    skipped = ', '.join(f'{current[0]}.{minor}'
                        for minor in range(current[1] + 1, target[1]))
    return (f'{names.version_text(target)} skips Kubernetes {skipped} '
            '(upgrade one minor version at a time)')


def targets(current, infos, exclude_uuid=None):
    """The templates among ``infos`` that ``current`` may upgrade to.

    Templates of unknown version and ``exclude_uuid`` (the cluster's own
    template) are left out; newest first.
    """
    found = [info for info in infos
             if info.version is not None and info.uuid != exclude_uuid
             and check(current, info.version) is None]
    return sorted(found, key=lambda info: info.sort_key())


def cluster_version(cluster, infos_by_uuid):
    """The Kubernetes version a cluster runs, as a tuple, or None.

    From its template when we know it, else from ``coe_version`` or the
    ``kube_tag`` label.
    """
    template = infos_by_uuid.get(cluster.get('cluster_template_id'))
    if template is not None and template.version is not None:
        return template.version
    for text in (cluster.get('coe_version'),
                 (cluster.get('labels') or {}).get('kube_tag')):
        version = names.parse_version(text) if text else None
        if version is not None:
            return version
    return None
