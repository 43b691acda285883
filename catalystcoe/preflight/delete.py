"""What to say before ``coe cluster delete``: blockers and survivors.

:func:`check` reads every cluster's resources at once
(:mod:`.resources`) and returns the lines for stderr and, with
``strict``, the lines of the refusal.
"""

from catalystcoe.preflight import resources

STRICT_OPTION = '--strict'


def _named(row):
    return f'{row.type} {row.name or row.id} ({row.id})' if row.name \
        else f'{row.type} {row.id}'


def blocker_line(row):
    """Why one resource blocks the delete (after ``cluster <name>: ``)."""
    return (f'{_named(row)} on its network was not made by the cluster and '
            'blocks the delete (it would stay DELETE_IN_PROGRESS)')


def survivors_line(cluster_name, rows):
    sizes = sum(int(r.detail.split(' GB')[0]) for r in rows
                if r.detail.split(' GB')[0].isdigit())
    names = ', '.join(r.name or r.id for r in rows)
    return (f'Note: {len(rows)} volume(s) made by the Cinder CSI driver of '
            f'cluster {cluster_name} ({sizes} GB) survive the delete and '
            f'keep costing: {names}. Delete them with "openstack volume '
            'delete" once no longer needed.')


def check(app, idents, strict):
    """``(warnings, refusals)``: lines for stderr, and why to refuse."""
    found = resources.read(app, idents)
    warnings, refusals = [], []
    for ident in idents:
        result = found[ident]
        if not isinstance(result, resources.Found):
            # The delete itself reports a cluster it cannot find.
            if result.kind != 'not_found':
                warnings.append(f'Warning: cannot check what blocks the '
                                f'delete of cluster {ident}: {result.line}')
                if strict:
                    refusals.append(f'refusing to delete cluster {ident}: '
                                    f'cannot check it ({result.line})')
            continue
        name = result.name
        for line in result.unread:
            warnings.append(f'Note: cluster {name}: {line}')
        for row in result.blockers:
            if strict:
                refusals.append(f'refusing to delete cluster {name}: '
                                f'{blocker_line(row)}')
            else:
                warnings.append(f'Warning: cluster {name}: '
                                f'{blocker_line(row)}; remove it first.')
        if strict and result.unread and not result.blockers:
            refusals.append(f'refusing to delete cluster {name}: what '
                            'blocks its delete could not all be read')
        if result.surviving:
            warnings.append(survivors_line(name, result.surviving))
    if refusals:
        refusals.append(f'Nothing was deleted. Remove what blocks the '
                        f'delete first, or delete without {STRICT_OPTION}.')
    return warnings, refusals
