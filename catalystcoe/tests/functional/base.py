"""Base class for functional tests: the real ``openstack`` CLI, local cloud.

Every functional test drives ``.venv/bin/openstack`` as a subprocess against
the local cloud of ``tools/local-cloud`` (Keystone, Magnum in two regions,
a conductor and stand-ins on 127.0.0.1).  The cloud is started once per test
process when it is not already running, and never stopped here.

The names seeded by ``tools/localcloud/seed.py`` are module constants below;
``test_local_cloud`` checks that they exist, so a rename breaks loudly.
"""

import functools
import json
import os
import subprocess
import time
import unittest
import uuid

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
STATE_DIR = os.path.join(TOP, '.local-cloud')
CLOUDS_YAML = os.path.join(STATE_DIR, 'clouds.yaml')
OPENSTACK = os.path.join(TOP, '.venv', 'bin', 'openstack')
LOCAL_CLOUD = os.path.join(TOP, 'tools', 'local-cloud')

# Every port the local cloud listens on (127.0.0.1 only): Keystone, Magnum
# nz-hlz-1 and nz-por-1, the stand-in, PostgreSQL, RabbitMQ, epmd, Erlang.
LOCAL_CLOUD_PORTS = (5000, 9511, 9512, 8790, 5433, 5673, 4370, 25673)

# Clouds in .local-cloud/clouds.yaml.
ADMIN_CLOUD = 'local-admin'
MEMBER_CLOUD = 'local-member'

# Regions: each has its own Magnum (own database and conductor).  Only
# nz-hlz-1 has an orchestration (Heat) endpoint in the catalog.
REGION_HLZ = 'nz-hlz-1'
REGION_POR = 'nz-por-1'
DEFAULT_REGION = REGION_HLZ
REGIONS = (REGION_HLZ, REGION_POR)

# Users and projects.
ADMIN_USER = 'admin'
ADMIN_PROJECT = 'admin'
MEMBER_USER = 'demo'
MEMBER_PROJECT = 'demo'

# What the stand-in Glance/Neutron/Nova answer.
IMAGE_UBUNTU = 'ubuntu-jammy-x86_64'
IMAGE_FLATCAR = 'flatcar-stable-x86_64'
EXTERNAL_NETWORK = 'public-net'
FLAVOR_SMALL = 'c1.c2r4'
FLAVOR_MEDIUM = 'c1.c4r8'
FLAVOR_LARGE = 'c1.c8r16'
# A GPU flavor (extra spec resources:VGPU).
FLAVOR_GPU = 'c2-gpu.c4r16g1'
FLAVORS = ('c1.c1r1', 'c1.c2r2', 'c1.c2r4', 'c1.c4r8', 'c1.c8r16',
           FLAVOR_GPU)
KEYPAIR = 'demo-key'

# Seeded public templates (created by the admin, ``--public``).
# Newest supported template of the newest supported minor (both regions).
TEMPLATE_LATEST = 'kubernetes-v1.33.4-20260115'
# Older patch of the same minor: hidden (both regions).
TEMPLATE_OLDER_PATCH = 'kubernetes-v1.33.2-20250623'
# Last template of the previous, now unsupported, minor: hidden.
TEMPLATE_PREVIOUS_MINOR = 'kubernetes-v1.32.13-20260310'
# Preview minor (1.34): visible, nz-hlz-1 only.
TEMPLATE_PREVIEW = 'kubernetes-v1.34.2-20261020'
# Older generations, all hidden.
TEMPLATE_GEN1 = 'kubernetes-v1.11.2-development'
TEMPLATE_GEN2_PROD = 'kubernetes-v1.18.14-prod-20210211'
TEMPLATE_GEN2_DEV = 'kubernetes-v1.18.14-dev-20210211'
TEMPLATE_GEN3_OLD = 'kubernetes-v1.28.9-20240416'
# A private template of the member's project (not public).
TEMPLATE_CUSTOM = 'my-team-k8s'

# Public templates per region, visible (not hidden) ones first.
VISIBLE_TEMPLATES = {
    REGION_HLZ: (TEMPLATE_PREVIEW, TEMPLATE_LATEST),
    REGION_POR: (TEMPLATE_LATEST,),
}
HIDDEN_TEMPLATES = {
    REGION_HLZ: (
        TEMPLATE_GEN1,
        'kubernetes-v1.11.2',
        'kubernetes-v1.12.7-prod-20190403',
        'kubernetes-v1.12.7-dev-20190403',
        TEMPLATE_GEN2_PROD,
        TEMPLATE_GEN2_DEV,
        'kubernetes-v1.27.11-prod-20240218',
        'kubernetes-v1.28.14-prod-20240625',
        TEMPLATE_GEN3_OLD,
        'kubernetes-v1.29.3-20240416',
        'kubernetes-v1.30.14-20250623',
        'kubernetes-v1.31.14-20251130',
        TEMPLATE_PREVIOUS_MINOR,
        TEMPLATE_OLDER_PATCH,
    ),
    REGION_POR: (
        TEMPLATE_GEN1,
        TEMPLATE_GEN2_PROD,
        TEMPLATE_GEN2_DEV,
        'kubernetes-v1.27.11-prod-20240218',
        TEMPLATE_GEN3_OLD,
        'kubernetes-v1.29.3-20240416',
        'kubernetes-v1.29.14-20250217',
        'kubernetes-v1.31.14-20251130',
        TEMPLATE_PREVIOUS_MINOR,
        TEMPLATE_OLDER_PATCH,
    ),
}
# Templates carrying tags "environment:prod,build_id:...,created_at:...".
TAGGED_TEMPLATES = (TEMPLATE_LATEST, TEMPLATE_PREVIEW, TEMPLATE_OLDER_PATCH,
                    TEMPLATE_PREVIOUS_MINOR,
                    'kubernetes-v1.27.11-prod-20240218')

# Seeded clusters of the member's project, nz-hlz-1 only.
CLUSTER_HEALTHY = 'demo-healthy'        # CREATE_COMPLETE, HEALTHY
CLUSTER_FAILED = 'demo-failed'          # CREATE_FAILED (fake_failure=quota)
CLUSTER_UNHEALTHY = 'demo-unhealthy'    # CREATE_COMPLETE, UNHEALTHY
# CREATE_COMPLETE; on its network a bastion server (with a floating IP)
# and a load balancer the user made, a Service load balancer; two volumes
# made by its Cinder CSI driver.
CLUSTER_NEIGHBOURS = 'demo-neighbours'
SEEDED_CLUSTERS = (CLUSTER_HEALTHY, CLUSTER_FAILED, CLUSTER_UNHEALTHY,
                   CLUSTER_NEIGHBOURS)
# The member's project is seeded near its core quota (48 cores).
MEMBER_CORES_QUOTA = 48

# How long the fake driver's operations take at most (periodic sync ~10 s).
LIFECYCLE_TIMEOUT = 90

_ENV_DROP_PREFIXES = ('OS_',)


@functools.lru_cache(maxsize=None)
def ensure_local_cloud():
    """Start the local cloud unless it answers already (once per process).

    ``tools/local-cloud start`` takes a lock and reuses a running cloud,
    so parallel test workers may all call this.
    """
    result = subprocess.run([LOCAL_CLOUD, 'start'], capture_output=True,
                            text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError('tools/local-cloud start failed:\n'
                           + result.stdout + result.stderr)
    return True


def cli_env(extra=None):
    """Environment for a CLI run: only our clouds.yaml, no OS_* leaks."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(_ENV_DROP_PREFIXES)}
    env['OS_CLIENT_CONFIG_FILE'] = CLOUDS_YAML
    env['PATH'] = (os.path.dirname(OPENSTACK) + os.pathsep
                   + env.get('PATH', ''))
    env.setdefault('PYTHONWARNINGS', 'ignore')
    if extra:
        env.update(extra)
    return env


# A real Magnum race: while a conductor has written a new cluster's row but
# not yet its node groups, listing or showing that cluster answers 400
# "Invalid input for field/attribute master_count" (see
# shared/reference/local-cloud.md). Tests run concurrently and create
# clusters, so a read that meets it is run again; anything else is not.
MAGNUM_RACE = 'Invalid input for field/attribute master_count'


_READS = {'list', 'show'}
_WRITES = {'create', 'delete', 'update', 'resize', 'upgrade', 'wait'}


def run_cli(cmd, env, timeout=180, input=None, text=True, tries=4):
    """subprocess.run for one CLI command; a read meeting the race again."""
    words = set(map(str, cmd))
    if not (words & _READS) or words & _WRITES:
        tries = 1
    for attempt in range(tries):
        proc = subprocess.run(cmd, capture_output=True, text=text,
                              timeout=timeout, env=env, input=input)
        err = proc.stderr if text else proc.stderr.decode(errors='replace')
        if proc.returncode == 0 or MAGNUM_RACE not in err:
            break
        time.sleep(1 + attempt)
    return proc


def _wants_json(args):
    args = list(args)
    for i, arg in enumerate(args):
        if arg in ('-f', '--format') and i + 1 < len(args):
            if args[i + 1] == 'json':
                return True
        if arg in ('-fjson', '--format=json'):
            return True
    return False


class CLIResult:
    """What one ``openstack`` run gave: ``rc``, ``stdout``, ``stderr``.

    ``json`` is stdout parsed when ``-f json`` was among the arguments
    (parsing errors raise, so a notice on stdout fails the test).
    """

    def __init__(self, args, rc, stdout, stderr, parse_json):
        self.args = list(args)
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.json = None
        if parse_json and rc == 0:
            self.json = json.loads(stdout)

    def __repr__(self):
        return (f'CLIResult(args={self.args!r}, rc={self.rc}, '
                f'stdout={self.stdout!r}, stderr={self.stderr!r})')


class FunctionalTest(unittest.TestCase):
    """A test that runs the real ``openstack`` CLI against the local cloud.

    Use ``self.openstack('coe', 'cluster', 'list', '-f', 'json')``; the
    default cloud is ``local-member`` in ``nz-hlz-1``.
    """

    cloud = MEMBER_CLOUD
    region = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_local_cloud()

    # -- the CLI ----------------------------------------------------------

    def openstack(self, *args, cloud=None, region=None, env=None,
                  check=True, timeout=180, input=None):
        """Run ``openstack --os-cloud <cloud> [--os-region-name R] args``.

        With ``check`` (default) a non-zero exit fails the test, showing
        stdout and stderr.  Returns a ``CLIResult``.
        """
        cmd = [OPENSTACK, '--os-cloud', cloud or self.cloud]
        region = region or self.region
        if region:
            cmd += ['--os-region-name', region]
        cmd += [str(a) for a in args]
        proc = run_cli(cmd, env=cli_env(env), timeout=timeout, input=input)
        if check and proc.returncode != 0:
            self.fail(f'{" ".join(cmd[1:])} exited {proc.returncode}\n'
                      f'stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}')
        return CLIResult(cmd, proc.returncode, proc.stdout, proc.stderr,
                         _wants_json(args))

    def unique_name(self, prefix='ft'):
        """A name no other test (or run) uses: ``<prefix>-<8 hex>``."""
        return f'{prefix}-{uuid.uuid4().hex[:8]}'

    # -- clusters ---------------------------------------------------------

    def show_cluster(self, name, cloud=None, region=None, check=True):
        """``coe cluster show -f json``; None when it does not exist."""
        res = self.openstack('coe', 'cluster', 'show', name, '-f', 'json',
                             '--no-preview-warning', cloud=cloud,
                             region=region, check=False)
        if res.rc != 0:
            if 'could not be found' in res.stderr or 'not found' in \
                    res.stderr.lower():
                return None
            if check:
                self.fail(f'cluster show {name} failed: {res.stderr}')
            return None
        return res.json

    def create_cluster(self, name, template=TEMPLATE_LATEST, labels=None,
                       merge_labels=True, node_count=1, master_count=1,
                       keypair=None, flavor=None, master_flavor=None,
                       extra_args=(), cloud=None, region=None, wait=None,
                       check=True, cleanup=True):
        """``coe cluster create`` through the CLI; deletion as a cleanup.

        ``labels`` is a dict (sent as one ``--labels k=v,...``), merged with
        the template's unless ``merge_labels`` is False.  ``wait`` is a
        status to wait for (e.g. ``'CREATE_COMPLETE'``); returns the
        ``CLIResult`` of the create, or the cluster dict when waiting.
        """
        args = ['coe', 'cluster', 'create', name,
                '--cluster-template', template,
                '--node-count', node_count, '--master-count', master_count]
        if labels:
            args += ['--labels',
                     ','.join(f'{k}={v}' for k, v in labels.items())]
            if merge_labels:
                args.append('--merge-labels')
        if keypair:
            args += ['--keypair', keypair]
        if flavor:
            args += ['--flavor', flavor]
        if master_flavor:
            args += ['--master-flavor', master_flavor]
        args += list(extra_args)
        res = self.openstack(*args, cloud=cloud, region=region, check=check)
        if res.rc == 0 and cleanup:
            self.addCleanup(self.delete_cluster_eventually, name,
                            cloud=cloud, region=region)
        if wait and res.rc == 0:
            return self.wait_for_cluster_status(name, wait, cloud=cloud,
                                                region=region)
        return res

    def wait_for_cluster_status(self, name, status, cloud=None,
                                region=None, timeout=LIFECYCLE_TIMEOUT,
                                interval=2):
        """Poll until the cluster has ``status`` (a string or a tuple).

        Fails the test at once when it ends in a ``*_FAILED`` state not
        wanted, or on timeout (a ``*_COMPLETE`` state seen before an update
        was picked up is not final).  ``status`` may be ``'DELETED'``
        to wait until the cluster is gone.  Returns the cluster dict.
        """
        wanted = (status,) if isinstance(status, str) else tuple(status)
        deadline = time.monotonic() + timeout
        last = None
        while True:
            cluster = self.show_cluster(name, cloud=cloud, region=region,
                                        check=False)
            if cluster is None:
                if 'DELETED' in wanted:
                    return None
            else:
                last = cluster.get('status')
                if last in wanted:
                    return cluster
                if last and last.endswith('_FAILED'):
                    self.fail(f'cluster {name} ended {last} '
                              f'({cluster.get("status_reason")}), '
                              f'wanted {"/".join(wanted)}')
            if time.monotonic() > deadline:
                self.fail(f'cluster {name} still {last} after {timeout}s, '
                          f'wanted {"/".join(wanted)}')
            time.sleep(interval)

    def delete_cluster_eventually(self, name, cloud=None, region=None,
                                  timeout=LIFECYCLE_TIMEOUT):
        """Delete a cluster and wait until it is gone (for cleanups).

        A delete that ends DELETE_FAILED (``fake_failure=delete_conflict``
        fails the first delete only) is retried once.
        """
        for _attempt in range(2):
            if self.show_cluster(name, cloud=cloud, region=region,
                                 check=False) is None:
                return
            self.openstack('coe', 'cluster', 'delete', name,
                           '--no-preview-warning', cloud=cloud,
                           region=region, check=False)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                cluster = self.show_cluster(name, cloud=cloud,
                                            region=region, check=False)
                if cluster is None:
                    return
                if cluster.get('status') == 'DELETE_FAILED':
                    break
                time.sleep(2)

    # -- templates --------------------------------------------------------

    def create_template(self, name, labels=None, public=False, hidden=False,
                        coe_version='v1.33.4', image=IMAGE_UBUNTU,
                        extra_args=(), cloud=ADMIN_CLOUD, region=None,
                        check=True):
        """``coe cluster template create`` (admin by default) + cleanup.

        ``labels`` is a dict; ``kube_tag`` defaults to ``coe_version``.
        Stock create prints free text before its table, so ``.json`` of the
        result is the template as ``template show -f json`` gives it.
        """
        labels = dict(labels or {})
        labels.setdefault('kube_tag', coe_version)
        args = ['coe', 'cluster', 'template', 'create', name,
                '--coe', 'kubernetes', '--image', image,
                '--external-network', EXTERNAL_NETWORK,
                '--master-flavor', FLAVOR_SMALL, '--flavor', FLAVOR_SMALL,
                '--network-driver', 'calico',
                '--labels', ','.join(f'{k}={v}' for k, v in labels.items())]
        if public:
            args.append('--public')
        if hidden:
            args.append('--hidden')
        args += list(extra_args)
        res = self.openstack(*args, '--no-preview-warning', cloud=cloud,
                             region=region, check=check)
        if res.rc == 0:
            self.addCleanup(self.openstack, 'coe', 'cluster', 'template',
                            'delete', name, cloud=cloud, region=region,
                            check=False)
            res.json = self.openstack(
                'coe', 'cluster', 'template', 'show', name, '-f', 'json',
                '--no-preview-warning', cloud=cloud, region=region).json
        return res
