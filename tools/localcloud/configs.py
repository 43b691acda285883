"""Configuration files of the cloud's services, written into the state dir."""

import base64
import hashlib
import json
import os

from localcloud import config


def _write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def keystone_dir():
    return os.path.join(config.STATE, 'keystone')


def keystone_conf_dir():
    return os.path.join(config.ETC, 'keystone')


def keystone_conf_path():
    return os.path.join(keystone_conf_dir(), 'keystone.conf')


def keystone_db_url():
    return config.pg_url(config.KEYSTONE_DB)


def write_keystone_conf():
    kdir = keystone_dir()
    return _write(keystone_conf_path(), f"""\
[DEFAULT]
use_stderr = true
[database]
connection = {keystone_db_url()}
# One worker of 4 threads: a small pool is enough, and PostgreSQL's
# max_connections is shared with both regions' Magnum.
max_pool_size = 4
max_overflow = 4
[token]
provider = fernet
[fernet_tokens]
key_repository = {kdir}/fernet-keys
[fernet_receipts]
key_repository = {kdir}/fernet-keys
[credential]
key_repository = {kdir}/credential-keys
[identity]
# Test only: cheaper password hashing makes each login faster.
password_hash_rounds = 4
[cache]
# In-process cache (one gunicorn worker): token validation and catalog
# lookups go from ~0.3 s to a few ms.
enabled = true
backend = dogpile.cache.memory
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
""")


def write_keystone_keys():
    """Keystone's fernet and credential key repositories.

    What ``keystone-manage fernet_setup`` and ``credential_setup`` write (a
    staged key ``0`` and a primary key ``1``: 32 random bytes in URL-safe
    base64, mode 0600), without two keystone-manage runs of ~5 s each.
    """
    for repo in ('fernet-keys', 'credential-keys'):
        path = os.path.join(keystone_dir(), repo)
        os.makedirs(path, mode=0o700)
        for index in ('0', '1'):
            key = base64.urlsafe_b64encode(os.urandom(32))
            fd = os.open(os.path.join(path, index),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, 'wb') as f:
                f.write(key)


def magnum_conf_path(region):
    return os.path.join(config.ETC, 'magnum', region, 'magnum.conf')


def _auth_section(name, region):
    user = config.USERS['magnum']
    return f"""\
[{name}]
auth_type = password
auth_url = http://{config.HOST}:{config.PORTS['keystone']}
www_authenticate_uri = {config.KEYSTONE_URL}
project_domain_id = default
user_domain_id = default
project_name = {user['project']}
username = magnum
password = {user['password']}
region_name = {region}
interface = public
"""


def write_magnum_conf(region):
    state = os.path.join(config.STATE, 'magnum', region)
    os.makedirs(os.path.join(state, 'lock'), exist_ok=True)
    clients = ''.join(
        f'[{svc}_client]\nregion_name = {region}\nendpoint_type = publicURL\n'
        for svc in ('glance', 'nova', 'neutron', 'heat', 'cinder',
                    'octavia', 'magnum', 'barbican'))
    trustee = config.TRUSTEE_ADMIN
    return _write(magnum_conf_path(region), f"""\
[DEFAULT]
host = {region}
transport_url = {config.rabbit_url(region)}
state_path = {state}
use_stderr = true
debug = false
periodic_enable = true
periodic_interval_max = 10
[api]
host = {config.HOST}
port = {config.PORTS['magnum-api-' + region]}
api_paste_config = {config.VENV}/etc/magnum/api-paste.ini
[database]
connection = {config.db_url(region)}
# Magnum's API leaves a connection "idle in transaction" after each
# template list until Python's garbage collector frees it; a small pool
# then runs out under parallel tests ("QueuePool limit ... reached").
# Room for that, within the max_connections (200) of the local
# PostgreSQL.
max_pool_size = 10
max_overflow = 20
[conductor]
workers = 1
{_auth_section('keystone_authtoken', region)}\
service_token_roles_required = true
{_auth_section('keystone_auth', region)}\
[trust]
trustee_domain_name = {config.TRUSTEE_DOMAIN}
trustee_domain_admin_name = {trustee['name']}
trustee_domain_admin_password = {trustee['password']}
trustee_keystone_interface = public
cluster_user_trust = false
[certificates]
cert_manager_type = x509keypair
[drivers]
verify_ca = false
[oslo_messaging_notifications]
driver = noop
[oslo_messaging_rabbit]
heartbeat_timeout_threshold = 0
[oslo_concurrency]
lock_path = {state}/lock
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
[cinder]
default_docker_volume_type =
[kubernetes]
health_polling_interval = -1
{clients}""")


def rabbit_env():
    rdir = os.path.join(config.STATE, 'rabbitmq')
    conf = _write(os.path.join(config.ETC, 'rabbitmq', 'rabbitmq.conf'), f"""\
listeners.tcp.1 = {config.HOST}:{config.PORTS['rabbitmq']}
loopback_users.guest = true
load_definitions = {config.ETC}/rabbitmq/definitions.json
log.console = true
log.file = false
vm_memory_high_watermark.absolute = 256MiB
disk_free_limit.absolute = 50MB
""")
    _write(
        os.path.join(config.ETC, 'rabbitmq', 'definitions.json'),
        json.dumps(rabbit_definitions(), indent=1))
    plugins = _write(os.path.join(config.ETC, 'rabbitmq', 'enabled_plugins'),
                     '[].\n')
    os.makedirs(os.path.join(rdir, 'mnesia'), exist_ok=True)
    return {
        'HOME': rdir,
        'RABBITMQ_HOME': '/usr/lib/rabbitmq',
        'RABBITMQ_NODENAME': 'catalystcoe@localhost',
        'RABBITMQ_NODE_IP_ADDRESS': config.HOST,
        'RABBITMQ_NODE_PORT': str(config.PORTS['rabbitmq']),
        'RABBITMQ_DIST_PORT': str(config.PORTS['rabbitmq-dist']),
        'ERL_EPMD_PORT': str(config.PORTS['epmd']),
        'ERL_EPMD_ADDRESS': config.HOST,
        'RABBITMQ_CONFIG_FILE': conf[:-len('.conf')],
        'RABBITMQ_ENABLED_PLUGINS_FILE': plugins,
        'RABBITMQ_MNESIA_BASE': os.path.join(rdir, 'mnesia'),
        'RABBITMQ_LOG_BASE': config.LOGS,
        'RABBITMQ_LOGS': '-',
        'RABBITMQ_PID_FILE': os.path.join(rdir, 'rabbit.pid'),
        'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS':
            '-kernel inet_dist_use_interface {127,0,0,1} '
            '+S 1:1 +A 2 +sbwt none +MBas ageffcbf +MHas ageffcbf',
        'RABBITMQ_CTL_ERL_ARGS': '+S 1:1',
        'RUNNING_UNDER_SYSTEMD': 'true',
    }


def _rabbit_password_hash(password):
    salt = hashlib.sha256(password.encode()).digest()[:4]
    digest = hashlib.sha256(salt + password.encode()).digest()
    return base64.b64encode(salt + digest).decode()


def rabbit_definitions():
    """One vhost per region: each region's Magnum has its own messaging."""
    user, password = config.RABBIT_USER
    perms = {'configure': '.*', 'write': '.*', 'read': '.*'}
    return {
        'users': [{'name': user, 'tags': ['administrator'],
                   'password_hash': _rabbit_password_hash(password),
                   'hashing_algorithm': 'rabbit_password_hashing_sha256'}],
        'vhosts': [{'name': '/'}] + [{'name': r} for r in config.REGIONS],
        'permissions': [dict(perms, user=user, vhost=vhost)
                        for vhost in ['/'] + list(config.REGIONS)],
    }


def clouds_yaml():
    lines = ['# Written by tools/local-cloud: the local cloud on 127.0.0.1.',
             'clouds:']
    for cloud, user in config.CLOUDS.items():
        spec = config.USERS[user]
        lines += [
            f'  {cloud}:',
            '    auth:',
            f'      auth_url: {config.KEYSTONE_URL}',
            f'      username: {user}',
            f'      password: {spec["password"]}',
            f'      project_name: {spec["project"]}',
            '      user_domain_name: Default',
            '      project_domain_name: Default',
            '    regions:',
        ] + [f'      - {region}' for region in config.REGIONS] + [
            '    interface: public',
            '    identity_api_version: 3',
            f'    catalystcoe_facts_url: {config.FACTS_URL}',
        ]
    return _write(config.CLOUDS_YAML, '\n'.join(lines) + '\n')
