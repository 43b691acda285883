"""Start, check and stop the cloud's processes by PID (pid files).

Each service runs in its own session (process group), so that stopping it
also ends the children it spawned (gunicorn workers, Erlang helpers) and
nothing else.
"""

import errno
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from localcloud import config


def pid_file(name):
    return os.path.join(config.RUN, name + '.pid')


def log_file(name):
    return os.path.join(config.LOGS, name + '.log')


def read_pid(name):
    try:
        with open(pid_file(name), encoding='ascii') as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    try:
        with open(f'/proc/{pid}/stat', encoding='ascii') as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
        return state != 'Z'
    except OSError:
        return False


def running(name):
    return alive(read_pid(name))


def start(name, argv, env=None, cwd=None, user=None):
    """Start ``argv`` in a new session, output to the service's log."""
    os.makedirs(config.RUN, exist_ok=True)
    os.makedirs(config.LOGS, exist_ok=True)
    full_env = dict(os.environ)
    full_env.pop('PYTHONPATH', None)
    full_env.update(env or {})
    with open(log_file(name), 'ab') as log:
        log.write(f'--- start {time.strftime("%F %T")}: '
                  f'{" ".join(argv)}\n'.encode())
        log.flush()
        kwargs = {}
        if user:
            kwargs.update(user=user, group=user, extra_groups=[])
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=full_env,
                                cwd=cwd or config.STATE,
                                start_new_session=True, **kwargs)
    with open(pid_file(name), 'w', encoding='ascii') as f:
        f.write(f'{proc.pid}\n')
    return proc.pid


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    # Zombies of ours still count for killpg; look for live members.
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat', encoding='ascii') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if fields[0] != 'Z' and int(fields[2]) == pgid:
            return True
    return False


def stop(name, timeout=5.0, sig=signal.SIGTERM):
    """Stop a service: ``sig`` to its leader, wait, then SIGKILL the group.

    Returns True when something was stopped.
    """
    pid = read_pid(name)
    if not pid:
        return False
    stopped = False
    if _group_alive(pid):
        stopped = True
        try:
            # The leader first: it shuts its children down itself.
            os.kill(pid, sig)
        except ProcessLookupError:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        while _group_alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.05)
        if _group_alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 3
            while _group_alive(pid) and time.monotonic() < deadline:
                _reap(pid)
                time.sleep(0.05)
        _reap(pid)
    try:
        os.unlink(pid_file(name))
    except FileNotFoundError:
        pass
    return stopped


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def port_open(port, host=config.HOST):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def http_ok(url, timeout=2.0):
    """True when ``url`` answers with any HTTP status below 500."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


def wait_for(check, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def run(argv, name, env=None, user=None, timeout=300):
    """Run a setup step to completion, output appended to ``name``'s log.

    Raises ``RuntimeError`` naming the log on failure.
    """
    os.makedirs(config.LOGS, exist_ok=True)
    full_env = dict(os.environ)
    full_env.pop('PYTHONPATH', None)
    full_env.update(env or {})
    kwargs = {}
    if user:
        kwargs.update(user=user, group=user, extra_groups=[])
    with open(log_file(name), 'ab') as log:
        log.write(f'--- run {time.strftime("%F %T")}: '
                  f'{" ".join(argv)}\n'.encode())
        log.flush()
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=full_env,
                                cwd=config.STATE, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f'{" ".join(argv[:3])} failed '
                           f'(exit {result.returncode}); '
                           f'see {log_file(name)}')


def listeners(ports):
    """The ports of ``ports`` that something listens on (via /proc)."""
    wanted = {p: True for p in ports}
    found = set()
    for path in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(path, encoding='ascii') as f:
                next(f)
                for line in f:
                    fields = line.split()
                    port = int(fields[1].rsplit(':', 1)[1], 16)
                    if fields[3] == '0A' and port in wanted:
                        found.add(port)
        except OSError:
            continue
    return sorted(found)
