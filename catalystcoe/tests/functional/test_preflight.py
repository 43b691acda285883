"""Pre-flight checks, ``coe cluster resource list`` and the delete hook,
through the real ``openstack`` CLI against the local cloud.

The local cloud's stand-ins answer Nova, Neutron, Octavia, Cinder and
Glance as openstacksdk expects; the member's project is seeded near its
core quota, and the seeded cluster ``demo-neighbours`` has a bastion and
a load balancer the user made on its network, and two volumes of its
Cinder CSI driver.
"""

import re

import yaml

from catalystcoe.tests.functional import base

QUIET = '--no-preview-warning'
CHECKS = ('credential', 'master-count', 'flavor', 'image', 'keypair',
          'gpu', 'labels', 'dashboard', 'quota')
COLUMNS = ['Type', 'ID', 'Name', 'Made By', 'On Delete', 'Detail']


def failed_lines(stderr):
    return [line for line in stderr.splitlines()
            if line.startswith('Pre-flight check failed: ')]


class PreflightTest(base.FunctionalTest):

    def assert_not_created(self, name):
        self.assertIsNone(self.show_cluster(name, check=False),
                          f'cluster {name} was created')


class TestCreate(PreflightTest):

    def test_create_refused_for_quota_with_the_numbers(self):
        name = self.unique_name('ft-pf-quota')
        res = self.create_cluster(name, node_count=15,
                                  flavor=base.FLAVOR_LARGE,
                                  extra_args=(QUIET,), check=False)
        self.assertEqual(1, res.rc, res)
        # 1 master of c1.c2r4 (2 cores) and 15 workers of 8 cores.
        match = re.search(r'Pre-flight check failed: quota: needs 122 cores, '
                          r'(\d+) left of (\d+) \(Nova\)', res.stderr)
        self.assertIsNotNone(match, res.stderr)
        self.assertEqual(base.MEMBER_CORES_QUOTA, int(match.group(2)))
        self.assertLess(int(match.group(1)), 122)
        self.assertIn(f'for create cluster {name}', res.stderr)
        self.assertIn('--skip-preflight', res.stderr)
        self.assertNotIn('Traceback', res.stderr)
        self.assertEqual('', res.stdout)
        self.assert_not_created(name)

    def test_gpu_flavor_on_1_33_4_refused(self):
        name = self.unique_name('ft-pf-gpu')
        # The seeded templates are all newer: the version comes from
        # kube_tag (which --labels may set, as a user can).
        res = self.create_cluster(name, flavor=base.FLAVOR_GPU,
                                  labels={'kube_tag': 'v1.33.4'},
                                  extra_args=(QUIET,), check=False)
        self.assertEqual(1, res.rc, res)
        self.assertIn(
            f'Pre-flight check failed: gpu: GPU flavor {base.FLAVOR_GPU} '
            'needs Kubernetes 1.33.5 or later on Catalyst Cloud (GPU '
            'support starts at 1.31.13, 1.32.9 and 1.33.5); this cluster '
            'would run 1.33.4', failed_lines(res.stderr))
        self.assert_not_created(name)
        # The same flavor on a version with GPU support passes.
        res = self.create_cluster(
            name, flavor=base.FLAVOR_GPU, labels={'kube_tag': 'v1.33.5'},
            extra_args=(QUIET, '--dry-run'), check=False)
        self.assertEqual(0, res.rc, res)
        self.assertIn(f'pass  gpu: GPU flavor {base.FLAVOR_GPU} on '
                      'Kubernetes 1.33.5', res.stdout)

    def test_label_typo_warned_and_the_create_sent(self):
        name = self.unique_name('ft-pf-label')
        res = self.create_cluster(
            name, labels={'kube_dashbaord_enabled': 'false'},
            extra_args=(QUIET,))
        self.assertIn('Warning: pre-flight: labels: kube_dashbaord_enabled: '
                      'did you mean kube_dashboard_enabled?', res.stderr)
        self.assertIn('Request to create cluster', res.stdout)
        cluster = self.show_cluster(name)
        self.assertEqual('false', cluster['labels']['kube_dashbaord_enabled'])

    def test_dry_run_lists_every_check_and_sends_nothing(self):
        name = self.unique_name('ft-pf-dry')
        res = self.create_cluster(
            name, template='latest', labels={'boot_volume_size': '30'},
            keypair=base.KEYPAIR, extra_args=(QUIET, '--dry-run'))
        self.assertEqual(0, res.rc)
        lines = res.stdout.splitlines()
        found = {line.split()[1].rstrip(':') for line in lines}
        self.assertEqual(set(CHECKS), found, res.stdout)
        for line in lines:
            self.assertRegex(line, r'^(pass|warn|fail|skip)  [a-z-]+: ')
        self.assertIn(f'pass  keypair: {base.KEYPAIR} exists', lines)
        self.assertIn(f'pass  image: {base.IMAGE_UBUNTU} (ubuntu, active)',
                      lines)
        # Two nodes with a 30 GB root volume each.
        self.assertTrue(any(line.startswith('pass  quota: needs 60 GB of '
                                            'volumes, ') for line in lines),
                        res.stdout)
        self.assertIn('Dry run: nothing was sent.', res.stderr)
        self.assertNotIn('Request to create', res.stdout)
        self.assert_not_created(name)

    def test_dry_run_exits_1_when_a_check_fails(self):
        name = self.unique_name('ft-pf-dry')
        res = self.create_cluster(name, master_count=2,
                                  extra_args=(QUIET, '--dry-run'),
                                  check=False)
        self.assertEqual(1, res.rc, res)
        self.assertIn('fail  master-count: master count 2 is not 1, 3, 5 '
                      'or 7 (Catalyst Cloud)', res.stdout.splitlines())
        self.assert_not_created(name)

    def test_skip_preflight_sends_the_request(self):
        # Without the checks, Magnum itself refuses the unknown keypair.
        name = self.unique_name('ft-pf-skip')
        refused = self.create_cluster(name, keypair='no-such-key',
                                      extra_args=(QUIET,), check=False)
        self.assertEqual(['Pre-flight check failed: keypair: keypair '
                          'no-such-key does not exist for your user (see '
                          '"openstack keypair list")'],
                         failed_lines(refused.stderr))
        sent = self.create_cluster(name, keypair='no-such-key',
                                   extra_args=(QUIET, '--skip-preflight'),
                                   check=False)
        self.assertNotEqual(0, sent.rc)
        self.assertEqual([], failed_lines(sent.stderr))
        self.assertIn('Unable to find keypair no-such-key', sent.stderr)

    def test_restricted_application_credential_refused(self):
        cred = self.openstack('application', 'credential', 'create',
                              self.unique_name('ft-pf-ac'), '-f', 'json').json
        self.addCleanup(self.openstack, 'application', 'credential',
                        'delete', cred['ID'], check=False)
        cmd = [base.OPENSTACK, '--os-auth-type', 'v3applicationcredential',
               '--os-auth-url', 'http://127.0.0.1:5000/v3',
               '--os-application-credential-id', cred['ID'],
               '--os-application-credential-secret', cred['Secret'],
               '--os-region-name', base.REGION_HLZ,
               'coe', 'cluster', 'create', self.unique_name('ft-pf-ac'),
               '--cluster-template', base.TEMPLATE_LATEST, QUIET]
        env = base.cli_env()
        env.pop('OS_CLIENT_CONFIG_FILE')
        res = base.run_cli(cmd, env=env)
        self.assertEqual(1, res.returncode, res.stderr)
        lines = failed_lines(res.stderr)
        self.assertEqual(1, len(lines), res.stderr)
        self.assertIn(f'credential: authenticated with application '
                      f'credential {cred["Name"]}, which is restricted',
                      lines[0])


class TestResizeAndNodeGroup(PreflightTest):

    def test_resize_refused_for_quota(self):
        res = self.openstack('coe', 'cluster', 'resize',
                             base.CLUSTER_HEALTHY, '60', QUIET, check=False)
        self.assertEqual(1, res.rc, res)
        self.assertRegex(res.stderr, r'Pre-flight check failed: quota: '
                         r'needs 58 instances, \d+ left of 60 \(Nova\)')
        self.assertIn(f'for resize cluster {base.CLUSTER_HEALTHY}',
                      res.stderr)
        self.assertEqual(2, self.show_cluster(
            base.CLUSTER_HEALTHY)['node_count'])

    def test_nodegroup_create_with_gpu_flavor_refused(self):
        res = self.openstack('coe', 'nodegroup', 'create',
                             base.CLUSTER_HEALTHY, 'ft-gpu', '--flavor',
                             base.FLAVOR_GPU, '--labels', 'kube_tag=v1.33.4',
                             '--merge-labels', QUIET, check=False)
        self.assertEqual(1, res.rc, res)
        self.assertIn(f'gpu: GPU flavor {base.FLAVOR_GPU} needs Kubernetes '
                      '1.33.5 or later', res.stderr)
        groups = self.openstack('coe', 'nodegroup', 'list',
                                base.CLUSTER_HEALTHY, '-f', 'json',
                                QUIET).json
        self.assertNotIn('ft-gpu', [g['name'] for g in groups])


class TestResources(PreflightTest):

    def resources(self, *args):
        return self.openstack('coe', 'cluster', 'resource', 'list',
                              base.CLUSTER_NEIGHBOURS, QUIET, *args)

    def test_listed_in_json_with_who_made_them(self):
        rows = self.resources('-f', 'json').json
        self.assertEqual(COLUMNS, list(rows[0]))
        by_name = {row['Name']: row for row in rows}
        bastion = by_name[f'{base.CLUSTER_NEIGHBOURS}-bastion']
        self.assertEqual(('server', 'other', 'blocks delete'),
                         (bastion['Type'], bastion['Made By'],
                          bastion['On Delete']))
        user_lb = by_name[f'{base.CLUSTER_NEIGHBOURS}-app-lb']
        self.assertEqual(('load balancer', 'other', 'blocks delete'),
                         (user_lb['Type'], user_lb['Made By'],
                          user_lb['On Delete']))
        kinds = {(row['Type'], row['Made By'], row['On Delete'])
                 for row in rows}
        for kind in (('server', 'cluster', 'deleted'),
                     ('load balancer', 'cluster', 'deleted'),
                     ('load balancer', 'kubernetes', 'deleted'),
                     ('floating IP', 'other', 'blocks delete'),
                     ('floating IP', 'kubernetes', 'deleted'),
                     ('network', 'cluster', 'deleted'),
                     ('router', 'cluster', 'deleted'),
                     ('volume', 'cluster', 'deleted'),
                     ('volume', 'kubernetes', 'survives')):
            self.assertIn(kind, kinds)
        servers = [r for r in rows if r['Type'] == 'server'
                   and r['Made By'] == 'cluster']
        self.assertEqual(3, len(servers))      # 1 master, 2 workers
        pvs = [r for r in rows if r['On Delete'] == 'survives']
        self.assertEqual(2, len(pvs))
        for row in pvs:
            self.assertTrue(row['Name'].startswith('pvc-'), row)

    def test_every_cliff_format(self):
        rows = self.resources('-f', 'json').json
        table = self.resources().stdout
        for column in COLUMNS:
            self.assertIn(column, table.splitlines()[1])
        for row in rows:
            self.assertIn(row['ID'], table)
        self.assertEqual(rows, yaml.safe_load(
            self.resources('-f', 'yaml').stdout))
        csv = self.resources('-f', 'csv').stdout.splitlines()
        self.assertEqual(','.join(f'"{c}"' for c in COLUMNS), csv[0])
        self.assertEqual(len(rows) + 1, len(csv))
        values = self.resources('-f', 'value', '-c', 'ID').stdout.split()
        self.assertEqual([r['ID'] for r in rows], values)
        blocking = self.resources('--blocking', '-f', 'json').json
        self.assertEqual({'blocks delete'},
                         {r['On Delete'] for r in blocking})
        self.assertEqual(3, len(blocking))  # bastion, its floating IP, LB

    def test_unknown_cluster(self):
        res = self.openstack('coe', 'cluster', 'resource', 'list',
                             'no-such-cluster', QUIET, check=False)
        self.assertEqual(1, res.rc)
        self.assertEqual(1, len(res.stderr.strip().splitlines()),
                         res.stderr)
        self.assertIn('no-such-cluster', res.stderr)
        self.assertNotIn('Traceback', res.stderr)


class TestDelete(PreflightTest):

    def test_strict_refuses_naming_the_bastion_and_the_load_balancer(self):
        res = self.openstack('coe', 'cluster', 'delete',
                             base.CLUSTER_NEIGHBOURS, '--strict', QUIET,
                             check=False)
        self.assertEqual(1, res.rc, res)
        refusals = [line for line in res.stderr.splitlines()
                    if line.startswith('refusing to delete cluster '
                                       f'{base.CLUSTER_NEIGHBOURS}: ')]
        self.assertEqual(3, len(refusals), res.stderr)
        text = '\n'.join(refusals)
        self.assertIn(f'server {base.CLUSTER_NEIGHBOURS}-bastion', text)
        self.assertIn(f'load balancer {base.CLUSTER_NEIGHBOURS}-app-lb',
                      text)
        self.assertIn('floating IP 203.0.113.', text)
        self.assertIn('Nothing was deleted.', res.stderr)
        self.assertEqual('CREATE_COMPLETE', self.show_cluster(
            base.CLUSTER_NEIGHBOURS)['status'])

    def test_delete_warns_about_blockers_and_names_surviving_volumes(self):
        name = self.unique_name('ft-pf-del')
        self.create_cluster(
            name, labels={'fake_bastion': 'true', 'fake_user_lb': 'true',
                          'fake_pv_volumes': '2'},
            extra_args=(QUIET,), wait='CREATE_COMPLETE')
        volumes = [row['Name'] for row in self.openstack(
            'coe', 'cluster', 'resource', 'list', name, '-f', 'json',
            QUIET).json if row['On Delete'] == 'survives']
        self.assertEqual(2, len(volumes))
        res = self.openstack('coe', 'cluster', 'delete', name, QUIET)
        warnings = [line for line in res.stderr.splitlines()
                    if line.startswith(f'Warning: cluster {name}: ')]
        self.assertEqual(3, len(warnings), res.stderr)
        self.assertIn(f'server {name}-bastion (', warnings[0])
        self.assertIn('on its network was not made by the cluster and '
                      'blocks the delete', warnings[0])
        self.assertTrue(any(f'load balancer {name}-app-lb (' in line
                            for line in warnings), warnings)
        survive = [line for line in res.stderr.splitlines()
                   if 'survive the delete' in line]
        self.assertEqual(1, len(survive), res.stderr)
        self.assertIn(f'2 volume(s) made by the Cinder CSI driver of '
                      f'cluster {name} (20 GB)', survive[0])
        for volume in volumes:
            self.assertIn(volume, survive[0])
        # A warning, not a refusal: the delete was sent, and the bastion
        # blocks it as the warning said (the Cluster API driver cannot
        # delete the network while the user's ports sit on it).
        self.assertIn(f'Request to delete cluster {name} has been '
                      'accepted', res.stdout)
        blocked = self.until(name, lambda c: 'failed to delete' in str(
            c['health_status_reason']), 'the delete blocked')
        self.assertEqual('DELETE_IN_PROGRESS', blocked['status'])
        self.assertIn('ports still in use',
                      blocked['health_status_reason']['infrastructure'])
