"""Support lifecycle of Kubernetes minor versions, as data.

The facts live in ``catalystcoe/data/kubernetes_versions.json``; this
module reads them and answers questions about one minor version on a
given day. "Today" comes from :func:`today`, which honours the
``CATALYSTCOE_TODAY`` environment variable (``YYYY-MM-DD``) so that tests
and demos are deterministic. Standard library only.
"""

import dataclasses
import datetime
import json
import os

TODAY_ENV_VAR = 'CATALYSTCOE_TODAY'
DEFAULT_WINDOW_DAYS = 60

# The status of a minor version on a given day (Lifecycle.status).
PREVIEW = 'preview'
SUPPORTED = 'supported'
ENDING = 'ending'            # supported, ending within the window
UNSUPPORTED = 'unsupported'


def today():
    """The date to judge support by: $CATALYSTCOE_TODAY or the real day."""
    value = os.environ.get(TODAY_ENV_VAR, '').strip()
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return datetime.date.today()


def _date(value):
    if not value:
        return None
    return datetime.date.fromisoformat(value)


@dataclasses.dataclass(frozen=True)
class MinorVersion:
    """One Kubernetes minor version as Catalyst Cloud offers it."""

    minor: str
    released: datetime.date | None
    end_of_support: datetime.date | None
    preview: bool = False


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """The whole table: minor versions, review date, deprecation window."""

    minors: dict
    reviewed_on: datetime.date | None
    window_days: int = DEFAULT_WINDOW_DAYS

    def get(self, minor):
        return self.minors.get(minor)

    def status(self, minor, on):
        """``preview``, ``unsupported``, ``ending`` or ``supported``.

        ``ending`` means support ends within the deprecation window.
        A minor newer than every known one is a preview (not reviewed
        yet); an unknown older one, or one in a gap, is unsupported.
        """
        entry = self.minors.get(minor)
        if entry is None:
            known = [minor_key(m) for m in self.minors]
            key = minor_key(minor)
            if known and key is not None and key > max(known):
                return PREVIEW
            return UNSUPPORTED
        if entry.preview:
            return PREVIEW
        if entry.released and on < entry.released:
            return PREVIEW
        if entry.end_of_support is None:
            return SUPPORTED
        if on >= entry.end_of_support:
            return UNSUPPORTED
        if (entry.end_of_support - on).days <= self.window_days:
            return ENDING
        return SUPPORTED


def minor_key(minor):
    """``'1.29'`` as ``(1, 29)``; None when it is not a minor version."""
    try:
        major, number = str(minor).split('.')
        return int(major), int(number)
    except ValueError:
        return None


def from_dict(data):
    """Build a :class:`Lifecycle` from the JSON document's structure."""
    minors = {}
    for minor, entry in (data.get('minors') or {}).items():
        minors[minor] = MinorVersion(
            minor=minor,
            released=_date(entry.get('released')),
            end_of_support=_date(entry.get('end_of_support')),
            preview=bool(entry.get('preview', False)))
    return Lifecycle(
        minors=minors,
        reviewed_on=_date(data.get('reviewed_on')),
        window_days=int(data.get('deprecation_window_days',
                                 DEFAULT_WINDOW_DAYS)))


def load(path=None):
    """Read the packaged table (or ``path``)."""
    if path is None:
        path = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                            'data', 'kubernetes_versions.json')
    with open(path, encoding='utf-8') as f:
        return from_dict(json.load(f))
