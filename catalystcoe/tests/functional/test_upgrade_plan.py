"""``coe cluster upgrade --dry-run`` and the upgrade rules, real CLI.

Each case makes its own two templates (the admin's, private) with the
Kubernetes versions it needs, and a cluster on the first: a cluster at
1.27 (rebuild), 1.30 -> 1.31 with and without auto-healing, 1.34 -> 1.35
with the dashboard label, a skipped minor, a patch-only upgrade.
"""

from catalystcoe.tests.functional import base

QUIET = {'CATALYSTCOE_PREVIEW_WARNING': 'never'}
EXIT_BLOCKED = 2


class UpgradePlanTest(base.FunctionalTest):

    def cluster_on(self, current, target, **labels):
        """``(cluster, target template)``: templates of both versions.

        The cluster is on the ``current`` one, made by the admin.
        """
        names = []
        for version in (current, target):
            name = self.unique_name(f'ft-k{version.replace(".", "")}')
            self.create_template(name, coe_version=f'v{version}')
            names.append(name)
        cluster = self.unique_name('ft-plan')
        self.create_cluster(cluster, template=names[0], labels=labels,
                            cloud=base.ADMIN_CLOUD, wait='CREATE_COMPLETE')
        return cluster, names[1]

    def plan(self, cluster, target, *extra):
        res = self.openstack('coe', 'cluster', 'upgrade', cluster, target,
                             '--dry-run', *extra, env=QUIET, check=False,
                             cloud=base.ADMIN_CLOUD)
        self.assertNotIn('Traceback', res.stderr)
        cells = [[c.strip() for c in line.split('|')[1:-1]]
                 for line in res.stdout.splitlines()
                 if line.startswith('| ')]
        self.assertEqual(['Item', 'Result', 'Detail', 'Source'], cells[0])
        return res.rc, {c[0]: c[1:] for c in cells[1:]}, res

    def assertNothingSent(self, cluster, version):
        shown = self.show_cluster(cluster, cloud=base.ADMIN_CLOUD)
        self.assertEqual('CREATE_COMPLETE', shown['status'])
        self.assertEqual(f'v{version}', shown['coe_version'])


class TestPlans(UpgradePlanTest):

    def test_127_must_be_rebuilt(self):
        cluster, target = self.cluster_on('1.27.11', '1.28.9')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(EXIT_BLOCKED, rc, res)
        self.assertEqual('fail', rows['Rule: Upgradable version'][0])
        self.assertIn('build a new cluster',
                      rows['Rule: Upgradable version'][1])
        self.assertIn('cluster-upgrade.rst',
                      rows['Rule: Upgradable version'][2])
        self.assertNothingSent(cluster, '1.27.11')

    def test_130_to_131_without_auto_healing(self):
        cluster, target = self.cluster_on('1.30.14', '1.31.14',
                                          auto_healing_enabled='false')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(EXIT_BLOCKED, rc, res)
        rule = rows['Rule: Auto-healing for 1.30 to 1.31']
        self.assertEqual('fail', rule[0])
        self.assertIn('Support Centre', rule[1])
        # Without --dry-run the rule refuses before any request.
        res = self.openstack('coe', 'cluster', 'upgrade', cluster, target,
                             env=QUIET, check=False, cloud=base.ADMIN_CLOUD)
        self.assertEqual(1, res.rc, res)
        self.assertIn('refusing to upgrade cluster', res.stderr)
        self.assertIn('auto_healing_enabled is false', res.stderr)
        self.assertNothingSent(cluster, '1.30.14')

    def test_130_to_131_with_auto_healing(self):
        cluster, target = self.cluster_on('1.30.14', '1.31.14',
                                          auto_healing_enabled='true')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(0, rc, res)
        self.assertEqual('pass',
                         rows['Rule: Auto-healing for 1.30 to 1.31'][0])
        self.assertEqual('upgrade', rows['Node group default-worker'][0])
        self.assertIn('1.30.14 -> 1.31.14',
                      rows['Node group default-worker'][1])

    def test_to_135_with_the_dashboard_label(self):
        cluster, target = self.cluster_on('1.34.9', '1.35.6',
                                          kube_dashboard_enabled='true')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(0, rc, res)
        rule = rows['Rule: Kubernetes Dashboard']
        self.assertEqual('warn', rule[0])
        self.assertIn('upgrading to 1.35 removes it', rule[1])
        self.assertEqual('removed', rows['Label kube_dashboard_enabled'][0])
        # The real upgrade: the warning on stderr, then the request.
        res = self.openstack('coe', 'cluster', 'upgrade', cluster, target,
                             env=QUIET, cloud=base.ADMIN_CLOUD)
        self.assertIn('Warning: Kubernetes Dashboard:', res.stderr)
        self.assertIn('has been accepted', res.stdout)

    def test_skipped_minor(self):
        cluster, target = self.cluster_on('1.33.4', '1.35.6')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(EXIT_BLOCKED, rc, res)
        self.assertEqual('fail', rows['Rule: Upgrade path'][0])
        self.assertIn('skips Kubernetes 1.34', rows['Rule: Upgrade path'][1])
        self.assertNothingSent(cluster, '1.33.4')

    def test_patch_only(self):
        cluster, target = self.cluster_on('1.33.2', '1.33.4')
        rc, rows, res = self.plan(cluster, target)
        self.assertEqual(0, rc, res)
        self.assertEqual(['pass', 'a patch upgrade'],
                         rows['Rule: Upgrade path'][:2])
        self.assertEqual(['changed', 'v1.33.2 -> v1.33.4', ''],
                         rows['Label kube_tag'])
        self.assertIn('UPDATE_COMPLETE only once every node',
                      rows['Rule: Node replacement'][1])
        self.assertEqual('', res.stderr)
        self.assertNothingSent(cluster, '1.33.2')


class TestTemplateDiff(base.FunctionalTest):

    def test_two_templates(self):
        old = self.unique_name('ft-diff')
        new = self.unique_name('ft-diff')
        self.create_template(old, labels={'boot_volume_size': '20'},
                             coe_version='v1.33.2')
        self.create_template(new, labels={'team': 'qa'},
                             coe_version='v1.33.4',
                             extra_args=('--flavor', base.FLAVOR_MEDIUM))
        res = self.openstack('coe', 'catalyst', 'template', 'diff', old, new,
                             '-f', 'json', env=QUIET,
                             cloud=base.ADMIN_CLOUD)
        rows = {r['Field']: (r['Change'], r['From'], r['To'])
                for r in res.json}
        self.assertEqual(('changed', base.FLAVOR_SMALL, base.FLAVOR_MEDIUM),
                         rows['flavor_id'])
        self.assertEqual(('changed', 'v1.33.2', 'v1.33.4'),
                         rows['labels.kube_tag'])
        self.assertEqual(('removed', '20', ''),
                         rows['labels.boot_volume_size'])
        self.assertEqual(('added', '', 'qa'), rows['labels.team'])
        self.assertNotIn('name', rows)
