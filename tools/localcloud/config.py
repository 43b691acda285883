"""Where the local cloud lives: paths, ports, regions, users.

Stdlib only: imported both by the controller (system python3) and by the
helpers that run inside the server venv.
"""

import os

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOLS = os.path.join(TOP, 'tools')
STATE = os.environ.get('CATALYSTCOE_LOCAL_CLOUD_DIR',
                       os.path.join(TOP, '.local-cloud'))
VENV = os.path.join(STATE, 'venv')
VENV_PYTHON = os.path.join(VENV, 'bin', 'python')
DRIVER_SRC = os.path.join(TOOLS, 'localcloud', 'driver')
CONSTRAINTS = os.path.join(TOOLS, 'constraints-server.txt')
SERVER_PACKAGES = ('keystone', 'magnum', 'gunicorn', 'psycopg2-binary')
RUN = os.path.join(STATE, 'run')      # pid files
LOGS = os.path.join(STATE, 'logs')
ETC = os.path.join(STATE, 'etc')
CLOUDS_YAML = os.path.join(STATE, 'clouds.yaml')
SEEDED_MARK = os.path.join(STATE, 'seeded')
LOCK = os.path.join(STATE, 'lock')

HOST = '127.0.0.1'
PORTS = {
    'keystone': 5000,
    'magnum-api-nz-hlz-1': 9511,
    'magnum-api-nz-por-1': 9512,
    'standin': 8790,
    'postgres': 5433,
    'rabbitmq': 5673,
    'epmd': 4370,
    'rabbitmq-dist': 25673,
}

REGIONS = ('nz-hlz-1', 'nz-por-1')
DEFAULT_REGION = 'nz-hlz-1'
# Only this region has an orchestration (Heat) endpoint.
ORCHESTRATION_REGIONS = ('nz-hlz-1',)

KEYSTONE_URL = f'http://{HOST}:{PORTS["keystone"]}/v3'
# The service facts document the stand-in serves (catalystcoe fetches it).
FACTS_URL = f'http://{HOST}:{PORTS["standin"]}/catalystcoe/facts.json'
RABBIT_USER = ('magnum', 'local-rabbit-password')
PG_USER = 'postgres'


def db_name(region):
    """Each region has its own Magnum database (and its own conductor)."""
    return 'magnum_' + region.replace('-', '_')


# Keystone's database, in the same PostgreSQL (SQLite answered 500
# "database is locked" as soon as two clients wrote and read at once).
KEYSTONE_DB = 'keystone'


def pg_url(database):
    return (f'postgresql+psycopg2://{PG_USER}@{HOST}:{PORTS["postgres"]}/'
            f'{database}')


def db_url(region):
    return pg_url(db_name(region))


def magnum_url(region):
    return f'http://{HOST}:{PORTS["magnum-api-" + region]}/v1'


def standin_url():
    return f'http://{HOST}:{PORTS["standin"]}'


def rabbit_url(region):
    """Each region's Magnum talks in its own RabbitMQ vhost."""
    user, password = RABBIT_USER
    return f'rabbit://{user}:{password}@{HOST}:{PORTS["rabbitmq"]}/{region}'


# Users (test only: these passwords are written to clouds.yaml).
USERS = {
    'admin': {'password': 'local-admin-password', 'project': 'admin',
              'roles': ('admin',)},
    'magnum': {'password': 'local-magnum-password', 'project': 'service',
               'roles': ('admin', 'service')},
    'demo': {'password': 'local-demo-password', 'project': 'demo',
             'roles': ('member', 'reader', 'load-balancer_member')},
}
CLOUDS = {'local-admin': 'admin', 'local-member': 'demo'}
TRUSTEE_DOMAIN = 'magnum'
TRUSTEE_ADMIN = {'name': 'magnum_domain_admin',
                 'password': 'local-trustee-password'}
