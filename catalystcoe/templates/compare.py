"""What differs between two sets of labels, or two cluster templates.

One comparison for ``coe catalyst template diff`` and the label rows of
an upgrade plan. Standard library only: the hooks import this module.
"""

import dataclasses

ADDED = 'added'
REMOVED = 'removed'
CHANGED = 'changed'
SAME = 'same'
COLUMNS = ('Field', 'Change', 'From', 'To')

# Template fields that say nothing about what a cluster gets.
IGNORED_FIELDS = frozenset({
    'uuid', 'name', 'links', 'created_at', 'updated_at', 'project_id',
    'user_id', 'labels'})


@dataclasses.dataclass(frozen=True)
class Change:
    key: str
    change: str
    old: object = None
    new: object = None

    def as_row(self):
        return (self.key, self.change, value_text(self.old),
                value_text(self.new))


def value_text(value):
    if value is None:
        return ''
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ','.join(str(v) for v in value)
    return str(value)


def _same(a, b):
    return value_text(a).strip().lower() == value_text(b).strip().lower() if (
        isinstance(a, bool) or isinstance(b, bool)) else a == b


def diff(old, new, prefix='', keep_same=False):
    """:class:`Change` for every key of ``old`` or ``new``, sorted by key.

    Keys only in ``new`` are added, only in ``old`` removed (a value of
    None counts as absent); equal values are left out unless ``keep_same``.
    """
    old = {k: v for k, v in (old or {}).items() if v is not None}
    new = {k: v for k, v in (new or {}).items() if v is not None}
    out = []
    for key in sorted(set(old) | set(new)):
        if key not in new:
            out.append(Change(prefix + key, REMOVED, old[key], None))
        elif key not in old:
            out.append(Change(prefix + key, ADDED, None, new[key]))
        elif not _same(old[key], new[key]):
            out.append(Change(prefix + key, CHANGED, old[key], new[key]))
        elif keep_same:
            out.append(Change(prefix + key, SAME, old[key], new[key]))
    return out


def templates(old, new, keep_same=False):
    """Field changes, then label changes (``labels.<key>``)."""
    fields_old = {k: v for k, v in (old or {}).items()
                  if k not in IGNORED_FIELDS}
    fields_new = {k: v for k, v in (new or {}).items()
                  if k not in IGNORED_FIELDS}
    return (diff(fields_old, fields_new, keep_same=keep_same)
            + diff((old or {}).get('labels') or {},
                   (new or {}).get('labels') or {}, 'labels.',
                   keep_same=keep_same))
