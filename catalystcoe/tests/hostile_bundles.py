"""Support bundles as a stranger could make them, for ``bundle show``.

Shared by the unit tests (``tests/unit/support/test_archive.py``), the
functional tests (``tests/functional/test_bundle_show_hostile.py``) and the
benchmark ``tools/bench-bundle-show``. Tar headers are written block by
block and the gzip stream by ``zlib``, so that a file can announce (and,
with ``real=True``, hold) a 1 GiB header while staying about 1 MB on disk.

``write(case, path, huge=..., real=...)`` writes one case; ``CASES`` names
each with what ``bundle show`` must say about it. With ``real=False`` the
huge parts are only announced by their headers (the stream then ends
early), which is enough for a reader that checks sizes before reading.
"""

import functools
import json
import os
import struct
import tarfile
import zlib

from catalystcoe.support import archive

ROOT = 'coe-support-x-20261124T101500Z'
FILES = {'summary.txt': b'hello\n',
         'clusters/c1/cluster.json': b'{"name": "c1"}\n'}
GIB = 1 << 30
MIB = 1 << 20
ESC = '\x1b]0;owned\x07\x1b[2J\x1b[31m'    # set title, clear, red


def manifest(files=FILES, **more):
    """manifest.json's bytes for ``files`` (``more`` overrides keys)."""
    data = dict(format=archive.FORMAT, format_version=archive.FORMAT_VERSION,
                created_at='2026-11-24T10:15:00Z',
                generator={'name': 'catalystcoe', 'version': '1.0'},
                command=['openstack', 'coe', 'support', 'bundle', 'create'],
                clusters=[], collectors=[],
                redactions={'total': 0, 'by_kind': {}},
                files=archive.file_entries(files))
    data.update(more)
    return json.dumps(data).encode()


class Writer:
    """A gzip'd tar written block by block to a file."""

    def __init__(self, f, level=6):
        self._f = f
        self._z = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
        self._crc = 0
        self._size = 0
        f.write(b'\x1f\x8b\x08\x00' + bytes(4) + b'\x00\xff')

    def raw(self, data):
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._f.write(self._z.compress(data))

    def zeros(self, n, real=True):
        """``n`` zero bytes, or (``real=False``) none.

        Without them the announced data is missing. Whole chunks of zeros
        are compressed once and repeated (each ends with a full flush, so
        each stands alone).
        """
        if not real:
            return
        self._f.write(self._z.flush(zlib.Z_FULL_FLUSH))
        while n >= _ZERO_CHUNK:
            self._f.write(_compressed_zeros())
            self._crc = zlib.crc32(_ZEROS, self._crc)
            self._size += _ZERO_CHUNK
            n -= _ZERO_CHUNK
        self.raw(bytes(n))

    def header(self, name, size, kind=tarfile.REGTYPE, linkname=''):
        info = tarfile.TarInfo(name[:99])
        info.size = size if size < 8 ** 11 else 0
        info.type = kind
        info.linkname = linkname
        info.mode = 0o600
        block = bytearray(info.tobuf(tarfile.USTAR_FORMAT, 'utf-8',
                                     'surrogateescape'))
        if size >= 8 ** 11:     # GNU base-256 size, checksum again
            block[124:136] = b'\x80' + bytes(3) + struct.pack('>Q', size)
            block[148:156] = b' ' * 8
            block[148:156] = b'%06o\0 ' % sum(block)
        self.raw(bytes(block))

    def member(self, name, data, kind=tarfile.REGTYPE):
        self.header(name, len(data), kind)
        self.raw(data + bytes(-len(data) % 512))

    def pax(self, records):
        body = b''
        for key, value in records.items():
            text = f' {key}={value}\n'.encode()
            length = len(text) + 1
            length += len(str(length + len(str(length)))) - 1
            body += str(length).encode() + text
        self.member('././@PaxHeader', body, tarfile.XHDTYPE)

    def end(self, tail=b''):
        self.raw(bytes(1024) + tail)
        return self

    def close(self, cut=0, garbage=b'', bad_crc=False):
        crc = self._crc ^ 0xffffffff if bad_crc else self._crc
        data = self._z.flush() + struct.pack('<II', crc,
                                             self._size & 0xffffffff)
        if cut:
            data = data[:-cut]
        self._f.write(data + garbage)


_ZERO_CHUNK = 4 * MIB
_ZEROS = bytes(_ZERO_CHUNK)


@functools.lru_cache(maxsize=1)
def _compressed_zeros():
    z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return z.compress(_ZEROS) + z.flush(zlib.Z_FULL_FLUSH)


def good(w, files=FILES, manifest_bytes=None):
    w.member(f'{ROOT}/manifest.json',
             manifest(files) if manifest_bytes is None else manifest_bytes)
    for name, data in files.items():
        w.member(f'{ROOT}/{name}', data)


# -- the cases: each writes through a Writer ------------------------------

def _pax_header(w, huge, real):
    w.header('././@PaxHeader', huge, tarfile.XHDTYPE)
    w.zeros(huge, real)


def _gnu_longname(w, huge, real):
    w.header('././@LongLink', huge, tarfile.GNUTYPE_LONGNAME)
    w.zeros(huge, real)


def _pax_size(w, huge, real):
    w.pax({'size': huge})
    w.header(f'{ROOT}/big.txt', 0)
    w.zeros(huge, real)


def _big_member(w, huge, real):
    w.header(f'{ROOT}/big.txt', huge)
    w.zeros(huge, real)


def _big_total(w, huge, real):
    good(w)
    each = archive.MAX_FILE_BYTES
    for i in range(archive.MAX_TOTAL_BYTES // each + 1):
        w.header(f'{ROOT}/part-{i}.bin', each)
        w.zeros(each)


def _many_members(w, huge, real):
    for i in range(archive.MAX_MEMBERS + 5):
        w.header(f'{ROOT}/f{i}', 0)


def _zeros_after_end(w, huge, real):
    good(w)
    w.end()
    w.zeros(max(huge, archive.MAX_STREAM_BYTES))


def _json_bomb(w, huge, real):
    body = b'[' + b'{},' * min(huge // 3, archive.MAX_FILE_BYTES // 3 - 1) \
        + b'{}]'
    good(w, manifest_bytes=body)


def _deep_manifest(w, huge, real):
    good(w, manifest_bytes=b'[' * 200000 + b']' * 200000)


def _many_findings(w, huge, real):
    one = json.dumps([{'result': 'f'}] * (archive.MAX_JSON_VALUES // 3 - 10),
                     separators=(',', ':')).encode()
    files = {'clusters/c1/findings.json': one}
    good(w, files, manifest(files, clusters=[{'directory': 'clusters/c1'}]))


def _heaviest(w, huge, real):
    """Every limit reached at once.

    Files up to the total, a manifest and a findings.json each near the
    size and value limits, long texts.
    """
    text = 'x' * 150
    per = 9      # values (separators) in one finding or collector
    finding = {'result': 'fail', 'check': 'c', 'detail': text}
    findings = json.dumps([finding] * min(
        archive.MAX_JSON_VALUES // per - 100,
        archive.MAX_JSON_BYTES // (len(json.dumps(finding)) + 2) - 100)
    ).encode()
    files = {'clusters/c1/findings.json': findings}
    spare = (archive.MAX_TOTAL_BYTES - len(findings)
             - 2 * archive.MAX_JSON_BYTES)
    while spare > 0:
        size = min(spare, archive.MAX_FILE_BYTES)
        files[f'filler-{len(files)}.bin'] = bytes(size)
        spare -= size
    collector = {'cluster': 'c1', 'name': 'n', 'outcome': 'error',
                 'duration_seconds': 1.5, 'detail': text}
    count = min(archive.MAX_JSON_VALUES // per - 1000,
                archive.MAX_JSON_BYTES // (len(json.dumps(collector)) + 2)
                - 100)
    data = manifest(files, clusters=[{'name': 'c1',
                                      'directory': 'clusters/c1'}],
                    collectors=[collector] * count)
    good(w, files, data)


def _many_clusters(w, huge, real):
    clusters = [{}] * (archive.MAX_JSON_VALUES // 2 - 100)
    good(w, manifest_bytes=manifest(FILES, clusters=clusters))


def _escape_name(w, huge, real):
    good(w, dict(FILES, **{f'{ESC}evil.txt': b'x'}))


def _escape_in_error(w, huge, real):
    good(w)
    w.member(f'{ROOT}/{ESC}evil.txt', b'x')


def _escape_manifest(w, huge, real):
    clusters = [{'name': f'c1{ESC}', 'uuid': 'u', 'status': f'OK{ESC}',
                 'directory': 'clusters/c1', 'findings': {}}]
    good(w, manifest_bytes=manifest(FILES, clusters=clusters,
                                    created_at=f'now{ESC}'))


def _wrong_types(w, huge, real):
    good(w, manifest_bytes=manifest(FILES, clusters={'name': 'c1'}))


def _symlink(w, huge, real):
    good(w)
    w.header(f'{ROOT}/link', 0, tarfile.SYMTYPE, '/etc/passwd')


def _traversal(w, huge, real):
    good(w)
    w.member(f'{ROOT}/../../evil', b'x')


# name: (what it is, writer, ending, part of the one line expected)
CASES = {
    'good': ('a valid bundle', good, {}, None),
    'pax-header-1g': ('a pax header of 1 GiB', _pax_header, None,
                      'too large to be a support bundle: a tar header of'),
    'gnu-longname-1g': ('a GNU long-name header of 1 GiB', _gnu_longname,
                        None, 'too large to be a support bundle: a tar '
                              'header of'),
    'pax-size-1g': ('a pax header giving a member 1 GiB', _pax_size, None,
                    'too large to be a support bundle: a member of'),
    'member-1g': ('a member of 1 GiB', _big_member, None,
                  'too large to be a support bundle: a member of'),
    'total-over-limit': ('members of 16 MiB, more than the total limit',
                         _big_total, {}, 'too large to be a support bundle: '
                                         'more than 64 MiB of files'),
    'many-members': ('more members than the limit', _many_members, {},
                     'too large to be a support bundle: more than'),
    'zeros-after-end': ('zeros after the end of the tar, past the limit',
                        _zeros_after_end, {},
                        'too large to be a support bundle: more than'),
    'json-bomb': ('a 16 MiB manifest of empty objects', _json_bomb, {},
                  'manifest.json is larger than'),
    'deep-manifest': ('a manifest nested 200000 deep', _deep_manifest, {},
                      'manifest.json is nested more than'),
    'many-findings': ('a findings.json of many findings',
                      _many_findings, {}, None),
    'heaviest': ('every size limit reached at once', _heaviest, {}, None),
    'many-clusters': ('a manifest of many empty clusters', _many_clusters,
                      {}, None),
    'cut-trailer': ('the gzip trailer cut', good, {'cut': 4},
                    'is corrupt: the gzip stream ends early'),
    'bad-crc': ('a wrong gzip CRC', good, {'bad_crc': True},
                'is corrupt: damaged gzip stream'),
    'garbage-after-gzip': ('bytes after the gzip stream', good,
                           {'garbage': b'GARBAGE'},
                           'is corrupt: data after the end of the gzip '
                           'stream'),
    'escape-in-name': ('escape sequences in a member name', _escape_name,
                       {}, None),
    'escape-in-error': ('escape sequences in an unlisted member name',
                        _escape_in_error, {},
                        'is in the archive but not in the manifest'),
    'escape-in-manifest': ('escape sequences in manifest strings',
                           _escape_manifest, {}, None),
    'wrong-types': ('clusters is an object, not an array', _wrong_types, {},
                    'manifest.json: clusters should be an array, not an '
                    'object'),
    'symlink': ('a symbolic link', _symlink, {},
                'is a link or special file'),
    'traversal': ('a member named ../../evil', _traversal, {},
                  'absolute path or ".."'),
}


def write(case, path, huge=GIB, real=True):
    """Write the hostile file ``case`` (a key of CASES) to ``path``."""
    _what, fill, ending, _expected = CASES[case]
    with open(path, 'wb') as f:
        w = Writer(f)
        if fill is good:
            good(w)
        else:
            fill(w, huge, real)
        if ending is None:      # announced, maybe not there: no end
            w.close()
        else:
            w.end()
            w.close(**ending)


# Paths that are not bundles to read: name: (what it is, expected).
SPECIAL = {
    'fifo': ('a FIFO (nobody writes to it)', 'is a FIFO, not a support '
                                             'bundle'),
    'folder': ('a folder', 'is a folder, not a support bundle'),
    'dev-zero': ('/dev/zero', 'is a device, not a support bundle'),
    'sparse-1g': ('a 1 GiB (sparse) file that starts like gzip',
                  'too large to be a support bundle: the file has'),
}


def make_special(case, directory):
    """Make the SPECIAL ``case`` in ``directory``; returns its path."""
    path = os.path.join(directory, f'{case}.tar.gz')
    if case == 'fifo':
        os.mkfifo(path)
    elif case == 'folder':
        os.mkdir(path)
    elif case == 'dev-zero':
        return '/dev/zero'
    else:
        with open(path, 'wb') as f:
            f.write(b'\x1f\x8b\x08\x00')
            f.truncate(GIB)
    return path
