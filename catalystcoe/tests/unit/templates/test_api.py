"""Templates fetched with one list request, resolved from aliases."""

import unittest

from osc_lib import exceptions as osc_exc

from catalystcoe.templates import api
from catalystcoe.tests.unit import fakes as unit_fakes
from catalystcoe.tests.unit.templates import fakes

LIST = ('GET', fakes.LIST_URL, None)


def client_for(session):
    return unit_fakes.magnum_client(session)


class TestFetch(unittest.TestCase):

    def test_one_detailed_list_request(self):
        session = fakes.catalogue_api([fakes.LATEST, fakes.CUSTOM])
        self.assertEqual([fakes.LATEST, fakes.CUSTOM],
                         api.fetch(client_for(session)))
        self.assertEqual([LIST], session.magnum_requests())

    def test_api_error_is_one_line(self):
        session = unit_fakes.FakeSession()
        session.magnum('clustertemplates/detail', unit_fakes.magnum_error(
            403, 'Policy does not allow it'))
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.fetch(client_for(session))
        self.assertRegex(str(ctx.exception),
                         r'^listing cluster templates: Policy does not '
                         r'allow it \(HTTP 403, request req-[0-9a-f-]+\)$')

    def test_resolve(self):
        session = fakes.catalogue_api()
        info, infos = api.resolve(client_for(session), 'latest-dev')
        self.assertEqual(fakes.DEV['name'], info.name)
        self.assertEqual(len(fakes.CATALOGUE), len(infos))
        self.assertEqual([LIST], session.magnum_requests())

    def test_resolve_failure_is_a_command_error(self):
        session = fakes.catalogue_api([fakes.PREVIOUS_MINOR])
        with self.assertRaises(osc_exc.CommandError) as ctx:
            api.resolve(client_for(session), 'latest')
        self.assertIn('no supported cluster template matches alias '
                      '"latest"', str(ctx.exception))
