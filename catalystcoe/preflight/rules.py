"""The rules of the checks (``data/preflight.json``) and their outcomes.

Rules that come from Catalyst Cloud's documentation are data with their
sources; this module reads them and defines what a check says: a
:class:`Result` with an outcome (pass, warn, fail, or not checked when
what it needs could not be read) and one line.
"""

import dataclasses
import functools
import json
import os

PASS = 'pass'
WARN = 'warn'
FAIL = 'fail'
SKIP = 'skip'     # not checked: what it needs could not be read
OUTCOMES = (PASS, WARN, FAIL, SKIP)

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'data',
                    'preflight.json')


@dataclasses.dataclass(frozen=True)
class Result:
    """What one check found: ``check`` (a short name), outcome, one line."""

    check: str
    outcome: str
    text: str


@functools.lru_cache(maxsize=1)
def load(path=DATA):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def gpu_minimum(version, data=None):
    """The lowest GPU-capable patch of ``version``'s minor, as a tuple.

    None when the minor needs no minimum (newer than every minor the
    rules list); ``version`` itself when its minor is older than them
    all (no GPU support at all: the lowest listed version is returned).
    """
    minimums = (data or load())['gpu']['minimum_patch']
    listed = sorted(tuple(int(x) for x in minor.split('.'))
                    for minor in minimums)
    minor = tuple(version[:2])
    if minor > listed[-1]:
        return None
    if minor < listed[0]:
        first = listed[0]
        return first + (minimums['.'.join(map(str, first))],)
    return minor + (minimums.get('.'.join(map(str, minor)), 0),)


def gpu_minimums_text(data=None):
    """``1.31.13, 1.32.9 and 1.33.5``."""
    minimums = (data or load())['gpu']['minimum_patch']
    items = sorted(minimums.items(),
                   key=lambda kv: tuple(int(x) for x in kv[0].split('.')))
    texts = [f'{minor}.{patch}' for minor, patch in items]
    return ', '.join(texts[:-1]) + ' and ' + texts[-1]


def is_gpu_flavor(flavor, data=None):
    """True when a flavor (dict) asks for a GPU: extra specs or its name."""
    rules = (data or load())['gpu']
    specs = flavor.get('extra_specs') or {}
    if any(key in specs for key in rules['extra_spec_keys']):
        return True
    if any('gpu' in str(value).lower() for value in specs.values()):
        return True
    name = (flavor.get('name') or '').lower()
    return any(word in name for word in rules['name_words'])


def known_labels(data=None):
    rules = (data or load())['labels']
    return frozenset(rules['catalyst']) | frozenset(rules['driver'])


def truthy(value):
    return str(value).strip().lower() in ('1', 'true', 'yes', 'on', 'y')
