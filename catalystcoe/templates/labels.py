"""Cluster template labels: ``--labels`` values and dropped labels.

Standard library only: the hooks import this module.
"""


def to_argument(labels):
    """One ``--labels`` value that python-magnumclient reads back as-is.

    magnumclient splits a single ``--labels`` value on ``,`` and ``;`` and
    joins repeated keys with ``,``; so a value that contains commas is
    written as the same key repeated (``cidrs=a,cidrs=b`` -> ``a,b``).
    """
    parts = []
    for key in sorted(labels):
        value = '' if labels[key] is None else str(labels[key])
        for piece in value.split(','):
            parts.append(f'{key}={piece}')
    return ','.join(parts)


def parse_options(values, option='--label'):
    """``['k=v', ...]`` from a repeatable option as a dict.

    Raises ValueError naming the option for an item without ``=``.
    """
    result = {}
    for item in values or ():
        key, sep, value = item.partition('=')
        if not sep or not key.strip():
            raise ValueError(f'{option} wants key=value, not "{item}"')
        result[key.strip()] = value
    return result


def dropped(base, given):
    """Keys of ``base`` that a request with only ``given`` labels loses.

    Sorted; labels that ``given`` sets again are not dropped.
    """
    return sorted(key for key in (base or {}) if key not in (given or {}))


def drop_warning(dropped_keys, source, merge_option='--merge-labels'):
    """The warning for labels that a --labels option will drop."""
    shown = ', '.join(dropped_keys)
    return (f'Warning: --labels replaces the labels of {source}; '
            f'these {len(dropped_keys)} label(s) will be dropped: {shown}. '
            f'Add {merge_option} to keep them.')
