"""Support lifecycle of Kubernetes minor versions, from the service facts.

The version table is part of the service facts document
(:mod:`catalystcoe.facts`): for each minor its published status, initial
release, the day it is (or is expected to be) unsupported from, its last
templates and the source of all that. This module answers what the
table says about one minor on a given day; :mod:`.catalogue` then weighs
it against what the cloud shows.

"Today" comes from :func:`today` (``$CATALYSTCOE_TODAY``, ``YYYY-MM-DD``,
keeps tests and demos deterministic). Standard library only.
"""

import dataclasses
import datetime

from catalystcoe import facts as facts_mod

TODAY_ENV_VAR = facts_mod.TODAY_ENV_VAR
today = facts_mod.today

# The status of a minor version on a given day (Lifecycle.status).
PREVIEW = facts_mod.PREVIEW
SUPPORTED = facts_mod.SUPPORTED
UNSUPPORTED = facts_mod.UNSUPPORTED
TBA = facts_mod.TBA              # to be announced: not released yet
ENDING = 'ending'                # an *expected* end of support has passed
UNKNOWN = 'unknown'              # newer than every minor in the table


@dataclasses.dataclass(frozen=True)
class MinorVersion:
    """One Kubernetes minor version as the facts document gives it."""

    minor: str
    status: str                                  # as published
    released: facts_mod.FactDate | None
    unsupported_from: facts_mod.FactDate | None
    source: facts_mod.Source
    last_templates: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """The version table with the date of its data."""

    minors: dict
    data_date: datetime.date
    policy: dict = dataclasses.field(default_factory=dict)

    def get(self, minor):
        return self.minors.get(minor)

    def newest_known(self):
        keys = [minor_key(minor) for minor in self.minors]
        return max(keys) if keys else None

    def status(self, minor, on):
        """The status of ``minor`` on day ``on`` from the table alone.

        Published dates move a minor between statuses on other days than
        the table's: before an announced release it is TBA (a preview
        stays one), from an
        announced unsupported date it is UNSUPPORTED, after an *expected*
        one it is ENDING (not confirmed). A minor newer than every listed
        one is UNKNOWN (the cloud decides); an older one UNSUPPORTED.
        """
        entry = self.minors.get(minor)
        if entry is None:
            key, newest = minor_key(minor), self.newest_known()
            if key is not None and newest is not None and key > newest:
                return UNKNOWN
            return UNSUPPORTED
        released, ends = entry.released, entry.unsupported_from
        if ends is not None and ends.in_effect(on):
            return ENDING if ends.expected else UNSUPPORTED
        if released is not None and not released.expected and \
                not released.in_effect(on) and entry.status != PREVIEW:
            return TBA
        if entry.status == UNSUPPORTED and ends is not None:
            # Unsupported from a day still ahead of ``on``.
            return SUPPORTED
        return entry.status

    def why(self, minor, on):
        """One line for people: the status of ``minor`` and its source."""
        entry = self.minors.get(minor)
        if entry is None:
            return (f'Kubernetes {minor} is not in the support table '
                    f'(data from {self.data_date})')
        status = self.status(minor, on)
        ends = entry.unsupported_from
        if status == UNSUPPORTED:
            text = f'Kubernetes {minor} is unsupported' + (
                f' since {ends.text}' if ends else '')
        elif status == ENDING:
            text = (f'Kubernetes {minor} is expected to be unsupported '
                    f'since {ends.text}')
        elif status == TBA:
            text = f'Kubernetes {minor} is to be announced' + (
                f' (release {entry.released})' if entry.released else '')
        elif status == PREVIEW:
            text = f'Kubernetes {minor} is a preview'
        elif ends is None:
            text = f'Kubernetes {minor} is supported'
        else:
            text = (f'Kubernetes {minor} is supported, '
                    + ('expected to be ' if ends.expected else '')
                    + f'unsupported from {ends.text}')
        return f'{text} ({entry.source})'


def minor_key(minor):
    """``'1.29'`` as ``(1, 29)``; None when it is not a minor version."""
    try:
        major, number = str(minor).split('.')
        return int(major), int(number)
    except ValueError:
        return None


def from_facts(facts):
    """Build a :class:`Lifecycle` from a :class:`facts_mod.Facts`."""
    minors = {}
    for minor, entry in facts.minors.items():
        minors[minor] = MinorVersion(
            minor=minor,
            status=entry['status'],
            released=facts_mod.parse_date(entry.get('released')),
            unsupported_from=facts_mod.parse_date(
                entry.get('unsupported_from')),
            source=facts.source(entry['source']),
            last_templates=tuple(entry.get('last_templates', ())))
    return Lifecycle(minors=minors, data_date=facts.data_date,
                     policy=dict(facts.policy))


def load():
    """The packaged table."""
    return from_facts(facts_mod.packaged())


def for_app(app):
    """The table for this run of the OSC ``app``.

    A configured facts document's, its cached copy's, or the packaged one.
    """
    return from_facts(facts_mod.for_app(app))
