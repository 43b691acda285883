"""Read facts out of Catalyst Cloud cluster template names and tags.

Three generations of names exist::

    kubernetes-v1.11.2-development     2018 (also bare kubernetes-v1.11.2)
    kubernetes-v1.12.7-prod-20190403   2018-2024: profile and build date
    kubernetes-v1.19.4-prod            (the same without a date)
    kubernetes-v1.28.9-20240416        2024 on: build date, no profile

Some templates also carry tags such as
``environment:prod,build_id:20240218,created_at:20240218T183133``.

Anything else (a user's private template may be called anything) is not
an error: :func:`parse_name` answers ``None`` and the template is a
"custom" one. Standard library only: the hooks import this module.
"""

import dataclasses
import datetime
import re

_PROFILE_WORDS = {'prod': 'prod', 'dev': 'dev', 'development': 'dev'}

_NAME_RE = re.compile(
    r'kubernetes-v(?P<major>[0-9]{1,3})\.(?P<minor>[0-9]{1,3})'
    r'\.(?P<patch>[0-9]{1,4})'
    r'(?:-(?P<profile>prod|dev|development))?'
    r'(?:-(?P<date>[0-9]{8}))?')

# kube_tag labels look like v1.11.2, v1.11.2-1 or v1.28.9-rancher1.
_KUBE_TAG_RE = re.compile(
    r'v?(?P<major>[0-9]{1,3})\.(?P<minor>[0-9]{1,3})\.(?P<patch>[0-9]{1,4})'
    r'(?:[-+][A-Za-z0-9.+-]*)?')

# The longest name we try to read; anything longer is custom.
MAX_NAME_LENGTH = 255


@dataclasses.dataclass(frozen=True)
class ParsedName:
    """What a Catalyst template name says."""

    version: tuple[int, int, int]
    profile: str | None
    released: datetime.date | None

    @property
    def kubernetes_version(self) -> str:
        return version_text(self.version)

    @property
    def minor(self) -> str:
        return minor_text(self.version)


def version_text(version):
    """``(1, 29, 3)`` as ``1.29.3`` (the one way versions are written)."""
    return '.'.join(str(part) for part in version)


def minor_text(version):
    """``(1, 29, 3)`` as ``1.29``."""
    return version_text(version[:2])


def parse_date(text):
    """A ``YYYYMMDD`` string (optionally followed by ``T...``) as a date.

    Returns None for anything that is not a real calendar date.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not re.fullmatch(r'[0-9]{8}(?:T[0-9]{0,6}Z?)?', text):
        return None
    try:
        return datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def parse_name(name):
    """Parse a Catalyst template name; ``None`` when it is not one."""
    if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
        return None
    match = _NAME_RE.fullmatch(name)
    if match is None:
        return None
    released = None
    if match.group('date'):
        released = parse_date(match.group('date'))
        if released is None:
            # 8 digits that are no date: not a name Catalyst builds.
            return None
    word = match.group('profile')
    if word == 'development' and released is not None:
        return None  # the 2018 spelling never came with a date
    profile = _PROFILE_WORDS.get(word or '')
    version = (int(match.group('major')), int(match.group('minor')),
               int(match.group('patch')))
    return ParsedName(version=version, profile=profile, released=released)


def parse_version(text):
    """``1.28.9``, ``v1.28.9`` or a kube_tag like ``v1.11.2-1`` as a tuple.

    Returns None when the text is not a version.
    """
    if not isinstance(text, str):
        return None
    match = _KUBE_TAG_RE.fullmatch(text.strip())
    if match is None:
        return None
    return (int(match.group('major')), int(match.group('minor')),
            int(match.group('patch')))


def parse_tags(tags):
    """Catalyst's ``key:value`` tags as a dict.

    Accepts the API's comma separated string or a list of strings; items
    without a colon are kept with an empty value. Never raises.
    """
    if tags is None:
        return {}
    if isinstance(tags, str):
        items = tags.split(',')
    elif isinstance(tags, (list, tuple)):
        items = [str(item) for item in tags]
    else:
        return {}
    result = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        key, _sep, value = item.partition(':')
        result[key.strip()] = value.strip()
    return result


def profile_from_tags(tags):
    """``prod`` or ``dev`` from an ``environment`` tag, else None."""
    return _PROFILE_WORDS.get(tags.get('environment', '').strip().lower())


def released_from_tags(tags):
    """The build date from ``created_at`` (or a date-like ``build_id``)."""
    return parse_date(tags.get('created_at', '')) or parse_date(
        tags.get('build_id', ''))
