"""``--wait [<seconds>]`` on the stock commands that change clusters.

One hook class per stock command (declared in ``setup.cfg``). The stock
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
import time
import typing

from cliff import hooks

from catalystcoe import cli
from catalystcoe import waiter

WAIT_DEST = 'catalystcoe_wait'
# The value of a bare --wait: use the default timeout.
USE_DEFAULT = 0

CREATE = 'create'
CHANGE = 'change'
DELETE = 'delete'


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
             f'operation). Optional timeout in seconds (default: {default}). '
             f'Polls every {waiter.DEFAULT_INTERVAL:g} s, backing off to '
             f'{waiter.MAX_INTERVAL:g} s; set the first interval with '
             f'{waiter.ENV_INTERVAL}=<seconds>. Put --wait after the '
             'positional arguments or write --wait=<seconds>.')


def as_dict(obj):
    """A python-magnumclient resource's fields, or None."""
    info = getattr(obj, '_info', None)
    return dict(info) if isinstance(info, dict) else None


class Call:
    """One recorded client call: what it acted on, before and after."""

    def __init__(self, args, kwargs):
        self.args = args
        self.kwargs = kwargs
        self.before = None
        self.result = None


class WaitHook(hooks.CommandHook):
    """Base class: record one client call, then wait for what it did."""

    manager_name = 'clusters'
    method_name = 'create'
    action = CREATE
    goal = 'the cluster is CREATE_COMPLETE'
    default_text = ('the cluster\'s create_timeout plus '
                    f'{waiter.TIMEOUT_SLACK_SECONDS // 60} minutes')

    def __init__(self, command):
        super().__init__(command)
        self.calls = []
        self._installed = None
        # Extra Waiter arguments (clock, sleep, tty, width) for tests.
        self.waiter_kwargs = {}

    # -- cliff hook interface ----------------------------------------------

    def get_parser(self, parser):
        add_wait_option(parser, self.goal, self.default_text)
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
        quiet = getattr(getattr(app, 'options', None), 'verbose_level',
                        1) == 0
        clock = self.waiter_kwargs.get('clock', time.monotonic)
        start = clock()
        failed = []
        timed_out = []
        for call in self.calls:
            try:
                target, kwargs = self.target(call)
            except waiter.WaitFailed as exc:
                return waiter.report(exc, app.stderr)
            default = kwargs.pop('default_timeout')
            timeout = wait or default
            remaining = max(timeout - (clock() - start), 0.001)
            kwargs.update(self.waiter_kwargs)
            try:
                waiter.Waiter(target, timeout=remaining, stream=app.stderr,
                              quiet=quiet, **kwargs).wait()
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

    def manager(self):
        app: typing.Any = self.cmd.app  # the OSC shell, with its clients
        return getattr(app.client_manager.container_infra, self.manager_name)

    def _install(self):
        manager = self.manager()
        original = getattr(manager, self.method_name)
        had_own = self.method_name in vars(manager)

        @functools.wraps(original)
        def recording(*args, **kwargs):
            call = Call(args, kwargs)
            if self.action != CREATE:
                call.before = self.look_up(manager, args)
            result = original(*args, **kwargs)
            call.result = as_dict(result)
            self.calls.append(call)
            return result

        setattr(manager, self.method_name, recording)
        self._installed = (manager, original, had_own, recording)

    def _uninstall(self):
        if not self._installed:
            return
        manager, original, had_own, recording = self._installed
        self._installed = None
        if getattr(manager, self.method_name, None) is not recording:
            return
        if had_own:
            setattr(manager, self.method_name, original)
        else:
            delattr(manager, self.method_name)

    def look_up(self, manager, args):
        """GET the resource a change/delete is about to act on, or None."""
        get = type(manager).get.__get__(manager)
        try:
            return as_dict(get(*args[:self.ident_args]))
        except Exception:
            # The stock call that follows fails the same way and says so.
            return None

    ident_args = 1

    # -- what to follow -----------------------------------------------------

    def target(self, call):
        """``(waiter.Target, Waiter keyword arguments)`` for one call."""
        raise NotImplementedError


class _ClusterWaitHook(WaitHook):
    manager_name = 'clusters'

    def target(self, call):
        known = call.before or call.result or {}
        if self.action == CREATE:
            ident = known.get('uuid')
            if not ident:
                raise waiter.WaitFailed(
                    'Cannot wait: the API did not say which cluster it '
                    'created.')
            name = call.kwargs.get('name') or ident
            timeout = waiter.default_timeout(
                call.kwargs.get('create_timeout'))
        else:
            ident = known.get('uuid') or (call.result or {}).get(
                'uuid') or call.args[0]
            name = (call.before or {}).get('name') or call.args[0]
            timeout = waiter.default_timeout(
                (call.before or {}).get('create_timeout'))
        get = type(self.manager()).get.__get__(self.manager())
        target = waiter.Target(lambda: as_dict(get(ident)), 'cluster',
                               name, ident)
        return target, _goal_kwargs(self.action, call.before, timeout)


class _NodeGroupWaitHook(WaitHook):
    manager_name = 'nodegroups'
    default_text = (f'{waiter.default_timeout() // 60} minutes')
    ident_args = 2

    def target(self, call):
        known = call.before or call.result or {}
        cluster = known.get('cluster_id') or call.args[0]
        if self.action == CREATE:
            ident = known.get('uuid')
            if not ident:
                raise waiter.WaitFailed(
                    'Cannot wait: the API did not say which node group it '
                    'created.')
            name = call.kwargs.get('name') or ident
        else:
            ident = known.get('uuid') or call.args[1]
            name = known.get('name') or call.args[1]
        get = type(self.manager()).get.__get__(self.manager())
        target = waiter.Target(lambda: as_dict(get(cluster, ident)),
                               'node group', name, cluster,
                               counts=waiter.nodegroup_counts)
        return target, _goal_kwargs(self.action, call.before,
                                    waiter.default_timeout())


def _goal_kwargs(action, before, default_timeout):
    kwargs = {'default_timeout': default_timeout}
    if action == CREATE:
        kwargs['appear'] = True
    if action == DELETE:
        kwargs['want'] = waiter.GONE
    if action != CREATE and before:
        kwargs['baseline'] = (before.get('status') or '',
                              before.get('status_reason') or '')
    return kwargs


class ClusterCreateWaitHook(_ClusterWaitHook):
    method_name = 'create'
    action = CREATE
    goal = 'the new cluster is CREATE_COMPLETE or CREATE_FAILED'
    default_text = ('--timeout (minutes, default 60) plus '
                    f'{waiter.TIMEOUT_SLACK_SECONDS // 60} minutes')


class ClusterUpdateWaitHook(_ClusterWaitHook):
    method_name = 'update'
    action = CHANGE
    goal = 'the cluster is UPDATE_COMPLETE or UPDATE_FAILED'


class ClusterResizeWaitHook(_ClusterWaitHook):
    method_name = 'resize'
    action = CHANGE
    goal = 'the cluster is UPDATE_COMPLETE or UPDATE_FAILED'


class ClusterUpgradeWaitHook(_ClusterWaitHook):
    method_name = 'upgrade'
    action = CHANGE
    goal = 'the cluster is UPDATE_COMPLETE or UPDATE_FAILED'


class ClusterDeleteWaitHook(_ClusterWaitHook):
    method_name = 'delete'
    action = DELETE
    goal = 'each cluster is gone (or DELETE_FAILED)'


class NodeGroupCreateWaitHook(_NodeGroupWaitHook):
    method_name = 'create'
    action = CREATE
    goal = 'the node group is CREATE_COMPLETE or CREATE_FAILED'


class NodeGroupUpdateWaitHook(_NodeGroupWaitHook):
    method_name = 'update'
    action = CHANGE
    goal = 'the node group is UPDATE_COMPLETE or UPDATE_FAILED'


class NodeGroupDeleteWaitHook(_NodeGroupWaitHook):
    method_name = 'delete'
    action = DELETE
    goal = 'each node group is gone (or DELETE_FAILED)'
