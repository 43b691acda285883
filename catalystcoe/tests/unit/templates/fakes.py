"""Template dicts as the Magnum API returns them, a fixed lifecycle, and
the one fake session (``tests/unit/fakes.py``) set up to list them."""

import copy
import datetime
import uuid as uuid_mod

from catalystcoe import facts
from catalystcoe.templates import lifecycle

TODAY = datetime.date(2026, 11, 24)

# A facts document for tests (not Catalyst Cloud's: see the packaged one
# for that). 1.33 is supported and expected to end in 2027-02; 1.34 is a
# preview.
FACTS_DOC = {
    'schema': facts.SCHEMA,
    'schema_version': facts.SCHEMA_VERSION,
    'data_date': '2026-11-01',
    'sources': {
        'test': {'document': 'unit test facts', 'dated': '2026-11-01'},
        'test-regions': {'document': 'unit test regions',
                         'dated': '2026-10'},
    },
    'service': {'auth_domains': {'value': ['catalystcloud.io',
                                           'catalystcloud.nz'],
                                 'source': 'test-regions'}},
    'regions': {
        'nz-hlz-1': {'status': 'alpha', 'source': 'test-regions'},
        'nz-por-1': {'status': 'beta', 'source': 'test-regions'},
        'nz-ga-1': {'status': 'ga', 'source': 'test-regions'},
    },
    'default_region': {'status': 'alpha', 'source': 'test-regions'},
    'support': {'name': 'Support Centre',
                'url': 'https://support.example/centre/',
                'include': 'openstack coe cluster show -f json <cluster>',
                'source': 'test'},
    'kubernetes': {
        'policy': {'min_supported_minors': {'value': 1, 'source': 'test'}},
        'minors': {
            '1.28': {'status': 'unsupported', 'released': '2024-04-18',
                     'unsupported_from': '2024-12-20', 'source': 'test'},
            '1.31': {'status': 'unsupported', 'released': '2024-12-20',
                     'unsupported_from': '2025-11-07', 'source': 'test'},
            '1.32': {'status': 'unsupported', 'released': '2025-02-05',
                     'unsupported_from': '2026-04-21', 'source': 'test'},
            '1.33': {'status': 'supported', 'released': '2025-05-14',
                     'unsupported_from': {'expected': '2027-02'},
                     'source': 'test'},
            '1.34': {'status': 'preview', 'released': '2026-10-20',
                     'source': 'test'},
        },
    },
}


def facts_doc(**minors):
    """FACTS_DOC with some minors changed (a None value drops one)."""
    doc = copy.deepcopy(FACTS_DOC)
    for minor, entry in minors.items():
        minor = minor.replace('_', '.')
        if entry is None:
            doc['kubernetes']['minors'].pop(minor, None)
        else:
            doc['kubernetes']['minors'][minor] = dict(entry, source='test')
    return facts.validate(doc)


FACTS = facts.Facts(facts.validate(copy.deepcopy(FACTS_DOC)))
LIFECYCLE = lifecycle.from_facts(FACTS)


def template(name, uuid=None, public=True, hidden=False, labels=None,
             tags=None, **fields):
    """One cluster template dict; a stable UUID derived from the name."""
    data = {
        'name': name,
        'uuid': uuid or str(uuid_mod.uuid5(uuid_mod.NAMESPACE_URL, name)),
        'public': public,
        'hidden': hidden,
        'labels': dict(labels or {}),
        'tags': tags,
        'coe': 'kubernetes',
        'image_id': 'ubuntu-jammy-x86_64',
        'flavor_id': 'c1.c2r4',
        'master_flavor_id': 'c1.c2r4',
        'external_network_id': 'public-net',
        'network_driver': 'calico',
        'server_type': 'vm',
        'tls_disabled': False,
        'registry_enabled': False,
        'master_lb_enabled': True,
        'floating_ip_enabled': False,
        'docker_volume_size': None,
        'links': [{'rel': 'self', 'href': 'http://127.0.0.1/x'}],
    }
    data.update(fields)
    return data


# A catalogue judged by FACTS_DOC on TODAY.
LATEST = template('kubernetes-v1.33.4-20260115',
                  tags='environment:prod,build_id:20260115,'
                       'created_at:20260115T101010',
                  labels={'kube_tag': 'v1.33.4', 'master_lb_enabled': 'true',
                          'api_master_lb_allowed_cidrs':
                              '10.0.0.0/8,192.168.0.0/16'})
OLDER_PATCH = template('kubernetes-v1.33.2-20250623',
                       tags='environment:prod,created_at:20250623T000000')
OLDER_PATCH_HIDDEN = template('kubernetes-v1.33.1-20250601', hidden=True,
                              tags='environment:prod')
PREVIOUS_MINOR = template('kubernetes-v1.32.13-20260310',
                          tags='environment:prod')
OLDER_MINOR = template('kubernetes-v1.31.14-20251130',
                       tags='environment:prod')
PREVIEW = template('kubernetes-v1.34.2-20261020', tags='environment:prod')
DEV = template('kubernetes-v1.33.3-dev-20251001')
DEV_OLD = template('kubernetes-v1.28.9-dev-20240416')
GEN2_PROD = template('kubernetes-v1.18.14-prod-20210211', hidden=True)
CUSTOM = template('my-team-k8s', public=False,
                  labels={'kube_tag': 'v1.32.13'})
PRIVATE_CATALYST_NAME = template('kubernetes-v1.33.4-prod-20260115',
                                 public=False)


FACTS_URL = 'https://facts.example/catalystcoe.json'


def fix_today(testcase, day=TODAY, doc=None, checked_on=None):
    """Set the clock and the facts of the code under test.

    The clock is CATALYSTCOE_TODAY; the facts are ``doc`` (default
    FACTS_DOC), named by CATALYSTCOE_FACTS_URL and already in a cache
    checked on ``checked_on`` (default ``day``: nothing is fetched), in a
    cache folder of the test's own. Undone when ``testcase`` ends.
    """
    import os
    import tempfile
    from unittest import mock

    cache = tempfile.TemporaryDirectory()
    testcase.addCleanup(cache.cleanup)
    patcher = mock.patch.dict(os.environ, {
        lifecycle.TODAY_ENV_VAR: day.isoformat(),
        facts.URL_ENV_VAR: FACTS_URL,
        'XDG_CACHE_HOME': cache.name})
    patcher.start()
    testcase.addCleanup(patcher.stop)
    facts.write_cache(FACTS_URL, {
        'checked_on': (checked_on or day).isoformat(),
        'document': FACTS_DOC if doc is None else doc})


CATALOGUE = [LATEST, OLDER_PATCH, OLDER_PATCH_HIDDEN, PREVIOUS_MINOR,
             OLDER_MINOR, PREVIEW, DEV, DEV_OLD, GEN2_PROD, CUSTOM,
             PRIVATE_CATALYST_NAME]

# CATALOGUE's names, newest version first.
NEWEST_FIRST = [t['name'] for t in (
    PREVIEW, LATEST, PRIVATE_CATALYST_NAME, DEV, OLDER_PATCH,
    OLDER_PATCH_HIDDEN, PREVIOUS_MINOR, CUSTOM, OLDER_MINOR, DEV_OLD,
    GEN2_PROD)]


def app(client, region='nz-hlz-1'):
    """The slice of the OSC app that commands and hooks use."""
    import io
    from unittest import mock

    from openstack.config import cloud_region
    from osc_lib import clientmanager

    fake = mock.NonCallableMock(spec=['stderr', 'stdout', 'client_manager',
                                      'options'])
    fake.stderr = io.StringIO()
    fake.stdout = io.StringIO()
    fake.client_manager = mock.NonCallableMock(
        spec=clientmanager.ClientManager)
    fake.client_manager.container_infra = client
    fake.client_manager.verify = True
    cli_options = mock.NonCallableMock(spec=cloud_region.CloudRegion)
    cli_options.region_name = region
    cli_options.config = {'region_name': region,
                          'auth': {'auth_url': 'http://127.0.0.1:5000/v3'}}
    fake.client_manager._cli_options = cli_options
    return fake


LIST_URL = '/v1/clustertemplates/detail'


def catalogue_api(templates=None):
    """The one fake session, listing ``templates`` (default: CATALOGUE)."""
    from catalystcoe.tests.unit import fakes

    templates = CATALOGUE if templates is None else templates
    session = fakes.FakeSession()
    session.magnum('clustertemplates/detail', {
        'clustertemplates': [dict(t) for t in templates]})
    return session
