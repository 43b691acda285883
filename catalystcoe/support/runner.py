"""Run collectors concurrently: a bounded pool, a timeout per collector.

A :class:`Task` is a function run on a worker thread plus a callback run
on the main thread with its result; the callback stores the result and
may return follow-up tasks (a node group list yields one task per node
group).  A failing or slow collector never stops the others: its outcome
(``ok``, ``error``, ``forbidden``, ``not_found``, ``skipped``,
``timeout``) is recorded with its duration and a one-line detail.
"""

import concurrent.futures
import dataclasses
import queue
import threading
import time
from typing import Any, Callable

OK = 'ok'
ERROR = 'error'
FORBIDDEN = 'forbidden'
NOT_FOUND = 'not_found'
SKIPPED = 'skipped'
TIMEOUT = 'timeout'
OUTCOMES = (OK, ERROR, FORBIDDEN, NOT_FOUND, SKIPPED, TIMEOUT)


class Skipped(Exception):
    """Raised by a collector that has nothing to collect (and why)."""


class Fatal(Exception):
    """Raised by a result callback to stop the whole run."""


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
    from keystoneauth1 import exceptions as ks_exc

    from catalystcoe import errors

    if isinstance(exc, Skipped):
        return SKIPPED, None, str(exc)
    if isinstance(exc, ks_exc.ConnectTimeout):
        # keystoneauth's name for any requests timeout, reads included.
        return TIMEOUT, None, ' '.join(
            f'the request timed out: {exc}'.split())
    status = getattr(exc, 'http_status', None) or getattr(
        exc, 'status_code', None)
    detail = errors.describe(exc) or (
        f'unexpected error ({type(exc).__name__}: {exc})')
    detail = ' '.join(str(detail).split())
    if status == 403:
        return FORBIDDEN, status, detail
    if status == 404:
        return NOT_FOUND, status, detail
    return ERROR, status, detail


def run(tasks, workers=8, timeout=30.0, clock=time.monotonic,
        on_start=None):
    """Run ``tasks`` and their follow-ups; returns the list of Outcomes.

    ``on_start(task)`` is called on the worker thread before a task runs
    (used to name the collector in the request log).
    """
    outcomes = []
    pool = DaemonPool(workers)
    pending = {}

    def submit(task):
        box = []

        def call():
            box.append(clock())
            if on_start:
                on_start(task)
            try:
                return box[0], task.fn(), None
            except Exception as exc:  # recorded, never raised
                return box[0], None, exc
        future = pool.submit(call)
        pending[future] = (task, box)

    def finish(task, outcome):
        outcomes.append(outcome)
        if outcome.outcome != OK and task.on_error:
            task.on_error(outcome)

    try:
        for task in tasks:
            submit(task)
        while pending:
            now = clock()
            deadlines = [box[0] + timeout for _t, box in pending.values()
                         if box]
            wait_for = max(0.0, min(deadlines, default=now + timeout) - now)
            done, _ = concurrent.futures.wait(
                list(pending), timeout=wait_for,
                return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                task, _box = pending.pop(future)
                started, value, exc = future.result()
                duration = round(clock() - started, 3)
                if exc is not None:
                    outcome, status, detail = classify_error(exc)
                    finish(task, Outcome(task.name, task.cluster, outcome,
                                         duration, detail, status))
                    continue
                finish(task, Outcome(task.name, task.cluster, OK, duration))
                follow = task.on_result(value) if task.on_result else None
                for new in follow or ():
                    submit(new)
            now = clock()
            for future, (task, box) in list(pending.items()):
                if box and now - box[0] >= timeout and not future.done():
                    del pending[future]
                    finish(task, Outcome(
                        task.name, task.cluster, TIMEOUT,
                        round(now - box[0], 3),
                        f'no answer within {timeout:g} s'))
    finally:
        pool.shutdown()
    return outcomes
