"""``--wait [<seconds>]`` on the stock commands that change clusters.

Two hook classes, declared in ``setup.cfg``: :class:`ClusterWaitHook`
(``coe cluster create/update/resize/upgrade/delete``) and
:class:`NodeGroupWaitHook` (``coe nodegroup create/update/delete``); what
differs between the commands (the client call to record, the goal, the
default timeout) is derived from the command's verb. The stock
command runs unchanged; with ``--wait`` the hook's ``before`` wraps the
one python-magnumclient call the command makes (``clusters.create``,
``nodegroups.delete``, ...) on this command's client so that the exact
resource it acted on is recorded (the uuid the API returned, or the one
a GET resolved just before the call), and ``after`` follows each recorded
resource with ``catalystcoe.waiter`` and turns the outcome into the exit
code: 0 done, 1 failed, 124 timed out, 130 interrupted.

Loaded for these coe commands only; keep module-level imports light.
"""

import functools

from cliff import hooks

from catalystcoe import cli
from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe import waiter

WAIT_DEST = 'catalystcoe_wait'
# The value of a bare --wait: use the default timeout.
USE_DEFAULT = 0

CREATE = 'create'
CHANGE = 'change'
DELETE = 'delete'

_GOALS = {
    CREATE: 'the new {kind} is CREATE_COMPLETE or CREATE_FAILED',
    CHANGE: 'the {kind} is UPDATE_COMPLETE or UPDATE_FAILED',
    DELETE: 'each {kind} is gone (or DELETE_FAILED)',
}


def add_wait_option(parser, goal, default):
    parser.add_argument(
        '--wait',
        dest=WAIT_DEST,
        nargs='?',
        const=USE_DEFAULT,
        default=None,
        type=cli.wait_seconds,
        metavar='<seconds>',
        help=f'After the request is accepted, wait until {goal}, showing '
             'progress on stderr. Exit code: 0 done, 1 failed (with the '
             'status_reason and the next commands to run), 124 timed '
             'out, 130 interrupted (Ctrl-C stops the waiting, not the '
             f'operation). Optional timeout in seconds (default: {default}); '
             'every request made while waiting ends within it. '
             f'Polls every {waiter.DEFAULT_INTERVAL:g} s, backing off to '
             f'{waiter.MAX_INTERVAL:g} s; set the first interval with '
             f'{waiter.ENV_INTERVAL}=<seconds>. Put --wait after the '
             'positional arguments or write --wait=<seconds>.')


def _fields(resource):
    """A recorded call's answer as a dict, or None (delete answers none)."""
    try:
        return cloud.to_dict(resource)
    except errors.MalformedAnswer:
        return None


class Call:
    """One recorded client call: what it acted on, before and after."""

    def __init__(self, args, kwargs):
        self.args = args
        self.kwargs = kwargs
        self.before = None
        self.result = None


class WaitHook(hooks.CommandHook):
    """Base class: record one client call, then wait for what it did."""

    kind = 'cluster'
    manager_name = 'clusters'
    # Positional arguments of the manager call that name the resource.
    ident_args = 1

    def __init__(self, command):
        super().__init__(command)
        self.calls = []
        self._installed = None
        # Extra Waiter arguments (clock, interval) for tests.
        self.waiter_kwargs = {}

    # -- what the command is ------------------------------------------------

    @property
    def verb(self):
        """The manager method the stock command calls: its last word."""
        words = (self.cmd.cmd_name or '').split()
        return words[-1] if words else ''

    @property
    def action(self):
        return {'create': CREATE, 'delete': DELETE}.get(self.verb, CHANGE)

    def default_text(self):
        return (f"the {self.kind}'s create_timeout plus "
                f'{waiter.TIMEOUT_SLACK_SECONDS // 60} minutes')

    # -- cliff hook interface ----------------------------------------------

    def get_parser(self, parser):
        add_wait_option(parser, _GOALS[self.action].format(kind=self.kind),
                        self.default_text())
        return parser

    def get_epilog(self):
        return None

    def before(self, parsed_args):
        if getattr(parsed_args, WAIT_DEST, None) is not None:
            self.calls = []
            self._install()
        return parsed_args

    def after(self, parsed_args, return_code):
        self._uninstall()
        wait = getattr(parsed_args, WAIT_DEST, None)
        if wait is None or return_code:
            return return_code
        app = self.cmd.app
        display = waiter.Display(app.stderr, quiet=getattr(
            getattr(app, 'options', None), 'verbose_level', 1) == 0)
        clock = self.waiter_kwargs.get('clock') or waiter.SystemClock()
        start = clock.now()
        failed = []
        timed_out = []
        for call in self.calls:
            try:
                target, goal, default = self.target(call)
            except waiter.WaitFailed as exc:
                return waiter.report(exc, app.stderr)
            remaining = max((wait or default) - (clock.now() - start), 0.001)
            try:
                waiter.Waiter(target, timeout=remaining, display=display,
                              goal=goal, **self.waiter_kwargs).wait()
            except waiter.WaitInterrupted as exc:
                return waiter.report(exc, app.stderr)
            except waiter.WaitTimedOut as exc:
                waiter.report(exc, app.stderr)
                timed_out.append(target)
            except waiter.WaitFailed as exc:
                waiter.report(exc, app.stderr)
                failed.append(target)
        bad = len(failed) + len(timed_out)
        if bad and len(self.calls) > 1:
            app.stderr.write(f'{bad} of {len(self.calls)} waits did not '
                             'end well.\n')
        if failed:
            return waiter.EXIT_FAILED
        if timed_out:
            return waiter.EXIT_TIMEOUT
        return return_code

    # -- recording the stock command's client call --------------------------

    def client(self):
        return cloud.magnum(self.cmd.app)

    def _install(self):
        client = self.client()
        manager = getattr(client, self.manager_name)
        method = self.verb
        original = getattr(manager, method)
        had_own = method in vars(manager)

        @functools.wraps(original)
        def recording(*args, **kwargs):
            call = Call(args, kwargs)
            if self.action != CREATE:
                call.before = self.look_up(client, args)
            result = original(*args, **kwargs)
            call.result = _fields(result)
            self.calls.append(call)
            return result

        setattr(manager, method, recording)
        self._installed = (manager, method, original, had_own, recording)

    def _uninstall(self):
        if not self._installed:
            return
        manager, method, original, had_own, recording = self._installed
        self._installed = None
        if getattr(manager, method, None) is not recording:
            return
        if had_own:
            setattr(manager, method, original)
        else:
            delattr(manager, method)

    def look_up(self, client, args):
        """GET the resource a change/delete is about to act on, or None."""
        try:
            return self.fetch(client, *args[:self.ident_args])
        except Exception:
            # The stock call that follows fails the same way and says so.
            return None

    # -- what to follow -----------------------------------------------------

    def target(self, call):
        """``(waiter.Target, waiter.Goal, default timeout)`` for a call."""
        known = call.before or call.result or {}
        if self.action == CREATE:
            ident = known.get('uuid')
            if not ident:
                raise waiter.WaitFailed(
                    f'Cannot wait: the API did not say which {self.kind} '
                    'it created.')
            name = call.kwargs.get('name') or ident
        else:
            given = call.args[self.ident_args - 1]
            ident = known.get('uuid') or given
            name = known.get('name') or given
        client = self.client()
        path = self.path(known, call, ident)
        target = waiter.Target(
            lambda seconds: self.fetch(client, *path, within=seconds),
            self.kind, name, path[0] if len(path) > 1 else ident,
            counts=self.counts)
        before = call.before
        goal = waiter.Goal(
            want=waiter.GONE if self.action == DELETE else waiter.FINAL,
            appear=self.action == CREATE,
            baseline=((before.get('status') or '',
                       before.get('status_reason') or '')
                      if before and self.action != CREATE else None))
        return target, goal, self.default_timeout(call)

    counts = staticmethod(waiter.cluster_counts)

    def path(self, known, call, ident):
        """The lookup's arguments for the resource ``ident``."""
        return (ident,)

    def fetch(self, client, *path, within=None):
        return cloud.get_cluster(client, path[0], within=within)

    def default_timeout(self, call):
        raise NotImplementedError


class ClusterWaitHook(WaitHook):
    """``coe cluster create/update/resize/upgrade/delete --wait``."""

    def default_text(self):
        if self.action == CREATE:
            return ('--timeout (minutes, default 60) plus '
                    f'{waiter.TIMEOUT_SLACK_SECONDS // 60} minutes')
        return super().default_text()

    def default_timeout(self, call):
        if self.action == CREATE:
            return waiter.default_timeout(call.kwargs.get('create_timeout'))
        return waiter.default_timeout(
            (call.before or {}).get('create_timeout'))


class NodeGroupWaitHook(WaitHook):
    """``coe nodegroup create/update/delete --wait``."""

    kind = 'node group'
    manager_name = 'nodegroups'
    ident_args = 2
    counts = staticmethod(waiter.nodegroup_counts)

    def default_text(self):
        return f'{waiter.default_timeout() // 60} minutes'

    def path(self, known, call, ident):
        return (known.get('cluster_id') or call.args[0], ident)

    def fetch(self, client, *path, within=None):
        return cloud.get_nodegroup(client, path[0], path[1], within=within)

    def default_timeout(self, call):
        return waiter.default_timeout()
