"""What ``bundle show`` prints: escaped texts, typed fields, bounds."""

import json
import os

import fixtures
import testtools

from catalystcoe.support import archive
from catalystcoe.support import describe

ESC = '\x1b]0;owned\x07\x1b[2J'
SHOWN_ESC = r'\x1b]0;owned\x07\x1b[2J'
FINDINGS = [
    {'check': 'Quota', 'result': 'fail', 'detail': 'quota exceeded',
     'next_step': 'ask', 'rule': 'quota'},
    {'check': 'Health', 'result': 'pass', 'detail': 'ok', 'next_step': '',
     'rule': 'health'},
]
MANIFEST = {
    'created_at': '2026-11-24T10:15:00Z',
    'generator': {'name': 'catalystcoe', 'version': '1.2.0'},
    'command': ['openstack', 'coe', 'support', 'bundle', 'create', 'c1'],
    'clusters': [{'name': 'c1', 'uuid': 'u-1', 'status': 'CREATE_FAILED',
                  'health_status': None, 'status_reason': 'quota',
                  'directory': 'clusters/c1',
                  'findings': {'pass': 1, 'warn': 0, 'fail': 1}}],
    'collectors': [
        {'name': 'cluster', 'cluster': 'c1', 'outcome': 'ok',
         'duration_seconds': 0.25, 'detail': ''},
        {'name': 'stack', 'cluster': 'c1', 'outcome': 'forbidden',
         'duration_seconds': 0.5, 'detail': 'HTTP 403', 'status': 403},
        {'name': 'environment', 'cluster': None, 'outcome': 'ok',
         'duration_seconds': 0.0, 'detail': ''}],
    'redactions': {'total': 3, 'by_kind': {'pem': 1, 'secret_key': 2}},
}


class DescribeTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path

    def bundle(self, manifest=None, findings=FINDINGS, files=None):
        files = dict(files or {'summary.txt': b'hello\n'})
        if findings is not None:
            files['clusters/c1/findings.json'] = json.dumps(
                findings).encode()
        data, _m = archive.build('root', files,
                                 MANIFEST if manifest is None else manifest,
                                 1790000000)
        path = os.path.join(self.dir, 'b.tar.gz')
        with open(path, 'wb') as f:
            f.write(data)
        return archive.read(path)

    def assertRefused(self, message, **kwargs):
        bundle = self.bundle(**kwargs)
        exc = self.assertRaises(archive.BundleError, describe.describe,
                                bundle)
        self.assertEqual(f'{bundle.path}: {message}', str(exc))


class TestDescribe(DescribeTestCase):

    def test_good_bundle(self):
        bundle = self.bundle()
        self.assertEqual({
            'path': bundle.path, 'size': bundle.size,
            'sha256': bundle.sha256, 'format_version': 1,
            'created_at': '2026-11-24T10:15:00Z',
            'generator': 'catalystcoe 1.2.0',
            'command': 'openstack coe support bundle create c1',
            'clusters': ['c1 (u-1): CREATE_FAILED'],
            'findings': ['c1: 1 fail, 0 warn, 1 pass',
                         'c1: FAIL Quota: quota exceeded'],
            'collectors': ['c1: cluster: ok (0.25 s)',
                           'c1: stack: forbidden (0.5 s): HTTP 403',
                           '-: environment: ok (0.0 s)'],
            'redactions': {'total': 3, 'pem': 1, 'secret_key': 2},
            'files': ['summary.txt (6 bytes)',
                      'clusters/c1/findings.json '
                      f'({len(json.dumps(FINDINGS))} bytes)'],
        }, describe.describe(bundle))

    def test_escape_sequences_are_shown_escaped(self):
        manifest = json.loads(json.dumps(MANIFEST))
        manifest['created_at'] += ESC
        manifest['generator']['version'] += ESC
        manifest['command'].append(f'--os-cloud={ESC}')
        manifest['clusters'][0].update(name=f'c1{ESC}', status=ESC)
        manifest['collectors'][1]['detail'] = f'403 {ESC}\r\n'
        manifest['redactions']['by_kind'] = {ESC: 1}
        findings = [dict(FINDINGS[0], check='\u202eQuota',
                         detail=f'{ESC}x')]
        got = describe.describe(self.bundle(
            manifest, findings, files={f'{ESC}.txt': b'x'}))
        self.assertEqual(f'2026-11-24T10:15:00Z{SHOWN_ESC}',
                         got['created_at'])
        self.assertEqual(f'catalystcoe 1.2.0{SHOWN_ESC}', got['generator'])
        self.assertTrue(got['command'].endswith(f'--os-cloud={SHOWN_ESC}'))
        self.assertEqual([f'c1{SHOWN_ESC} (u-1): {SHOWN_ESC}'],
                         got['clusters'])
        self.assertEqual([f'c1{SHOWN_ESC}: 1 fail, 0 warn, 1 pass',
                          f'c1{SHOWN_ESC}: FAIL \\u202eQuota: {SHOWN_ESC}x'],
                         got['findings'])
        self.assertEqual(f'c1: stack: forbidden (0.5 s): 403 {SHOWN_ESC}'
                         r'\r\n', got['collectors'][1])
        self.assertEqual({'total': 3, SHOWN_ESC: 1}, got['redactions'])
        self.assertEqual(f'{SHOWN_ESC}.txt (1 bytes)', got['files'][0])
        self.assertNotIn('\x1b', json.dumps(got, ensure_ascii=False))

    def test_missing_fields_are_unknown(self):
        got = describe.describe(self.bundle({}, findings=None))
        self.assertEqual(
            (None, 'None None', '', [], [], [], {'total': 0}),
            (got['created_at'], got['generator'], got['command'],
             got['clusters'], got['findings'], got['collectors'],
             got['redactions']))

    def test_long_texts_are_cut(self):
        manifest = dict(MANIFEST, created_at='x' * 100000)
        got = describe.describe(self.bundle(manifest))
        self.assertEqual('x' * describe.MAX_TEXT_CHARS + '...',
                         got['created_at'])

    def test_long_lists_are_cut(self):
        findings = [dict(FINDINGS[0], detail=str(i))
                    for i in range(describe.MAX_LINES + 50)]
        got = describe.describe(self.bundle(findings=findings))
        self.assertEqual(describe.MAX_LINES + 1, len(got['findings']))
        self.assertEqual('c1: FAIL Quota: 9998', got['findings'][-2])
        self.assertEqual('... and 51 more, not shown', got['findings'][-1])


class TestWrongTypes(DescribeTestCase):
    """A hand-edited manifest: one line naming the file and the field."""

    def test_manifest_fields(self):
        cases = (
            (dict(clusters={'name': 'c1'}),
             'clusters should be an array, not an object'),
            (dict(clusters=[['c1']]),
             'clusters[0] should be an object, not an array'),
            (dict(clusters=[{'name': 7}]),
             'clusters[0].name should be a string, not an integer'),
            (dict(clusters=[{'findings': {'fail': '2'}}]),
             'clusters[0].findings.fail should be an integer, not a '
             'string'),
            (dict(generator=['catalystcoe']),
             'generator should be an object, not an array'),
            (dict(command='openstack coe'),
             'command should be an array, not a string'),
            (dict(command=['openstack', None, 3]),
             'command[2] should be a string, not an integer'),
            (dict(created_at=17900000),
             'created_at should be a string, not an integer'),
            (dict(collectors=[{}, {'duration_seconds': '1'}]),
             'collectors[1].duration_seconds should be a number, not a '
             'string'),
            (dict(collectors=[{'detail': {'a': 1}}]),
             'collectors[0].detail should be a string, not an object'),
            (dict(redactions={'total': True}),
             'redactions.total should be an integer, not a boolean'),
            (dict(redactions={'by_kind': {f'pem{ESC}': 1.5}}),
             f'redactions.by_kind.pem{SHOWN_ESC} should be an integer, '
             'not a number'),
        )
        for change, message in cases:
            with self.subTest(message):
                self.assertRefused(f'manifest.json: {message}',
                                   manifest=dict(MANIFEST, **change))

    def test_findings_file(self):
        cases = (
            ({'check': 'x'}, 'the top level should be an array, not an '
                             'object'),
            ([FINDINGS[0], 'fail'], '[1] should be an object, not a string'),
            ([dict(FINDINGS[0], detail=['a'])],
             '[0].detail should be a string, not an array'),
        )
        for findings, message in cases:
            with self.subTest(message):
                self.assertRefused(f'clusters/c1/findings.json: {message}',
                                   findings=findings)

    def test_findings_file_not_json(self):
        bundle = self.bundle(findings=None, files={
            'clusters/c1/findings.json': b'[{"check": '})
        exc = self.assertRaises(archive.BundleError, describe.describe,
                                bundle)
        self.assertIn(': clusters/c1/findings.json is not valid JSON: ',
                      str(exc))

    def test_json_files_share_one_budget(self):
        # Clusters pointing at the same large findings.json cannot make
        # show parse it over and over.
        findings = [dict(FINDINGS[0], detail='d' * 1000)] * 1000
        clusters = [dict(MANIFEST['clusters'][0], name=f'c{i}')
                    for i in range(5)]
        self.assertRefused(
            f'its JSON files hold more than {archive.MAX_JSON_BYTES} bytes '
            f'or {archive.MAX_JSON_VALUES} values in all',
            manifest=dict(MANIFEST, clusters=clusters), findings=findings)
