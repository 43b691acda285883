"""The one waiter: follow a cluster or node group until it settles.

Shared by the ``--wait`` hooks (``catalystcoe/hooks/wait.py``) and by
``openstack coe cluster wait`` (``catalystcoe/v1/wait.py``). It knows
nothing of argparse, cliff or the API client: it is given a
``fetch(seconds)`` callable that returns the resource's fields as a dict
with requests that end within ``seconds`` (``catalystcoe.cloud`` lookups
with ``within=``), and it

* polls with an interval that backs off (5 s growing to 30 s; the first
  interval can be set with ``CATALYSTCOE_WAIT_INTERVAL``),
* believes a resource gone only on "not found" (HTTP 404); an answer it
  cannot read, a timeout or a transient failure (5xx, 429, connection
  errors, Magnum's 400 "master_count" race) is retried a few times
  within the time limit, after ``Retry-After`` when the server asks,
* never runs past its time limit: each poll gets the time left,
* shows progress on stderr (:class:`Display`): one updating line on a
  terminal, one line per change of status or status_reason elsewhere,
* ends by returning the final fields (``None`` when the resource is gone)
  or by raising a ``WaitFailed`` whose ``exit_code`` says why: 1 failed,
  124 timed out, 130 interrupted (Ctrl-C stops the waiting, never the
  operation).

The clock and the terminal facts are injectable for tests. Imported by
hooks of every coe command that changes a cluster: keep the module-level
imports light.
"""

import dataclasses
import os
import shlex
import time

from osc_lib import exceptions as osc_exc

from catalystcoe import errors

ENV_INTERVAL = 'CATALYSTCOE_WAIT_INTERVAL'
DEFAULT_INTERVAL = 5.0
MAX_INTERVAL = 30.0
BACKOFF = 1.5
# Consecutive failed polls tolerated before the wait gives up.
TRANSIENT_RETRIES = 5
# Failure kinds a poll retries (errors.classify); NOT_FOUND means gone.
RETRIED = (errors.TRANSIENT, errors.TIMEOUT, errors.MALFORMED)
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

# The verdict of one poll.
PENDING = 'pending'
DONE = 'done'
FAILED = 'failed'

# How a wait stopped without a verdict.
TIMED_OUT = 'timed out'
INTERRUPTED = 'interrupted'

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


class SystemClock:
    """The monotonic clock and sleep the waiter uses outside tests."""

    @staticmethod
    def now():
        return time.monotonic()

    @staticmethod
    def sleep(seconds):
        time.sleep(seconds)


class Display:
    """What a person sees on ``stream`` (stderr): progress and the end.

    On a terminal one updating line, cut to its width; elsewhere a line
    per change. ``quiet`` shows nothing (the final one-line errors are
    the callers' to print).
    """

    def __init__(self, stream, quiet=False, tty=None, width=None):
        facts = stream_facts(stream)
        self.stream = stream
        self.quiet = quiet
        self.tty = facts[0] if tty is None else tty
        self.width = max(int((facts[1] if width is None else width) or 80),
                         20)
        self._open = False
        self._last_key = None

    @property
    def ticking(self):
        """True when pauses should tick the clock on the line."""
        return self.tty and not self.quiet

    def progress(self, text, key, tick=False):
        """Show a progress line; ``key`` changes when the news does."""
        changed = key != self._last_key and not tick
        if not tick:
            self._last_key = key
        if self.quiet:
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

    def say(self, line):
        """A closing line (unless quiet)."""
        self.close()
        if not self.quiet:
            self.stream.write(line + '\n')
            self.stream.flush()

    def close(self):
        """End an updating line so that what follows starts afresh."""
        if self._open:
            self.stream.write('\n')
            self.stream.flush()
            self._open = False


class Target:
    """What to follow, and how to talk about it.

    ``fetch(seconds)`` returns the resource's fields (a dict) with
    requests that end within ``seconds``, or raises. ``kind`` is
    ``'cluster'`` or ``'node group'``; ``cluster`` names the cluster for
    the hints.
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


@dataclasses.dataclass(frozen=True)
class Goal:
    """What ends the wait.

    ``want``: ``FINAL`` (any final state), ``GONE`` (deleted), or one
    status. ``gone_ok``: with ``FINAL``, disappearing counts as done.
    ``appear``: tolerate "not found" until the resource is first seen
    (a create whose row the conductor has not written yet).
    ``baseline``: ``(status, status_reason)`` before the request; a final
    state equal to it is believed only after the resource has moved or
    ``SETTLE_SECONDS`` have passed. ``after_request``: the wait follows a
    request of this command (the messages say the operation goes on).
    """

    want: str = FINAL
    gone_ok: bool = False
    appear: bool = False
    baseline: tuple | None = None
    after_request: bool = True


class State:
    """What the polls have told about the target so far."""

    def __init__(self, baseline):
        self.baseline = tuple(baseline) if baseline else None
        self.fields = None      # the last fields seen; None: none / gone
        self.seen = False       # the resource was seen at least once
        self.gone = False       # "not found", believed: it is gone
        self.missing = False    # the last answer was "not found"
        self.moved = False      # it left the state it had before
        self.problem = None     # the last failed poll's line

    def saw(self, fields):
        status = fields.get('status') or ''
        key = (status, fields.get('status_reason') or '')
        self.fields = fields
        self.seen = True
        self.gone = False
        self.missing = False
        self.problem = None
        if (status.endswith('_IN_PROGRESS') or self.baseline is None
                or key != self.baseline):
            self.moved = True

    def missed(self, believed):
        """A "not found"; ``believed``: it counts as gone (not just late)."""
        self.problem = None
        self.missing = True
        if believed:
            self.fields = None
            self.gone = True

    def status(self):
        return (self.fields or {}).get('status') or ''


class Waiter:
    """Follow one target until its :class:`Goal` is met.

    ``timeout`` (seconds) is a limit: every request gets the time left.
    ``interval``: the first poll interval (default from the environment).
    ``clock``: ``now()`` and ``sleep()`` (default :class:`SystemClock`).
    """

    def __init__(self, target, *, timeout, display, goal=Goal(),
                 interval=None, clock=None):
        self.target = target
        self.goal = goal
        self.timeout = float(timeout)
        self.display = display
        self.first_interval = (initial_interval() if interval is None
                               else float(interval))
        self.clock = clock or SystemClock()
        self.state = State(goal.baseline)
        self._start = 0.0
        self._deadline = 0.0

    # -- public -----------------------------------------------------------

    def wait(self):
        """Return the final fields (None if gone) or raise WaitFailed."""
        self._start = self.clock.now()
        self._deadline = self._start + self.timeout
        try:
            for interval in intervals(self.first_interval):
                verdict, note = self._poll()
                if verdict == DONE:
                    self.display.say(self._done_text())
                    return self.state.fields
                if verdict == FAILED:
                    self.display.close()
                    raise WaitFailed(self._failed_text(note))
                self._pause(interval)
        except KeyboardInterrupt:
            self.display.close()
            raise WaitInterrupted(self._stopped_text(INTERRUPTED)) from None

    # -- polling: state updates -------------------------------------------

    def _left(self):
        return self._deadline - self.clock.now()

    def _poll(self):
        """One poll, retried while it fails in a retried way."""
        failures = 0
        while True:
            left = self._left()
            if left <= 0:
                self._time_is_up()
            try:
                fields = self.target.fetch(left)
            except Exception as exc:
                failure = errors.classify(exc)
                if failure.kind == errors.NOT_FOUND:
                    return self._judge_missing()
                failures += 1
                self.state.problem = failure.line
                if failure.kind not in RETRIED or failures > TRANSIENT_RETRIES:
                    self.display.close()
                    raise WaitFailed(self._gave_up_text(failure.line,
                                                        failures)) from None
                self._show(note=f'API error, retrying ({failures}/'
                                f'{TRANSIENT_RETRIES}): {failure.line}')
                self._pause(max(
                    min(self.first_interval * failures, MAX_INTERVAL),
                    failure.retry_after or 0))
                continue
            self.state.saw(fields)
            self._show()
            return self._judge()

    def _judge_missing(self):
        goal = self.goal
        if goal.want in (GONE, 'DELETE_COMPLETE'):
            verdict = DONE
        elif goal.appear and not self.state.seen:
            verdict = PENDING
        elif goal.want == FINAL and goal.gone_ok:
            verdict = DONE
        else:
            verdict = FAILED
        self.state.missed(believed=verdict != PENDING)
        self._show(note=None if self.state.gone else 'not visible yet')
        return verdict, None

    def _judge(self):
        status = self.state.status()
        want = self.goal.want
        if (not self.state.moved
                and self.clock.now() - self._start < SETTLE_SECONDS):
            return PENDING, None
        if want == GONE:
            return (FAILED if status == 'DELETE_FAILED' else PENDING), None
        if want == FINAL:
            if is_failed(status):
                return FAILED, None
            return (DONE if is_complete(status) else PENDING), None
        if status == want:
            return DONE, None
        if is_failed(status):
            return FAILED, f'not {want}'
        return PENDING, None

    def _pause(self, seconds):
        """Sleep, never past the deadline; on a terminal tick each second."""
        left = self._left()
        if left <= 0:
            self._time_is_up()
        end = self.clock.now() + min(seconds, left)
        while True:
            rest = end - self.clock.now()
            if rest <= 0:
                return
            if not self.display.ticking:
                self.clock.sleep(rest)
                continue
            self.clock.sleep(min(1.0, rest))
            self._show(tick=True)

    def _time_is_up(self):
        self.display.close()
        raise WaitTimedOut(self._stopped_text(TIMED_OUT))

    # -- words: display -----------------------------------------------------

    def _elapsed(self):
        return format_elapsed(self.clock.now() - self._start)

    def _show(self, note=None, tick=False):
        fields = self.state.fields
        if fields is None:
            status = ('DELETED' if self.state.gone else
                      'NOT FOUND' if self.state.missing else 'NO ANSWER')
            reason = note or ''
            counts = ''
        else:
            status = fields.get('status') or 'UNKNOWN'
            reason = note or fields.get('status_reason') or ''
            counts = self.target.counts(fields)
        parts = [f'[{self._elapsed()}] {self.target.title()}: {status}']
        if counts:
            parts.append(counts)
        text = ', '.join(parts)
        if reason:
            text += f': {reason}'
        self.display.progress(text, (status, reason), tick=tick)

    def _done_text(self):
        state = 'deleted' if self.state.fields is None else \
            self.state.status()
        return (f'{self.target.title()} is {state} '
                f'(waited {self._elapsed()}).')

    def _hints(self):
        diagnose, bundle = next_steps(self.target.cluster)
        return f"Next: '{diagnose}', then '{bundle}' for a support ticket."

    def _failed_text(self, note):
        title = self.target.title()
        fields = self.state.fields
        if fields is None:
            return (f'{title} no longer exists (after {self._elapsed()}). '
                    + self._hints())
        reason = ' '.join(str(fields.get('status_reason') or
                              'no status_reason given').split())
        extra = f' ({note})' if note else ''
        return (f'{title} is {fields.get("status")}{extra} after '
                f'{self._elapsed()}: {reason}. ' + self._hints())

    def _still(self):
        if self.state.fields is None:
            if self.state.seen:
                text = 'unknown state'
            else:
                text = 'no answer yet' if self.state.problem else \
                    'not visible yet'
        else:
            text = f'still {self.state.status()}'
        if self.state.problem:
            text += f'; last poll: {self.state.problem}'
        return text

    def _follow(self):
        return ('openstack coe cluster wait '
                + shlex.quote(str(self.target.cluster)))

    def _stopped_text(self, how):
        """The one line for a wait that timed out or was interrupted."""
        diagnose, bundle = next_steps(self.target.cluster)
        goes_on = ('the operation itself goes on in the cloud'
                   if self.goal.after_request
                   else 'nothing in the cloud is changed')
        if how == TIMED_OUT:
            head = (f'Timed out after {self._elapsed()} waiting for '
                    f'{self.target.phrase()}')
            then = f"; if it is stuck, run '{diagnose}' and '{bundle}'."
        else:
            head = (f'Stopped waiting for {self.target.phrase()} after '
                    f'{self._elapsed()}')
            then = f" or check it with '{diagnose}'."
        return (f"{head} ({self._still()}); {goes_on}. "
                f"Follow it with '{self._follow()}'{then}")

    def _gave_up_text(self, line, failures):
        tries = f' after {failures} tries' if failures > 1 else ''
        return (f'Gave up waiting for {self.target.phrase()}{tries}: '
                f'{line}. '
                f"The operation may go on; follow it with '{self._follow()}'.")


def report(exc, stream):
    """Print a WaitFailed's one line on ``stream``; return its exit code."""
    stream.write(f'{exc}\n')
    stream.flush()
    return exc.exit_code
