"""How templates are shown: columns, rows and list filters.

Used by ``coe catalyst template list|show|create``; imported only when
one of them runs (cliff imports every command module on every
``openstack`` run, so ``catalystcoe.v1.templates`` stays thin).
"""

from catalystcoe import cli
from catalystcoe.templates import catalogue
from catalystcoe.templates import labels as labels_mod

LIST_COLUMNS = ('Name', 'UUID', 'Kubernetes Version', 'Profile', 'Released',
                'Support')
REGION_COLUMN = 'Region'

FACT_COLUMNS = ('Name', 'UUID', 'Kubernetes Version', 'Minor Version',
                'Profile', 'Released', 'Support', 'Support Reason',
                'Unsupported From')
LABEL_COLUMNS = ('Labels', 'Labels Argument')
# Template fields shown by the fact columns or the label columns instead.
_FIELDS_SHOWN_AS_FACTS = ('name', 'uuid', 'labels', 'links')


def _date_text(value):
    return value.isoformat() if value is not None else None


def list_row(info, region=None):
    version = cli.VersionColumn(info.version) if info.version else None
    row = (info.name, info.uuid, version, info.profile,
           _date_text(info.released), info.support)
    return ((region,) + row) if region is not None else row


def show_data(info):
    """``(columns, values)`` for one template: facts, fields, labels."""
    template = info.template
    fields = [key for key in _template_fields(template)
              if key not in _FIELDS_SHOWN_AS_FACTS]
    facts = (info.name, info.uuid, info.kubernetes_version, info.minor,
             info.profile, _date_text(info.released), info.support,
             info.reason, info.end_of_support)
    labels = info.labels
    values = (facts + tuple(template.get(key) for key in fields)
              + (cli.KeyValueRowsColumn(labels),
                 labels_mod.to_argument(labels)))
    return FACT_COLUMNS + tuple(fields) + LABEL_COLUMNS, values


def _template_fields(template):
    """Every field of a template: magnumclient's order, then any other."""
    from magnumclient.v1 import cluster_templates

    known = list(cluster_templates.CLUSTER_TEMPLATE_ATTRIBUTES)
    return known + sorted(key for key in template if key not in known)


def keep_newest(infos):
    """Only the newest template of each minor version and profile.

    Custom templates are compared among themselves, so that a private
    copy never hides the Catalyst template it was copied from.
    """
    def group(info):
        return info.minor, info.profile, info.support == catalogue.CUSTOM

    newest: dict = {}
    for info in sorted(infos, key=lambda info: info.sort_key()):
        newest.setdefault(group(info), info)
    return [info for info in infos if newest.get(group(info)) is info]


def select(infos, version=None, profile=None, include_all=False):
    """Apply the list filters; newest first."""
    chosen = []
    for info in infos:
        if not include_all and (info.hidden or
                                info.support == catalogue.UNSUPPORTED):
            continue
        if profile is not None and info.profile != profile:
            continue
        if version is not None and (
                info.version is None
                or info.version[:len(version)] != version):
            continue
        chosen.append(info)
    return sorted(chosen, key=lambda info: info.sort_key())


def copy_body(source, name, overrides=None, set_labels=None,
              unset_labels=(), public=False):
    """The create request for a private copy of ``source`` (a dict).

    Every creation field of the source is carried over (None values are
    left out); ``overrides`` maps fields to new values; labels are the
    source's, updated with ``set_labels`` and without ``unset_labels``.
    """
    from magnumclient.v1 import cluster_templates

    body = {}
    for field in cluster_templates.CREATION_ATTRIBUTES:
        if source.get(field) is not None:
            body[field] = source[field]
    labels = dict(source.get('labels') or {})
    labels.update(set_labels or {})
    for key in unset_labels:
        labels.pop(key, None)
    body.update({key: value for key, value in (overrides or {}).items()
                 if value is not None})
    body.update(name=name, labels=labels, public=public, hidden=False)
    return body
