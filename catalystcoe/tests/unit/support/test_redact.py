"""Redaction: secret keys, secret patterns, addresses, command lines."""

import json

import testtools

from catalystcoe.support import redact
from catalystcoe.tests.unit import fakes

M = redact.MARKER


class TestKeyIsSecret(testtools.TestCase):

    def test_secret_words_in_any_case_and_position(self):
        for key in ('password', 'OS_PASSWORD', 'trustee_password',
                    'secret_token', 'Token', 'x_api_key', 'privateKey',
                    'application_credential_secret', 'client_cert',
                    'trust_id', 'authorization', 'kubeconfig', 'passphrase',
                    'ca_key'):
            self.assertTrue(redact.key_is_secret(key, 'v'), key)

    def test_names_and_flags_are_kept(self):
        kept = {
            'keypair': 'demo-key', 'key_name': 'demo-key',
            'ssh_key_name': 'demo-key', 'trustee_username': 'u',
            'keystone_auth_enabled': 'true', 'cert_manager_api': 'false',
            'k8s_keystone_auth_tag': 'v1.15.0', 'auth_url': 'http://x',
            'auth_type': 'password', 'output_key': 'api_address',
            'master_lb_enabled': 'true', 'labels': 'x',
            'secret': '', 'token': None, 'password': True,
            'credentials': {}, 'keystoneauth1': '5.18.1',
            'auth_plugin_version': 'v3.14',
        }
        for key, value in kept.items():
            self.assertFalse(redact.key_is_secret(key, value), key)

    def test_not_a_string_key(self):
        self.assertFalse(redact.key_is_secret(42, 'x'))


class TestRedactStructures(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.r = redact.Redactor()

    def test_labels_keep_names_replace_secret_values(self):
        out = self.r.redact({'labels': {
            'secret_token': 'abc123', 'kube_tag': 'v1.33.4',
            'keystone_auth_enabled': 'true', 'registry_password': 'pw'}})
        self.assertEqual({'labels': {
            'secret_token': M, 'kube_tag': 'v1.33.4',
            'keystone_auth_enabled': 'true', 'registry_password': M}}, out)
        self.assertEqual({'total': 2, 'by_kind': {'secret_key': 2}},
                         self.r.summary())

    def test_nested_dict_value_is_replaced_whole(self):
        out = self.r.redact({'credentials': {'user': 'u', 'pw': 'x'},
                             'a': [{'b': {'private_key': 'k'}}]})
        self.assertEqual({'credentials': M, 'a': [{'b': {
            'private_key': M}}]}, out)

    def test_heat_outputs_and_key_value_pairs(self):
        outputs = [{'output_key': 'kubeconfig', 'output_value': 'x: y'},
                   {'output_key': 'api_address', 'output_value': '1.2.3.4'},
                   {'key': 'db_password', 'value': 'hunter2'},
                   {'name': 'ca_key', 'value': 'k'},
                   {'name': 'region', 'value': 'nz-hlz-1'}]
        self.assertEqual(
            [{'output_key': 'kubeconfig', 'output_value': M},
             {'output_key': 'api_address', 'output_value': '1.2.3.4'},
             {'key': 'db_password', 'value': M},
             {'name': 'ca_key', 'value': M},
             {'name': 'region', 'value': 'nz-hlz-1'}],
            self.r.redact(outputs))

    def test_input_is_not_changed(self):
        data = {'password': 'x', 'l': ['a']}
        self.r.redact(data)
        self.assertEqual({'password': 'x', 'l': ['a']}, data)

    def test_other_scalars_pass_through(self):
        self.assertEqual({'n': 3, 'f': 1.5, 'b': False, 'z': None},
                         self.r.redact({'n': 3, 'f': 1.5, 'b': False,
                                        'z': None}))


class TestRedactText(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.r = redact.Redactor()

    def check(self, text, expected, kind):
        self.assertEqual(expected, self.r.text(text))
        self.assertIn(kind, self.r.summary()['by_kind'])

    def test_pem_block(self):
        self.check('before\n' + fakes.PEM_KEY + 'after',
                   f'before\n{M}\nafter', 'pem')

    def test_truncated_pem(self):
        self.check('x -----BEGIN PRIVATE KEY-----\nMIIabc', f'x {M}', 'pem')

    def test_kubeconfig_data(self):
        out = self.r.text(fakes.KUBECONFIG)
        for secret in ('LS0tLS1CRUdJT', 'cGxhbnRlZEtleQ',
                       'plantedKubeconfigToken123'):
            self.assertNotIn(secret, out)
        self.assertIn('client-key-data: ' + M, out)
        self.assertIn('token: ' + M, out)
        self.assertIn('- name: admin', out)

    def test_fernet_token(self):
        self.check(f'token {fakes.FERNET} end', f'token {M} end', 'token')

    def test_pki_token(self):
        token = 'MII' + 'A' * 80
        self.check(f'x {token}', f'x {M}', 'token')

    def test_jwt(self):
        self.check(f'jwt {fakes.JWT}.', f'jwt {M}.', 'token')

    def test_bearer(self):
        self.check('Authorization: Bearer abcdefgh12345',
                   f'Authorization: Bearer {M}', 'token')

    def test_x_auth_token_header(self):
        self.check('{"X-Auth-Token": "0123456789abcdef0123456789abcdef"}',
                   f'{{"X-Auth-Token": "{M}"}}', 'token')

    def test_url_credentials(self):
        self.check('http://admin:s3cr3t@keystone.example.com:5000/v3',
                   f'http://{M}@keystone.example.com:5000/v3',
                   'url_credentials')

    def test_assignments(self):
        self.check('failed: password=hunter2; token: abc, '
                   'secret_name=box, ssh_key_name=demo',
                   f'failed: password={M}; token: {M}, '
                   'secret_name=box, ssh_key_name=demo', 'assignment')

    def test_json_text_of_redacted_data_is_stable(self):
        data = self.r.redact({'secret_token': 'x', 'a': 'password=y'})
        text = json.dumps(data)
        before = self.r.summary()
        self.assertEqual(text, self.r.text(text))
        self.assertEqual(before, self.r.summary())

    def test_plain_text_untouched(self):
        text = ('Resource CREATE failed: Quota exceeded for cores: '
                'Requested 2, but already used 20 of 20 cores; keypair '
                'demo-key; OS::Nova::KeyPair; 10.0.0.5')
        self.assertEqual(text, self.r.text(text))
        self.assertEqual(0, self.r.summary()['total'])

    def test_custom_patterns(self):
        r = redact.Redactor(extra_patterns=[r'ACME-\d+', 'internal'])
        self.assertEqual(f'{M} is {M}', r.text('ACME-42 is internal'))
        self.assertEqual({'custom': 2}, r.summary()['by_kind'])


class TestMaskAddresses(testtools.TestCase):

    def test_same_address_same_placeholder(self):
        r = redact.Redactor(mask_addresses=True)
        out = r.redact({
            'api_address': 'https://203.0.113.10:6443',
            'node_addresses': ['10.0.0.11', '10.0.0.12', '10.0.0.11'],
            'reason': 'node 10.0.0.12 and fe80::1 unreachable'})
        self.assertEqual({
            'api_address': 'https://<ip-1>:6443',
            'node_addresses': ['<ip-2>', '<ip-3>', '<ip-2>'],
            'reason': 'node <ip-3> and <ipv6-1> unreachable'}, out)
        self.assertEqual(6, r.summary()['by_kind']['address'])

    def test_hostnames_learned_and_replaced_everywhere(self):
        r = redact.Redactor(mask_addresses=True)
        data = {'auth_url': 'https://api.cloud.example.com:5000/v3',
                'note': 'see api.cloud.example.com and API.cloud.example.com',
                'master_host': 'master0.cluster.local'}
        r.learn_hosts(data)
        out = r.redact(data)
        self.assertEqual('https://host-1.invalid:5000/v3', out['auth_url'])
        self.assertEqual('see host-1.invalid and host-1.invalid',
                         out['note'])
        self.assertEqual('host-2.invalid', out['master_host'])
        # Masked text masked again stays as it is.
        self.assertEqual(json.dumps(out), r.text(json.dumps(out)))

    def test_not_addresses(self):
        r = redact.Redactor(mask_addresses=True)
        text = 'v1.33.4 at 12:30:45, 2026-11-24T09:00:00, OS::Heat::Stack'
        self.assertEqual(text, r.text(text))

    def test_off_by_default(self):
        r = redact.Redactor()
        self.assertEqual('10.0.0.1', r.text('10.0.0.1'))


class TestRedactArgv(testtools.TestCase):

    def test_secret_options(self):
        r = redact.Redactor()
        argv = ['openstack', '--os-password', 'pw', '--os-token=tok',
                '--os-application-credential-secret', 'acs',
                '--os-auth-url', 'http://u:p@127.0.0.1:5000/v3',
                '--os-auth-type', 'password', '--redact', 'ACME',
                'coe', 'support', 'bundle', 'create', 'demo']
        self.assertEqual(
            ['openstack', '--os-password', M, f'--os-token={M}',
             '--os-application-credential-secret', M,
             '--os-auth-url', f'http://{M}@127.0.0.1:5000/v3',
             '--os-auth-type', 'password', '--redact', 'ACME',
             'coe', 'support', 'bundle', 'create', 'demo'],
            redact.redact_argv(argv, r))
        self.assertEqual(3, r.summary()['by_kind']['command_line'])
