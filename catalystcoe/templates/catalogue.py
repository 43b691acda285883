"""Classify cluster templates: version, profile, release date, support.

This is the small API shared by the ``coe catalyst template`` commands,
the hooks on ``coe cluster create/upgrade`` and the support bundle's
diagnosis::

    from catalystcoe.templates import catalogue
    infos = catalogue.classify(templates)          # keyed by uuid
    infos[uuid].support   # latest, supported, deprecated, unsupported,
                          # preview or custom

``templates`` are dicts as the Magnum API returns them or
python-magnumclient resources. Light imports only: hooks import this.
"""

import dataclasses
import datetime

from catalystcoe import cloud
from catalystcoe.templates import lifecycle as lifecycle_mod
from catalystcoe.templates import names

LATEST = 'latest'
SUPPORTED = 'supported'
DEPRECATED = 'deprecated'
UNSUPPORTED = 'unsupported'
PREVIEW = 'preview'
CUSTOM = 'custom'

# Statuses a template can be chosen by an alias from.
USABLE = (LATEST, SUPPORTED, DEPRECATED)


@dataclasses.dataclass(frozen=True)
class TemplateInfo:
    """What we know about one cluster template."""

    name: str
    uuid: str
    kubernetes_version: str | None
    minor: str | None
    profile: str | None
    released: datetime.date | None
    support: str
    hidden: bool = False
    public: bool = False
    end_of_support: datetime.date | None = None
    reason: str = ''
    template: dict = dataclasses.field(
        default_factory=dict, compare=False, repr=False)

    @property
    def version(self):
        """The Kubernetes version as a tuple, or None."""
        return names.parse_version(self.kubernetes_version or '')

    @property
    def labels(self):
        return dict(self.template.get('labels') or {})

    def sort_key(self):
        """Newest version first, then newest release, Catalyst's first."""
        version = self.version or (-1, -1, -1)
        released = self.released or datetime.date.min
        return (tuple(-part for part in version), -released.toordinal(),
                self.support == CUSTOM, self.profile or '', self.name)


def _facts(template):
    """Version, profile and release date of one template (dict)."""
    name = template.get('name') or ''
    parsed = names.parse_name(name)
    tags = names.parse_tags(template.get('tags'))
    version = parsed.version if parsed else None
    if version is None:
        kube_tag = (template.get('labels') or {}).get('kube_tag')
        version = names.parse_version(kube_tag) if kube_tag else None
    profile = parsed.profile if parsed else None
    profile = profile or names.profile_from_tags(tags)
    released = parsed.released if parsed else None
    released = released or names.released_from_tags(tags)
    return parsed is not None, version, profile, released


def _newer(a, b):
    """True when release ``a`` is newer than release ``b``."""
    return ((a.version, a.released or datetime.date.min)
            > (b.version, b.released or datetime.date.min))


def classify(templates, today=None, lifecycle=None):
    """Classify templates; returns ``{uuid: TemplateInfo}``.

    ``today`` defaults to :func:`lifecycle.today` and ``lifecycle`` to the
    packaged table.
    """
    if today is None:
        today = lifecycle_mod.today()
    if lifecycle is None:
        lifecycle = lifecycle_mod.load()

    drafts = []
    for template in templates:
        data = cloud.to_dict(template, 'cluster template')
        understood, version, profile, released = _facts(data)
        minor = names.minor_text(version) if version else None
        entry = lifecycle.get(minor) if minor else None
        public = bool(data.get('public', False))
        info = TemplateInfo(
            name=data.get('name') or '',
            uuid=data.get('uuid') or '',
            kubernetes_version=(names.version_text(version)
                                if version else None),
            minor=minor,
            profile=profile,
            released=released,
            support=CUSTOM,
            hidden=bool(data.get('hidden', False)),
            public=public,
            end_of_support=entry.end_of_support if entry else None,
            template=data)
        drafts.append((info, understood and public))

    catalyst = [info for info, ours in drafts if ours]
    status = {info.uuid: lifecycle.status(info.minor, today)
              for info in catalyst}
    visible = [info for info in catalyst if not info.hidden]
    ga_minors = [lifecycle_mod.minor_key(info.minor) for info in visible
                 if status[info.uuid] in (lifecycle_mod.SUPPORTED,
                                          lifecycle_mod.ENDING)]
    newest_ga = max(ga_minors) if ga_minors else None

    result = {}
    for info, ours in drafts:
        if ours:
            support, reason = _judge(info, status[info.uuid], visible,
                                     newest_ga)
        else:
            support, reason = CUSTOM, _custom_reason(info, lifecycle, today)
        key = info.uuid or info.name
        result[key] = dataclasses.replace(info, support=support,
                                          reason=reason)
    return result


def _judge(info, minor_status, visible, newest_ga):
    """Support status and a one-line reason for a Catalyst template."""
    if minor_status == lifecycle_mod.PREVIEW:
        return PREVIEW, f'Kubernetes {info.minor} is a preview'
    if minor_status == lifecycle_mod.UNSUPPORTED:
        if info.end_of_support:
            return UNSUPPORTED, (f'Kubernetes {info.minor} reached end of '
                                 f'support on {info.end_of_support}')
        return UNSUPPORTED, f'Kubernetes {info.minor} is not supported'
    if minor_status == lifecycle_mod.ENDING:
        return DEPRECATED, (f'support for Kubernetes {info.minor} ends on '
                            f'{info.end_of_support}')
    if info.hidden:
        return DEPRECATED, 'hidden in favour of newer templates'
    newer = [other for other in visible
             if other.minor == info.minor and other.profile == info.profile
             and _newer(other, info)]
    if newer:
        newest = max(newer, key=lambda other: (
            other.version, other.released or datetime.date.min))
        return DEPRECATED, f'superseded by {newest.name}'
    if lifecycle_mod.minor_key(info.minor) == newest_ga:
        return LATEST, f'newest release of Kubernetes {info.minor}'
    return SUPPORTED, f'Kubernetes {info.minor} is supported' + (
        f' until {info.end_of_support}' if info.end_of_support else '')


def _custom_reason(info, lifecycle, today):
    """Why a template is custom, with what its kube_tag says if known."""
    if names.parse_name(info.name) is None:
        why = 'not a Catalyst Cloud template name'
    else:
        why = 'private template'
    if info.minor is None:
        return why
    minor_status = lifecycle.status(info.minor, today)
    if minor_status == lifecycle_mod.UNSUPPORTED:
        return (f'{why}; Kubernetes {info.minor} is not supported'
                + (f' since {info.end_of_support}'
                   if info.end_of_support else ''))
    if minor_status == lifecycle_mod.ENDING:
        return (f'{why}; support for Kubernetes {info.minor} ends on '
                f'{info.end_of_support}')
    return f'{why}; Kubernetes {info.kubernetes_version}'
