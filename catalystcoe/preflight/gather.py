"""Read what the checks need, in parallel: one round trip of wall time.

The reads are jobs ``name -> (function, dependencies)``; a job starts at
once in its own thread and waits only for the jobs it depends on (the
image waits for the template that names it; every read of a service
waits for that service's openstacksdk proxy, made once, which is where
openstacksdk discovers the service's versions). A failed read is kept
as its :class:`catalystcoe.errors.Failure`; jobs that depend on it fail
with the same reason. Nothing here raises for an API failure.
"""

import concurrent.futures
import dataclasses
import typing

from catalystcoe import errors

# openstacksdk proxies (connection attribute) by the name jobs use.
PROXIES = {
    'nova': 'compute',
    'neutron': 'network',
    'octavia': 'load_balancer',
    'cinder': 'block_storage',
    'glance': 'image',
}


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A job's value, or the failure that stopped it."""

    value: typing.Any = None
    failure: errors.Failure | None = None

    @property
    def ok(self):
        return self.failure is None


class Job(typing.NamedTuple):
    function: typing.Callable
    after: tuple = ()


def proxy_jobs(conn, services):
    """Jobs that make the openstacksdk proxies of ``services`` (names)."""
    return {f'proxy:{name}': Job(_proxy_maker(conn, PROXIES[name]))
            for name in services}


def _proxy_maker(conn, attribute):
    def make():
        return getattr(conn, attribute)
    return make


def run(jobs):
    """Run every job; ``{name: Outcome}`` in the order of ``jobs``.

    A job's dependencies must come before it in ``jobs``; its function
    is called with their values, in the order of ``after``.
    """
    names = list(jobs)
    for index, name in enumerate(names):
        for dep in jobs[name].after:
            if dep not in names[:index]:
                raise ValueError(f'job {name} depends on {dep}, which does '
                                 'not come before it')
    futures: dict = {}
    if not names:
        return {}
    with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
        for name in names:
            futures[name] = pool.submit(_run_one, jobs[name], futures)
        return {name: futures[name].result() for name in names}


def _run_one(job, futures):
    values = []
    for dep in job.after:
        outcome = futures[dep].result()
        if not outcome.ok:
            return Outcome(failure=outcome.failure)
        values.append(outcome.value)
    try:
        return Outcome(value=job.function(*values))
    except Exception as exc:
        return Outcome(failure=errors.classify(exc))
