"""Classify cluster templates: version, profile, release date, support.

This is the small API shared by the ``coe catalyst template`` commands,
the hooks on ``coe cluster create/upgrade`` and the support bundle's
diagnosis::

    from catalystcoe.templates import catalogue
    infos = catalogue.classify(templates)          # keyed by uuid
    infos[uuid].support   # one of STATUSES
    infos[uuid].reason    # why, with the source of the fact used

``templates`` are dicts as the Magnum API returns them or
python-magnumclient resources. Light imports only: hooks import this.
"""

import dataclasses
import datetime

from catalystcoe import cloud
from catalystcoe import facts as facts_mod
from catalystcoe.templates import lifecycle as lifecycle_mod
from catalystcoe.templates import names

# A template's support status (TemplateInfo.support).
LATEST = 'latest'
SUPPORTED = lifecycle_mod.SUPPORTED
SUPERSEDED = 'superseded'        # a newer patch of its minor exists
ENDING = lifecycle_mod.ENDING    # its minor's *expected* end has passed
UNSUPPORTED = lifecycle_mod.UNSUPPORTED
PREVIEW = lifecycle_mod.PREVIEW
TBA = lifecycle_mod.TBA
CUSTOM = 'custom'
STATUSES = (LATEST, SUPPORTED, SUPERSEDED, ENDING, UNSUPPORTED, PREVIEW,
            TBA, CUSTOM)

# Statuses a template can be chosen by an alias from.
USABLE = (LATEST, SUPPORTED, SUPERSEDED, ENDING)


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
    unsupported_from: facts_mod.FactDate | None = None
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

    @property
    def end_of_support(self):
        """The (announced or expected) end of support as text, or None."""
        return str(self.unsupported_from) if self.unsupported_from else None

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


@dataclasses.dataclass(frozen=True)
class MinorStatus:
    """A minor version in one region: the table weighed against the cloud."""

    minor: str
    status: str          # a lifecycle status; never UNKNOWN
    reason: str          # why, with the source of the fact used
    offered: bool        # a public, non-hidden Catalyst template exists
    source: str          # where the status comes from (short)


def judge_minor(minor, offered, lifecycle, today):
    """The :class:`MinorStatus` of ``minor`` in one region.

    ``offered`` is what the cloud shows: a public, non-hidden Catalyst
    template of it. The table decides, except for a minor it does not
    know (newer than every listed one) or lists as to be announced:
    offered by the cloud, it is supported, with that reason; not offered,
    it is unsupported (unknown) or still to be announced.
    """
    status = lifecycle.status(minor, today)
    reason = lifecycle.why(minor, today)
    entry = lifecycle.get(minor)
    source = (str(entry.source) if entry else
              f'not in the support table (data from {lifecycle.data_date})')
    if status in (lifecycle_mod.UNKNOWN, lifecycle_mod.TBA) and offered:
        return MinorStatus(minor, lifecycle_mod.SUPPORTED,
                           f'{reason}; the cloud offers it', offered,
                           f'the cloud offers it; {source}')
    if status == lifecycle_mod.UNKNOWN:
        return MinorStatus(minor, lifecycle_mod.UNSUPPORTED,
                           f'{reason}; the cloud offers no public, '
                           f'non-hidden template of it', offered, source)
    return MinorStatus(minor, status, reason, offered, source)


def judge_minors(infos, lifecycle, today):
    """``{minor: MinorStatus}`` for the minors of Catalyst templates.

    Catalyst templates among ``infos``: public, with a Catalyst name.
    """
    catalyst = [info for info in infos if _is_catalyst(info)]
    offered = {info.minor for info in catalyst if not info.hidden}
    return {minor: judge_minor(minor, minor in offered, lifecycle, today)
            for minor in {info.minor for info in catalyst}}


def newest_supported(minors):
    """The newest minor that is offered and supported, or None."""
    keys = [lifecycle_mod.minor_key(m.minor) for m in minors.values()
            if m.offered and m.status in (lifecycle_mod.SUPPORTED,
                                          lifecycle_mod.ENDING)]
    return max(keys) if keys else None


def _is_catalyst(info):
    return (info.public and info.minor is not None
            and names.parse_name(info.name) is not None)


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
        drafts.append(TemplateInfo(
            name=data.get('name') or '',
            uuid=data.get('uuid') or '',
            kubernetes_version=(names.version_text(version)
                                if version else None),
            minor=minor,
            profile=profile,
            released=released,
            support=CUSTOM,
            hidden=bool(data.get('hidden', False)),
            public=bool(data.get('public', False)),
            unsupported_from=entry.unsupported_from if entry else None,
            template=data))

    minors = judge_minors(drafts, lifecycle, today)
    newest = newest_supported(minors)
    catalyst = [info for info in drafts if _is_catalyst(info)]
    result = {}
    for info in drafts:
        if _is_catalyst(info):
            support, reason = _judge(info, minors[info.minor], catalyst,
                                     newest)
        else:
            support, reason = CUSTOM, _custom_reason(info, lifecycle, today)
        key = info.uuid or info.name
        result[key] = dataclasses.replace(info, support=support,
                                          reason=reason)
    return result


def _judge(info, minor, catalyst, newest):
    """Support status and a one-line reason for a Catalyst template."""
    if minor.status in (lifecycle_mod.PREVIEW, lifecycle_mod.UNSUPPORTED,
                        lifecycle_mod.TBA):
        return minor.status, minor.reason
    # A newer patch (or rebuild) hides the older ones; hidden or not, it
    # supersedes them.
    newer = [other for other in catalyst
             if other.minor == info.minor and other.profile == info.profile
             and _newer(other, info)]
    if newer:
        newest_patch = max(newer, key=lambda other: (
            other.version, other.released or datetime.date.min))
        return SUPERSEDED, f'superseded by {newest_patch.name}'
    if minor.status == lifecycle_mod.ENDING:
        return ENDING, minor.reason
    if lifecycle_mod.minor_key(info.minor) == newest:
        return LATEST, (f'newest release of the newest supported '
                        f'Kubernetes version; {minor.reason}')
    return SUPPORTED, minor.reason


def _custom_reason(info, lifecycle, today):
    """Why a template is custom, with what its kube_tag says if known."""
    if names.parse_name(info.name) is None:
        why = 'not a Catalyst Cloud template name'
    else:
        why = 'private template'
    if info.minor is None:
        return why
    if lifecycle.status(info.minor, today) in (lifecycle_mod.UNSUPPORTED,
                                               lifecycle_mod.ENDING):
        return f'{why}; {lifecycle.why(info.minor, today)}'
    return f'{why}; Kubernetes {info.kubernetes_version}'
