"""A ``.tar.gz`` from a stranger, read as a stream within fixed bounds.

``tarfile`` reads a PAX (``x``) or GNU long-name (``L``/``K``) header
whole, whatever size its 512-byte ustar header announces, and stops at the
tar's end-of-archive marker without looking at the gzip trailer; so a 2 MB
file can make it allocate gigabytes, and a damaged or extended gzip stream
passes. This reader decompresses with ``zlib`` in bounded pieces and walks
the 512-byte header blocks itself (each block parsed by
``tarfile.TarInfo.frombuf``), checking every announced size against the
limits *before* reading it. At the end it requires the rest of the tar to
be zeros, the gzip stream to end with a valid CRC and length, and nothing
to follow it.

The caller decides what a member may be; this module only yields
``Member(name, type, size)`` and reads a member's data when asked.
"""

import dataclasses
import hashlib
import os
import stat
import tarfile
import zlib

BLOCK = 512
CHUNK = 64 * 1024
# Extended headers (pax 'x', GNU 'L'/'K') allowed before one member.
MAX_EXTENDED_CHAIN = 4
_EXTENDED = (tarfile.XHDTYPE, tarfile.GNUTYPE_LONGNAME,
             tarfile.GNUTYPE_LONGLINK)


class StreamError(Exception):
    """The stream is damaged: a phrase to follow "<file> is corrupt: "."""


class TooLarge(StreamError):
    """A limit was reached: a phrase naming the limit."""


class NotRegular(Exception):
    """The path is not a regular file: a phrase ("a FIFO")."""


@dataclasses.dataclass(frozen=True)
class Limits:
    file_bytes: int       # the compressed file
    stream_bytes: int     # the whole uncompressed tar
    header_bytes: int     # one extended header (pax or GNU long name)
    member_bytes: int     # one member's data
    total_bytes: int      # all members' data
    members: int          # members (extended headers not counted)


@dataclasses.dataclass(frozen=True)
class Member:
    name: str
    type: bytes           # a tarfile type: REGTYPE, DIRTYPE, SYMTYPE...
    size: int

    def isfile(self):
        return self.type in (tarfile.REGTYPE, tarfile.AREGTYPE)

    def isdir(self):
        return self.type == tarfile.DIRTYPE


def open_regular(path):
    """Open ``path`` for reading if it is a regular file, never blocking.

    A FIFO, socket, device or folder raises ``NotRegular`` at once (a
    FIFO would otherwise wait for a writer, a device could never end).
    Returns ``(file, size)``.
    """
    _require_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY
                 | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)     # the file may have been swapped meanwhile
        _require_regular(st.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, 'rb'), st.st_size


def _require_regular(mode):
    if stat.S_ISREG(mode):
        return
    raise NotRegular('a folder' if stat.S_ISDIR(mode) else
                     'a FIFO' if stat.S_ISFIFO(mode) else
                     'a socket' if stat.S_ISSOCK(mode) else
                     'a device' if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                     else 'a special file')


class _Gunzip:
    """The uncompressed bytes of a one-member gzip file, read in bounds."""

    def __init__(self, f, limits):
        self._f = f
        self._limits = limits
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.sha256 = hashlib.sha256()
        self.compressed = 0
        self.uncompressed = 0

    def _input(self):
        data = self._f.read(CHUNK)
        self.compressed += len(data)
        if self.compressed > self._limits.file_bytes:
            raise TooLarge(f'the file is larger than '
                           f'{_size(self._limits.file_bytes)}')
        self.sha256.update(data)
        return data

    def _output(self, want):
        """Some uncompressed bytes (at most ``want``), b'' at the end."""
        while not self._z.eof:
            data = self._z.unconsumed_tail or self._input()
            try:
                out = self._z.decompress(data, want)
            except zlib.error as exc:
                raise StreamError(f'damaged gzip stream ({_zmsg(exc)})')
            if out:
                self.uncompressed += len(out)
                if self.uncompressed > self._limits.stream_bytes:
                    raise TooLarge(
                        f'more than {_size(self._limits.stream_bytes)} '
                        f'uncompressed')
                return out
            if not data:
                raise StreamError('the gzip stream ends early '
                                  '(truncated)')
        return b''

    def read(self, n):
        """Exactly ``n`` bytes; StreamError when the stream ends first."""
        parts = []
        while n > 0:
            out = self._output(min(n, CHUNK))
            if not out:
                raise StreamError('the tar ends early')
            parts.append(out)
            n -= len(out)
        return b''.join(parts)

    def skip(self, n):
        while n > 0:
            out = self._output(min(n, CHUNK))
            if not out:
                raise StreamError('the tar ends early')
            n -= len(out)

    def finish(self):
        """Check the end: zeros after the tar, gzip trailer, nothing else.

        What is left of the tar must be zeros, the gzip stream must end
        with a valid CRC and length, and nothing may follow it.
        """
        while True:
            out = self._output(CHUNK)
            if not out:
                break
            if out.count(0) != len(out):
                raise StreamError('data after the end of the tar')
        if self._z.unused_data or self._input():
            raise StreamError('data after the end of the gzip stream')


def _zmsg(exc):
    text = str(exc)
    return text.rsplit(': ', 1)[-1] if ': ' in text else text


def _size(n):
    for unit, factor in (('GiB', 1 << 30), ('MiB', 1 << 20),
                         ('KiB', 1 << 10)):
        if n >= factor and n % factor == 0:
            return f'{n // factor} {unit}'
    return f'{n} bytes'


def _padded(size):
    return -(-size // BLOCK) * BLOCK


class TarStream:
    """The members of a gzip'd tar, one after the other.

    ``data(member)`` reads the current one; call ``finish()`` after the
    iteration.
    """

    def __init__(self, f, limits):
        self._gz = _Gunzip(f, limits)
        self._limits = limits
        self._unread = 0      # data + padding of the current member
        self._total = 0
        self._count = 0
        self._ended = False

    @property
    def sha256(self):
        return self._gz.sha256.hexdigest()

    @property
    def size(self):
        return self._gz.compressed

    def __iter__(self):
        while True:
            self._gz.skip(self._unread)
            self._unread = 0
            member = self._next()
            if member is None:
                self._ended = True
                return
            yield member

    def data(self, member):
        """The current member's data (read once, right after its header)."""
        data = self._gz.read(member.size)
        self._gz.skip(_padded(member.size) - member.size)
        self._unread = 0
        return data

    def finish(self):
        if not self._ended:
            raise StreamError('not read to its end')
        self._gz.finish()

    def _header(self):
        buf = self._gz.read(BLOCK)
        if buf.count(0) == BLOCK:       # a block of zeros: the end
            return None
        try:
            return tarfile.TarInfo.frombuf(buf, 'utf-8', 'surrogateescape')
        except tarfile.HeaderError as exc:
            raise StreamError(f'bad tar header ({exc or "invalid"})')

    def _next(self):
        limits = self._limits
        name = None
        size = None
        for _chain in range(MAX_EXTENDED_CHAIN + 1):
            info = self._header()
            if info is None:
                return None
            if info.size < 0:
                raise StreamError('negative size in a tar header')
            if info.type not in _EXTENDED:
                break
            if info.size > limits.header_bytes:
                raise TooLarge(f'a tar header of {info.size} bytes '
                               f'(at most {_size(limits.header_bytes)})')
            data = self._gz.read(info.size)
            self._gz.skip(_padded(info.size) - info.size)
            if info.type == tarfile.XHDTYPE:
                pax = _pax_records(data)
                name = pax.get('path', name)
                if 'size' in pax:
                    size = _pax_size(pax['size'])
            elif info.type == tarfile.GNUTYPE_LONGNAME:
                name = _utf8(data.split(b'\0', 1)[0])
        else:
            raise StreamError('too many extended tar headers in a row')
        if info.type == tarfile.XGLTYPE:
            raise StreamError('a global pax header (bundles have none)')
        name = _utf8(info.name.encode('utf-8', 'surrogateescape')) \
            if name is None else name
        size = info.size if size is None else size
        self._count += 1
        if self._count > limits.members:
            raise TooLarge(f'more than {limits.members} members')
        member = Member(name, info.type, size)
        if not member.isfile():
            if member.isdir() and size:
                raise StreamError('a folder with data')
            # Links and special files carry no data worth reading; their
            # size is skipped (it counts toward the total like a file's).
        if size > limits.member_bytes:
            raise TooLarge(f'a member of {size} bytes (at most '
                           f'{_size(limits.member_bytes)})')
        self._total += size
        if self._total > limits.total_bytes:
            raise TooLarge(f'more than {_size(limits.total_bytes)} of '
                           f'files')
        self._unread = _padded(size)
        return member


def _utf8(raw):
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        raise StreamError(f'a member name that is not UTF-8: {raw!r}')


def _pax_records(data):
    """``key=value`` records of a pax extended header (POSIX.1-2001).

    Each is ``<length> <key>=<value>\\n``, the length counting itself.
    """
    records = {}
    pos = 0
    while pos < len(data):
        if data[pos] == 0:          # some writers pad with NULs
            break
        space = data.find(b' ', pos, pos + 20)
        digits = data[pos:space] if space > 0 else b''
        if not digits.isdigit():
            raise StreamError('bad pax header')
        end = pos + int(digits)
        record = data[space + 1:end]
        if end > len(data) or end <= space or not record.endswith(b'\n') \
                or b'=' not in record:
            raise StreamError('bad pax header')
        key, _sep, value = record[:-1].partition(b'=')
        records[key.decode('ascii', 'replace')] = value
        pos = end
    if 'path' in records:
        records['path'] = _utf8(records['path'])
    return records


def _pax_size(raw):
    if not raw.isdigit() or len(raw) > 20:
        raise StreamError('bad size in a pax header')
    return int(raw)
