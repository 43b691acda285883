"""start, stop, status and env of the local cloud."""

import concurrent.futures
import contextlib
import fcntl
import os
import shutil
import sys
import time

from localcloud import config
from localcloud import configs
from localcloud import install
from localcloud import process
from localcloud import services as svc

READY_TIMEOUT = 60


def _say(msg):
    print(f'local-cloud: {msg}', file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked():
    """One start/stop at a time (parallel test workers all call start)."""
    os.makedirs(config.STATE, exist_ok=True)
    with open(config.LOCK, 'w', encoding='ascii') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class StartError(RuntimeError):
    def __init__(self, service, detail):
        super().__init__(f'{service.name} failed: {detail}; see its log '
                         f'{process.log_file(service.name)}')


def _wait_ready(service, timeout=READY_TIMEOUT):
    def check():
        if not process.running(service.name):
            raise StartError(service, 'the process exited')
        return service.answers()
    if not process.wait_for(check, timeout, interval=0.1):
        raise StartError(service, f'not answering at {service.where()} '
                         f'after {timeout}s')


def _everything_up(services):
    return all(process.running(s.name) and s.answers() for s in services)


def start(fresh=False):
    t0 = time.monotonic()
    with locked():
        services = svc.all_services()
        if not fresh and _everything_up(services) and \
                os.path.exists(config.SEEDED_MARK):
            configs.clouds_yaml()
            _say('already running')
            _print_env()
            return 0
        if any(process.running(s.name) for s in services):
            _say('some services are down: restarting cleanly')
            _stop_all(services)
        install.debian_packages()
        install.server_venv()
        if not fresh and os.path.exists(config.SEEDED_MARK) and \
                not svc.Keystone().bootstrapped():
            # Made with another Keystone database (SQLite before): its
            # clusters belong to projects the new Keystone does not have.
            _say('state made with an older Keystone: starting afresh')
            fresh = True
        if fresh:
            wipe_state()
        os.makedirs(config.RUN, exist_ok=True)
        os.makedirs(config.LOGS, exist_ok=True)
        try:
            _start_all(services)
        except Exception as exc:
            _say(f'start failed: {exc}')
            _stop_all(services)
            return 1
        configs.clouds_yaml()
    _say(f'up in {time.monotonic() - t0:.1f}s; clouds local-admin and '
         f'local-member in {config.CLOUDS_YAML}')
    _print_env()
    return 0


def _start_all(services):
    by_name = {s.name: s for s in services}
    pg, epmd, rabbit = by_name['postgres'], by_name['epmd'], \
        by_name['rabbitmq']
    keystone, standin = by_name['keystone'], by_name['standin']
    apis = [by_name[f'magnum-api-{r}'] for r in config.REGIONS]
    conductors = [by_name[f'magnum-conductor-{r}'] for r in config.REGIONS]

    def postgres():
        pg.prepare()
        pg.start()
        _wait_ready(pg)

    def database(pg_up):
        pg_up.result()
        process.run([config.VENV_PYTHON, '-m', 'localcloud.server.dbsetup']
                    + list(config.REGIONS), 'dbsetup')

    def messaging():
        epmd.start()
        _wait_ready(epmd)
        rabbit.start()
        _wait_ready(rabbit)

    def identity(pg_up):
        keystone.prepare()
        pg_up.result()
        keystone.prepare_database()
        keystone.start()
        _wait_ready(keystone)
        keystone.configure_catalog()

    def conduct(tables, mq):
        tables.result()
        mq.result()
        for conductor in conductors:
            conductor.start()

    # Each chain starts as soon as what it needs is there: the Magnum APIs
    # need nothing at start-up (they reach Keystone and their database on
    # the first request), the conductors need their tables and RabbitMQ.
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        standin.start()
        for api in apis:
            api.prepare()
            api.start()
        pg_up = pool.submit(postgres)
        tables = pool.submit(database, pg_up)
        mq = pool.submit(messaging)
        jobs = [pg_up, tables, mq, pool.submit(identity, pg_up),
                pool.submit(conduct, tables, mq)]
        for job in jobs:
            job.result()
        for service in [standin] + apis + conductors:
            _wait_ready(service)
    if not os.path.exists(config.SEEDED_MARK):
        t = time.monotonic()
        process.run([config.VENV_PYTHON, '-m', 'localcloud.server.seed'],
                    'seed', timeout=300)
        with open(config.SEEDED_MARK, 'w', encoding='ascii') as f:
            f.write('ok\n')
        _say(f'seeded templates and clusters in {time.monotonic() - t:.1f}s')


def _stop_all(services):
    """Stop every service at once; returns the names of those stopped."""
    with concurrent.futures.ThreadPoolExecutor(len(services)) as pool:
        results = list(pool.map(lambda s: s.stop(), services))
    return [s.name for s, stopped in zip(services, results) if stopped]


def wipe_state():
    """Remove all state but the venv."""
    if not os.path.isdir(config.STATE):
        return
    for entry in os.listdir(config.STATE):
        path = os.path.join(config.STATE, entry)
        if path in (config.VENV, config.LOCK):
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


def stop():
    t0 = time.monotonic()
    with locked():
        services = svc.all_services()
        stopped = _stop_all(services)
    left = process.listeners(config.PORTS.values())
    if stopped:
        _say(f'stopped {", ".join(stopped)} in '
             f'{time.monotonic() - t0:.1f}s')
    else:
        _say('nothing was running')
    if left:
        _say(f'still listening on ports {left} (not ours?)')
        return 1
    return 0


def status(quiet=False):
    services = svc.all_services()
    ok = True
    for service in services:
        pid = process.read_pid(service.name)
        running = process.running(service.name)
        answers = running and service.answers()
        ok = ok and answers
        if not quiet:
            state = ('answers' if answers else
                     'running, not answering' if running else 'stopped')
            print(f'{service.name:28} {state:24} '
                  f'{"pid " + str(pid) if running else "":10} '
                  f'{service.where()}')
    if not quiet:
        print(f'state: {config.STATE}  logs: {config.LOGS}')
    return 0 if ok else 3


def _print_env():
    print(f'export OS_CLIENT_CONFIG_FILE={config.CLOUDS_YAML}')


def env():
    _print_env()
    return 0
