"""The bundle file: building, atomic writing, reading and its rejections."""

import gzip
import io
import json
import os
import stat
import tarfile
from unittest import mock

import fixtures
import testtools

from catalystcoe.support import archive

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
