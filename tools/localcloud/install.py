"""Install what the cloud needs: Debian packages and the server venv.

The venv (``.local-cloud/venv``) is pinned by
``tools/constraints-server.txt`` and survives ``start --fresh``.  The
project's cluster driver is registered in it by a ``.pth`` file and a
``dist-info`` with its ``magnum.drivers`` entry point (no build step, so
edits to ``tools/localcloud/driver`` take effect on the next start).
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys

from localcloud import config

DRIVER_DIST = 'localcloud_driver-1.0.0.dist-info'
DRIVER_ENTRY_POINT = 'localcloud_k8s = localcloud_driver.driver:Driver'


def _say(msg):
    print(f'local-cloud: {msg}', file=sys.stderr, flush=True)


def debian_packages():
    """apt-get install rabbitmq-server and postgresql when missing."""
    missing = []
    if not (os.path.exists('/usr/lib/rabbitmq/bin/rabbitmq-server')
            and shutil.which('epmd')):
        missing.append('rabbitmq-server')
    if not glob.glob('/usr/lib/postgresql/*/bin/postgres'):
        missing.append('postgresql')
    if not missing:
        return
    if not shutil.which('apt-get'):
        raise RuntimeError(f'missing {" ".join(missing)} and no apt-get')
    _say(f'installing Debian packages: {" ".join(missing)}')
    sudo = [] if os.geteuid() == 0 else ['sudo']
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    subprocess.run(sudo + ['apt-get', 'update', '-q'], check=True,
                   stdout=subprocess.DEVNULL, env=env)
    subprocess.run(sudo + ['apt-get', 'install', '-y', '-q',
                           '--no-install-recommends'] + missing,
                   check=True, stdout=subprocess.DEVNULL, env=env)


def postgres_bin(name):
    found = sorted(glob.glob(f'/usr/lib/postgresql/*/bin/{name}'),
                   key=lambda p: int(p.split('/')[4].split('.')[0]))
    if not found:
        raise RuntimeError(f'PostgreSQL\'s {name} not found')
    return found[-1]


def _stamp_value():
    with open(config.CONSTRAINTS, 'rb') as f:
        data = f.read()
    data += ' '.join(config.SERVER_PACKAGES).encode()
    return hashlib.sha256(data).hexdigest()


def server_venv():
    """Create or update the pinned server venv; register our driver."""
    stamp = os.path.join(config.VENV, '.localcloud-stamp')
    want = _stamp_value()
    have = None
    if os.path.exists(stamp):
        with open(stamp, encoding='ascii') as f:
            have = f.read().strip()
    if have != want or not os.path.exists(config.VENV_PYTHON):
        _say('installing the server venv (keystone, magnum) in '
             f'{config.VENV}; about a minute')
        if not os.path.exists(config.VENV_PYTHON):
            subprocess.run([sys.executable, '-m', 'venv', config.VENV],
                           check=True)
        result = subprocess.run(
            [config.VENV_PYTHON, '-m', 'pip', 'install', '-q',
             '--disable-pip-version-check', '-c', config.CONSTRAINTS]
            + list(config.SERVER_PACKAGES),
            stderr=subprocess.PIPE, text=True)
        noise = 'WARNING: Location'
        errors = '\n'.join(line for line in result.stderr.splitlines()
                           if noise not in line)
        if result.returncode != 0:
            raise RuntimeError('pip install of the server venv failed:\n'
                               + errors)
        with open(stamp, 'w', encoding='ascii') as f:
            f.write(want + '\n')
    register_driver()


def _site_packages():
    found = glob.glob(os.path.join(config.VENV, 'lib', 'python3*',
                                   'site-packages'))
    if not found:
        raise RuntimeError(f'no site-packages in {config.VENV}')
    return found[0]


def register_driver():
    site = _site_packages()
    files = {
        os.path.join(site, 'localcloud.pth'):
            f'{config.DRIVER_SRC}\n{config.TOOLS}\n',
        os.path.join(site, DRIVER_DIST, 'METADATA'):
            'Metadata-Version: 2.1\nName: localcloud-driver\n'
            'Version: 1.0.0\nSummary: Magnum cluster driver of the '
            'catalystcoe local cloud (provisions nothing)\n',
        os.path.join(site, DRIVER_DIST, 'entry_points.txt'):
            f'[magnum.drivers]\n{DRIVER_ENTRY_POINT}\n',
        os.path.join(site, DRIVER_DIST, 'INSTALLER'): 'local-cloud\n',
        os.path.join(site, DRIVER_DIST, 'top_level.txt'):
            'localcloud_driver\n',
    }
    for path, text in files.items():
        current = None
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                current = f.read()
        if current != text:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
