"""The bundle file: a ``.tar.gz`` with a manifest, written atomically.

Layout (format version 1)::

    <root>/manifest.json     format, version, files with size and sha256,
                             collectors, redaction counts, findings
    <root>/summary.txt       for a person
    <root>/...               one file per collected item

Writing goes to a temporary file (mode 0600) beside the target, which is
renamed into place at the end, so a failure or Ctrl-C leaves no partial
bundle, and an existing file is never replaced unless asked.

Reading never extracts, and expects a file from a stranger: only a
regular file is opened (never a FIFO or device), the gzip stream is read
in bounded pieces and must end with a valid CRC and nothing after it, every
tar header and member is checked against the limits below *before* it is
read (``tarstream``), and members are kept in memory only after checking
that each is a regular file under the one root folder (no absolute paths,
no ``..``, no links or devices) and listed in the manifest with a matching
sha256. JSON members are parsed within their own limits. Text from the
file is passed through ``printable`` before it reaches a message.
"""

import dataclasses
import hashlib
import io
import json
import os
import posixpath
import tarfile

from catalystcoe.support import tarstream

FORMAT = 'catalystcoe-support-bundle'
FORMAT_VERSION = 1
MANIFEST = 'manifest.json'
FILE_MODE = 0o600

# What ``read`` accepts (documented in doc/source/user/support.rst). With
# these, reading any file stays under 200 MB of memory: at most
# MAX_TOTAL_BYTES of member data is held, and parsed JSON is bounded by
# MAX_JSON_VALUES.
MAX_BUNDLE_BYTES = 64 * 1024 * 1024      # the .tar.gz file
MAX_MEMBERS = 10000
MAX_FILE_BYTES = 16 * 1024 * 1024        # one member
MAX_TOTAL_BYTES = 64 * 1024 * 1024       # all members
MAX_HEADER_BYTES = 64 * 1024             # one pax or GNU long-name header
MAX_STREAM_BYTES = MAX_TOTAL_BYTES + 32 * 1024 * 1024   # the whole tar
MAX_JSON_BYTES = 4 * 1024 * 1024         # a JSON member that is parsed
MAX_JSON_VALUES = 200000
MAX_JSON_DEPTH = 32
LIMITS = tarstream.Limits(
    file_bytes=MAX_BUNDLE_BYTES, stream_bytes=MAX_STREAM_BYTES,
    header_bytes=MAX_HEADER_BYTES, member_bytes=MAX_FILE_BYTES,
    total_bytes=MAX_TOTAL_BYTES, members=MAX_MEMBERS)
_GZIP_MAGIC = b'\x1f\x8b'


class BundleError(Exception):
    """A bundle that cannot be written or read; one line for a person."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def file_entries(files):
    """Manifest entries for ``{path: bytes}``: path, size, sha256."""
    return [{'path': path, 'size': len(data), 'sha256': sha256(data)}
            for path, data in files.items()]


def dumps(obj):
    """JSON as the bundle stores it (UTF-8, indented, sorted keys)."""
    return (json.dumps(obj, indent=2, sort_keys=True, default=str,
                       ensure_ascii=False) + '\n').encode('utf-8')


def build(root, files, manifest, mtime):
    """The archive's bytes; ``manifest['files']`` is filled in here."""
    manifest = dict(manifest, format=FORMAT, format_version=FORMAT_VERSION,
                    files=file_entries(files))
    members = {MANIFEST: dumps(manifest)}
    members.update(files)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz',
                      format=tarfile.PAX_FORMAT) as tar:
        for path, data in members.items():
            info = tarfile.TarInfo(posixpath.join(root, path))
            info.size = len(data)
            info.mode = FILE_MODE
            info.mtime = int(mtime)
            info.uid = info.gid = 0
            info.uname = info.gname = ''
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue(), manifest


def write_atomic(path, data, force=False):
    """Write ``data`` to ``path`` (mode 0600) via a temporary file.

    Without ``force`` an existing ``path`` is never replaced.
    """
    from catalystcoe import files

    if not force and os.path.lexists(path):
        raise BundleError(f'{path} exists; use --force to replace it')
    try:
        files.write_private(path, data, replace=force)
    except files.Exists:
        raise BundleError(
            f'{path} exists; use --force to replace it') from None
    except files.WriteError as exc:
        raise BundleError(str(exc)) from None


# -- reading --------------------------------------------------------------

def printable(text):
    """``text`` with every character a terminal could act on escaped.

    Control characters (escape sequences, carriage returns, newlines),
    bidirectional overrides and other non-printable characters become
    Python escapes (``\\x1b``, ``\\u202e``); the rest is unchanged.
    """
    text = str(text)
    if text.isprintable():
        return text
    return ''.join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def quoted(text, limit=200):
    """``text`` quoted and escaped like ``repr``, cut after ``limit``."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + '...'


@dataclasses.dataclass
class Bundle:
    path: str
    root: str
    manifest: dict
    files: dict       # relative path -> bytes (manifest not included)
    size: int
    sha256: str
    # What ``json`` may still parse, all members together.
    json_bytes_left: int = MAX_JSON_BYTES
    json_values_left: int = MAX_JSON_VALUES

    def json(self, path):
        """A member parsed as JSON, within limits shared by all members.

        KeyError when there is none, BundleError (one line) when it is not
        JSON within the limits, which the members read this way share (the
        manifest has its own).
        """
        data = self.files[path]
        self.json_bytes_left -= len(data)
        self.json_values_left -= _values(data)
        if self.json_bytes_left < 0 or self.json_values_left < 0:
            raise BundleError(
                f'{printable(self.path)}: its JSON files hold more than '
                f'{MAX_JSON_BYTES} bytes or {MAX_JSON_VALUES} values in all')
        return load_json(printable(self.path), path, data)


def load_json(shown, name, data):
    """``data`` parsed, within MAX_JSON_{BYTES,VALUES,DEPTH}.

    ``shown`` is the bundle's path as printed, ``name`` the member's.
    """
    where = f'{shown}: {printable(name)}'
    if len(data) > MAX_JSON_BYTES:
        raise BundleError(f'{where} is larger than {MAX_JSON_BYTES} bytes')
    if _values(data) > MAX_JSON_VALUES:
        raise BundleError(f'{where} has more than {MAX_JSON_VALUES} values')
    try:
        obj = json.loads(data.decode('utf-8'))
    except RecursionError:
        raise BundleError(f'{where} is nested more than {MAX_JSON_DEPTH} '
                          f'levels deep') from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f'{where} is not valid JSON: '
                          f'{printable(exc)}') from None
    if _depth(obj) > MAX_JSON_DEPTH:
        raise BundleError(f'{where} is nested more than {MAX_JSON_DEPTH} '
                          f'levels deep')
    return obj


def _values(data):
    """At least how many values JSON text holds, less one.

    Every value but the first follows one of these characters (those
    inside strings only make the figure larger).
    """
    return sum(data.count(c) for c in (b',', b':', b'[', b'{'))


def _depth(obj):
    deepest = 0
    todo = [(obj, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            todo.extend((item, depth + 1) for item in value
                        if isinstance(item, (dict, list)))
    return deepest


def _safe_name(name):
    """The member's parts, or None when the name is unsafe."""
    if not name or name.startswith('/') or '\\' in name or '\x00' in name:
        return None
    parts = [p for p in name.split('/') if p not in ('', '.')]
    if not parts or any(p == '..' for p in parts):
        return None
    return parts


def read(path):
    """Read and verify a bundle; raises BundleError with one line."""
    shown = printable(path)
    try:
        f, size = tarstream.open_regular(path)
    except tarstream.NotRegular as exc:
        raise BundleError(f'{shown} is {exc}, not a support bundle')
    except OSError as exc:
        raise BundleError(f'cannot read {shown}: {exc.strerror or exc}')
    with f:
        try:
            if f.read(len(_GZIP_MAGIC)) != _GZIP_MAGIC:
                raise BundleError(f'{shown} is not a support bundle (not a '
                                  f'.tar.gz file)')
            f.seek(0)
            if size > MAX_BUNDLE_BYTES:
                raise tarstream.TooLarge(
                    f'the file has {size} bytes (at most '
                    f'{MAX_BUNDLE_BYTES})')
            stream = tarstream.TarStream(f, LIMITS)
            members = _read_members(shown, stream)
            stream.finish()
        except tarstream.TooLarge as exc:
            raise BundleError(f'{shown} is too large to be a support '
                              f'bundle: {printable(exc)}')
        except tarstream.StreamError as exc:
            raise BundleError(f'{shown} is corrupt: {printable(exc)}')
        except OSError as exc:
            raise BundleError(f'cannot read {shown}: '
                              f'{exc.strerror or exc}')
    roots = {parts[0] for parts in members}
    if len(roots) != 1:
        raise BundleError(f'{shown} is not a support bundle (expected one '
                          f'top folder, found {len(roots)})')
    root = roots.pop()
    files = {'/'.join(parts[1:]): data for parts, data in members.items()
             if len(parts) > 1}
    if MANIFEST not in files:
        raise BundleError(f'{shown} is not a support bundle (no '
                          f'{MANIFEST})')
    manifest = load_json(shown, MANIFEST, files.pop(MANIFEST))
    _check_manifest(shown, manifest, files)
    return Bundle(path, root, manifest, files, stream.size, stream.sha256)


def _read_members(shown, stream):
    members = {}
    for member in stream:
        parts = _safe_name(member.name)
        if parts is None:
            raise BundleError(
                f'{shown} is unsafe: member {quoted(member.name)} has an '
                f'absolute path or ".."')
        if member.isdir():
            continue
        if not member.isfile():
            raise BundleError(
                f'{shown} is unsafe: member {quoted(member.name)} is a '
                f'link or special file')
        if tuple(parts) in members:
            raise BundleError(f'{shown} has {quoted(member.name)} twice')
        members[tuple(parts)] = stream.data(member)
    if not members:
        raise BundleError(f'{shown} is not a support bundle (empty)')
    return members


_TYPE_NAMES = {dict: 'an object', list: 'an array', str: 'a string',
               bool: 'a boolean', int: 'an integer', float: 'a number',
               type(None): 'null'}


def type_name(value):
    """What a JSON value is, for a message: 'an array', 'null'..."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _check_manifest(shown, manifest, files):
    where = f'{shown}: {MANIFEST}'
    if not isinstance(manifest, dict) or manifest.get('format') != FORMAT:
        raise BundleError(f'{shown} is not a support bundle (unknown '
                          f'manifest format)')
    version = manifest.get('format_version')
    if not isinstance(version, int) or isinstance(version, bool):
        raise BundleError(f'{where}: format_version should be an integer, '
                          f'not {type_name(version)}')
    if version < 1:
        raise BundleError(f'{where}: bad format_version {version}')
    if version > FORMAT_VERSION:
        raise BundleError(f'{shown} has bundle format {version}; this '
                          f'catalystcoe reads up to {FORMAT_VERSION}: '
                          f'upgrade catalystcoe')
    entries = manifest.get('files')
    if not isinstance(entries, (list, type(None))):
        raise BundleError(f'{where}: files should be an array, not '
                          f'{type_name(entries)}')
    listed = {}
    for i, entry in enumerate(entries or []):
        if not isinstance(entry, dict):
            raise BundleError(f'{where}: files[{i}] should be an object, '
                              f'not {type_name(entry)}')
        for key, kind in (('path', str), ('size', int), ('sha256', str)):
            if not isinstance(entry.get(key), kind) or isinstance(
                    entry.get(key), bool):
                raise BundleError(
                    f'{where}: files[{i}].{key} should be '
                    f'{_TYPE_NAMES[kind]}, not {type_name(entry.get(key))}')
        name = entry['path']
        if _safe_name(name) is None:
            raise BundleError(f'{shown}: manifest lists an unsafe path '
                              f'{quoted(name)}')
        listed[name] = entry
    for name, entry in listed.items():
        if name not in files:
            raise BundleError(f'{shown}: {printable(name)} is in the '
                              f'manifest but not in the archive')
        data = files[name]
        if entry['size'] != len(data) or entry['sha256'] != sha256(data):
            raise BundleError(f'{shown}: checksum mismatch for '
                              f'{printable(name)}')
    extra = sorted(set(files) - set(listed))
    if extra:
        raise BundleError(f'{shown}: {printable(extra[0])} is in the '
                          f'archive but not in the manifest')
