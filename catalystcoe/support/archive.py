"""The bundle file: a ``.tar.gz`` with a manifest, written atomically.

Layout (format version 1)::

    <root>/manifest.json     format, version, files with size and sha256,
                             collectors, redaction counts, findings
    <root>/summary.txt       for a person
    <root>/...               one file per collected item

Writing goes to a temporary file (mode 0600) beside the target, which is
renamed into place at the end, so a failure or Ctrl-C leaves no partial
bundle, and an existing file is never replaced unless asked.

Reading never extracts: members are read in memory, after checking that
each is a regular file under the one root folder (no absolute paths, no
``..``, no links or devices), within size limits, and listed in the
manifest with a matching sha256.
"""

import dataclasses
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile

FORMAT = 'catalystcoe-support-bundle'
FORMAT_VERSION = 1
MANIFEST = 'manifest.json'
FILE_MODE = 0o600

MAX_MEMBERS = 10000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
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
    """Write ``data`` to ``path`` (mode 0600) via a temporary file."""
    directory = os.path.dirname(os.path.abspath(path))
    if not force and os.path.lexists(path):
        raise BundleError(f'{path} exists; use --force to replace it')
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix='.coe-support-',
                                   suffix='.part')
    except OSError as exc:
        raise BundleError(f'cannot write in {directory}: '
                          f'{exc.strerror or exc}') from exc
    try:
        with os.fdopen(fd, 'wb') as f:
            os.fchmod(f.fileno(), FILE_MODE)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_no_replace(tmp, path)
    except OSError as exc:
        raise BundleError(f'cannot write {path}: '
                          f'{exc.strerror or exc}') from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _link_no_replace(tmp, path):
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise BundleError(f'{path} exists; use --force to replace it')
    except OSError:
        # No hard links on this file system: check, then rename.
        if os.path.lexists(path):
            raise BundleError(f'{path} exists; use --force to replace it')
        os.rename(tmp, path)


# -- reading --------------------------------------------------------------

@dataclasses.dataclass
class Bundle:
    path: str
    root: str
    manifest: dict
    files: dict       # relative path -> bytes (manifest not included)
    size: int
    sha256: str

    def json(self, path):
        return json.loads(self.files[path].decode('utf-8'))


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
    try:
        with open(path, 'rb') as f:
            raw = f.read(MAX_TOTAL_BYTES + 1)
    except OSError as exc:
        raise BundleError(f'cannot read {path}: {exc.strerror or exc}')
    if not raw.startswith(_GZIP_MAGIC):
        raise BundleError(f'{path} is not a support bundle (not a .tar.gz '
                          f'file)')
    if len(raw) > MAX_TOTAL_BYTES:
        raise BundleError(f'{path} is too large to be a support bundle')
    members = _read_members(path, raw)
    roots = {parts[0] for parts in members}
    if len(roots) != 1:
        raise BundleError(f'{path} is not a support bundle (expected one '
                          f'top folder, found {len(roots)})')
    root = roots.pop()
    files = {'/'.join(parts[1:]): data for parts, data in members.items()
             if len(parts) > 1}
    if MANIFEST not in files:
        raise BundleError(f'{path} is not a support bundle (no '
                          f'{MANIFEST})')
    try:
        manifest = json.loads(files.pop(MANIFEST).decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f'{path}: {MANIFEST} is not valid JSON: {exc}')
    _check_manifest(path, manifest, files)
    return Bundle(path, root, manifest, files, len(raw), sha256(raw))


def _read_members(path, raw):
    members = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode='r:gz') as tar:
            for count, member in enumerate(tar, 1):
                if count > MAX_MEMBERS:
                    raise BundleError(f'{path} has too many members')
                parts = _safe_name(member.name)
                if parts is None:
                    raise BundleError(
                        f'{path} is unsafe: member {member.name!r} has an '
                        f'absolute path or ".."')
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BundleError(
                        f'{path} is unsafe: member {member.name!r} is a '
                        f'link or special file')
                total += member.size
                if member.size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                    raise BundleError(f'{path} is too large to be a '
                                      f'support bundle')
                stream = tar.extractfile(member)
                data = stream.read() if stream is not None else b''
                if tuple(parts) in members:
                    raise BundleError(f'{path} has {member.name!r} twice')
                members[tuple(parts)] = data
    except BundleError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BundleError(f'{path} is corrupt: {exc or type(exc).__name__}')
    if not members:
        raise BundleError(f'{path} is not a support bundle (empty)')
    return members


def _check_manifest(path, manifest, files):
    if not isinstance(manifest, dict) or manifest.get('format') != FORMAT:
        raise BundleError(f'{path} is not a support bundle (unknown '
                          f'manifest format)')
    version = manifest.get('format_version')
    if not isinstance(version, int) or version < 1:
        raise BundleError(f'{path}: bad format_version {version!r}')
    if version > FORMAT_VERSION:
        raise BundleError(f'{path} has bundle format {version}; this '
                          f'catalystcoe reads up to {FORMAT_VERSION}: '
                          f'upgrade catalystcoe')
    listed = {}
    for entry in manifest.get('files') or []:
        name = entry.get('path') if isinstance(entry, dict) else None
        if not isinstance(name, str) or _safe_name(name) is None:
            raise BundleError(f'{path}: manifest lists an unsafe path '
                              f'{name!r}')
        listed[name] = entry
    for name, entry in listed.items():
        if name not in files:
            raise BundleError(f'{path}: {name} is in the manifest but not '
                              f'in the archive')
        data = files[name]
        if entry.get('size') != len(data) or entry.get('sha256') != sha256(
                data):
            raise BundleError(f'{path}: checksum mismatch for {name}')
    extra = sorted(set(files) - set(listed))
    if extra:
        raise BundleError(f'{path}: {extra[0]} is in the archive but not in '
                          f'the manifest')
