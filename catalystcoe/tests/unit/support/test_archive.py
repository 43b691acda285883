"""The bundle file: building, atomic writing, reading and its rejections."""

import gzip
import io
import json
import os
import stat
import tarfile
import tracemalloc
from unittest import mock

import fixtures
import testtools

from catalystcoe.support import archive
from catalystcoe.support import describe
from catalystcoe.tests import hostile_bundles

FILES = {'summary.txt': b'hello\n',
         'clusters/c1/cluster.json': b'{"name": "c1"}\n'}
MANIFEST = {'created_at': '2026-11-24T09:00:00Z', 'clusters': []}


def make_tar(members, gz=True):
    """A tar(.gz) from ``[(name, bytes or TarInfo-tweak)]``."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz' if gz else 'w') as tar:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            if kind == 'symlink':
                info.type = tarfile.SYMTYPE
                info.linkname = data
                tar.addfile(info)
            elif kind == 'hardlink':
                info.type = tarfile.LNKTYPE
                info.linkname = data
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def manifest_for(files, **more):
    manifest = dict(format=archive.FORMAT,
                    format_version=archive.FORMAT_VERSION,
                    files=archive.file_entries(files))
    manifest.update(more)
    return json.dumps(manifest).encode()


class ArchiveTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def assertRejected(self, data, message):
        path = self.write('b.tar.gz', data)
        exc = self.assertRaises(archive.BundleError, archive.read, path)
        self.assertIn(message, str(exc))
        self.assertEqual(1, len(str(exc).splitlines()))


class TestBuildAndRead(ArchiveTestCase):

    def test_round_trip(self):
        data, manifest = archive.build('coe-support-c1-x', FILES, MANIFEST,
                                       1790000000)
        self.assertEqual(archive.FORMAT, manifest['format'])
        self.assertEqual(1, manifest['format_version'])
        self.assertEqual(
            [{'path': 'summary.txt', 'size': 6, 'sha256': archive.sha256(
                b'hello\n')},
             {'path': 'clusters/c1/cluster.json', 'size': 15,
              'sha256': archive.sha256(b'{"name": "c1"}\n')}],
            manifest['files'])
        path = self.write('b.tar.gz', data)
        read = archive.read(path)
        self.assertEqual('coe-support-c1-x', read.root)
        self.assertEqual(FILES, read.files)
        self.assertEqual(manifest, read.manifest)
        self.assertEqual(archive.sha256(data), read.sha256)
        self.assertEqual({'name': 'c1'}, read.json('clusters/c1/cluster.json'))

    def test_members_are_private_files_under_one_root(self):
        data, _m = archive.build('root', FILES, MANIFEST, 1790000000)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            members = tar.getmembers()
        self.assertEqual(['root/manifest.json', 'root/summary.txt',
                          'root/clusters/c1/cluster.json'],
                         [m.name for m in members])
        self.assertEqual({0o600}, {m.mode for m in members})
        self.assertEqual({1790000000}, {m.mtime for m in members})


class TestWriteAtomic(ArchiveTestCase):

    def test_mode_0600_and_no_leftovers(self):
        path = os.path.join(self.dir, 'b.tar.gz')
        archive.write_atomic(path, b'data')
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual(['b.tar.gz'], os.listdir(self.dir))

    def test_never_overwrites_without_force(self):
        path = self.write('b.tar.gz', b'old')
        exc = self.assertRaises(archive.BundleError, archive.write_atomic,
                                path, b'new')
        self.assertIn('exists; use --force', str(exc))
        with open(path, 'rb') as f:
            self.assertEqual(b'old', f.read())
        self.assertEqual(['b.tar.gz'], os.listdir(self.dir))

    def test_force_replaces(self):
        path = self.write('b.tar.gz', b'old')
        archive.write_atomic(path, b'new', force=True)
        with open(path, 'rb') as f:
            self.assertEqual(b'new', f.read())

    def test_failure_while_writing_leaves_nothing(self):
        path = os.path.join(self.dir, 'b.tar.gz')
        with mock.patch.object(archive.os, 'fsync',
                               side_effect=KeyboardInterrupt):
            self.assertRaises(KeyboardInterrupt, archive.write_atomic, path,
                              b'data')
        self.assertEqual([], os.listdir(self.dir))

    def test_unwritable_folder_is_one_line(self):
        path = os.path.join(self.dir, 'missing', 'b.tar.gz')
        exc = self.assertRaises(archive.BundleError, archive.write_atomic,
                                path, b'data')
        self.assertIn('cannot write in', str(exc))


class TestReadRejects(ArchiveTestCase):

    def good_members(self, files=FILES, **manifest):
        members = [('r/manifest.json', manifest_for(files, **manifest), '')]
        members += [(f'r/{name}', data, '') for name, data in files.items()]
        return members

    def test_valid_hand_made_bundle_is_accepted(self):
        path = self.write('b.tar.gz', make_tar(self.good_members()))
        self.assertEqual(FILES, archive.read(path).files)

    def test_not_gzip(self):
        self.assertRejected(b'PK\x03\x04 a zip', 'not a support bundle '
                                                 '(not a .tar.gz file)')

    def test_gzip_but_not_tar(self):
        self.assertRejected(gzip.compress(b'hello' * 200), 'is corrupt')

    def test_truncated(self):
        data = make_tar(self.good_members())
        self.assertRejected(data[:len(data) // 2], 'is corrupt')

    def test_missing_file(self):
        self.assertRejected(b'', 'not a support bundle')
        exc = self.assertRaises(archive.BundleError, archive.read,
                                os.path.join(self.dir, 'nope.tar.gz'))
        self.assertIn('cannot read', str(exc))

    def test_tar_without_manifest(self):
        self.assertRejected(make_tar([('r/a.txt', b'x', '')]),
                            'not a support bundle (no manifest.json)')

    def test_other_manifest_format(self):
        self.assertRejected(make_tar([
            ('r/manifest.json', b'{"format": "sosreport"}', '')]),
            'unknown manifest format')

    def test_manifest_not_json(self):
        self.assertRejected(make_tar([('r/manifest.json', b'{nope', '')]),
                            'manifest.json is not valid JSON')

    def test_newer_format(self):
        self.assertRejected(make_tar(self.good_members(format_version=99)),
                            'upgrade catalystcoe')

    def test_sha_mismatch(self):
        members = self.good_members()
        members[1] = ('r/summary.txt', b'HELLO\n', '')
        self.assertRejected(make_tar(members),
                            'checksum mismatch for summary.txt')

    def test_file_missing_from_archive(self):
        members = self.good_members()[:-1]
        self.assertRejected(make_tar(members),
                            'clusters/c1/cluster.json is in the manifest '
                            'but not in the archive')

    def test_unlisted_file(self):
        members = self.good_members() + [('r/extra.txt', b'x', '')]
        self.assertRejected(make_tar(members),
                            'extra.txt is in the archive but not in the '
                            'manifest')

    def test_path_traversal(self):
        members = self.good_members() + [('r/../../evil', b'x', '')]
        self.assertRejected(make_tar(members), "unsafe: member "
                                               "'r/../../evil'")

    def test_absolute_path(self):
        members = self.good_members() + [('/etc/cron.d/evil', b'x', '')]
        self.assertRejected(make_tar(members), 'absolute path')

    def test_symlink(self):
        members = self.good_members() + [('r/link', '/etc/passwd',
                                          'symlink')]
        self.assertRejected(make_tar(members), 'is a link or special file')

    def test_hardlink(self):
        members = self.good_members() + [('r/link', 'r/summary.txt',
                                          'hardlink')]
        self.assertRejected(make_tar(members), 'is a link or special file')

    def test_unsafe_path_in_manifest(self):
        files = {'../x': b'x'}
        members = [('r/manifest.json', manifest_for(files), '')]
        self.assertRejected(make_tar(members), "unsafe path '../x'")

    def test_two_roots(self):
        members = self.good_members() + [('other/x', b'x', '')]
        self.assertRejected(make_tar(members), 'expected one top folder')

    def test_reading_extracts_nothing(self):
        members = self.good_members()
        path = self.write('b.tar.gz', make_tar(members))
        before = sorted(os.listdir(self.dir))
        archive.read(path)
        self.assertEqual(before, sorted(os.listdir(self.dir)))


def show(path):
    return describe.describe(archive.read(path))


class TestHostileFiles(ArchiveTestCase):
    """Files from strangers: refused within bounds, with one line."""

    def write_case(self, case, **kwargs):
        path = os.path.join(self.dir, f'{case}.tar.gz')
        hostile_bundles.write(case, path, **kwargs)
        return path

    def assertCaseRejected(self, case, **kwargs):
        path = self.write_case(case, **kwargs)
        exc = self.assertRaises(archive.BundleError, show, path)
        self.assertEqual(1, len(str(exc).splitlines()), exc)
        self.assertIn(hostile_bundles.CASES[case][3], str(exc))
        return str(exc)

    def test_every_refused_case(self):
        # As 'bundle show' reads. Huge parts only announced: each is
        # refused at its header, before the missing data would be needed.
        for case, (_what, _fill, _end, expected) in \
                hostile_bundles.CASES.items():
            if expected is not None:
                with self.subTest(case=case):
                    self.assertCaseRejected(case, real=False)

    def test_pax_header_of_1_gib_is_refused_before_reading_it(self):
        path = self.write_case('pax-header-1g')       # 1 GiB of zeros
        self.assertLess(os.path.getsize(path), 2 * hostile_bundles.MIB)
        tracemalloc.start()
        try:
            exc = self.assertRaises(archive.BundleError, archive.read, path)
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(f'{path} is too large to be a support bundle: a '
                         f'tar header of {hostile_bundles.GIB} bytes (at '
                         f'most 64 KiB)', str(exc))
        self.assertLess(peak, 4 * hostile_bundles.MIB)

    def test_gnu_long_name_of_1_gib(self):
        self.assertIn('a tar header of 1073741824 bytes',
                      self.assertCaseRejected('gnu-longname-1g',
                                              real=False))

    def test_pax_size_counts(self):
        self.assertIn('a member of 1073741824 bytes (at most 16 MiB)',
                      self.assertCaseRejected('pax-size-1g', real=False))

    def test_long_names_as_tarfile_writes_them_are_read(self):
        name = 'clusters/' + 'n' * 150 + '/cluster.json'
        files = dict(FILES, **{name: b'{}'})
        for fmt in (tarfile.PAX_FORMAT, tarfile.GNU_FORMAT):
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode='w:gz', format=fmt) as tar:
                for path, data in [('manifest.json', manifest_for(files))] \
                        + list(files.items()):
                    info = tarfile.TarInfo('r/' + path)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            path = self.write('long.tar.gz', buf.getvalue())
            with self.subTest(format=fmt):
                self.assertEqual(files, archive.read(path).files)

    def test_damaged_gzip_streams(self):
        data, _m = archive.build('r', FILES, MANIFEST, 1790000000)
        crc = bytes(b ^ 0xff for b in data[-8:-4])
        for what, damaged, message in (
                ('trailer cut', data[:-8], 'the gzip stream ends early'),
                ('one byte cut', data[:-1], 'the gzip stream ends early'),
                ('bad CRC', data[:-8] + crc + data[-4:],
                 'damaged gzip stream (incorrect data check)'),
                ('bad length', data[:-4] + b'\0\0\0\0',
                 'damaged gzip stream (incorrect length check)'),
                ('garbage after', data + b'garbage',
                 'data after the end of the gzip stream'),
                ('a second gzip member', data + gzip.compress(b'x'),
                 'data after the end of the gzip stream')):
            with self.subTest(what):
                self.assertRejected(damaged, f'is corrupt: {message}')

    def test_data_after_the_end_of_the_tar(self):
        raw = gzip.decompress(archive.build('r', FILES, MANIFEST, 1)[0])
        self.assertRejected(gzip.compress(raw + b'hidden'),
                            'is corrupt: data after the end of the tar')

    def test_zeros_after_the_tar_within_the_limit(self):
        raw = gzip.decompress(archive.build('r', FILES, MANIFEST, 1)[0])
        path = self.write('b.tar.gz', gzip.compress(raw + bytes(1 << 20)))
        self.assertEqual(FILES, archive.read(path).files)

    def test_tar_without_end_marker(self):
        raw = gzip.decompress(archive.build('r', FILES, MANIFEST, 1)[0])
        end = raw.index(bytes(1024), len(raw) - 10240)
        self.assertRejected(gzip.compress(raw[:end]),
                            'is corrupt: the tar ends early')

    def test_global_pax_header(self):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode='w:gz', format=tarfile.PAX_FORMAT,
                          pax_headers={'comment': 'x'}) as tar:
            for name, data in [('r/manifest.json', manifest_for(FILES))] + [
                    (f'r/{n}', d) for n, d in FILES.items()]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        self.assertRejected(buf.getvalue(), 'a global pax header')

    def test_name_not_utf8(self):
        buf = io.BytesIO()
        w = hostile_bundles.Writer(buf)
        hostile_bundles.good(w)
        w.raw(tarfile.TarInfo('r/\udcff.txt').tobuf(
            tarfile.USTAR_FORMAT, 'utf-8', 'surrogateescape'))
        w.end()
        w.close()
        self.assertRejected(buf.getvalue(),
                            "a member name that is not UTF-8: b'r/\\xff.txt'")

    def test_escape_sequences_never_reach_a_message(self):
        esc = hostile_bundles.ESC
        path = self.write_case('escape-in-error')
        exc = self.assertRaises(archive.BundleError, archive.read, path)
        self.assertIn(r'\x1b]0;owned\x07\x1b[2J\x1b[31mevil.txt is in the '
                      r'archive but not in the manifest', str(exc))
        self.assertNotIn('\x1b', str(exc))
        # The file's own name too.
        named = os.path.join(self.dir, f'{esc}.tar.gz')
        os.rename(path, named)
        exc = self.assertRaises(archive.BundleError, archive.read, named)
        self.assertTrue(str(exc).startswith(
            f'{self.dir}/\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m.tar.gz:'), exc)
        exc = self.assertRaises(archive.BundleError, archive.read,
                                named + '\n\x1b[1A')
        self.assertEqual(f'cannot read {self.dir}/\\x1b]0;owned\\x07\\x1b'
                         f'[2J\\x1b[31m.tar.gz\\n\\x1b[1A: No such file or '
                         f'directory', str(exc))

    def test_unsafe_name_is_quoted_and_cut(self):
        members = [('r/manifest.json', manifest_for(FILES), ''),
                   ('r/../' + '\x1b' * 300, b'x', '')]
        path = self.write('b.tar.gz', make_tar(members))
        exc = self.assertRaises(archive.BundleError, archive.read, path)
        self.assertEqual(f"{path} is unsafe: member 'r/../"
                         + '\\x1b' * 195 + "'... has an absolute path or "
                         '".."', str(exc))


class TestNotAFile(ArchiveTestCase):
    """What is not a regular file is refused at once.

    It is never opened for a read that could wait for ever.
    """

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.Timeout(20, gentle=True))

    def test_fifo_with_no_writer(self):
        path = hostile_bundles.make_special('fifo', self.dir)
        exc = self.assertRaises(archive.BundleError, archive.read, path)
        self.assertEqual(f'{path} is a FIFO, not a support bundle', str(exc))

    def test_folder(self):
        exc = self.assertRaises(archive.BundleError, archive.read, self.dir)
        self.assertEqual(f'{self.dir} is a folder, not a support bundle',
                         str(exc))

    def test_devices(self):
        for path in ('/dev/zero', '/dev/tty', '/dev/null'):
            if os.path.exists(path):
                exc = self.assertRaises(archive.BundleError, archive.read,
                                        path)
                self.assertEqual(f'{path} is a device, not a support bundle',
                                 str(exc))

    def test_sparse_file_too_large(self):
        path = hostile_bundles.make_special('sparse-1g', self.dir)
        exc = self.assertRaises(archive.BundleError, archive.read, path)
        self.assertEqual(f'{path} is too large to be a support bundle: the '
                         f'file has {hostile_bundles.GIB} bytes (at most '
                         f'{archive.MAX_BUNDLE_BYTES})', str(exc))


class TestManifestJson(ArchiveTestCase):

    def test_deep_nesting(self):
        for depth in (archive.MAX_JSON_DEPTH + 1, 100000):
            with self.subTest(depth=depth):
                self.assertRejected(make_tar([(
                    'r/manifest.json', b'[' * depth + b']' * depth, '')]),
                    f'manifest.json is nested more than '
                    f'{archive.MAX_JSON_DEPTH} levels deep')

    def test_many_values(self):
        self.assertRejected(make_tar([(
            'r/manifest.json', b'[' + b'0,' * archive.MAX_JSON_VALUES
            + b'0]', '')]), f'manifest.json has more than '
                            f'{archive.MAX_JSON_VALUES} values')

    def test_wrong_types_in_files(self):
        for files, message in (
                ({}, 'files should be an array, not an object'),
                ([1], 'files[0] should be an object, not an integer'),
                ([{'path': 'a', 'size': '1', 'sha256': 'x'}],
                 'files[0].size should be an integer, not a string'),
                ([{'path': 'a', 'size': True, 'sha256': 'x'}],
                 'files[0].size should be an integer, not a boolean'),
                ([{'path': ['a'], 'size': 1, 'sha256': 'x'}],
                 'files[0].path should be a string, not an array')):
            with self.subTest(message):
                body = json.dumps(dict(format=archive.FORMAT,
                                       format_version=1, files=files))
                self.assertRejected(
                    make_tar([('r/manifest.json', body.encode(), '')]),
                    f'manifest.json: {message}')

    def test_format_version_of_another_type(self):
        self.assertRejected(make_tar(self.good_members(format_version='1')),
                            'manifest.json: format_version should be an '
                            'integer, not a string')

    good_members = TestReadRejects.good_members


class TestPrintable(testtools.TestCase):

    def test_plain_text_unchanged(self):
        for text in ('coe-support-demo-20261124T101500Z.tar.gz',
                     'Tāmaki Makaurau ✓ 東京', 'a\\x1b b'):
            self.assertEqual(text, archive.printable(text))

    def test_controls_escaped(self):
        self.assertEqual(
            r'\x1b[2J\x1b]0;t\x07\r\n\t\x7f\x9b\u202e\u200b\xa0\x00',
            archive.printable('\x1b[2J\x1b]0;t\x07\r\n\t\x7f\x9b\u202e'
                              '\u200b\xa0\x00'))
        self.assertEqual(r'\udcff', archive.printable('\udcff'))
