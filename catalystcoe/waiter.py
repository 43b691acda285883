"""The one waiter: follow a cluster or node group until it settles.

Shared by the ``--wait`` hooks (``catalystcoe/hooks/wait.py``) and by
``openstack coe cluster wait`` (``catalystcoe/v1/wait.py``). It knows
nothing of argparse or cliff: it is given a ``fetch()`` callable that
returns the resource's fields as a dict (one API request), and it

* polls with an interval that backs off (5 s growing to 30 s; the first
  interval can be set with ``CATALYSTCOE_WAIT_INTERVAL``),
* retries transient API failures (5xx, connection errors, and Magnum's
  400 "master_count" race while the conductor writes a new cluster) a few
  times before giving up,
* shows progress on stderr: one updating line on a terminal, one line per
  change of status or status_reason elsewhere,
* ends by returning the final fields (``None`` when the resource is gone)
  or by raising a ``WaitFailed`` whose ``exit_code`` says why: 1 failed,
  124 timed out, 130 interrupted (Ctrl-C stops the waiting, never the
  operation).

The clock, the sleep and the terminal facts are injectable for tests.
Imported by hooks of every coe command that changes a cluster: keep the
module-level imports light.
"""

import os
import shlex
import time

from osc_lib import exceptions as osc_exc

ENV_INTERVAL = 'CATALYSTCOE_WAIT_INTERVAL'
DEFAULT_INTERVAL = 5.0
MAX_INTERVAL = 30.0
BACKOFF = 1.5
# Consecutive transient failures tolerated before the wait gives up.
TRANSIENT_RETRIES = 5
# How long a resource may keep the final state it had before the request
# (the conductor has not picked the request up yet) before we believe it.
SETTLE_SECONDS = 60.0
# Minutes Magnum allows a cluster create when none is recorded.
DEFAULT_TIMEOUT_MINUTES = 60
# Waits default to Magnum's own timeout plus this, so that Magnum's
# "... Timed out" failure is reported rather than our timeout.
TIMEOUT_SLACK_SECONDS = 120

EXIT_FAILED = 1
EXIT_TIMEOUT = 124
EXIT_INTERRUPTED = 130

# What to wait for: any final state, the resource's disappearance, or
# (any other string) one given status.
FINAL = 'final'
GONE = 'gone'

STATUSES = (
    'CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE',
    'UPDATE_IN_PROGRESS', 'UPDATE_FAILED', 'UPDATE_COMPLETE',
    'DELETE_IN_PROGRESS', 'DELETE_FAILED', 'DELETE_COMPLETE',
    'RESUME_COMPLETE', 'RESUME_FAILED', 'RESTORE_COMPLETE',
    'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE',
    'SNAPSHOT_COMPLETE', 'CHECK_COMPLETE', 'ADOPT_COMPLETE',
)


class WaitFailed(osc_exc.CommandError):
    """The wait ended without the wanted state; ``str()`` is one line."""

    exit_code = EXIT_FAILED


class WaitTimedOut(WaitFailed):
    exit_code = EXIT_TIMEOUT


class WaitInterrupted(WaitFailed):
    exit_code = EXIT_INTERRUPTED


def initial_interval(environ=None):
    """The first poll interval in seconds (``CATALYSTCOE_WAIT_INTERVAL``)."""
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_INTERVAL)
    if value is None or not value.strip():
        return DEFAULT_INTERVAL
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise osc_exc.CommandError(
            f'{ENV_INTERVAL}={value!r} is not a number of seconds between '
            '0 and 3600')
    return seconds


def intervals(first, maximum=MAX_INTERVAL, factor=BACKOFF):
    """Poll intervals: ``first``, growing by ``factor`` up to ``maximum``."""
    maximum = max(maximum, first)
    current = first
    while True:
        yield current
        current = min(current * factor, maximum)


def default_timeout(create_timeout_minutes=None):
    """Seconds to wait when the user gave no timeout."""
    try:
        minutes = int(create_timeout_minutes)
    except (TypeError, ValueError):
        minutes = 0
    if minutes <= 0:
        minutes = DEFAULT_TIMEOUT_MINUTES
    return minutes * 60 + TIMEOUT_SLACK_SECONDS


def is_failed(status):
    """True for *_FAILED, and for ROLLBACK_COMPLETE (the change undone)."""
    status = status or ''
    return status.endswith('_FAILED') or status == 'ROLLBACK_COMPLETE'


def is_complete(status):
    return bool(status) and status.endswith('_COMPLETE') and not is_failed(
        status)


def format_elapsed(seconds):
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f'{hours}h{minutes:02d}m{secs:02d}s'
    if minutes:
        return f'{minutes}m{secs:02d}s'
    return f'{secs}s'


def cluster_counts(fields):
    return (f'masters {fields.get("master_count", "?")}, '
            f'workers {fields.get("node_count", "?")}')


def nodegroup_counts(fields):
    text = f'nodes {fields.get("node_count", "?")}'
    if fields.get('role'):
        text += f' ({fields["role"]})'
    return text


def next_steps(cluster):
    """The commands to suggest when a cluster did not end well."""
    ref = shlex.quote(str(cluster))
    return (f"openstack coe cluster diagnose {ref}",
            f"openstack coe support bundle create {ref}")


def classify_error(exc):
    """``'gone'``, ``'transient'`` or None (give up) for a poll's error."""
    from keystoneauth1 import exceptions as ks_exc
    from magnumclient import exceptions as mc_exc

    if isinstance(exc, mc_exc.NotFound):
        return 'gone'
    if isinstance(exc, (mc_exc.HttpServerError, mc_exc.RequestTimeout,
                        mc_exc.ConnectionError, ks_exc.ConnectionError,
                        ks_exc.http.HttpServerError,
                        ks_exc.http.RequestTimeout)):
        return 'transient'
    # Magnum's race: the conductor has written a new cluster's row but not
    # yet its node groups, and the API cannot compute master_count.
    if isinstance(exc, mc_exc.BadRequest) and 'master_count' in str(exc):
        return 'transient'
    return None


def describe_error(exc):
    from catalystcoe import errors
    return errors.describe(exc) or f'{type(exc).__name__}: {exc}'


def stream_facts(stream):
    """``(isatty, width)`` of a stream, tolerating odd stream objects."""
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        tty = False
    width = 80
    if tty:
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            width = 80
    return tty, width


class Progress:
    """Progress lines on a stream (stderr): updating on a terminal."""

    def __init__(self, stream, tty=False, width=80, enabled=True):
        self.stream = stream
        self.tty = tty
        self.width = max(int(width or 80), 20)
        self.enabled = enabled
        self._open = False

    def show(self, text, changed):
        if not self.enabled:
            return
        if self.tty:
            text = ' '.join(text.split())[:self.width - 1]
            self.stream.write('\r' + text + '\x1b[K')
            self._open = True
        elif changed:
            self.stream.write(text + '\n')
        else:
            return
        self.stream.flush()

    def close(self):
        """End an updating line so that what follows starts afresh."""
        if self._open:
            self.stream.write('\n')
            self.stream.flush()
            self._open = False


class Target:
    """What to follow, and how to talk about it.

    ``fetch`` returns the resource's fields (a dict) with one request, or
    raises the client's exception. ``kind`` is ``'cluster'`` or
    ``'node group'``; ``cluster`` names the cluster for the hints.
    """

    def __init__(self, fetch, kind, name, cluster, counts=cluster_counts):
        self.fetch = fetch
        self.kind = kind
        self.name = name
        self.cluster = cluster
        self.counts = counts

    def phrase(self):
        if self.kind == 'cluster':
            return f'cluster {self.name}'
        return f'node group {self.name} of cluster {self.cluster}'

    def title(self):
        phrase = self.phrase()
        return phrase[:1].upper() + phrase[1:]


class Waiter:
    """Follow one target until ``want`` is met; see the module docstring.

    ``want``: ``FINAL`` (any final state), ``GONE`` (deleted), or one
    status. ``gone_ok``: with ``FINAL``, disappearing counts as done.
    ``appear``: tolerate "not found" until the resource is first seen
    (a create whose row the conductor has not written yet).
    ``baseline``: ``(status, status_reason)`` before the request; a final
    state equal to it is believed only after the resource has moved or
    ``settle`` seconds have passed. ``after_request``: the wait follows a
    request of this command (the messages say the operation goes on).
    """

    def __init__(self, target, *, timeout, stream, want=FINAL,
                 gone_ok=False, appear=False, baseline=None,
                 interval=None, clock=time.monotonic, sleep=time.sleep,
                 tty=None, width=None, quiet=False, classify=classify_error,
                 retries=TRANSIENT_RETRIES, settle=SETTLE_SECONDS,
                 after_request=True):
        self.target = target
        self.timeout = float(timeout)
        self.want = want
        self.gone_ok = gone_ok
        self.appear = appear
        self.baseline = tuple(baseline) if baseline else None
        self.first_interval = (initial_interval() if interval is None
                               else float(interval))
        self.clock = clock
        self.sleep = sleep
        facts = stream_facts(stream)
        self.progress = Progress(
            stream, tty=facts[0] if tty is None else tty,
            width=facts[1] if width is None else width, enabled=not quiet)
        self.stream = stream
        self.quiet = quiet
        self.classify = classify
        self.retries = retries
        self.settle = settle
        self.after_request = after_request
        self._start = 0.0
        self._seen = False
        self._moved = False
        self._last_key = None
        self._fields = None

    # -- public -----------------------------------------------------------

    def wait(self):
        """Return the final fields (None if gone) or raise WaitFailed."""
        self._start = self.clock()
        deadline = self._start + self.timeout
        try:
            for interval in intervals(self.first_interval):
                fields, verdict, note = self._poll()
                if verdict == 'done':
                    self.progress.close()
                    self._say_done(fields)
                    return fields
                if verdict == 'failed':
                    self.progress.close()
                    raise WaitFailed(self._failed_text(fields, note))
                remaining = deadline - self.clock()
                if remaining <= 0:
                    self.progress.close()
                    raise WaitTimedOut(self._timeout_text())
                self._pause(min(interval, remaining))
        except KeyboardInterrupt:
            self.progress.close()
            raise WaitInterrupted(self._interrupted_text()) from None

    # -- polling ----------------------------------------------------------

    def _poll(self):
        """One request, retried while transient: (fields, verdict, note)."""
        failures = 0
        while True:
            try:
                fields = self.target.fetch()
            except Exception as exc:
                kind = self.classify(exc)
                if kind == 'gone':
                    return self._judge(None)
                if kind != 'transient':
                    raise WaitFailed(self._api_error_text(exc, failures))
                failures += 1
                if failures > self.retries:
                    raise WaitFailed(self._api_error_text(exc, failures))
                self._show(self._fields, note=f'API error, retrying '
                                              f'({failures}/{self.retries}):'
                                              f' {describe_error(exc)}')
                self._pause(min(self.first_interval * failures,
                                MAX_INTERVAL))
                continue
            return self._judge(fields)

    def _judge(self, fields):
        elapsed = self.clock() - self._start
        if fields is None:
            verdict = self._judge_gone()
            if verdict != 'pending':
                self._fields = None
            pending = verdict == 'pending'
            self._show(self._fields, gone=not pending,
                       note='not visible yet' if pending else None)
            return self._fields, verdict, None
        self._seen = True
        self._fields = fields
        status = fields.get('status') or ''
        key = (status, fields.get('status_reason') or '')
        if (status.endswith('_IN_PROGRESS') or self.baseline is None
                or key != self.baseline):
            self._moved = True
        self._show(fields)
        if not self._moved and elapsed < self.settle:
            return fields, 'pending', None
        if self.want == GONE:
            if status == 'DELETE_FAILED':
                return fields, 'failed', None
            return fields, 'pending', None
        if self.want == FINAL:
            if is_failed(status):
                return fields, 'failed', None
            if is_complete(status):
                return fields, 'done', None
            return fields, 'pending', None
        if status == self.want:
            return fields, 'done', None
        if is_failed(status):
            return fields, 'failed', f'not {self.want}'
        return fields, 'pending', None

    def _judge_gone(self):
        if self.want in (GONE, 'DELETE_COMPLETE'):
            return 'done'
        if self.appear and not self._seen:
            return 'pending'
        if self.want == FINAL and self.gone_ok:
            return 'done'
        return 'failed'

    def _pause(self, seconds):
        """Sleep; on a terminal in steps of a second to tick the clock."""
        if not (self.progress.tty and self.progress.enabled):
            self.sleep(seconds)
            return
        end = self.clock() + seconds
        while True:
            left = end - self.clock()
            if left <= 0:
                return
            self.sleep(min(1.0, left))
            self._show(self._fields, tick=True)

    # -- words ------------------------------------------------------------

    def _elapsed(self):
        return format_elapsed(self.clock() - self._start)

    def _show(self, fields, note=None, gone=False, tick=False):
        if fields is None:
            status = 'DELETED' if gone else 'NOT FOUND'
            reason = note or ''
            counts = ''
        else:
            status = fields.get('status') or 'UNKNOWN'
            reason = note or fields.get('status_reason') or ''
            counts = self.target.counts(fields)
        key = (status, reason)
        changed = key != self._last_key and not tick
        if not tick:
            self._last_key = key
        parts = [f'[{self._elapsed()}] {self.target.title()}: {status}']
        if counts:
            parts.append(counts)
        text = ', '.join(parts)
        if reason:
            text += f': {reason}'
        self.progress.show(text, changed)

    def _say_done(self, fields):
        if self.quiet:
            return
        if fields is None:
            state = 'deleted'
        else:
            state = fields.get('status')
        self.stream.write(f'{self.target.title()} is {state} '
                          f'(waited {self._elapsed()}).\n')
        self.stream.flush()

    def _hints(self):
        diagnose, bundle = next_steps(self.target.cluster)
        return f"Next: '{diagnose}', then '{bundle}' for a support ticket."

    def _failed_text(self, fields, note):
        title = self.target.title()
        if fields is None:
            return (f'{title} no longer exists (after {self._elapsed()}). '
                    + self._hints())
        status = fields.get('status')
        reason = ' '.join(str(fields.get('status_reason') or
                              'no status_reason given').split())
        extra = f' ({note})' if note else ''
        return (f'{title} is {status}{extra} after {self._elapsed()}: '
                f'{reason}. ' + self._hints())

    def _still(self):
        if self._fields is None:
            return 'not visible yet' if not self._seen else 'unknown state'
        return f'still {self._fields.get("status")}'

    def _follow(self):
        ref = shlex.quote(str(self.target.cluster))
        return f"openstack coe cluster wait {ref}"

    def _goes_on(self):
        if self.after_request:
            return 'the operation itself goes on in the cloud'
        return 'nothing in the cloud is changed'

    def _timeout_text(self):
        diagnose, bundle = next_steps(self.target.cluster)
        return (f'Timed out after {self._elapsed()} waiting for '
                f'{self.target.phrase()} ({self._still()}); '
                f'{self._goes_on()}. '
                f"Follow it with '{self._follow()}'; if it is stuck, run "
                f"'{diagnose}' and '{bundle}'.")

    def _interrupted_text(self):
        diagnose, _bundle = next_steps(self.target.cluster)
        return (f'Stopped waiting for {self.target.phrase()} after '
                f'{self._elapsed()} '
                f'({self._still()}); {self._goes_on()}. '
                f"Follow it with '{self._follow()}' or check it "
                f"with '{diagnose}'.")

    def _api_error_text(self, exc, failures):
        tries = f' after {failures} tries' if failures > 1 else ''
        return (f'Gave up waiting for {self.target.phrase()}{tries}: '
                f'{describe_error(exc)}. '
                f"The operation may go on; follow it with '{self._follow()}'.")


def report(exc, stream):
    """Print a WaitFailed's one line on ``stream``; return its exit code."""
    stream.write(f'{exc}\n')
    stream.flush()
    return exc.exit_code
