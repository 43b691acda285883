"""Facts about Catalyst Cloud's Kubernetes service, each with its source.

One JSON document holds them (the schema: ``doc/source/user/facts.rst``):
the status of each region, the Kubernetes version table and its policy,
and where to ask for support. Every fact names its source, a document and
the date of the copy it was read from. The plugin ships one such document
(``catalystcoe/data/service_facts.json``, from Catalyst Cloud's published
pages); a newer one can be published anywhere and named by the cloud's
``catalystcoe_facts_url`` in clouds.yaml or by ``$CATALYSTCOE_FACTS_URL``.

A named document is fetched at most once a day per URL (the day of
:func:`today`, so ``CATALYSTCOE_TODAY`` moves the cache's clock too), with
a short timeout, validated and kept in the user's cache folder. On any
failure the cached copy is used, then the packaged document, silently
except for a line in the ``--debug`` log. Nothing here runs for commands
outside ``coe``, nor for ``--help`` (which reads the cache at most).

Imported by the preview hook of every coe command: standard library only
at import time.
"""

import dataclasses
import datetime
import json
import logging
import os
import re

LOG = logging.getLogger(__name__)

SCHEMA = 'catalystcoe-service-facts'
SCHEMA_VERSION = 1

TODAY_ENV_VAR = 'CATALYSTCOE_TODAY'
URL_ENV_VAR = 'CATALYSTCOE_FACTS_URL'
CLOUDS_YAML_KEY = 'catalystcoe_facts_url'
FETCH_TIMEOUT = 1.0            # seconds, connect and read
STALE_AFTER_DAYS = 180         # packaged data older than this is named
MAX_DOCUMENT_BYTES = 1 << 20

# Where the facts in use came from (Facts.origin).
PACKAGED = 'packaged'
CACHED = 'cached'
FETCHED = 'fetched'

# The status of a region in the document.
ALPHA = 'alpha'
BETA = 'beta'
GA = 'ga'
REGION_STATUSES = (ALPHA, BETA, GA)

# The published status of a Kubernetes minor version in the document.
SUPPORTED = 'supported'
UNSUPPORTED = 'unsupported'
PREVIEW = 'preview'
TBA = 'tba'                    # "to be announced": not released yet
MINOR_STATUSES = (SUPPORTED, UNSUPPORTED, PREVIEW, TBA)

_DATE_RE = re.compile(r'[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?')
_MINOR_RE = re.compile(r'[0-9]{1,3}\.[0-9]{1,3}')


class InvalidFacts(ValueError):
    """A document that is not a service facts document we can read."""


def today():
    """The day to judge by: ``$CATALYSTCOE_TODAY`` or the real day."""
    value = os.environ.get(TODAY_ENV_VAR, '').strip()
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return datetime.date.today()


# -- values ------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Source:
    """Where a fact comes from: a document and the date of its copy."""

    key: str
    document: str
    dated: str
    url: str | None = None

    def __str__(self):
        return f'{self.document}, {self.dated}'


@dataclasses.dataclass(frozen=True)
class FactDate:
    """A published date: a day or a month, announced or only expected."""

    text: str                  # YYYY-MM-DD or YYYY-MM
    expected: bool = False

    @property
    def effective_from(self):
        """The first day the date has surely come.

        The day itself, or the day after its month (of a month we only
        know "some day in it").
        """
        parts = [int(part) for part in self.text.split('-')]
        if len(parts) == 3:
            return datetime.date(*parts)
        year, month = parts
        return datetime.date(year + month // 12, month % 12 + 1, 1)

    def in_effect(self, on):
        return on >= self.effective_from

    def __str__(self):
        return f'expected {self.text}' if self.expected else self.text


@dataclasses.dataclass(frozen=True)
class RegionStatus:
    status: str
    source: Source


@dataclasses.dataclass(frozen=True)
class SupportContact:
    name: str
    url: str
    include: str
    source: Source


@dataclasses.dataclass(frozen=True)
class Facts:
    """A validated facts document and where it came from."""

    document: dict
    origin: str = PACKAGED
    url: str | None = None

    @property
    def data_date(self):
        return datetime.date.fromisoformat(self.document['data_date'])

    def source(self, key):
        entry = self.document['sources'][key]
        return Source(key=key, document=entry['document'],
                      dated=entry['dated'], url=entry.get('url'))

    def region(self, name):
        """The :class:`RegionStatus` of a region; None when not listed."""
        entry = (self.document.get('regions') or {}).get(name)
        return self._region(entry) if entry else None

    @property
    def regions(self):
        return {name: self._region(entry) for name, entry in
                (self.document.get('regions') or {}).items()}

    @property
    def default_region(self):
        return self._region(self.document['default_region'])

    def _region(self, entry):
        return RegionStatus(entry['status'], self.source(entry['source']))

    @property
    def auth_domains(self):
        fact = (self.document.get('service') or {}).get('auth_domains')
        return tuple(fact['value']) if fact else ()

    @property
    def support(self):
        entry = self.document['support']
        return SupportContact(entry['name'], entry['url'], entry['include'],
                              self.source(entry['source']))

    @property
    def minors(self):
        """The version table: ``{minor: entry}`` as in the document."""
        return self.document['kubernetes']['minors']

    @property
    def policy(self):
        return self.document['kubernetes'].get('policy') or {}

    def stale(self, on):
        """True for old packaged data and no document configured.

        Old: more than STALE_AFTER_DAYS before ``on`` (then a command
        says so).
        """
        return (self.url is None and self.origin == PACKAGED
                and (on - self.data_date).days > STALE_AFTER_DAYS)

    def stale_notice(self):
        return (f'Note: the Kubernetes support data catalystcoe uses is '
                f'from {self.data_date} (packaged with it). Update '
                f'catalystcoe, or name a service facts document with '
                f'"{CLOUDS_YAML_KEY}" in clouds.yaml or {URL_ENV_VAR}.')


def parse_date(value):
    """A document's date as a :class:`FactDate`; None for null.

    ``"2026-04-21"``, ``"2026-07"``, ``{"expected": "2026-07"}``. Raises
    InvalidFacts for anything else.
    """
    if value is None:
        return None
    expected = False
    if isinstance(value, dict) and set(value) == {'expected'}:
        value, expected = value['expected'], True
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise InvalidFacts(f'not a date: {value!r}')
    parts = value.split('-') + ['01']
    try:
        datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InvalidFacts(f'not a date: {value!r}') from None
    return FactDate(value, expected)


# -- validation --------------------------------------------------------------

def validate(document):
    """``document`` when it is a service facts document we can read.

    Raises :class:`InvalidFacts` naming the first problem. Keys this
    version does not know are ignored (a newer schema may add some).
    """
    _check(isinstance(document, dict), 'not a JSON object')
    _check(document.get('schema') == SCHEMA, f'"schema" is not "{SCHEMA}"')
    version = document.get('schema_version')
    _check(version == SCHEMA_VERSION,
           f'schema_version {version!r} (this catalystcoe reads '
           f'{SCHEMA_VERSION})')
    try:
        datetime.date.fromisoformat(str(document.get('data_date')))
    except ValueError:
        raise InvalidFacts('"data_date" is not a YYYY-MM-DD date') from None
    sources = document.get('sources')
    _check(isinstance(sources, dict) and sources, '"sources" is empty')
    for key, entry in sources.items():
        _check(isinstance(entry, dict) and _text(entry.get('document')),
               f'source {key}: no "document"')
        parse_date(entry.get('dated'))
        _check(entry.get('dated') is not None, f'source {key}: no "dated"')

    def cites(entry, where):
        _check(isinstance(entry, dict), f'{where}: not an object')
        _check(entry.get('source') in sources,
               f'{where}: "source" names no entry of "sources"')

    regions = document.get('regions') or {}
    _check(isinstance(regions, dict), '"regions" is not an object')
    for where, entry in list(regions.items()) + [
            ('default_region', document.get('default_region'))]:
        cites(entry, where)
        _check(entry.get('status') in REGION_STATUSES,
               f'{where}: status is not one of {", ".join(REGION_STATUSES)}')
    for key, fact in (document.get('service') or {}).items():
        cites(fact, f'service.{key}')
    domains = (document.get('service') or {}).get('auth_domains')
    if domains is not None:
        _check(isinstance(domains.get('value'), list)
               and all(_text(d) for d in domains['value']),
               'service.auth_domains: not a list of host names')
    support = document.get('support')
    cites(support, 'support')
    for key in ('name', 'url', 'include'):
        _check(_text(support.get(key)), f'support: no "{key}"')
    kubernetes = document.get('kubernetes')
    _check(isinstance(kubernetes, dict), '"kubernetes" is not an object')
    for key, fact in (kubernetes.get('policy') or {}).items():
        cites(fact, f'policy.{key}')
        _check('value' in fact, f'policy.{key}: no "value"')
    minors = kubernetes.get('minors')
    _check(isinstance(minors, dict) and minors,
           'kubernetes.minors is empty')
    for minor, entry in minors.items():
        where = f'Kubernetes {minor}'
        _check(bool(_MINOR_RE.fullmatch(minor)), f'{where}: not a minor')
        cites(entry, where)
        _check(entry.get('status') in MINOR_STATUSES,
               f'{where}: status is not one of {", ".join(MINOR_STATUSES)}')
        try:
            parse_date(entry.get('released'))
            parse_date(entry.get('unsupported_from'))
        except InvalidFacts as exc:
            raise InvalidFacts(f'{where}: {exc}') from None
        last = entry.get('last_templates', [])
        _check(isinstance(last, list) and all(_text(n) for n in last),
               f'{where}: last_templates is not a list of names')
    return document


def _check(condition, problem):
    if not condition:
        raise InvalidFacts(problem)


def _text(value):
    return isinstance(value, str) and bool(value.strip())


# -- packaged, cached, fetched -----------------------------------------------

PACKAGED_PATH = os.path.join(os.path.dirname(__file__), 'data',
                             'service_facts.json')


def packaged(url=None):
    """The document shipped with the plugin.

    ``url`` is the one configured but not usable, if any.
    """
    with open(PACKAGED_PATH, encoding='utf-8') as f:
        return Facts(json.load(f), PACKAGED, url)


def configured_url(config):
    """The facts URL configured, or None.

    ``$CATALYSTCOE_FACTS_URL``, else the cloud's clouds.yaml key; an
    empty variable switches a clouds.yaml URL off.
    """
    value = os.environ.get(URL_ENV_VAR)
    if value is None:
        value = (config or {}).get(CLOUDS_YAML_KEY)
    text = str(value).strip() if value else ''
    return text or None


def cache_path(url):
    """The cache file of ``url`` in the user's cache folder (XDG)."""
    import hashlib

    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(
        os.path.expanduser('~'), '.cache')
    name = hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]
    return os.path.join(base, 'catalystcoe', f'facts-{name}.json')


def read_cache(url):
    """The cache entry of ``url`` (a dict), or None: one file read."""
    try:
        with open(cache_path(url), encoding='utf-8') as f:
            entry = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get('url') != url:
        return None
    return entry


def write_cache(url, entry):
    """Replace the cache entry of ``url`` atomically; failures ignored."""
    import tempfile

    path = cache_path(url)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path),
                                   prefix='.facts-', suffix='.tmp')
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(dict(entry, url=url), f)
        os.replace(tmp, path)
    except OSError as exc:
        LOG.debug('service facts cache %s not written: %s', path, exc)


def from_cache(url, entry):
    """The cached document of ``url`` if it is valid, else the packaged."""
    document = (entry or {}).get('document')
    if document is not None:
        try:
            return Facts(validate(document), CACHED, url)
        except InvalidFacts as exc:
            LOG.debug('cached service facts of %s not used: %s', url, exc)
    return packaged(url)


def due(url, entry, on):
    """True when ``url`` should be fetched on day ``on`` (once a day)."""
    return bool(url) and (entry or {}).get('checked_on') != on.isoformat()


def load(url, on=None, entry=None, network=True, session=None,
         verify=True):
    """The facts to use for ``url`` on day ``on`` (default: today).

    ``entry`` is the cache entry when already read. Without ``network``,
    or when the cache was checked on ``on`` already, nothing is fetched.
    """
    if not url:
        return packaged()
    on = on or today()
    if entry is None:
        entry = read_cache(url)
    if network and due(url, entry, on):
        return refresh(url, on, entry, session=session, verify=verify)
    return from_cache(url, entry)


def refresh(url, on, entry=None, session=None, verify=True):
    """Fetch ``url`` once (timeout FETCH_TIMEOUT), validate it, cache it.

    On any failure the day is still recorded (no second try that day) and
    the cached copy, else the packaged document, is used.
    """
    from catalystcoe import cloud

    previous = (entry or {}).get('document')
    try:
        if not url.startswith(('https://', 'http://')):
            raise InvalidFacts('not an http(s) URL')
        document = validate(cloud.get_json(
            url, FETCH_TIMEOUT, verify=verify, session=session,
            max_bytes=MAX_DOCUMENT_BYTES))
    # Any failure at all (network, HTTP status, JSON, schema) means "use
    # what we have"; the reason goes to the --debug log only.
    except Exception as exc:  # noqa: BLE001
        LOG.debug('service facts from %s not used (%s: %s); using the %s',
                  url, type(exc).__name__, exc,
                  'cached copy' if previous else 'packaged data')
        write_cache(url, {'checked_on': on.isoformat(),
                          'document': previous, 'error': str(exc)[:200]})
        return from_cache(url, {'document': previous})
    write_cache(url, {'checked_on': on.isoformat(),
                      'fetched_on': on.isoformat(), 'document': document})
    LOG.debug('service facts fetched from %s (data from %s)', url,
              document['data_date'])
    return Facts(document, FETCHED, url)


# -- per command run ---------------------------------------------------------

_APP_ATTR = '_catalystcoe_facts'


@dataclasses.dataclass
class _Run:
    """What one ``openstack`` run knows about the facts.

    The URL, its cache entry, the facts settled on (after the day's
    fetch, if one was due) and those read without the network.
    """

    url: str | None
    entry: dict | None
    verify: object = True
    facts: Facts | None = None
    offline: Facts | None = None


def for_app(app, network=True):
    """The facts for this run of the OSC ``app``: one cache read at most.

    ``network=False`` (for ``--help``) never fetches.
    """
    from catalystcoe import cloud

    run = getattr(app, _APP_ATTR, None)
    if not isinstance(run, _Run):
        settings = cloud.settings(app)
        url = configured_url(settings.config)
        run = _Run(url, read_cache(url) if url else None, settings.verify)
        setattr(app, _APP_ATTR, run)
    if run.facts is not None:
        return run.facts
    on = today()
    if network and due(run.url, run.entry, on):
        run.facts = refresh(run.url, on, run.entry, verify=run.verify)
        return run.facts
    if run.offline is None:
        run.offline = (from_cache(run.url, run.entry) if run.url
                       else packaged())
    if network:
        run.facts = run.offline
    return run.offline
