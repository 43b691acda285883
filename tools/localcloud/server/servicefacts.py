"""The local cloud's service facts document, served by the stand-in.

catalystcoe fetches it at most once a day (``catalystcoe_facts_url`` in
the local cloud's clouds.yaml names ``/catalystcoe/facts.json``). It is
the packaged document with local changes, so that the demo and the
functional tests show statuses coming from a document rather than from
the plugin: nz-por-1 is a beta, Kubernetes 1.36 a preview.

Tests publish documents of their own with ``PUT
/catalystcoe/facts/<name>.json`` (kept in memory) and read them back with
GET, to change what a client sees without a release.
"""

import copy
import json
import os
import re
import threading

from localcloud import config

PATH = ('catalystcoe', 'facts.json')
PACKAGED = os.path.join(config.TOP, 'catalystcoe', 'data',
                        'service_facts.json')
DATED = '2026-07-21'
SOURCE = {'document': 'local cloud service facts (tools/localcloud)',
          'dated': DATED}

_NAME_RE = re.compile(r'[A-Za-z0-9_-]{1,64}\.json')
_published: dict = {}
_lock = threading.Lock()


def document():
    """The packaged document, with the local cloud's changes."""
    with open(PACKAGED, encoding='utf-8') as f:
        doc = json.load(f)
    doc = copy.deepcopy(doc)
    doc['data_date'] = DATED
    doc['sources']['local-cloud'] = dict(SOURCE)
    doc['regions']['nz-por-1'] = {'status': 'beta', 'source': 'local-cloud'}
    minors = doc['kubernetes']['minors']
    minors['1.36'] = dict(minors['1.36'], status='preview',
                          source='local-cloud')
    return doc


def get(parts):
    """``(status, body)`` for GET /catalystcoe/...; None: not ours."""
    if tuple(parts) == PATH:
        return 200, document()
    if len(parts) == 3 and parts[:2] == ['catalystcoe', 'facts']:
        with _lock:
            body = _published.get(parts[2])
        if body is not None:
            return 200, body
        return 404, {'error': {'message': 'no such facts document'}}
    return None


def put(parts, body):
    """``(status, body)`` for PUT /catalystcoe/facts/<name>.json."""
    if len(parts) != 3 or parts[:2] != ['catalystcoe', 'facts'] or \
            not _NAME_RE.fullmatch(parts[2]):
        return 404, {'error': {'message': 'Not found'}}
    try:
        doc = json.loads(body)
    except ValueError:
        return 400, {'error': {'message': 'not JSON'}}
    with _lock:
        _published[parts[2]] = doc
    return 200, {'published': '/'.join(parts)}
