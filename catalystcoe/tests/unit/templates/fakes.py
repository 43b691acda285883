"""Template dicts as the Magnum API returns them, a fixed lifecycle, and
the one fake session (``tests/unit/fakes.py``) set up to list them."""

import datetime
import uuid as uuid_mod

from catalystcoe.templates import lifecycle

TODAY = datetime.date(2026, 11, 24)

LIFECYCLE = lifecycle.from_dict({
    'reviewed_on': '2026-11-24',
    'deprecation_window_days': 60,
    'minors': {
        '1.28': {'released': '2024-04-16', 'end_of_support': '2025-02-28'},
        '1.31': {'released': '2024-12-20', 'end_of_support': '2026-01-31'},
        '1.32': {'released': '2025-01-21', 'end_of_support': '2026-04-21'},
        '1.33': {'released': '2025-06-23', 'end_of_support': '2027-02-28'},
        '1.34': {'released': '2026-10-20', 'end_of_support': None,
                 'preview': True},
    },
})


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


# A catalogue like Catalyst Cloud's today (2026-11-24).
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


def fix_today(testcase, day=TODAY):
    """Set the clock of the code under test (CATALYSTCOE_TODAY) to ``day``.

    Undone when ``testcase`` ends.
    """
    import os
    from unittest import mock

    patcher = mock.patch.dict(os.environ,
                              {lifecycle.TODAY_ENV_VAR: day.isoformat()})
    patcher.start()
    testcase.addCleanup(patcher.stop)


CATALOGUE = [LATEST, OLDER_PATCH, OLDER_PATCH_HIDDEN, PREVIOUS_MINOR,
             OLDER_MINOR, PREVIEW, DEV, DEV_OLD, GEN2_PROD, CUSTOM,
             PRIVATE_CATALYST_NAME]

# CATALOGUE's names, newest version first.
NEWEST_FIRST = [t['name'] for t in (
    PREVIEW, LATEST, PRIVATE_CATALYST_NAME, DEV, OLDER_PATCH,
    OLDER_PATCH_HIDDEN, PREVIOUS_MINOR, CUSTOM, OLDER_MINOR, DEV_OLD,
    GEN2_PROD)]


def app(client):
    """The slice of the OSC app that commands and hooks use."""
    import io
    from unittest import mock

    from osc_lib import clientmanager

    fake = mock.NonCallableMock(spec=['stderr', 'stdout', 'client_manager',
                                      'options'])
    fake.stderr = io.StringIO()
    fake.stdout = io.StringIO()
    fake.client_manager = mock.NonCallableMock(
        spec=clientmanager.ClientManager)
    fake.client_manager.container_infra = client
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
