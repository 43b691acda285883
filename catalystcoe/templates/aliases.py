"""Template aliases: ``latest``, ``latest-prod``, ``1.29``, ``v1.29.3``...

An alias names "the newest release among the supported, non-hidden
Catalyst templates that match". An exact template name or UUID always
wins over an alias. Everything here works on a list of templates already
fetched (one API request); nothing here talks to the API.
Standard library only: the hooks import this module.
"""

import dataclasses
import datetime
import re

from catalystcoe import templates as templates_pkg
from catalystcoe.templates import catalogue

_ALIAS_RE = re.compile(
    r'(?:(?P<latest>latest)'
    r'|v?(?P<major>[0-9]{1,3})\.(?P<minor>[0-9]{1,3})'
    r'(?:\.(?P<patch>[0-9]{1,4}))?)'
    r'(?:-(?P<profile>prod|dev))?')

EXAMPLES = templates_pkg.ALIAS_EXAMPLES


class ResolveError(LookupError):
    """A name, UUID or alias that names no usable template."""


@dataclasses.dataclass(frozen=True)
class Alias:
    """A parsed alias; ``version`` has 2 (minor) or 3 (patch) parts."""

    text: str
    version: tuple | None
    profile: str | None

    @property
    def latest(self):
        return self.version is None

    def matches(self, info):
        if self.profile is not None and info.profile != self.profile:
            return False
        if self.version is None:
            return True
        version = info.version
        return (version is not None
                and version[:len(self.version)] == self.version)


def parse(text):
    """The alias that ``text`` spells, or None."""
    if not isinstance(text, str):
        return None
    match = _ALIAS_RE.fullmatch(text.strip().lower())
    if match is None:
        return None
    version = None
    if not match.group('latest'):
        parts = [match.group('major'), match.group('minor')]
        if match.group('patch') is not None:
            parts.append(match.group('patch'))
        version = tuple(int(part) for part in parts)
    return Alias(text=text, version=version, profile=match.group('profile'))


def candidates(alias, infos):
    """Templates an alias may pick, newest first.

    ``latest`` aliases pick among latest/supported/deprecated templates;
    an alias naming a version explicitly may also pick a preview of it.
    Hidden, private and unsupported templates are never picked.
    """
    allowed: tuple[str, ...] = catalogue.USABLE
    if not alias.latest:
        allowed = allowed + (catalogue.PREVIEW,)
    chosen = [info for info in infos
              if info.support in allowed and not info.hidden
              and info.public and alias.matches(info)]
    return sorted(chosen, key=lambda info: info.sort_key())


def exact(value, infos):
    """The template whose UUID or name is exactly ``value``, or None."""
    by_uuid = [info for info in infos if info.uuid and info.uuid == value]
    if by_uuid:
        return by_uuid[0]
    by_name = [info for info in infos if info.name == value]
    if len(by_name) > 1:
        raise ResolveError(
            f'{len(by_name)} cluster templates are named "{value}"; '
            'use its UUID instead')
    return by_name[0] if by_name else None


def resolve(value, infos):
    """The template that a name, UUID or alias stands for.

    ``infos`` are :class:`catalogue.TemplateInfo` (e.g. the values of
    :func:`catalogue.classify`). Raises :class:`ResolveError` with one
    line for people when nothing fits.
    """
    infos = list(infos)
    found = exact(value, infos)
    if found is not None:
        return found
    alias = parse(value)
    if alias is None:
        raise ResolveError(
            f'no cluster template is named "{value}" (and it is not an '
            f'alias such as {EXAMPLES})')
    chosen = candidates(alias, infos)
    if chosen:
        return chosen[0]
    raise ResolveError(_no_match(alias, infos))


def _no_match(alias, infos):
    usable = sorted({info.minor for info in infos
                     if info.support in catalogue.USABLE and info.minor
                     and info.public and not info.hidden},
                    key=lambda minor: tuple(map(int, minor.split('.'))))
    offered = ', '.join(usable) if usable else 'none'
    matching = [info for info in infos if alias.matches(info)
                and info.public and info.minor]
    why = ''
    if matching:
        supports = sorted({info.support for info in matching})
        why = f' (matching templates are {", ".join(supports)})'
    return (f'no supported cluster template matches alias "{alias.text}"'
            f'{why}; supported Kubernetes versions: {offered}')


def describe(info):
    """One line naming the template an alias resolved to."""
    facts = [f'Kubernetes {info.kubernetes_version}']
    if info.profile:
        facts.append(info.profile)
    if isinstance(info.released, datetime.date):
        facts.append(f'released {info.released.isoformat()}')
    facts.append(info.support)
    return f'{info.name} ({info.uuid}; {", ".join(facts)})'
