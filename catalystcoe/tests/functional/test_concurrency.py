"""Eight clients at once against the local cloud: no 5xx, no failure.

On SQLite the local cloud's Keystone answered 500 "database is locked" as
soon as two clients used it at once, and the first requests after a start
could meet Keystone's and Magnum's policy set-up half done (403 from
Keystone, 503 from Magnum).  Here ``CLIENTS`` real ``openstack`` processes
run token, catalog and Magnum reads in both regions for ``DURATION``
seconds while one more creates a cluster (Keystone writes: Magnum's
trustee user and trust).
"""

import concurrent.futures
import dataclasses
import json
import re
import time

from catalystcoe.tests.functional import base

CLIENTS = 8
DURATION = 25       # seconds in which new commands start
COMMAND_TIMEOUT = 120

SERVER_ERROR = re.compile(r'\(HTTP 5\d\d\)|Internal Server Error|'
                          r'Service Unavailable|Bad Gateway')


def _token(data, cluster):
    return bool(data.get('id')) and bool(data.get('expires'))


def _catalog(data, cluster):
    return {'identity', 'container-infra'} <= {s.get('Type') for s in data}


def _listed(data, cluster):
    return cluster in {c.get('name') for c in data}


def _templates(data, cluster):
    return base.TEMPLATE_LATEST in {t.get('name') for t in data}


def _shown(data, cluster):
    return (data.get('name'), data.get('status')) == (cluster,
                                                      'CREATE_COMPLETE')


def commands(clusters):
    """(region, args, check) for each command the clients rotate through.

    ``clusters`` maps each region to a cluster that exists there; ``check``
    tells whether the parsed ``-f json`` output is what it should be.
    """
    out = [(base.REGION_HLZ, ('token', 'issue'), _token),
           (base.REGION_POR, ('catalog', 'list'), _catalog)]
    for region in base.REGIONS:
        out += [
            (region, ('coe', 'cluster', 'list'), _listed),
            (region, ('coe', 'cluster', 'template', 'list'), _templates),
            (region, ('coe', 'cluster', 'show', clusters[region]), _shown),
        ]
    return out


@dataclasses.dataclass
class Outcome:
    """One command's run: what it was, how long, what went wrong."""

    region: str
    args: tuple
    seconds: float
    rc: int
    problem: str | None
    server_error: bool

    def __str__(self):
        return (f'{" ".join(self.args)} in {self.region}: exit {self.rc} '
                f'after {self.seconds:.1f}s: {self.problem}')


def run_one(cloud, region, args, check, cluster):
    cmd = [base.OPENSTACK, '--os-cloud', cloud, '--os-region-name', region,
           *args, '-f', 'json']
    started = time.monotonic()
    proc = base.run_cli(cmd, env=base.cli_env(), timeout=COMMAND_TIMEOUT)
    seconds = time.monotonic() - started
    problem = None
    if proc.returncode != 0:
        problem = proc.stderr.strip() or 'no message'
    else:
        unexpected = base.stderr_problems(proc.stderr)
        try:
            good = check(json.loads(proc.stdout), cluster)
        except (ValueError, AttributeError, TypeError) as exc:
            problem = f'output not the JSON expected ({exc}): {proc.stdout}'
        else:
            if not good:
                problem = f'unexpected output: {proc.stdout[:300]}'
        if unexpected:
            problem = 'unexpected stderr: ' + ' | '.join(unexpected)
    return Outcome(region, args, seconds, proc.returncode, problem,
                   bool(SERVER_ERROR.search(proc.stderr)))


def load(cloud, clusters, clients=CLIENTS, duration=DURATION):
    """Run ``clients`` workers for ``duration`` s; every Outcome."""
    todo = commands(clusters)
    deadline = time.monotonic() + duration

    def worker(index):
        outcomes = []
        step = index
        while time.monotonic() < deadline:
            region, args, check = todo[step % len(todo)]
            outcomes.append(run_one(cloud, region, args, check,
                                    clusters[region]))
            step += 1
        return outcomes

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(worker, range(clients)))
    return [outcome for outcomes in results for outcome in outcomes]


def summary(outcomes):
    seconds = sorted(o.seconds for o in outcomes)
    return (f'{len(outcomes)} commands, '
            f'{sum(o.problem is not None for o in outcomes)} failed, '
            f'{sum(o.server_error for o in outcomes)} with a 5xx; '
            f'median {seconds[len(seconds) // 2]:.1f}s, '
            f'slowest {seconds[-1]:.1f}s')


class TestConcurrentClients(base.FunctionalTest):

    def test_eight_clients_meet_no_server_error(self):
        por = self.unique_name('conc')
        self.create_cluster(por, region=base.REGION_POR,
                            wait='CREATE_COMPLETE')
        clusters = {base.REGION_HLZ: base.CLUSTER_HEALTHY,
                    base.REGION_POR: por}

        with concurrent.futures.ThreadPoolExecutor(1) as writer:
            # A ninth client writes while the eight read.
            created = writer.submit(self.create_cluster,
                                    self.unique_name('conc'),
                                    region=base.REGION_HLZ)
            outcomes = load(self.cloud, clusters)
            created.result()

        failed = [o for o in outcomes if o.problem is not None]
        self.assertEqual([], [str(o) for o in failed[:10]],
                         summary(outcomes))
        self.assertEqual(0, sum(o.server_error for o in outcomes))
        ran = {(o.region, o.args) for o in outcomes}
        self.assertEqual({(r, a) for r, a, _ in commands(clusters)}, ran,
                         'every command ran at least once')
