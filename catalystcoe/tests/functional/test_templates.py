"""coe catalyst template list/show/create and the template hooks, through
the real ``openstack`` CLI against the local cloud's seeded templates."""

from catalystcoe.tests.functional import base

# The day support is judged on: the day of the local cloud's facts.
ENV = {'CATALYSTCOE_TODAY': base.FACTS_DAY}
QUIET = '--no-preview-warning'


class TemplatesTest(base.FunctionalTest):

    def cli(self, *args, expected_stderr=(), **kwargs):
        """``openstack`` with our fixed day and without the preview note.

        These tests name templates by alias: the line saying which
        template an alias chose is expected on stderr.
        """
        kwargs.setdefault('env', ENV)
        return self.openstack(
            *args, QUIET, **kwargs,
            expected_stderr=[base.ALIAS_RESOLVED, *expected_stderr])

    def template_list(self, *args, **kwargs):
        return self.cli('coe', 'catalyst', 'template', 'list', '-f', 'json',
                        *args, **kwargs).json

    def by_name(self, rows):
        return {row['Name']: row for row in rows}

    def uuid_of(self, name, **kwargs):
        return self.cli('coe', 'cluster', 'template', 'show', name, '-f',
                        'value', '-c', 'uuid', **kwargs).stdout.strip()


class TestList(TemplatesTest):

    def test_default_list(self):
        rows = self.template_list()
        self.assertEqual(['Name', 'UUID', 'Kubernetes Version', 'Profile',
                          'Released', 'Support'], list(rows[0]))
        found = self.by_name(rows)
        self.assertEqual(
            {'Kubernetes Version': '1.35.6', 'Profile': 'prod',
             'Released': '2026-07-20', 'Support': 'latest'},
            {k: found[base.TEMPLATE_LATEST][k] for k in (
                'Kubernetes Version', 'Profile', 'Released', 'Support')})
        for name in (base.TEMPLATE_SUPPORTED_134, base.TEMPLATE_SUPPORTED_133):
            self.assertEqual('supported', found[name]['Support'])
        self.assertEqual('preview', found[base.TEMPLATE_PREVIEW]['Support'])
        self.assertEqual('custom', found[base.TEMPLATE_CUSTOM]['Support'])
        # Members never see hidden templates; unsupported ones are left out.
        for name in base.HIDDEN_TEMPLATES[base.REGION_HLZ]:
            self.assertNotIn(name, found)
        self.assertNotIn('unsupported', {row['Support'] for row in rows})
        # Newest version first.
        self.assertEqual(base.TEMPLATE_PREVIEW, rows[0]['Name'])

    def test_filters(self):
        rows = self.template_list('--kubernetes-version', '1.35',
                                  '--profile', 'prod')
        self.assertIn(base.TEMPLATE_LATEST, self.by_name(rows))
        for row in rows:
            self.assertTrue(row['Kubernetes Version'].startswith('1.35.'))
            self.assertEqual('prod', row['Profile'])
        rows = self.template_list('--kubernetes-version', '1.36.0')
        self.assertEqual([base.TEMPLATE_PREVIEW],
                         [row['Name'] for row in rows
                          if row['Support'] != 'custom'])
        self.assertEqual([], self.template_list('--profile', 'dev'))

    def test_latest_value_format(self):
        res = self.cli('coe', 'catalyst', 'template', 'list', '--latest',
                       '--profile', 'prod', '-f', 'value', '-c', 'Name',
                       '-c', 'Support')
        # Other tests' private templates may come and go: leave them out.
        lines = [line for line in res.stdout.splitlines()
                 if not line.endswith(' custom')]
        self.assertEqual([f'{base.TEMPLATE_PREVIEW} preview',
                          f'{base.TEMPLATE_LATEST} latest',
                          f'{base.TEMPLATE_SUPPORTED_134} supported',
                          f'{base.TEMPLATE_SUPPORTED_133} supported'], lines)

    def test_bad_version_filter(self):
        res = self.cli('coe', 'catalyst', 'template', 'list',
                       '--kubernetes-version', 'latest', check=False,
                       expected_stderr=[
                           # argparse: the usage, then the error.
                           r'^usage: openstack coe catalyst template list ',
                           r'^ +\[',
                           r': error: argument --kubernetes-version: '
                           r'"latest" is not a Kubernetes version'])
        self.assertEqual(2, res.rc)
        self.assertIn('"latest" is not a Kubernetes version', res.stderr)

    def test_admin_sees_hidden_and_unsupported_with_all(self):
        rows = self.by_name(self.template_list('--all',
                                               cloud=base.ADMIN_CLOUD))
        # Hidden by a newer patch: superseded, not unsupported.
        for name in (base.TEMPLATE_OLDER_PATCH,
                     'kubernetes-v1.33.12-20260529'):
            self.assertEqual('superseded', rows[name]['Support'], name)
        self.assertEqual('unsupported',
                         rows[base.TEMPLATE_PREVIOUS_MINOR]['Support'])
        gen1 = rows[base.TEMPLATE_GEN1]
        self.assertEqual(('1.11.2', 'dev', None, 'unsupported'),
                         (gen1['Kubernetes Version'], gen1['Profile'],
                          gen1['Released'], gen1['Support']))
        gen2 = rows[base.TEMPLATE_GEN2_PROD]
        self.assertEqual(('prod', '2021-02-11'),
                         (gen2['Profile'], gen2['Released']))
        without_all = self.by_name(self.template_list(
            cloud=base.ADMIN_CLOUD))
        self.assertNotIn(base.TEMPLATE_OLDER_PATCH, without_all)

    def test_all_regions(self):
        rows = self.template_list('--all-regions')
        self.assertEqual('Region', list(rows[0])[0])
        where = {}
        for row in rows:
            where.setdefault(row['Name'], set()).add(row['Region'])
        self.assertEqual(set(base.REGIONS), where[base.TEMPLATE_LATEST])
        self.assertEqual({base.REGION_HLZ}, where[base.TEMPLATE_PREVIEW])
        self.assertEqual({base.REGION_POR},
                         where[base.TEMPLATE_UNKNOWN_MINOR])

    def test_one_region_csv(self):
        res = self.cli('coe', 'catalyst', 'template', 'list', '--region',
                       base.REGION_POR, '-f', 'csv', '--sort-column', 'Name')
        lines = res.stdout.splitlines()
        self.assertEqual('"Region","Name","UUID","Kubernetes Version",'
                         '"Profile","Released","Support"', lines[0])
        self.assertTrue(any(line.startswith(
            f'"{base.REGION_POR}","{base.TEMPLATE_LATEST}"')
            for line in lines[1:]))
        self.assertFalse(any(base.TEMPLATE_PREVIEW in line
                             for line in lines))


class TestShow(TemplatesTest):

    def test_show_alias(self):
        res = self.cli('coe', 'catalyst', 'template', 'show', 'latest-prod',
                       '-f', 'json')
        data = res.json
        self.assertEqual(base.TEMPLATE_LATEST, data['Name'])
        self.assertEqual(('1.35.6', '1.35', 'prod', 'latest'),
                         (data['Kubernetes Version'], data['Minor Version'],
                          data['Profile'], data['Support']))
        self.assertIn(f'Cluster template "latest-prod" resolves to '
                      f'{base.TEMPLATE_LATEST}', res.stderr)
        labels = data['Labels']
        self.assertIsInstance(labels, dict)
        self.assertIn('kube_tag', labels)
        self.assertEqual(
            ','.join(f'{k}={v}' for k, v in sorted(labels.items())
                     if ',' not in v),
            ','.join(part for part in data['Labels Argument'].split(',')
                     if part.split('=')[0] in labels
                     and ',' not in labels[part.split('=')[0]]))
        for field in ('image_id', 'flavor_id', 'coe', 'tags', 'hidden',
                      'public', 'external_network_id'):
            self.assertIn(field, data)

    def test_show_table_has_label_rows(self):
        res = self.cli('coe', 'catalyst', 'template', 'show',
                       base.TEMPLATE_LATEST)
        self.assertIn(f'kube_tag={base.LATEST_KUBE_TAG}', res.stdout)
        self.assertEqual('', res.stderr)

    def test_show_preview_by_version_with_its_notice(self):
        res = self.openstack('coe', 'catalyst', 'template', 'show', '1.36',
                             '-f', 'json', env=ENV)
        self.assertEqual((base.TEMPLATE_PREVIEW, 'preview'),
                         (res.json['Name'], res.json['Support']))
        self.assertEqual(
            'Kubernetes 1.36 is a preview (local cloud service facts '
            '(tools/localcloud), 2026-07-21)', res.json['Support Reason'])
        self.assertEqual(1, res.stderr.count(
            'Note: Kubernetes 1.36 is a preview (local cloud service facts '
            '(tools/localcloud), 2026-07-21): it may change or fail'),
            res.stderr)

    def test_show_unknown(self):
        res = self.cli('coe', 'catalyst', 'template', 'show', 'latest-dev',
                       check=False, expected_stderr=[
                           r'^no supported cluster template matches alias '
                           r'"latest-dev"'])
        self.assertEqual(1, res.rc)
        self.assertEqual(1, len(res.stderr.strip().splitlines()))
        self.assertIn('no supported cluster template matches alias '
                      '"latest-dev"', res.stderr)


class TestCreate(TemplatesTest):

    def test_create_from_alias_with_overrides(self):
        name = self.unique_name('ft-copy')
        source = self.cli('coe', 'catalyst', 'template', 'show',
                          'latest-prod', '-f', 'json').json
        res = self.cli('coe', 'catalyst', 'template', 'create', name,
                       '--from', 'latest-prod',
                       '--label', 'boot_volume_size=30',
                       '--label', f'kube_tag={base.LATEST_KUBE_TAG}',
                       '--flavor', base.FLAVOR_MEDIUM, '-f', 'json',
                       check=False)
        if res.rc == 0:
            self.addCleanup(self.cli, 'coe', 'cluster', 'template',
                            'delete', name, check=False)
        self.assertEqual(0, res.rc, res.stderr)
        self.assertEqual((name, 'custom'),
                         (res.json['Name'], res.json['Support']))
        copy = self.cli('coe', 'cluster', 'template', 'show', name,
                        '-f', 'json').json
        expected = dict(source['Labels'], boot_volume_size='30')
        self.assertEqual(expected, copy['labels'])
        self.assertEqual(base.FLAVOR_MEDIUM, copy['flavor_id'])
        for field in ('image_id', 'master_flavor_id', 'external_network_id',
                      'network_driver', 'coe', 'master_lb_enabled',
                      'floating_ip_enabled', 'docker_storage_driver'):
            self.assertEqual(source[field], copy[field], field)
        self.assertFalse(copy['public'])
        # The copy is not a Catalyst template: aliases never pick it.
        data = self.cli('coe', 'catalyst', 'template', 'show',
                        'latest-prod', '-f', 'json').json
        self.assertEqual(base.TEMPLATE_LATEST, data['Name'])

    def test_name_taken(self):
        res = self.cli('coe', 'catalyst', 'template', 'create',
                       base.TEMPLATE_CUSTOM, '--from', 'latest',
                       check=False,
                       expected_stderr=[r'^a cluster template named '
                                        r'"[^"]+" exists already$'])
        self.assertEqual(1, res.rc)
        self.assertIn(f'a cluster template named "{base.TEMPLATE_CUSTOM}" '
                      'exists already', res.stderr)


class TestHooks(TemplatesTest):

    def test_cluster_create_with_alias_and_labels_warning(self):
        name = self.unique_name('ft-tpl')
        res = self.create_cluster(
            name, template='latest', labels={'boot_volume_size': '20'},
            merge_labels=False, extra_args=(QUIET,),
            expected_stderr=[base.ALIAS_RESOLVED, base.LABELS_DROPPED])
        self.assertIn(f'Cluster template "latest" resolves to '
                      f'{base.TEMPLATE_LATEST}', res.stderr)
        self.assertIn('Warning: --labels replaces the labels of cluster '
                      f'template {base.TEMPLATE_LATEST}', res.stderr)
        self.assertIn('kube_tag', res.stderr.split('dropped:')[1])
        self.assertIn('Add --merge-labels to keep them.', res.stderr)
        cluster = self.wait_for_cluster_status(name, 'CREATE_COMPLETE')
        self.assertEqual(self.uuid_of(base.TEMPLATE_LATEST),
                         cluster['cluster_template_id'])
        # The request was unchanged: only the label given.
        self.assertEqual({'boot_volume_size': '20'}, cluster['labels'])

        # Node groups: --labels drops the cluster's labels; say so.
        res = self.cli('coe', 'nodegroup', 'create', name, 'ng1',
                       '--labels', f'kube_tag={base.LATEST_KUBE_TAG}',
                       expected_stderr=[base.LABELS_DROPPED])
        self.addCleanup(self.cli, 'coe', 'nodegroup', 'delete', name, 'ng1',
                        check=False)
        self.assertIn(f'Warning: --labels replaces the labels of cluster '
                      f'{name}; these 1 label(s) will be dropped: '
                      'boot_volume_size.', res.stderr)

    def test_no_warning_with_merge_labels(self):
        name = self.unique_name('ft-tpl')
        res = self.create_cluster(
            name, template=base.TEMPLATE_LATEST,
            labels={'boot_volume_size': '20'}, merge_labels=True,
            extra_args=(QUIET,))
        self.assertNotIn('Warning', res.stderr)
        self.assertNotIn('resolves to', res.stderr)

    def test_upgrade_refuses_a_skipped_minor(self):
        # A private template of Kubernetes 1.32 (its kube_tag says so).
        template = self.unique_name('ft-k8s-132')
        self.cli('coe', 'catalyst', 'template', 'create', template,
                 '--from', 'latest-prod', '--label', 'kube_tag=v1.32.13')
        self.addCleanup(self.cli, 'coe', 'cluster', 'template', 'delete',
                        template, check=False)
        name = self.unique_name('ft-upg')
        self.create_cluster(name, template=template, extra_args=(QUIET,))
        self.wait_for_cluster_status(name, 'CREATE_COMPLETE')

        targets = self.template_list('--upgrades-for', name)
        names = [row['Name'] for row in targets]
        self.assertIn(base.TEMPLATE_SUPPORTED_133, names)
        self.assertNotIn(base.TEMPLATE_LATEST, names)

        res = self.cli('coe', 'cluster', 'upgrade', name, 'latest',
                       check=False,
                       expected_stderr=[r'^refusing to upgrade cluster ',
                                        r'^Cluster template "latest" '
                                        r'resolves to '])
        self.assertEqual(1, res.rc)
        lines = [line for line in res.stderr.splitlines()
                 if not line.startswith('Cluster template "latest"')]
        self.assertEqual(1, len(lines), res.stderr)
        self.assertIn(f'refusing to upgrade cluster {name} to '
                      f'{base.TEMPLATE_LATEST}: 1.35.6 skips Kubernetes '
                      '1.33, 1.34', lines[0])
        self.assertIn(base.TEMPLATE_SUPPORTED_133,
                      lines[0].split('Valid targets:')[1])
        self.assertEqual('CREATE_COMPLETE',
                         self.show_cluster(name)['status'])

        # A valid target by alias goes through.
        res = self.cli('coe', 'cluster', 'upgrade', name, '1.33')
        self.assertIn(f'resolves to {base.TEMPLATE_SUPPORTED_133}',
                      res.stderr)
        self.assertIn('Request to upgrade cluster', res.stdout)
        cluster = self.wait_for_cluster_status(name, 'UPDATE_COMPLETE')
        self.assertEqual(self.uuid_of(base.TEMPLATE_SUPPORTED_133),
                         cluster['cluster_template_id'])
