"""Run collectors in one bounded pool, within one time limit.

A :class:`Task` is a function run on a worker thread plus callbacks run
on the main thread with its result or its failure; a callback stores
what it got and may return follow-up tasks (a node group list yields one
task per node group), which join the same pool at once.  A failing or
slow collector never stops the others: its outcome (``ok``, ``error``,
``forbidden``, ``not_found``, ``skipped``, ``timeout``) is recorded with
its duration and a one-line detail.  The whole run ends by its time
limit, whatever the API does: a collector still waiting then is recorded
as timed out (its thread is a daemon, left behind).
"""

import concurrent.futures
import dataclasses
import queue
import threading
import time
from typing import Any, Callable

from catalystcoe import errors

# The outcome words of the bundle format (manifest ``collectors``).
OK = 'ok'
ERROR = 'error'
FORBIDDEN = 'forbidden'
NOT_FOUND = 'not_found'
SKIPPED = 'skipped'
TIMEOUT = 'timeout'

# errors.classify's kinds as outcomes: a transient or malformed answer is
# an error for a bundle (nothing is retried; the detail says which).
_OUTCOME_OF_KIND = {
    errors.NOT_FOUND: NOT_FOUND,
    errors.FORBIDDEN: FORBIDDEN,
    errors.TIMEOUT: TIMEOUT,
    errors.TRANSIENT: ERROR,
    errors.MALFORMED: ERROR,
    errors.ERROR: ERROR,
}


class Skipped(Exception):
    """Raised by a collector that has nothing to collect (and why)."""


class Fatal(Exception):
    """Raised by a callback to stop the whole run (with one line)."""


@dataclasses.dataclass
class Task:
    name: str
    fn: Callable[[], Any]
    on_result: Callable[[Any], Any] | None = None
    on_error: Callable[['Outcome'], Any] | None = None
    cluster: str | None = None


@dataclasses.dataclass
class Outcome:
    name: str
    cluster: str | None
    outcome: str
    duration_seconds: float
    detail: str = ''
    status: int | None = None

    def as_dict(self):
        data = dataclasses.asdict(self)
        if data['status'] is None:
            del data['status']
        return data


class DaemonPool:
    """A bounded pool of daemon threads handing out Futures.

    Unlike ThreadPoolExecutor, whose threads the interpreter joins at exit,
    a request still hanging after Ctrl-C or a time-out cannot keep the
    command from ending.
    """

    def __init__(self, workers, name='coe-support'):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._workers = max(1, workers)
        for i in range(self._workers):
            threading.Thread(target=self._work, name=f'{name}_{i}',
                             daemon=True).start()

    def submit(self, fn):
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._queue.put((future, fn))
        return future

    def _work(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn = item
            if self._closed or not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)

    def shutdown(self):
        """Stop taking work; threads end once their task is done."""
        self._closed = True
        for _ in range(self._workers):
            self._queue.put(None)


def classify_error(exc):
    """``(outcome, HTTP status or None, one-line detail)`` for ``exc``."""
    if isinstance(exc, Skipped):
        return SKIPPED, None, str(exc)
    failure = errors.classify(exc)
    return (_OUTCOME_OF_KIND[failure.kind], failure.status,
            ' '.join(failure.line.split()))


def run(tasks, workers=8, timeout=30.0, clock=time.monotonic,
        on_start=None):
    """Run ``tasks`` and their follow-ups; returns the list of Outcomes.

    Everything ends within ``timeout`` seconds: what has not answered by
    then is recorded as timed out. ``on_start(task)`` is called on the
    worker thread before a task runs (it names the collector in the
    request log).
    """
    outcomes = []
    pool = DaemonPool(workers)
    pending = {}
    deadline = clock() + timeout

    def submit(task):
        box = []

        def call():
            box.append(clock())
            if on_start:
                on_start(task)
            try:
                return task.fn(), None
            except Exception as exc:  # recorded, never raised
                return None, exc
        pending[pool.submit(call)] = (task, box)

    def finish(task, outcome):
        outcomes.append(outcome)
        if outcome.outcome != OK and task.on_error:
            for new in task.on_error(outcome) or ():
                submit(new)

    def failed(task, started, exc):
        outcome, status, detail = classify_error(exc)
        finish(task, Outcome(task.name, task.cluster, outcome,
                             round(clock() - started, 3), detail, status))

    def answered(task, started, value):
        """Store the answer (one the callback cannot use fails the task)."""
        try:
            follow = task.on_result(value) if task.on_result else None
        except Fatal:
            raise
        except Exception as exc:
            failed(task, started, exc)
            return
        finish(task, Outcome(task.name, task.cluster, OK,
                             round(clock() - started, 3)))
        for new in follow or ():
            submit(new)

    def settle(future):
        task, box = pending.pop(future)
        value, exc = future.result()
        if exc is not None:
            failed(task, box[0], exc)
        else:
            answered(task, box[0], value)

    def time_out(future):
        task, box = pending.pop(future)
        now = clock()
        detail = (f'no answer within {timeout:g} s' if box else
                  f'not started within {timeout:g} s')
        finish(task, Outcome(task.name, task.cluster, TIMEOUT,
                             round(now - box[0], 3) if box else 0.0,
                             detail))

    try:
        for task in tasks:
            submit(task)
        while pending:
            done, _ = concurrent.futures.wait(
                list(pending), timeout=max(0.0, deadline - clock()),
                return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                settle(future)
            if clock() >= deadline:
                for future in list(pending):
                    if future.done():
                        settle(future)
                    else:
                        time_out(future)
    finally:
        pool.shutdown()
    return outcomes
