"""``coe support bundle create|show`` as cliff runs them."""

import io
import json
import os

from osc_lib import exceptions as osc_exc

from catalystcoe.support import archive
from catalystcoe.tests.unit import fakes
from catalystcoe.tests.unit import helpers
from catalystcoe.v1 import support


class TestCreate(helpers.CommandTestCase):

    def test_json_summary(self):
        rc, out = self.run_cmd(support.CreateSupportBundle, 'demo-failed',
                               '--output', self.dir, '-f', 'json')
        self.assertEqual(0, rc)
        data = json.loads(out)
        self.assertEqual(
            ['clusters', 'collector_errors', 'files', 'findings', 'path',
             'redactions', 'sha256', 'size'], sorted(data))
        self.assertEqual(['demo-failed'], data['clusters'])
        self.assertEqual([], data['collector_errors'])
        self.assertEqual({'pass': 10, 'warn': 0, 'fail': 4},
                         data['findings'])
        self.assertEqual(os.path.getsize(data['path']), data['size'])
        self.assertEqual(data['sha256'],
                         archive.read(data['path']).sha256)
        self.assertEqual('', self.app.stderr.getvalue())

    def test_options_reach_the_bundle(self):
        out_file = os.path.join(self.dir, 'mine.tar.gz')
        rc, _out = self.run_cmd(
            support.CreateSupportBundle, 'demo-failed', '--output',
            out_file, '--redact', 'kube-minion', '--mask-addresses',
            '--timeout', '5', '--parallel', '3', '-f', 'value', '-c',
            'path')
        self.assertEqual(0, rc)
        manifest = archive.read(out_file).manifest
        self.assertEqual({'mask_addresses': True, 'custom_redactions': 1,
                          'timeout_seconds': 5.0, 'workers': 3},
                         manifest['options'])
        self.assertGreater(manifest['redactions']['by_kind']['custom'], 0)
        self.assertGreater(manifest['redactions']['by_kind']['address'], 0)

    def test_table_lists_one_item_a_line(self):
        self.session.route('orchestration',
                           f'stacks/{fakes.STACK_ID}/events',
                           fakes.magnum_error(500, 'boom'))
        self.session.route('orchestration',
                           f'stacks/{fakes.STACK_ID}/resources',
                           fakes.magnum_error(500, 'bang'))
        _rc, out = self.run_cmd(support.CreateSupportBundle, 'demo-failed',
                                '--output', self.dir, '-f', 'yaml')
        self.assertIn('collector_errors:\n- \'demo-failed: stack_', out)
        _rc, out = self.run_cmd(support.CreateSupportBundle, 'demo-failed',
                                '--output', self.dir, '--force')
        self.assertRegex(out, r'\| collector_errors \| demo-failed: stack_'
                              r'\w+: error \(.*\) *\|\n\| +\| demo-failed: ')

    def test_needs_clusters_or_all_not_both(self):
        for argv in ((), ('demo-failed', '--all')):
            exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                    support.CreateSupportBundle, *argv)
            self.assertEqual('name at least one cluster, or give --all '
                             '(not both)', str(exc))

    def test_bad_numbers(self):
        self.assertIn("'0' is not a positive number of seconds",
                      self.parse_fails(support.CreateSupportBundle, 'c',
                                       '--timeout', '0'))
        self.assertIn("'99' is not a number from 1 to 32",
                      self.parse_fails(support.CreateSupportBundle, 'c',
                                       '--parallel', '99'))

    def test_cluster_not_found_is_one_line(self):
        self.session.route('container-infra', 'clusters/nope',
                           fakes.magnum_error(404, 'Cluster nope could not '
                                                   'be found.'))
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                support.CreateSupportBundle, 'nope',
                                '--output', self.dir)
        self.assertRegex(str(exc), r'^cluster nope: Cluster nope could not '
                                   r'be found\. \(HTTP 404, request req-')
        self.assertEqual([], os.listdir(self.dir))


class TestShow(helpers.CommandTestCase):

    def make_bundle(self):
        rc, out = self.run_cmd(support.CreateSupportBundle, 'demo-failed',
                               '--output', self.dir, '-f', 'value', '-c',
                               'path')
        self.assertEqual(0, rc)
        self.app.stdout = io.StringIO()
        return out.strip()

    def test_show_json(self):
        path = self.make_bundle()
        calls_before = len(self.session.calls)
        rc, out = self.run_cmd(support.ShowSupportBundle, path, '-f',
                               'json')
        self.assertEqual(0, rc)
        self.assertEqual(calls_before, len(self.session.calls))
        data = json.loads(out)
        self.assertEqual(1, data['format_version'])
        self.assertEqual([f'demo-failed ({fakes.CLUSTER_UUID}): '
                          'CREATE_FAILED'], data['clusters'])
        self.assertEqual('demo-failed: 4 fail, 0 warn, 10 pass',
                         data['findings'][0])
        self.assertIn('demo-failed: FAIL Quota: quota exceeded for cores',
                      '\n'.join(data['findings']))
        self.assertEqual(data['redactions']['total'],
                         sum(v for k, v in data['redactions'].items()
                             if k != 'total'))
        self.assertIn('summary.txt (', data['files'][0])
        self.assertIn('demo-failed: stack_events: ok (',
                      '\n'.join(data['collectors']))
        self.assertEqual(' '.join(support._argv()), data['command'])

    def test_show_needs_no_auth(self):
        self.assertFalse(support.ShowSupportBundle.auth_required)

    def test_rejections_are_one_line(self):
        path = os.path.join(self.dir, 'not.tar.gz')
        with open(path, 'wb') as f:
            f.write(b'hello')
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                support.ShowSupportBundle, path)
        self.assertEqual(f'{path} is not a support bundle (not a .tar.gz '
                         'file)', str(exc))

    def test_tampered_bundle(self):
        path = self.make_bundle()
        import gzip
        import tarfile
        with open(path, 'rb') as f:
            raw = gzip.decompress(f.read())
        # Change one byte inside summary.txt's content, keep the tar valid.
        with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
            member = [m for m in tar.getmembers()
                      if m.name.endswith('summary.txt')][0]
        offset = member.offset_data
        raw = raw[:offset] + b'X' + raw[offset + 1:]
        with open(path, 'wb') as f:
            f.write(gzip.compress(raw))
        exc = self.assertRaises(osc_exc.CommandError, self.run_cmd,
                                support.ShowSupportBundle, path)
        self.assertEqual(f'{path}: checksum mismatch for summary.txt',
                         str(exc))
