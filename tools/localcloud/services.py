"""The cloud's services: how each is prepared, started and checked.

Every service is one process group started by ``process.start`` with a
pid file in ``.local-cloud/run`` and a log in ``.local-cloud/logs``.
"""

import os
import shutil
import signal
import subprocess
import time

from localcloud import config
from localcloud import configs
from localcloud import install
from localcloud import process


def venv_bin(name):
    return os.path.join(config.VENV, 'bin', name)


def gunicorn_argv(name, port, app, threads=4):
    return [venv_bin('gunicorn'), '--bind', f'{config.HOST}:{port}',
            '--workers', '1', '--threads', str(threads),
            '--timeout', '120', '--graceful-timeout', '2',
            # gunicorn's 2 s default closes idle keep-alive connections
            # just as a client polling every 2 s reuses them (requests
            # then fails with RemoteDisconnected); API load balancers
            # keep them much longer.
            '--keep-alive', '75',
            '--no-control-socket', '--name', name, app]


class Service:
    """One long-running process group."""

    name = ''
    stop_signal = signal.SIGTERM
    stop_timeout = 5.0
    url = None
    port = None

    def prepare(self):
        """One-off setup before the first start (idempotent)."""

    def argv(self):
        raise NotImplementedError

    def env(self):
        return {}

    def user(self):
        return None

    def start(self):
        self.started_at = time.time()
        return process.start(self.name, self.argv(), env=self.env(),
                             user=self.user())

    def answers(self):
        if self.url:
            return process.http_ok(self.url)
        return process.port_open(self.port)

    def where(self):
        return self.url or f'{config.HOST}:{self.port}'

    def stop(self):
        return process.stop(self.name, timeout=self.stop_timeout,
                            sig=self.stop_signal)


class Postgres(Service):
    name = 'postgres'
    # SIGINT: "fast" shutdown (SIGTERM would wait for clients).
    stop_signal = signal.SIGINT
    port = config.PORTS['postgres']

    def __init__(self):
        self.base = os.path.join(config.STATE, 'postgres')
        self.data = os.path.join(self.base, 'data')
        self.sockets = os.path.join(self.base, 'run')

    def user(self):
        return _postgres_user()

    def prepare(self):
        user = self.user()
        for path in (self.base, self.sockets):
            os.makedirs(path, exist_ok=True)
            shutil.chown(path, user, user)
        if os.path.exists(os.path.join(self.data, 'PG_VERSION')):
            return
        process.run([install.postgres_bin('initdb'), '-D', self.data,
                     '-U', config.PG_USER, '--auth=trust', '-E', 'UTF8',
                     '--locale=C', '-N'], self.name, user=user,
                    env={'HOME': self.base})

    def argv(self):
        settings = {
            'listen_addresses': config.HOST, 'port': str(self.port),
            'unix_socket_directories': self.sockets,
            'fsync': 'off', 'synchronous_commit': 'off',
            'full_page_writes': 'off', 'shared_buffers': '24MB',
            'max_connections': '200', 'logging_collector': 'off',
            'log_min_messages': 'warning',
        }
        argv = [install.postgres_bin('postgres'), '-D', self.data]
        for key, value in settings.items():
            argv += ['-c', f'{key}={value}']
        return argv

    def env(self):
        return {'HOME': self.base, 'LC_ALL': 'C'}


def _postgres_user():
    """PostgreSQL refuses to run as root: use (or create) ``postgres``."""
    try:
        import pwd
        pwd.getpwnam('postgres')
    except KeyError:
        subprocess.run(['useradd', '--system', '--no-create-home',
                        '--shell', '/usr/sbin/nologin', 'postgres'],
                       check=True)
    return 'postgres'


class Epmd(Service):
    name = 'epmd'
    port = config.PORTS['epmd']

    def argv(self):
        return [shutil.which('epmd') or '/usr/bin/epmd',
                '-port', str(self.port), '-address', config.HOST]


class RabbitMQ(Service):
    name = 'rabbitmq'
    port = config.PORTS['rabbitmq']
    stop_timeout = 6.0

    def argv(self):
        return ['/usr/lib/rabbitmq/bin/rabbitmq-server']

    def env(self):
        return configs.rabbit_env()


class Keystone(Service):
    name = 'keystone'
    port = config.PORTS['keystone']
    url = config.KEYSTONE_URL

    def __init__(self):
        self.conf = configs.keystone_conf_path()
        self.mark = os.path.join(configs.keystone_dir(), 'bootstrapped')

    def bootstrapped(self):
        """True when the catalog was set up with this database."""
        try:
            with open(self.mark, encoding='ascii') as f:
                return f.read().strip() == configs.keystone_db_url()
        except OSError:
            return False

    def prepare(self):
        """Config and keys: no database needed, no keystone-manage run."""
        configs.write_keystone_conf()
        if self.bootstrapped():
            return
        kdir = configs.keystone_dir()
        if os.path.exists(kdir):
            shutil.rmtree(kdir)
        configs.write_keystone_keys()

    def prepare_database(self):
        """A new database in the running PostgreSQL: schema, then admin."""
        if not self.bootstrapped():
            process.run([config.VENV_PYTHON, '-m',
                         'localcloud.server.keystone_db', self.conf],
                        self.name)

    def argv(self):
        return gunicorn_argv('keystone', self.port,
                             'localcloud.server.keystone_wsgi:application')

    def env(self):
        return {'OS_KEYSTONE_CONFIG_DIR': configs.keystone_conf_dir()}

    def configure_catalog(self):
        """Users, projects, regions and endpoints (once)."""
        if self.bootstrapped():
            return
        process.run([config.VENV_PYTHON, '-m',
                     'localcloud.server.keystone_setup'], self.name)
        with open(self.mark, 'w', encoding='ascii') as f:
            f.write(configs.keystone_db_url() + '\n')


class StandIn(Service):
    name = 'standin'
    port = config.PORTS['standin']
    url = f'{config.standin_url()}/'

    def argv(self):
        return [config.VENV_PYTHON, '-m', 'localcloud.server.standin']


class MagnumAPI(Service):

    def __init__(self, region):
        self.region = region
        self.name = f'magnum-api-{region}'
        self.port = config.PORTS[self.name]
        self.url = f'http://{config.HOST}:{self.port}/'

    def prepare(self):
        configs.write_magnum_conf(self.region)

    def argv(self):
        return gunicorn_argv(self.name, self.port,
                             'localcloud.server.magnum_wsgi:application')

    def env(self):
        return {'LOCALCLOUD_MAGNUM_CONF':
                configs.magnum_conf_path(self.region)}


class MagnumConductor(Service):
    # It may hang on SIGTERM: a short wait, then SIGKILL.
    stop_timeout = 3.0

    def __init__(self, region):
        self.region = region
        self.name = f'magnum-conductor-{region}'

    def prepare(self):
        configs.write_magnum_conf(self.region)

    def argv(self):
        return [config.VENV_PYTHON, '-m', 'localcloud.server.conductor',
                configs.magnum_conf_path(self.region)]

    def where(self):
        return f'RabbitMQ vhost {self.region}, topic magnum-conductor'

    def heartbeat_age(self):
        """Seconds since the conductor last reported, or None."""
        psql = shutil.which('psql') or install.postgres_bin('psql')
        sql = ("SELECT extract(epoch FROM (now() AT TIME ZONE 'utc') - "
               "coalesce(updated_at, created_at)) FROM magnum_service "
               f"WHERE \"binary\" = 'magnum-conductor' AND host = "
               f"'{self.region}'")
        try:
            out = subprocess.run(
                [psql, '-h', config.HOST, '-p',
                 str(config.PORTS['postgres']), '-U', config.PG_USER,
                 '-d', config.db_name(self.region), '-tAc', sql],
                capture_output=True, text=True, timeout=5).stdout.strip()
            return float(out) if out else None
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None

    def answers(self):
        if not process.running(self.name):
            return False
        age = self.heartbeat_age()
        if age is None:
            return False
        started = getattr(self, 'started_at', None)
        if started is not None:
            return age <= time.time() - started + 1
        return age < 60


def all_services():
    """In start order."""
    services = [Postgres(), Epmd(), RabbitMQ(), Keystone(), StandIn()]
    services += [MagnumAPI(r) for r in config.REGIONS]
    services += [MagnumConductor(r) for r in config.REGIONS]
    return services
