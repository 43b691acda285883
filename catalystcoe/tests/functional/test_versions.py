"""coe catalyst version list through the real CLI, against the local
cloud: the published table, what each region offers, every format."""

import csv
import io

import yaml

from catalystcoe.tests.functional import base

ENV = {'CATALYSTCOE_TODAY': base.FACTS_DAY}
QUIET = '--no-preview-warning'
VERSIONS = 'versions.rst, 2026-07-20'


class TestVersionList(base.FunctionalTest):

    def versions(self, *args, **kwargs):
        return self.openstack('coe', 'catalyst', 'version', 'list', QUIET,
                              *args, env=ENV, **kwargs)

    def test_the_published_table_and_the_cloud(self):
        rows = self.versions('-f', 'json').json
        by_minor = {row['Minor']: row for row in rows}
        self.assertEqual(['1.36', '1.35', '1.34', '1.33'],
                         [row['Minor'] for row in rows][:4])
        self.assertEqual(
            {'Minor': '1.35', 'Status': 'supported',
             'Initial Release': '2026-04-21', 'Unsupported From': None,
             'Newest Template': base.TEMPLATE_LATEST},
            {k: v for k, v in by_minor['1.35'].items()
             if k not in ('Clusters', 'Source')})
        self.assertTrue(by_minor['1.35']['Source'].endswith(VERSIONS))
        self.assertEqual(('supported', '2025-05-14', 'expected 2026-07',
                          base.TEMPLATE_SUPPORTED_133),
                         (by_minor['1.33']['Status'],
                          by_minor['1.33']['Initial Release'],
                          by_minor['1.33']['Unsupported From'],
                          by_minor['1.33']['Newest Template']))
        self.assertEqual(('preview', base.TEMPLATE_PREVIEW),
                         (by_minor['1.36']['Status'],
                          by_minor['1.36']['Newest Template']))
        # The seeded clusters run the latest template.
        self.assertGreaterEqual(by_minor['1.35']['Clusters'], 2)
        # Unsupported and not offered: left out unless --all, or unless a
        # cluster runs it (other tests may have made one).
        if '1.32' in by_minor:
            self.assertGreater(by_minor['1.32']['Clusters'], 0)
        self.assertNotIn('1.31', by_minor)
        everything = {row['Minor']: row for row in self.versions(
            '--all', '-f', 'json').json}
        self.assertEqual(('unsupported', '2025-02-05', '2026-04-21'),
                         (everything['1.32']['Status'],
                          everything['1.32']['Initial Release'],
                          everything['1.32']['Unsupported From']))
        self.assertEqual((None, None, 'unsupported'),
                         (everything['1.23']['Initial Release'],
                          everything['1.23']['Unsupported From'],
                          everything['1.23']['Status']))

    def test_agrees_with_the_template_list(self):
        for region in base.REGIONS:
            rows = self.versions('-f', 'json', region=region).json
            templates = {row['Name']: row['Support'] for row in self.openstack(
                'coe', 'catalyst', 'template', 'list', '-f', 'json', QUIET,
                env=ENV, region=region).json}
            statuses = {'supported': ('latest', 'supported'),
                        'preview': ('preview',)}
            for row in rows:
                if row['Newest Template']:
                    self.assertIn(templates[row['Newest Template']],
                                  statuses[row['Status']], (region, row))

    def test_every_region_and_the_unknown_minor(self):
        rows = self.versions('--all-regions', '-f', 'json').json
        self.assertEqual('Region', list(rows[0])[0])
        found = {(row['Region'], row['Minor']): row for row in rows}
        unknown = found[(base.REGION_POR, '1.37')]
        self.assertEqual(
            ('supported', base.TEMPLATE_UNKNOWN_MINOR,
             'the cloud offers it; not in the support table (data from '
             '2026-07-21)'),
            (unknown['Status'], unknown['Newest Template'],
             unknown['Source']))
        self.assertNotIn((base.REGION_HLZ, '1.37'), found)
        self.assertIsNone(found[(base.REGION_POR, '1.36')][
            'Newest Template'])

    def test_every_format(self):
        table = self.versions().stdout
        self.assertIn('| Minor | Status', table)
        self.assertIn(base.TEMPLATE_LATEST, table)
        data = yaml.safe_load(self.versions('-f', 'yaml').stdout)
        self.assertEqual('1.36', data[0]['Minor'])
        lines = list(csv.reader(io.StringIO(self.versions('-f', 'csv')
                                            .stdout)))
        self.assertEqual(['Minor', 'Status', 'Initial Release',
                          'Unsupported From', 'Newest Template', 'Clusters',
                          'Source'], lines[0])
        values = self.versions('-f', 'value', '-c', 'Minor', '-c', 'Status')
        self.assertEqual(['1.36 preview', '1.35 supported', '1.34 supported',
                          '1.33 supported'],
                         values.stdout.splitlines()[:4])
        self.assertEqual('', values.stderr)
