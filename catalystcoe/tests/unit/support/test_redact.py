"""Redaction: secret keys, secret forms, addresses, command lines.

The corpus below plants secrets in the forms they take in what Magnum,
Heat and Keystone return (status reasons, labels, stack parameters and
outputs, event properties, health reasons) and checks that none comes
through, and that what support needs (IDs, addresses, paths, public
keys) does.
"""

import base64
import json
import re
from re import _constants as sre_constants
from re import _parser as sre_parser

import testtools

from catalystcoe.support import redact
from catalystcoe.tests.unit import fakes

M = redact.MARKER


def b64(text):
    return base64.b64encode(text.encode()).decode()


SSH_KEY = ('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7kPlantedPublicKeyBody0'
           'xyz/+AbCdEf== demo@laptop')
SSH_ED_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlantedEd25519PublicKey'
              'Body demo@host')
PEM_PUBLIC = ('-----BEGIN PUBLIC KEY-----\n'
              'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAplantedPublicPem'
              'BodyAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PUBLIC KEY-----')
DOCKER_CONFIG = json.dumps({'auths': {'registry.example.com': {
    'auth': b64('ci-bot:planted-docker-auth'),
    'password': 'planted-docker-password'}}})

# (form, input, secrets that must not come through).  An input is text
# (a status reason, a label, a log line) or data (as the APIs return it).
FORMS = (
    # Passwords whose value goes on after ';' or a blank.
    ('password=, tail after ;', 'failed: password=Pl4nt;edTail-1 retry',
     ['Pl4nt', 'edTail-1']),
    ('password: passphrase with blanks',
     'password: correct horse plantedBattery-2 staple',
     ['horse', 'plantedBattery-2', 'staple']),
    ('password= then another key', 'password=planted-3; user=demo',
     ['planted-3']),
    ('quoted password with blanks', "password = 'planted 4 quoted'",
     ['planted 4 quoted']),
    ('YAML quote doubled', "password: 'it''s planted-5'", ['planted-5']),
    ('JSON escaped quote in value',
     'x {"password": "plantedQ\\"6-esc", "a": 1}', ['plantedQ', '6-esc']),
    ('Python repr of properties',
     "Properties: {'password': 'planted-7', 'flavor': 'c1.c2r4'}",
     ['planted-7']),
    ('Ruby hash arrow', 'password => "planted-8"', ['planted-8']),
    ('numeric password', 'password: 12345678901', ['12345678901']),
    # YAML blocks.
    ('YAML literal block', 'config:\n  password: |\n    plantedBlockA-9\n'
     '    plantedBlockB-9\n  next: kept',
     ['plantedBlockA-9', 'plantedBlockB-9']),
    ('YAML folded block', 'secret: >-\n  plantedFolded-10\n  more-10\n',
     ['plantedFolded-10', 'more-10']),
    ('YAML value on the next line', 'private_key:\n  plantedNextLine-11\n',
     ['plantedNextLine-11']),
    ('YAML block in a list', '- name: db\n  password: |\n     planted-12\n',
     ['planted-12']),
    ('YAML list under a secret key', 'passwords:\n  - plantedOne-13\n'
     '  - plantedTwo-13\nother: 1', ['plantedOne-13', 'plantedTwo-13']),
    ('YAML mapping under a secret key', 'credentials:\n  user: u\n'
     '  pin: plantedPin-14\n', ['plantedPin-14']),
    # Base64 credentials.
    ('Docker config auth (JSON text)', DOCKER_CONFIG,
     [b64('ci-bot:planted-docker-auth'), 'planted-docker-password']),
    ('Docker config inside text', f'config {DOCKER_CONFIG} end',
     [b64('ci-bot:planted-docker-auth'), 'planted-docker-password']),
    ('Docker config auth in YAML', 'auths:\n  r.example.com:\n    auth: '
     + b64('u:planted-15'), [b64('u:planted-15')]),
    ('Authorization: Basic', 'Authorization: Basic '
     + b64('user:planted-16'), [b64('user:planted-16')]),
    ('curl -H Basic', 'curl -H "Authorization: Basic '
     + b64('user:planted-17') + '" https://x', [b64('user:planted-17')]),
    ('Basic alone', 'sent Basic ' + b64('svc:planted-18') + ' to proxy',
     [b64('svc:planted-18')]),
    ('Kubernetes Secret YAML data', 'apiVersion: v1\nkind: Secret\n'
     'metadata:\n  name: db\ndata:\n  username: '
     + b64('planted-k8s-user') + '\n  .dockerconfigjson: '
     + b64('{"auths": {}}') + '\ntype: Opaque\n',
     [b64('planted-k8s-user'), b64('{"auths": {}}')]),
    ('Kubernetes Secret stringData', 'kind: Secret\nstringData:\n'
     '  config.yaml: |\n    db: plantedStringData-19\n',
     ['plantedStringData-19']),
    ('Kubernetes Secret JSON in text', 'manifest {"kind": "Secret", '
     '"data": {"tls.crt": "' + b64('planted-20') + '"}} applied',
     [b64('planted-20')]),
    ('Kubernetes Secret as data', {'kind': 'Secret', 'metadata': {
        'name': 's'}, 'data': {'ca.crt': b64('planted-21')}},
     [b64('planted-21')]),
    ('.dockerconfigjson base64', '.dockerconfigjson: ' + b64(
        '{"auths": {"r": {"auth": "x", "password": "planted-22"}}}'),
     [b64('{"auths": {"r": {"auth": "x", "password": "planted-22"}}}')]),
    ('base64 JSON in free text', 'pull secret ' + b64(
        '{"auths": {"r": {"password": "planted-23"}}}') + ' was rejected',
     [b64('{"auths": {"r": {"password": "planted-23"}}}')]),
    ('base64 pretty Docker config', 'data ' + b64(
        '{\n  "auths": {\n    "r": {"password": "planted-24"}\n  }\n}'),
     [b64('{\n  "auths": {\n    "r": {"password": "planted-24"}\n  }\n}')]),
    ('base64 cloud-config', {'user_data': b64(
        '#cloud-config\nchpasswd:\n  list: |\n    root:planted-25\n')},
     [b64('#cloud-config\nchpasswd:\n  list: |\n    root:planted-25\n')]),
    # Nova admin_pass in Heat events and resources.
    ('admin_pass in event properties', {'resource_properties': {
        'admin_pass': 'plantedAdminPass-26', 'flavor': 'c1.c2r4'}},
     ['plantedAdminPass-26']),
    ('adminPass in a resource', {'properties': {
        'adminPass': 'plantedAdminPass-27'}}, ['plantedAdminPass-27']),
    ('admin_pass in a status reason', "Property error: {'admin_pass': "
     "'plantedAdminPass-28', 'name': 'kube-master'}",
     ['plantedAdminPass-28']),
    # Credentials in URLs of any scheme.
    ('redis://:pw@', 'redis://:plantedRedis-29@10.0.0.5:6379/0',
     ['plantedRedis-29']),
    ('https://TOKEN@', 'git clone https://plantedTokenUser30@github.com/'
     'org/repo.git', ['plantedTokenUser30']),
    ('postgresql://user:pw@', 'postgresql://kube:plantedPg-31@db:5432/k',
     ['plantedPg-31']),
    ('amqp://user:pw@', 'transport_url = amqp://guest:plantedAmqp-32@'
     'rabbit:5672/', ['plantedAmqp-32']),
    ('mongodb+srv://', 'mongodb+srv://u:plantedMongo-33@c0.example.net',
     ['plantedMongo-33']),
    ('@ inside a password', 'https://user:P@ssplanted-34@host/x',
     ['ssplanted-34']),
    ('URL under a kept key', {'auth_url': 'http://magnum:plantedAuth-35@'
                                          'keystone.example.com:5000/v3'},
     ['plantedAuth-35']),
    # Signed URLs.
    ('Swift temp_url_sig', 'https://object.example.com/v1/AUTH_3f9a/c/o?'
     'temp_url_sig=da39a3ee5e6b4b0d3255bfef95601890afd80736&'
     'temp_url_expires=1700000000',
     ['da39a3ee5e6b4b0d3255bfef95601890afd80736']),
    ('S3 presigned URL', 'https://s3.example.com/b/k?X-Amz-Algorithm='
     'AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7PLANT36%2F20260101%2F'
     'us-east-1%2Fs3%2Faws4_request&X-Amz-Signature=plantedAmzSig36abc&'
     'X-Amz-Security-Token=plantedAmzToken36',
     ['AKIAIOSFODNN7PLANT36', 'plantedAmzSig36abc', 'plantedAmzToken36']),
    ('Azure SAS sig=', 'https://a.blob.core.windows.net/c/b?sv=2021-06-08'
     '&sr=b&sig=plantedSas37%2Bab%3D', ['plantedSas37']),
    ('signature= in a query', 'GET /obj?Signature=plantedSig38&Expires=1',
     ['plantedSig38']),
    ('access_token= in a query', 'callback?access_token=plantedAt-39&x=1',
     ['plantedAt-39']),
    ('key= in a query', 'https://maps.example.com/api?key=plantedKey40',
     ['plantedKey40']),
    # Tokens in URL paths.
    ('Slack webhook', 'https://hooks.slack.com/services/T0PLANTED/B0PLANTED'
     '/plantedSlackWebhook41xxxxxx', ['plantedSlackWebhook41xxxxxx',
                                      'T0PLANTED']),
    ('Discord webhook', 'https://discord.com/api/webhooks/123456/planted'
     'DiscordToken42', ['plantedDiscordToken42']),
    ('Teams webhook', 'https://contoso.webhook.office.com/webhookb2/'
     'plantedTeams43@x/IncomingWebhook/abc', ['plantedTeams43']),
    ('Telegram bot', 'https://api.telegram.org/bot123:plantedTg44/send',
     ['plantedTg44']),
    ('generic /hooks/ token', 'https://chat.example.com/hooks/'
     'planted45mattermosttoken', ['planted45mattermosttoken']),
    ('etcd discovery URL', {'discovery_url': 'https://discovery.etcd.io/'
                                             'plantedd1sc0very46'},
     ['plantedd1sc0very46']),
    ('discovery URL with a user', 'https://user:plantedDisc-47@discovery.'
     'etcd.io/plantedDiscTok47', ['plantedDisc-47', 'plantedDiscTok47']),
    # Keys in free text.
    ('trust_id= in free text', 'heat: trust_id=plantedTrust48 expired',
     ['plantedTrust48']),
    ('trust_id as data', {'trust_id': 'plantedTrust49'}, ['plantedTrust49']),
    ('pwd=', 'odbc: Server=db;Uid=kube;Pwd=plantedPwd-50;',
     ['plantedPwd-50']),
    ('PGPASSWORD=', 'PGPASSWORD=plantedPg51 psql -h db', ['plantedPg51']),
    ('export OS_PASSWORD', "export OS_PASSWORD='plantedOs52'",
     ['plantedOs52']),
    ('MYSQL_ROOT_PASSWORD', 'env: MYSQL_ROOT_PASSWORD=plantedMy53',
     ['plantedMy53']),
    ('db_pass=', 'db_pass=plantedDbPass54', ['plantedDbPass54']),
    ('api_key:', 'api_key: plantedApiKey55', ['plantedApiKey55']),
    ('client_secret', 'client_secret="plantedClient56"',
     ['plantedClient56']),
    ('application_credential_secret', 'application_credential_secret='
     'plantedAppCred57', ['plantedAppCred57']),
    ('passphrase', 'passphrase = "planted 58 words"', ['planted 58 words']),
    ('--password value', 'ran: docker login --password plantedLogin59 -u x',
     ['plantedLogin59']),
    ('--os-password value', 'openstack --os-password plantedOsPw60 server',
     ['plantedOsPw60']),
    ('--token=value', 'kubectl --token=plantedKubectl61 get nodes',
     ['plantedKubectl61']),
    ('X-Auth-Token header', 'X-Auth-Token: plantedXAuth62',
     ['plantedXAuth62']),
    ('X-Subject-Token header', "{'X-Subject-Token': 'plantedXSubj63'}",
     ['plantedXSubj63']),
    ('Cookie header', 'Cookie: session=plantedCookie64; theme=dark',
     ['plantedCookie64']),
    ('Set-Cookie header', 'Set-Cookie: sid=plantedSetCookie65; Path=/',
     ['plantedSetCookie65']),
    ('"private_key" in JSON text', 'bad label {"private_key": "planted66"',
     ['planted66']),
    ('secret_key with quoted blanks', "secret_key: 'planted 67 spaced'",
     ['planted 67 spaced']),
    # Keys written with full-width or other Unicode colons.
    ('full-width colon', 'password：plantedZenkaku68', ['plantedZenkaku68']),
    ('full-width key and colon', 'ｐａｓｓｗｏｒｄ：plantedFull69',
     ['plantedFull69']),
    ('ratio sign as colon', 'token∶plantedRatio70', ['plantedRatio70']),
    ('modifier colon', 'secret꞉plantedModColon71', ['plantedModColon71']),
    ('small colon', 'password﹕plantedSmall72', ['plantedSmall72']),
    ('full-width key as data', {'ｐａｓｓｗｏｒｄ': 'plantedFullKey73'},
     ['plantedFullKey73']),
    # JSON in JSON in a label.
    ('JSON inside JSON in a label', {'labels': {'extra': json.dumps(
        {'inner': json.dumps({'password': 'plantedNested74'})})}},
     ['plantedNested74']),
    ('escaped JSON that does not parse', '{"a": "{\\"password\\": '
     '\\"plantedEsc75\\", \\"b', ['plantedEsc75']),
    ('pairs name/value', [{'name': 'db_password', 'value': 'planted76'}],
     ['planted76']),
    # Tokens recognised by their form.
    ('AWS access key id', 'key AKIAIOSFODNN7PLANT77 in use',
     ['AKIAIOSFODNN7PLANT77']),
    ('AWS session key id', 'ASIAPLANTEDKEY78XXXX', ['ASIAPLANTEDKEY78XXXX']),
    ('AWS secret key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/'
     'plantedAws79', ['wJalrXUtnFEMI', 'plantedAws79']),
    ('AWS key id as data', {'aws_access_key_id': 'AKIAPLANTEDKEYID8000'},
     ['AKIAPLANTEDKEYID8000']),
    ('GitHub token', 'token ghp_planted81aaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
     ['ghp_planted81aaaaaaaaaaaaaaaaaaaaaaaaaaaaa']),
    ('GitHub fine-grained token', 'github_pat_11PLANTED82_abcdefghijklmnop'
     'qrstuvwxyz', ['github_pat_11PLANTED82']),
    ('GitHub app token in URL', 'https://x-access-token:ghs_planted83aaaa'
     'aaaaaaaaaaaaaaaaaaaaaaaaa@github.com/o/r', ['ghs_planted83']),
    ('GitLab token', 'using glpat-planted84XXXXXXXXXXXX for CI',
     ['glpat-planted84']),
    ('GitLab runner token', 'glrt-planted85YYYYYYYYYYYYYY',
     ['glrt-planted85']),
    ('Slack token', 'xoxb-planted86-1234567890-abcdef', ['xoxb-planted86']),
    ('Google API key', 'AIzaPlanted87bbbbbbbbbbbbbbbbbbbbbbbbbbb',
     ['AIzaPlanted87']),
    ('Stripe key', 'sk_live_planted88cccccccccccc', ['sk_live_planted88']),
    ('Vault token', 'VAULT=hvs.planted89dddddddddddddddd', ['planted89']),
    ('Docker Hub token', 'dckr_pat_planted90eeeeeeeeeeeeee',
     ['dckr_pat_planted90']),
    ('Keystone fernet token', f'token {fakes.FERNET} expired',
     [fakes.FERNET]),
    ('JWT', f'jwt {fakes.JWT}.', [fakes.JWT]),
    ('Bearer token', 'Authorization: Bearer plantedBearer91',
     ['plantedBearer91']),
    ('Bearer alone', 'retrying with bearer plantedBearer92xyz',
     ['plantedBearer92xyz']),
    ('PEM private key', 'key:\n' + fakes.PEM_KEY,
     ['plantedPemSecretXyZ0123456789']),
    ('truncated PEM', 'x -----BEGIN PRIVATE KEY-----\nMIIplanted93',
     ['MIIplanted93']),
    ('kubeconfig', fakes.KUBECONFIG, ['LS0tLS1CRUdJT', 'cGxhbnRlZEtleQ',
                                      'plantedKubeconfigToken123']),
)

# What support needs: (form, input, strings that must come through).
KEPT = (
    ('node private IPs in stack outputs', {'outputs': [
        {'output_key': 'kube_masters_private',
         'output_value': ['10.0.0.5', '10.0.0.6'], 'description': 'IPs'},
        {'output_key': 'kube_minions_private',
         'output_value': ['10.0.0.7']}]},
     ['10.0.0.5', '10.0.0.6', '10.0.0.7']),
    ('trustee_domain_id', {'parameters': {
        'trustee_domain_id': 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d',
        'trustee_user_id': '9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b'}},
     ['a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d',
      '9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b']),
    ('ssh_public_key', {'ssh_public_key': SSH_KEY}, [SSH_KEY]),
    ('authorized keys', {'ssh_authorized_keys': [SSH_KEY, SSH_ED_KEY]},
     [SSH_KEY, SSH_ED_KEY]),
    ('public key in text', f'key: {SSH_ED_KEY}', [SSH_ED_KEY]),
    ('PEM public key in text', f'public:\n{PEM_PUBLIC}\n', [PEM_PUBLIC]),
    ('file paths in kubeapi_options', {'labels': {'kubeapi_options': (
        '--tls-private-key-file=/etc/kubernetes/certs/server.key '
        '--token-auth-file=/etc/kubernetes/known_tokens.csv')}},
     ['/etc/kubernetes/certs/server.key',
      '/etc/kubernetes/known_tokens.csv']),
    ('a path under a key name', 'client-key: /home/demo/.kube/key.pem',
     ['/home/demo/.kube/key.pem']),
    ('IDs', {'project_id': fakes.PROJECT_ID, 'user_id': fakes.USER_ID,
             'uuid': fakes.CLUSTER_UUID,
             'application_credential_id': 'f00dcafe1234',
             'keypair': 'demo-key', 'key_name': 'demo-key',
             'ssh_key_name': 'demo-key', 'stack_id': fakes.STACK_ID},
     [fakes.PROJECT_ID, fakes.USER_ID, fakes.CLUSTER_UUID, 'f00dcafe1234',
      'demo-key', fakes.STACK_ID]),
    ('request IDs', 'failed (Request-ID: req-4b0f8c2e-5e1f-4c6b-9d2a-'
     '0e8a7c6b5d4f)', ['req-4b0f8c2e-5e1f-4c6b-9d2a-0e8a7c6b5d4f']),
    ('flags and versions', {'labels': {
        'keystone_auth_enabled': 'true', 'cert_manager_api': 'false',
        'k8s_keystone_auth_tag': 'v1.33.4', 'master_lb_enabled': 'true'}},
     ['true', 'false', 'v1.33.4']),
    ('finding counts', {'findings': {'fail': 4, 'warn': 0, 'pass': 10}},
     ['10']),
    ('addresses and hosts', 'node 10.0.0.12 unreachable from '
     'https://keystone.example.com:5000/v3', ['10.0.0.12',
                                              'keystone.example.com']),
    ('service users in URLs', 'ssh://git@github.com/org/repo.git',
     ['git@github.com']),
    ('text around a redacted value', 'password=x; region: nz-hlz-1',
     ['region: nz-hlz-1']),
    ('what follows a YAML block', 'password: |\n  x\nnext: kept\n',
     ['next: kept']),
    ('signed URL parameters that are not secret', 'o?temp_url_sig=abc&'
     'temp_url_expires=1700000000&X-Amz-Date=20260101T000000Z',
     ['temp_url_expires=1700000000', 'X-Amz-Date=20260101T000000Z']),
    ('a ConfigMap', 'kind: ConfigMap\ndata:\n  log_level: debug\n',
     ['log_level: debug']),
    ('quota reasons', 'Quota exceeded for cores: Requested 2, but already '
     'used 20 of 20 cores; keypair demo-key; OS::Nova::KeyPair',
     ['Quota exceeded for cores: Requested 2, but already used 20 of 20 '
      'cores; keypair demo-key; OS::Nova::KeyPair']),
)


def as_text(redactor, obj):
    """What a bundle would hold: data redacted, then written as JSON."""
    if isinstance(obj, str):
        return redactor.text(obj)
    return redactor.text(json.dumps(redactor.redact(obj),
                                    ensure_ascii=False))


class TestCorpus(testtools.TestCase):

    def test_no_planted_secret_comes_through(self):
        leaked = []
        for form, obj, secrets in FORMS:
            out = as_text(redact.Redactor(), obj)
            leaked += [(form, s) for s in secrets if s in out]
        self.assertEqual([], leaked)

    def test_each_form_is_counted(self):
        uncounted = []
        for form, obj, _secrets in FORMS:
            redactor = redact.Redactor()
            as_text(redactor, obj)
            if not redactor.summary()['total']:
                uncounted.append(form)
        self.assertEqual([], uncounted)

    def test_all_forms_at_once(self):
        cluster = {'labels': {f'label_{i}': obj if isinstance(obj, str)
                              else json.dumps(obj)
                              for i, (_f, obj, _s) in enumerate(FORMS)},
                   'status_reason': ' '.join(obj for _f, obj, _s in FORMS
                                             if isinstance(obj, str))}
        out = as_text(redact.Redactor(), cluster)
        self.assertEqual([], [s for _f, _o, secrets in FORMS
                              for s in secrets if s in out])

    def test_what_support_needs_is_kept(self):
        lost = []
        for form, obj, kept in KEPT:
            out = as_text(redact.Redactor(), obj)
            lost += [(form, k) for k in kept if k not in out]
        self.assertEqual([], lost)

    def test_redacting_twice_changes_nothing(self):
        for form, obj, _secrets in FORMS + KEPT:
            once = as_text(redact.Redactor(), obj)
            again = redact.Redactor()
            self.assertEqual(once, again.text(once), form)
            self.assertEqual(0, again.summary()['total'], form)


class TestKeyIsSecret(testtools.TestCase):

    def test_secret_words_in_any_case_and_position(self):
        for key in ('password', 'OS_PASSWORD', 'trustee_password',
                    'secret_token', 'Token', 'x_api_key', 'privateKey',
                    'application_credential_secret', 'client_cert',
                    'trust_id', 'authorization', 'kubeconfig', 'passphrase',
                    'ca_key', 'admin_pass', 'adminPass', 'pwd', 'auth',
                    'temp_url_sig', 'X-Amz-Signature', '.dockerconfigjson',
                    'identitytoken', 'aws_access_key_id', 'ｐａｓｓｗｏｒｄ'):
            self.assertTrue(redact.key_is_secret(key, 'v'), key)

    def test_names_ids_flags_paths_and_public_keys_are_kept(self):
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
            'kube_masters_private': ['10.0.0.5'],
            'trustee_domain_id': 'abc', 'application_credential_id': 'abc',
            'ssh_public_key': SSH_KEY, 'ssh_key': SSH_KEY,
            'tls_cert_file': '/etc/kubernetes/certs/server.crt',
            'ca_key': '/etc/kubernetes/certs/ca.key', 'pass': 10,
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
                   {'output_key': 'kube_masters_private',
                    'output_value': ['10.0.0.5']},
                   {'key': 'db_password', 'value': 'hunter2'},
                   {'name': 'ca_key', 'value': 'k'},
                   {'name': 'region', 'value': 'nz-hlz-1'}]
        self.assertEqual(
            [{'output_key': 'kubeconfig', 'output_value': M},
             {'output_key': 'api_address', 'output_value': '1.2.3.4'},
             {'output_key': 'kube_masters_private',
              'output_value': ['10.0.0.5']},
             {'key': 'db_password', 'value': M},
             {'name': 'ca_key', 'value': M},
             {'name': 'region', 'value': 'nz-hlz-1'}],
            self.r.redact(outputs))

    def test_json_in_a_string_is_redacted_as_data(self):
        label = json.dumps({'a': 1, 'private_key': 'k', 'n': 'x'})
        self.assertEqual(json.dumps({'a': 1, 'private_key': M, 'n': 'x'}),
                         self.r.text(label))

    def test_json_without_secrets_keeps_its_spelling(self):
        label = '{"a":1,  "b": [1,2]}'
        self.assertEqual(label, self.r.text(label))

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
        self.assertIn('client-key-data: ' + M, out)
        self.assertIn('token: ' + M, out)
        self.assertIn('- name: admin', out)

    def test_tokens(self):
        self.check(f'token {fakes.FERNET} end', f'token {M} end', 'token')
        self.check(f'x MII{"A" * 80}', f'x {M}', 'token')
        self.check(f'jwt {fakes.JWT}.', f'jwt {M}.', 'token')

    def test_authorization_header_value_is_replaced_whole(self):
        self.check('Authorization: Bearer abcdefgh12345',
                   f'Authorization: {M}', 'assignment')

    def test_url_credentials(self):
        self.check('http://admin:s3cr3t@keystone.example.com:5000/v3',
                   f'http://{M}@keystone.example.com:5000/v3',
                   'url_credentials')

    def test_assignments_end_at_the_next_key_or_the_line(self):
        self.check('failed: password=hunter2; token: abc, '
                   'secret_name=box, ssh_key_name=demo\nnext line',
                   f'failed: password={M}; token: {M}, '
                   'secret_name=box, ssh_key_name=demo\nnext line',
                   'assignment')

    def test_yaml_block_is_replaced_by_one_line(self):
        self.check('a:\n  password: |\n    one\n    two\n  b: 1\n',
                   f'a:\n  password: |\n    {M}\n  b: 1\n', 'assignment')

    def test_query_values_end_at_ampersand(self):
        self.check('/o?temp_url_sig=abc&temp_url_expires=17',
                   f'/o?temp_url_sig={M}&temp_url_expires=17', 'assignment')

    def test_kubernetes_secret_data_block(self):
        self.check('kind: Secret\ndata:\n  password: cHc=\n  user: dQ==\n'
                   'type: Opaque', f'kind: Secret\ndata:\n  {M}\n'
                   'type: Opaque', 'kubernetes_secret')

    def test_webhook_path(self):
        self.check('https://hooks.slack.com/services/T0/B0/XXXX',
                   f'https://hooks.slack.com/services/{M}', 'url_token')

    def test_json_text_of_redacted_data_is_stable(self):
        data = self.r.redact({'secret_token': 'x', 'a': 'password=y'})
        text = json.dumps(data)
        before = self.r.summary()
        self.assertEqual(text, self.r.text(text))
        self.assertEqual(before, self.r.summary())

    def test_plain_text_untouched(self):
        text = ('Resource CREATE failed: Quota exceeded for cores: '
                'Requested 2, but already used 20 of 20 cores; keypair '
                'demo-key; OS::Nova::KeyPair; 10.0.0.5; The Key (demo) '
                'could not be found; token expired; reset the password.')
        self.assertEqual(text, self.r.text(text))
        self.assertEqual(0, self.r.summary()['total'])

    def test_custom_patterns(self):
        r = redact.Redactor(extra_patterns=[r'ACME-\d+', 'internal'])
        self.assertEqual(f'{M} is {M}', r.text('ACME-42 is internal'))
        self.assertEqual({'custom': 2}, r.summary()['by_kind'])


# Each about 50 kB, made to hit the worst case of one kind of rule.
ADVERSARIAL = (
    'a' * 50_000,
    'a.b-c_' * 8_000,
    'passwordsecrettokenkey' * 2_300,
    'password=password:token=' * 2_000,
    'password: "x \\" ' * 3_000,
    'password: ' + 'horse ' * 8_000,
    '?sig=1&temp_url_sig=2&X-Amz-Signature=3&' * 1_200,
    ('https://' + 'h' * 250 + ' ') * 190,
    'a://' * 12_000,
    'eyJgAAAAAMIIghp_glpat-AKIAxoxb-' * 1_600,
    ('eyJ' + 'A' * 97 + '.') * 500,
    'eyJ' + 'QUFB' * 12_000,
    '-----BEGIN RSA PRIVATE KEY----- x ' * 1_400,
    ('-----BEGIN ' + 'A' * 70) * 600,
    'Bearer    Basic dXNlcjpwYXNz x ' * 1_600,
    'password: |\n' + '    line of the block\n' * 2_200,
    'ｐａｓｓｗｏｒｄ：ｓｅｃｒｅｔ　秘密 ' * 2_500,
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 u@h\n' * 1_100,
    'key:\n' * 10_000,
    '10.0.0.1.' * 5_000 + 'fe80::1:' * 5_000,
)


class TestLinearTime(testtools.TestCase):
    """Redaction ends, and reads all, on inputs that were slow.

    The figures come from tools/bench-redact, not from these tests.
    """

    def test_adversarial_megabyte(self):
        tail = ' password=plantedAtTheEnd'
        text = ''.join(ADVERSARIAL) + tail
        self.assertGreater(len(text), 950_000)
        out = redact.Redactor(mask_addresses=True).text(text)
        self.assertNotIn('plantedAtTheEnd', out)
        self.assertTrue(out.endswith(f' password={M}'))

    def test_long_status_reason(self):
        reason = 'Resource CREATE failed: ' + 'a_b.c-' * 500 + (
            ' password=plantedLong')
        out = redact.Redactor().redact({'status_reason': reason})
        self.assertEqual(reason.replace('plantedLong', M),
                         out['status_reason'])

    def test_no_nested_quantifiers(self):
        nested = []
        for pattern in _patterns():
            if _has_nested_repeat(sre_parser.parse(pattern.pattern,
                                                   pattern.flags)):
                nested.append(pattern.pattern)
        self.assertEqual([], nested)


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
            sre_constants.POSSESSIVE_REPEAT)


def _patterns():
    """Every regular expression the redactor uses."""
    found = [value for value in vars(redact).values()
             if isinstance(value, re.Pattern)]
    for rules in (redact._PLAIN_RULES, redact._FOLDED_RULES):
        found += [rule[2] for rule in rules]
    found.append(redact._dedent_re(4))
    return found


def _has_nested_repeat(items, inside=False):
    """True when a repeat (of more than one) holds another one."""
    for op, av in items:
        if op in _REPEATS:
            many = av[1] > 1
            if (inside and many) or _has_nested_repeat(av[2],
                                                       inside or many):
                return True
        elif op in (sre_constants.SUBPATTERN, sre_constants.ATOMIC_GROUP):
            if _has_nested_repeat(av[-1], inside):
                return True
        elif op is sre_constants.BRANCH:
            if any(_has_nested_repeat(alt, inside) for alt in av[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _has_nested_repeat(av[1], inside):
                return True
    return False


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
                '--os-auth-type', 'password', '--os-cloud', 'prod',
                'coe', 'support', 'bundle', 'create', 'demo']
        self.assertEqual(
            ['openstack', '--os-password', M, f'--os-token={M}',
             '--os-application-credential-secret', M,
             '--os-auth-url', f'http://{M}@127.0.0.1:5000/v3',
             '--os-auth-type', 'password', '--os-cloud', 'prod',
             'coe', 'support', 'bundle', 'create', 'demo'],
            redact.redact_argv(argv, r))
        self.assertEqual(3, r.summary()['by_kind']['command_line'])

    def test_abbreviations_argparse_accepts(self):
        r = redact.Redactor()
        argv = ['openstack', '--os-passw', 'pw1', '--os-pass=pw2',
                '--os-tok', 'tok', '--os-project-name', 'demo', 'coe',
                'support', 'bundle', 'create', 'demo']
        self.assertEqual(
            ['openstack', '--os-passw', M, f'--os-pass={M}', '--os-tok', M,
             '--os-project-name', 'demo', 'coe', 'support', 'bundle',
             'create', 'demo'], redact.redact_argv(argv, r))

    def test_redact_patterns_are_hidden(self):
        r = redact.Redactor()
        argv = ['coe', 'support', 'bundle', 'create', 'demo', '--redact',
                'ACME-CUSTOMER-42', '--redact=secret-project',
                '--reda', 'internal-name']
        out = redact.redact_argv(argv, r)
        self.assertEqual(['coe', 'support', 'bundle', 'create', 'demo',
                          '--redact', M, f'--redact={M}', '--reda', M], out)
