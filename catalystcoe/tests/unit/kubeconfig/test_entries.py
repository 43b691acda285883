"""One cluster's entries: naming, merging, replacing, removing."""

import base64
import copy

from osc_lib import exceptions as osc_exc
import testtools

from catalystcoe.kubeconfig import entries

UUID = '0b6e1c9a-2f4d-4e8b-9a7c-3d5e6f7a8b9c'
OTHER_UUID = 'ffffffff-2f4d-4e8b-9a7c-3d5e6f7a8b9c'
PATH = '/home/u/.kube/config'
NAME = 'demo@nz-hlz-1'


def creds(auth=entries.TLS, uuid=UUID, name=NAME, cloud='mycloud'):
    return entries.Credentials(
        name=name, cluster_uuid=uuid, region='nz-hlz-1',
        server='https://203.0.113.5:6443', ca_pem='CA PEM\n', auth=auth,
        cert_pem='CERT PEM\n' if auth == entries.TLS else None,
        key_pem='KEY PEM\n' if auth == entries.TLS else None, cloud=cloud)


def theirs():
    """A kubeconfig with someone else's entries and unknown fields."""
    return {
        'apiVersion': 'v1', 'kind': 'Config', 'x-note': 'keep',
        'clusters': [{'name': 'prod', 'cluster': {'server': 'https://p',
                                                  'x-rack': 7}}],
        'contexts': [{'name': 'prod', 'context': {'cluster': 'prod',
                                                  'user': 'ops'}}],
        'users': [{'name': 'ops', 'user': {'token': 't'}}],
        'current-context': 'prod',
        'preferences': {'colors': True},
    }


def names(data, key):
    return [entry['name'] for entry in data.get(key) or ()]


class TestNamingAndMode(testtools.TestCase):

    def test_rule(self):
        self.assertEqual('demo@nz-por-1',
                         entries.context_name('demo', 'nz-por-1'))

    def test_mode_from_the_keystone_label(self):
        for value, mode in (('true', 'keystone'), ('True', 'keystone'),
                            ('1', 'keystone'), ('false', 'tls'),
                            ('', 'tls'), (None, 'tls')):
            self.assertEqual(mode, entries.auth_from_labels(
                {'keystone_auth_enabled': value}), value)
        self.assertEqual('tls', entries.auth_from_labels(None))


class TestBuild(testtools.TestCase):

    def test_tls_entries_embed_ca_cert_and_key(self):
        built = entries.build(creds())
        cluster = built['clusters']['cluster']
        user = built['users']['user']
        self.assertEqual(('https://203.0.113.5:6443', 'CA PEM\n'),
                         (cluster['server'], base64.b64decode(
                             cluster['certificate-authority-data']).decode()))
        self.assertEqual(('CERT PEM\n', 'KEY PEM\n'), (
            base64.b64decode(user['client-certificate-data']).decode(),
            base64.b64decode(user['client-key-data']).decode()))
        self.assertEqual({'cluster': NAME, 'user': NAME, 'extensions': [{
            'name': 'catalystcoe', 'extension': {
                'cluster-uuid': UUID, 'region': 'nz-hlz-1'}}]},
            built['contexts']['context'])

    def test_keystone_user_is_an_exec_entry(self):
        user = entries.build(creds(entries.KEYSTONE))['users']['user']
        self.assertNotIn('client-key-data', user)
        self.assertEqual({
            'apiVersion': 'client.authentication.k8s.io/v1beta1',
            'command': 'client-keystone-auth',
            'interactiveMode': 'IfAvailable',
            'installHint': entries.INSTALL_HINT,
            'env': [{'name': 'OS_CLOUD', 'value': 'mycloud'}]},
            user['exec'])
        user = entries.build(creds(entries.KEYSTONE, cloud=None))[
            'users']['user']
        self.assertNotIn('env', user['exec'])

    def test_standalone_is_current(self):
        whole = entries.standalone(creds())
        self.assertEqual((NAME, [NAME], [NAME], [NAME]), (
            whole['current-context'], names(whole, 'clusters'),
            names(whole, 'users'), names(whole, 'contexts')))


class TestMerge(testtools.TestCase):

    def test_adds_beside_what_is_there(self):
        data = theirs()
        replaced = entries.merge(data, PATH, creds(), 'demo', True)
        self.assertFalse(replaced)
        expected = theirs()
        for key, entry in entries.build(creds()).items():
            expected[key].append(entry)
        expected['current-context'] = NAME
        self.assertEqual(expected, data)

    def test_no_set_current_and_empty_file(self):
        data = theirs()
        entries.merge(data, PATH, creds(), 'demo', False)
        self.assertEqual('prod', data['current-context'])
        data = {}
        entries.merge(data, PATH, creds(), 'demo', False)
        self.assertEqual(['apiVersion', 'kind', 'clusters', 'users',
                          'contexts', 'preferences'], list(data))

    def test_saving_again_replaces_in_place(self):
        data = theirs()
        entries.merge(data, PATH, creds(entries.KEYSTONE), 'demo', True)
        data['contexts'].append({'name': 'later', 'context': {}})
        before = copy.deepcopy(data)
        self.assertTrue(entries.merge(data, PATH, creds(), 'demo', True))
        self.assertEqual(['prod', NAME, 'later'], names(data, 'contexts'))
        self.assertIn('client-key-data', data['users'][1]['user'])
        before['users'][1] = data['users'][1]
        self.assertEqual(before, data)

    def test_refuses_entries_that_are_not_this_clusters(self):
        data = theirs()
        data['users'].append({'name': NAME, 'user': {'token': 'x'}})
        before = copy.deepcopy(data)
        exc = self.assertRaises(osc_exc.CommandError, entries.merge, data,
                                PATH, creds(), 'demo', True)
        self.assertIn(f"{PATH} already has a user entry named '{NAME}' that "
                      'was not written by this command (kubectl config '
                      f'delete-user {NAME} removes it)', str(exc))
        self.assertEqual(before, data)

        data = theirs()
        entries.merge(data, PATH, creds(uuid=OTHER_UUID), 'demo', True)
        exc = self.assertRaises(osc_exc.CommandError, entries.merge, data,
                                PATH, creds(), 'demo', True)
        self.assertIn(f'was saved for another cluster ({OTHER_UUID}); if '
                      'that cluster is gone, remove its entries first: '
                      'openstack coe cluster kubeconfig remove demo',
                      str(exc))


class TestRemove(testtools.TestCase):

    def test_takes_exactly_its_entries_and_the_current_context(self):
        data = theirs()
        entries.merge(data, PATH, creds(), 'demo', True)
        removed = entries.remove(data, PATH, NAME)
        self.assertEqual((['context', 'user', 'cluster'], [], True),
                         (removed.kinds, removed.kept,
                          removed.current_cleared))
        expected = theirs()
        expected['current-context'] = ''
        self.assertEqual(expected, data)

    def test_keeps_what_another_context_uses(self):
        data = theirs()
        entries.merge(data, PATH, creds(), 'demo', False)
        data['contexts'].append({'name': 'mine', 'context': {
            'cluster': NAME, 'user': 'ops'}})
        removed = entries.remove(data, PATH, NAME)
        self.assertEqual((['context', 'user'], ['cluster'], False),
                         (removed.kinds, removed.kept,
                          removed.current_cleared))
        self.assertEqual(['prod', NAME], names(data, 'clusters'))

    def test_refuses_foreign_or_missing(self):
        data = theirs()
        exc = self.assertRaises(osc_exc.CommandError, entries.remove, data,
                                PATH, 'prod')
        self.assertIn("the context 'prod' in /home/u/.kube/config was not "
                      'written by this command', str(exc))
        exc = self.assertRaises(osc_exc.CommandError, entries.remove, data,
                                PATH, NAME)
        self.assertIn(f"has no entries named '{NAME}' saved by this "
                      'command', str(exc))
        self.assertEqual(theirs(), data)
