"""Base class for functional tests: the real ``openstack`` CLI, local cloud.

Every functional test drives ``.venv/bin/openstack`` as a subprocess against
the local cloud of ``tools/local-cloud`` (Keystone, Magnum in two regions,
a conductor per region and stand-ins on 127.0.0.1).  The cloud is started
once per test process when it is not already running, and never stopped
here.

The names seeded by ``tools/localcloud/server/seed.py`` (from
``tools/localcloud/seeddata.py``) are module constants below;
``test_local_cloud`` checks that they exist, so a rename breaks loudly.

Every run's stderr is checked (as osc-placement's functional tests do by
parsing it with stdout): a traceback or a Python warning fails the test,
and so does any line that is neither one of our own notices
(``OWN_STDERR``) nor matched by the ``expected_stderr`` patterns the
test gives.
"""

import functools
import json
import os
import re
import subprocess
import threading
import time
import unittest
import uuid

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
STATE_DIR = os.path.join(TOP, '.local-cloud')
CLOUDS_YAML = os.path.join(STATE_DIR, 'clouds.yaml')
FACTS_CACHE = os.path.join(STATE_DIR, 'cache')
# CATALYSTCOE_TEST_OPENSTACK picks another client venv's openstack
# (tools/run-tests: .venvs/catalystcloud/bin/openstack).
OPENSTACK = (os.environ.get('CATALYSTCOE_TEST_OPENSTACK')
             or os.path.join(TOP, '.venv', 'bin', 'openstack'))
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

# Seeded public templates (created by the admin, ``--public``), named and
# hidden as Catalyst Cloud's are today (tools/localcloud/seeddata.py).
# Newest patch of the newest supported minor (both regions): v1.35.6.
TEMPLATE_LATEST = 'kubernetes-v1.35.6-20260720'
# The newest patches of the other supported minors (both regions).
TEMPLATE_SUPPORTED_134 = 'kubernetes-v1.34.9-20260720'
TEMPLATE_SUPPORTED_133 = 'kubernetes-v1.33.13-20260720'
# Older patch of the newest minor: hidden (both regions).
TEMPLATE_OLDER_PATCH = 'kubernetes-v1.35.5-20260529'
# Last template of the newest unsupported minor: hidden.
TEMPLATE_PREVIOUS_MINOR = 'kubernetes-v1.32.13-20260310'
# Kubernetes 1.36: "to be announced" in the packaged facts, a preview in
# the local cloud's served facts document. Visible, nz-hlz-1 only.
TEMPLATE_PREVIEW = 'kubernetes-v1.36.0-20260721'
# Kubernetes 1.37: in no facts document. Visible, nz-por-1 only.
TEMPLATE_UNKNOWN_MINOR = 'kubernetes-v1.37.0-20260721'
# Older generations, all hidden.
TEMPLATE_GEN1 = 'kubernetes-v1.11.2-development'
TEMPLATE_GEN2_PROD = 'kubernetes-v1.18.14-prod-20210211'
TEMPLATE_GEN2_DEV = 'kubernetes-v1.18.14-dev-20210211'
TEMPLATE_GEN3_OLD = 'kubernetes-v1.28.9-20240416'
# A private template of the member's project (not public).
TEMPLATE_CUSTOM = 'my-team-k8s'

# Public templates per region, visible (not hidden) ones first.
VISIBLE_TEMPLATES = {
    REGION_HLZ: (TEMPLATE_PREVIEW, TEMPLATE_LATEST, TEMPLATE_SUPPORTED_134,
                 TEMPLATE_SUPPORTED_133),
    REGION_POR: (TEMPLATE_UNKNOWN_MINOR, TEMPLATE_LATEST,
                 TEMPLATE_SUPPORTED_134, TEMPLATE_SUPPORTED_133),
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
        'kubernetes-v1.29.14-20250217',
        'kubernetes-v1.30.14-20250623',
        'kubernetes-v1.31.14-20251130',
        TEMPLATE_PREVIOUS_MINOR,
        'kubernetes-v1.33.12-20260529',
        'kubernetes-v1.34.8-20260529',
        TEMPLATE_OLDER_PATCH,
    ),
    REGION_POR: (
        TEMPLATE_GEN1,
        TEMPLATE_GEN2_PROD,
        TEMPLATE_GEN2_DEV,
        'kubernetes-v1.27.11-prod-20240218',
        TEMPLATE_GEN3_OLD,
        'kubernetes-v1.29.14-20250217',
        'kubernetes-v1.31.13-20250917',
        'kubernetes-v1.31.14-20251130',
        TEMPLATE_PREVIOUS_MINOR,
        'kubernetes-v1.33.12-20260529',
        TEMPLATE_OLDER_PATCH,
    ),
}
# Templates carrying tags "environment:prod,build_id:...,created_at:...".
TAGGED_TEMPLATES = (TEMPLATE_LATEST, TEMPLATE_SUPPORTED_134,
                    TEMPLATE_SUPPORTED_133, TEMPLATE_PREVIEW,
                    TEMPLATE_UNKNOWN_MINOR, TEMPLATE_OLDER_PATCH,
                    TEMPLATE_PREVIOUS_MINOR,
                    'kubernetes-v1.27.11-prod-20240218')
# The Kubernetes version of TEMPLATE_LATEST (its kube_tag label).
LATEST_KUBE_TAG = 'v1.35.6'

# The service facts document the stand-in serves (clouds.yaml names it);
# test documents of their own go to FACTS_PUBLISH_URL + '<name>.json'.
FACTS_URL = 'http://127.0.0.1:8790/catalystcoe/facts.json'
FACTS_PUBLISH_URL = 'http://127.0.0.1:8790/catalystcoe/facts/'
# The day of the local cloud's facts document: tests judging support use
# it (CATALYSTCOE_TODAY) so that they show the published table.
FACTS_DAY = '2026-07-21'

# Seeded clusters of the member's project, nz-hlz-1 only.
CLUSTER_HEALTHY = 'demo-healthy'        # CREATE_COMPLETE, HEALTHY
CLUSTER_FAILED = 'demo-failed'          # CREATE_FAILED, Heat era (quota)
CLUSTER_UNHEALTHY = 'demo-unhealthy'    # CREATE_COMPLETE, UNHEALTHY
# CREATE_COMPLETE; on its network a bastion server (with a floating IP)
# and a load balancer the user made, a Service load balancer; two volumes
# made by its Cinder CSI driver.
CLUSTER_NEIGHBOURS = 'demo-neighbours'
SEEDED_CLUSTERS = (CLUSTER_HEALTHY, CLUSTER_FAILED, CLUSTER_UNHEALTHY,
                   CLUSTER_NEIGHBOURS)
# The member's project core quota (room for the tests, not for 15 large
# workers).
MEMBER_CORES_QUOTA = 120

# How long the fake driver's operations take at most (periodic sync ~10 s).
LIFECYCLE_TIMEOUT = 90

_ENV_DROP_PREFIXES = ('OS_',)

# Lines of stderr that any run may print: our own notices.
OWN_STDERR = (
    # catalystcoe/preview.py: the preview notice of every coe command, and
    # the notice for a template of a preview Kubernetes version.
    r'^Note: Catalyst Cloud Kubernetes in (region \S+|this region) is a '
    r'.*Preview \(source: ',
    r'^Note: .*: it may change or fail; use a supported version for '
    r'production\. ',
    # catalystcoe/facts.py: packaged support data older than 180 days.
    r'^Note: the Kubernetes support data catalystcoe uses is from ',
    # catalystcoe/waiter.py: --wait progress, one line per change, and
    # the line of a wait that ended as wanted (failures are the test's to
    # expect).
    r'^\[[^]]+\] (Cluster|Node group) ',
    r'^(Cluster|Node group) .+ is ([A-Z_]+|deleted) \(waited [^)]+\)\.$',
    # catalystcoe/templates/api.py: which template an alias chose.
    r'^Cluster template "[^"]+" resolves to ',
    # Every other notice and warning of ours says what it is first
    # (pre-flight checks, kubeconfig, resource list, delete warnings);
    # Python's own warnings have another shape (BAD_STDERR).
    r'^(Note|Warning): ',
    r'^Pre-flight check failed: ',
    r'^Not sent: \d+ pre-flight check\(s\) failed ',
    r'^Dry run: nothing was sent\.$',
    # catalystcoe/hooks/preflight.py: delete --strict, one line a blocker.
    r'^refusing to delete cluster \S+: ',
    r'^Nothing was deleted\. ',
    # catalystcoe/v1/kubeconfig.py: what remove took out of the file.
    r'^Removed the .+ entries named ',
)

# Lines of stderr that fail a test whatever it expects: a Python traceback
# or a warning (the warnings module's "file:line: Category: text").
BAD_STDERR = (
    r'^Traceback \(most recent call last\):',
    r'^\S.*:\d+: \w*Warning: ',
)


def _our_modules():
    """catalystcoe's module names (for the warnings filter)."""
    top = os.path.join(TOP, 'catalystcoe')
    names = []
    for path, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d not in ('tests', '__pycache__')]
        package = os.path.relpath(path, TOP).replace(os.sep, '.')
        names += [package + ('' if f == '__init__.py' else '.' + f[:-3])
                  for f in files if f.endswith('.py')]
    return sorted(names)


@functools.lru_cache(maxsize=None)
def warnings_filter():
    """``PYTHONWARNINGS`` for CLI runs: what a user sees, and more.

    Python's default filters (what a user gets) plus every
    DeprecationWarning attributed to one of our modules, which the
    defaults hide (a filter's module is an exact name, hence the list).
    """
    return ','.join(f'default::DeprecationWarning:{name}'
                    for name in _our_modules())


def stderr_problems(stderr, expected=()):
    """The lines of ``stderr`` a run should not have printed.

    A line is fine when it matches (``re.search``) one of ``OWN_STDERR``
    or ``expected`` and none of ``BAD_STDERR``.
    """
    allowed = [re.compile(p) for p in OWN_STDERR + tuple(expected)]
    bad = [re.compile(p) for p in BAD_STDERR]
    problems = []
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if any(p.search(line) for p in bad) or \
                not any(p.search(line) for p in allowed):
            problems.append(line)
    return problems


def bad_stderr(lines):
    """The lines among ``lines`` that no test may print (BAD_STDERR)."""
    bad = [re.compile(p) for p in BAD_STDERR]
    return [line for line in lines if any(p.search(line) for p in bad)]


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
    # The service facts cache of these runs (the user's own stays apart).
    env['XDG_CACHE_HOME'] = FACTS_CACHE
    env['PYTHONWARNINGS'] = warnings_filter()
    if extra:
        env.update(extra)
    return env


# A real Magnum race: while a conductor has written a new cluster's row but
# not yet its node groups, listing or showing that cluster answers 400
# "Invalid input for field/attribute master_count" (see
# doc/source/user/wait.rst). Tests run concurrently and create
# clusters, so a read that meets it is run again; anything else is not.
MAGNUM_RACE = 'Invalid input for field/attribute master_count'


_SESSIONS = {}
_SESSIONS_LOCK = threading.Lock()


def api_session(cloud, region=None):
    """``(keystoneauth session, region)`` of a cloud in our clouds.yaml."""
    region = region or DEFAULT_REGION
    with _SESSIONS_LOCK:
        if cloud not in _SESSIONS:
            from openstack import config
            _SESSIONS[cloud] = config.OpenStackConfig(
                config_files=[CLOUDS_YAML]).get_one(
                    cloud=cloud).get_session()
        return _SESSIONS[cloud], region


# What Magnum (through our one-line errors) says of a cluster or template
# that is not there: helpers that may meet a gone resource allow it.
NOT_FOUND = (r'could not be found', r'(?i)not found')

# Our own lines that a test expects when it asks for them: the warning of
# --labels without --merge-labels, and an alias resolved to a template.
LABELS_DROPPED = r'^Warning: --labels replaces the labels of '
ALIAS_RESOLVED = r'^Cluster template "[^"]+" resolves to '
# diagnose's note when the cluster's Heat stack answers 403.
STACK_FORBIDDEN = (r'^Note: the Heat stack behind the cluster is not '
                   r'visible to you \(HTTP 403\)')

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
                  check=True, timeout=180, input=None, expected_stderr=()):
        """Run ``openstack --os-cloud <cloud> [--os-region-name R] args``.

        With ``check`` (default) a non-zero exit fails the test, showing
        stdout and stderr.  So does, whatever ``check``, a line of stderr
        that is not one of our own notices (``OWN_STDERR``) nor matched by
        one of the ``expected_stderr`` patterns (``re.search``), and any
        traceback or Python warning (``BAD_STDERR``).  A command that
        fails (``check=False``, non-zero exit) may print ONE line of its
        own besides: its error, which the test asserts on; a second one
        fails the test (errors are one line).  With ``--debug`` the CLI
        logs on stderr: only tracebacks and warnings are looked for.
        Returns a ``CLIResult``.
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
        unexpected = stderr_problems(proc.stderr, expected_stderr)
        if '--debug' in cmd:
            unexpected = bad_stderr(unexpected)
        elif proc.returncode != 0 and len(unexpected) == 1:
            unexpected = bad_stderr(unexpected)
        if unexpected:
            self.fail(f'{" ".join(cmd[1:])} (exit {proc.returncode}) printed '
                      f'unexpected stderr:\n' + '\n'.join(unexpected)
                      + f'\nall of stderr:\n{proc.stderr}')
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
                             region=region, check=False,
                             expected_stderr=NOT_FOUND)
        if res.rc != 0:
            if 'could not be found' in res.stderr or 'not found' in \
                    res.stderr.lower():
                return None
            if check:
                self.fail(f'cluster show {name} failed: {res.stderr}')
            return None
        return res.json

    def cluster_now(self, name, cloud=None, region=None):
        """The cluster as Magnum's API answers now; None when it is gone.

        For polling only (the waits of these helpers and cleanups): an
        API read in this process, not a CLI run, so that tests waiting
        side by side do not each start ``openstack`` every two seconds.
        What a test asserts about a command still runs the real CLI.
        """
        session, region = api_session(cloud or self.cloud,
                                      region or self.region)
        for _attempt in range(10):
            resp = session.get(
                f'clusters/{name}', raise_exc=False,
                endpoint_filter={'service_type': 'container-infra',
                                 'interface': 'public',
                                 'region_name': region},
                headers={'OpenStack-API-Version': 'container-infra latest'})
            if resp.status_code == 404:
                return None
            if resp.status_code == 400 and MAGNUM_RACE in resp.text:
                time.sleep(0.5)
                continue
            if resp.status_code != 200:
                self.fail(f'GET cluster {name}: {resp.status_code} '
                          f'{resp.text[:200]}')
            return resp.json()
        self.fail(f'GET cluster {name}: still {MAGNUM_RACE!r}')

    def create_cluster(self, name, template=TEMPLATE_LATEST, labels=None,
                       merge_labels=True, node_count=1, master_count=1,
                       keypair=None, flavor=None, master_flavor=None,
                       extra_args=(), cloud=None, region=None, wait=None,
                       check=True, cleanup=True, expected_stderr=()):
        """``coe cluster create`` through the CLI; deletion as a cleanup.

        ``labels`` is a dict (sent as one ``--labels k=v,...``), merged with
        the template's unless ``merge_labels`` is False.  ``wait`` is a
        status to wait for (e.g. ``'CREATE_COMPLETE'``); returns the
        ``CLIResult`` of the create, or the cluster dict when waiting.
        ``expected_stderr`` as for ``openstack``.
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
        res = self.openstack(*args, cloud=cloud, region=region, check=check,
                             expected_stderr=expected_stderr)
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
            cluster = self.cluster_now(name, cloud=cloud, region=region)
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

    def until(self, name, test, what, cloud=None, region=None):
        """Poll the cluster until ``test(cluster)``; fail after the limit."""
        deadline = time.monotonic() + LIFECYCLE_TIMEOUT
        while True:
            cluster = self.cluster_now(name, cloud=cloud, region=region)
            if cluster is not None and test(cluster):
                return cluster
            if time.monotonic() > deadline:
                self.fail(f'{name}: {what} not seen: {cluster}')
            time.sleep(2)

    def delete_cluster_eventually(self, name, cloud=None, region=None,
                                  timeout=LIFECYCLE_TIMEOUT):
        """Delete a cluster and wait until it is gone (for cleanups).

        A delete that ends DELETE_FAILED (``fake_failure=delete_conflict``
        fails the first delete only) is retried once.
        """
        for _attempt in range(2):
            if self.cluster_now(name, cloud=cloud, region=region) is None:
                return
            self.openstack('coe', 'cluster', 'delete', name,
                           '--no-preview-warning', cloud=cloud,
                           region=region, check=False,
                           expected_stderr=NOT_FOUND)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                cluster = self.cluster_now(name, cloud=cloud, region=region)
                if cluster is None:
                    return
                if cluster.get('status') == 'DELETE_FAILED':
                    break
                health = cluster.get('health_status_reason') or {}
                if str(health.get('infrastructure', '')).startswith(
                        'UpdateError: failed to delete'):
                    break   # a Cluster API delete blocked: delete again
                time.sleep(2)

    # -- templates --------------------------------------------------------

    def create_template(self, name, labels=None, public=False, hidden=False,
                        coe_version='v1.33.4', image=IMAGE_UBUNTU,
                        extra_args=(), cloud=ADMIN_CLOUD, region=None,
                        check=True, expected_stderr=()):
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
                             region=region, check=check,
                             expected_stderr=expected_stderr)
        if res.rc == 0:
            self.addCleanup(self.openstack, 'coe', 'cluster', 'template',
                            'delete', name, cloud=cloud, region=region,
                            check=False, expected_stderr=NOT_FOUND)
            res.json = self.openstack(
                'coe', 'cluster', 'template', 'show', name, '-f', 'json',
                '--no-preview-warning', cloud=cloud, region=region).json
        return res
