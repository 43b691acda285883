"""The kubeconfig file: which one, reading it safely, writing it safely.

* Which file: ``--file``, else the first entry of ``$KUBECONFIG``, else
  ``~/.kube/config`` (as kubectl, aws eks and az aks choose).
* Reading: at most :data:`MAX_BYTES`, ``yaml.safe_load`` with at most
  :data:`MAX_ALIASES` aliases and no duplicate keys; a file that is not a
  kubeconfig (or has two entries of one kind with the same name) is a
  one-line error and is never written.
* Writing: under kubectl's own lock file (``<file>.lock``, created
  exclusively, so kubectl and a concurrent save wait for each other), the
  previous contents kept once in ``<file>.bak``, then a temporary file in
  the same folder, mode 0600, flushed and renamed over the file.

Every failure is an ``osc_lib`` CommandError with one line that names the
file and says it is left unchanged.
"""

import contextlib
import dataclasses
import os
import stat
import tempfile
import time

from osc_lib import exceptions as osc_exc
import yaml

ENV = 'KUBECONFIG'
DEFAULT = os.path.join('~', '.kube', 'config')
MODE = 0o600
FOLDER_MODE = 0o700
# A kubeconfig of a hundred clusters with embedded certificates is well
# under a megabyte.
MAX_BYTES = 4 * 1024 * 1024
# kubectl never writes anchors and aliases; a file full of them is a
# "billion laughs" attack, not a kubeconfig.
MAX_ALIASES = 20
# A kubeconfig is about six levels deep; YAML parsers recurse per level.
MAX_DEPTH = 64
# kubectl's lock file name (client-go clientcmd.lockFile).
LOCK_SUFFIX = '.lock'
BACKUP_SUFFIX = '.bak'
LOCK_TIMEOUT = 30.0
LOCK_POLL = 0.05
# The lists of named entries, with kubectl's names for one entry.
KINDS = (('clusters', 'cluster'), ('users', 'user'), ('contexts', 'context'))
UNCHANGED = 'it is left unchanged'


def fail(text):
    return osc_exc.CommandError(text)


# -- which file ---------------------------------------------------------------

def choose(option=None, environ=None):
    """The file to use: ``(absolute path, where the choice came from)``."""
    environ = os.environ if environ is None else environ
    if option:
        return _absolute(option), '--file'
    for entry in (environ.get(ENV) or '').split(os.pathsep):
        if entry.strip():
            return _absolute(entry.strip()), f'${ENV}'
    return _absolute(DEFAULT), 'the default'


def _absolute(path):
    return os.path.abspath(os.path.expanduser(path))


def check_writable(path):
    """Refuse what cannot be written safely, before anything is asked.

    A directory, a symbolic link (renaming over it would replace the link
    with a file), something that is not a regular file, or a folder this
    process cannot create files in.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise fail(f'cannot read {path}: {exc.strerror}') from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            target = os.readlink(path)
            raise fail(
                f'{path} is a symbolic link (to {target}); give the file '
                f'itself with --file; {UNCHANGED}')
        if stat.S_ISDIR(info.st_mode):
            raise fail(f'{path} is a directory, not a kubeconfig file')
        if not stat.S_ISREG(info.st_mode):
            raise fail(f'{path} is not a regular file; {UNCHANGED}')
    folder = os.path.dirname(path)
    _make_folder(folder)
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix='.kubeconfig-probe-')
    except OSError as exc:
        raise fail(f'cannot write in {folder}: {exc.strerror}') from exc
    os.close(fd)
    os.unlink(probe)


def _make_folder(folder):
    if os.path.isdir(folder):
        return
    try:
        os.makedirs(folder, FOLDER_MODE)
    except OSError as exc:
        raise fail(f'cannot create the folder {folder}: '
                   f'{exc.strerror}') from exc


# -- reading ------------------------------------------------------------------

@dataclasses.dataclass
class Kubeconfig:
    """A file's parsed contents and its bytes as read (None: no file)."""

    path: str
    data: dict
    raw: bytes | None


class _TooManyAliases(Exception):
    pass


class _TooDeep(Exception):
    pass


# libyaml's parser when PyYAML has it (about 30 times faster), else
# PyYAML's own; both with the safe constructor.
_BASE_LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader, refusing duplicate keys in a mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f'duplicate key {key!r}',
                    key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _check_events(text):
    """Stop at the first alias too many or level too deep, before loading.

    Events stream from the parser, so a bomb is refused after reading
    only as much as it takes to see it is one.
    """
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep()
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _TooManyAliases()


def read(path):
    """The kubeconfig at ``path`` (empty when there is no file)."""
    try:
        with open(path, 'rb') as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Kubeconfig(path, {}, None)
    except IsADirectoryError:
        raise fail(f'{path} is a directory, not a kubeconfig file') from None
    except OSError as exc:
        raise fail(f'cannot read {path}: {exc.strerror}') from exc
    return Kubeconfig(path, parse(raw, path), raw)


def parse(raw, path):
    """The checked kubeconfig mapping in ``raw`` (bytes of ``path``)."""
    bad = f'{path} is not a kubeconfig this command can rewrite'
    if len(raw) > MAX_BYTES:
        raise fail(f'{bad} (larger than {MAX_BYTES // (1024 * 1024)} MiB); '
                   f'{UNCHANGED}')
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError as exc:
        raise fail(f'{bad} (not UTF-8 text: byte {exc.start}); '
                   f'{UNCHANGED}') from None
    try:
        _check_events(text)
        # _Loader is a yaml safe loader: no Python objects are built.
        data = yaml.load(text, Loader=_Loader)
    except _TooManyAliases:
        raise fail(f'{bad} (more than {MAX_ALIASES} YAML aliases: a YAML '
                   f'bomb?); {UNCHANGED}') from None
    except yaml.YAMLError as exc:
        raise fail(f'{bad} (invalid YAML: {_yaml_problem(exc)}); '
                   f'{UNCHANGED}') from None
    except (_TooDeep, RecursionError):
        raise fail(f'{bad} (nested more than {MAX_DEPTH} levels deep); '
                   f'{UNCHANGED}') from None
    return check(data, path)


def _yaml_problem(exc):
    problem = getattr(exc, 'problem', None) or str(exc)
    mark = getattr(exc, 'problem_mark', None)
    where = f' at line {mark.line + 1}' if mark is not None else ''
    return ' '.join(f'{problem}{where}'.split())


def check(data, path):
    """``data`` as a kubeconfig mapping, or a one-line error."""
    bad = f'{path} is not a kubeconfig this command can rewrite'
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise fail(f'{bad} (a YAML mapping expected, found a '
                   f'{_type(data)}); {UNCHANGED}')
    kind = data.get('kind')
    if kind not in (None, '', 'Config'):
        raise fail(f'{bad} (kind {kind!r}, not Config); {UNCHANGED}')
    current = data.get('current-context')
    if current is not None and not isinstance(current, str):
        raise fail(f'{bad} (current-context is a {_type(current)}); '
                   f'{UNCHANGED}')
    for key, one in KINDS:
        entries = data.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise fail(f'{bad} ({key} is a {_type(entries)}, not a list); '
                       f'{UNCHANGED}')
        names = set()
        for number, entry in enumerate(entries, 1):
            name = entry.get('name') if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name:
                raise fail(f'{bad} ({one} entry {number} has no name); '
                           f'{UNCHANGED}')
            if name in names:
                raise fail(f'{path} has two {one} entries named {name!r} '
                           f'(kubectl would use only one); fix it by hand; '
                           f'{UNCHANGED}')
            names.add(name)
    return data


TYPE_NAMES = {'dict': 'mapping', 'str': 'string'}


def _type(value):
    name = type(value).__name__
    return TYPE_NAMES.get(name, name)


# -- writing ------------------------------------------------------------------

def dump(data):
    """YAML text for a kubeconfig mapping, keys in their order."""
    return yaml.safe_dump(data, default_flow_style=False, sort_keys=False,
                          allow_unicode=True, width=1 << 16)


@contextlib.contextmanager
def locked(path, timeout=LOCK_TIMEOUT, clock=time.monotonic,
           sleep=time.sleep):
    """Hold ``<path>.lock`` (kubectl's lock file) while the block runs."""
    lock = path + LOCK_SUFFIX
    deadline = clock() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
            break
        except FileExistsError:
            if clock() >= deadline:
                raise fail(
                    f'{path} is locked: {lock} has existed for {timeout:g} '
                    's (kubectl or another save is writing it; if none '
                    f'is running, delete {lock}); {UNCHANGED}') from None
            sleep(LOCK_POLL)
        except OSError as exc:
            raise fail(f'cannot lock {path} (creating {lock}: '
                       f'{exc.strerror}); {UNCHANGED}') from exc
    try:
        os.write(fd, f'{os.getpid()}\n'.encode('ascii'))
        os.close(fd)
        yield lock
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)


def write(config, data):
    """Replace ``config.path`` with ``data``; keep the old bytes once.

    Call while holding :func:`locked`. Returns the backup's path, or None
    when there was no file before.
    """
    backup = None
    if config.raw is not None:
        backup = config.path + BACKUP_SUFFIX
        _replace(backup, config.raw)
    _replace(config.path, dump(data).encode('utf-8'))
    return backup


def _replace(path, content):
    """Write ``content`` (mode 0600) atomically over ``path``."""
    from catalystcoe import files

    try:
        files.write_private(path, content)
    except files.WriteError as exc:
        raise fail(str(exc)) from exc
