"""Helpers shared by unit tests (test modules never import each other).

Each section belongs to the tests named in its heading; add a section
rather than growing another's. The fake of the API itself is
:mod:`catalystcoe.tests.unit.fakes`.
"""

import argparse
import io
from unittest import mock

import fixtures
import testtools

from catalystcoe.tests.unit import fakes


# -- commands as cliff runs them (v1/test_support.py, v1/test_diagnose.py) --

class CommandTestCase(testtools.TestCase):
    """A command of ours run by cliff over a scripted cloud.

    ``self.session`` is the fake session (``fakes.scripted_cloud()``),
    ``self.app`` the OSC app (stdout and stderr are StringIOs) and
    ``self.dir`` a temporary folder.
    """

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.session = fakes.scripted_cloud()
        self.app = mock.NonCallableMock(
            spec=['stderr', 'stdout', 'options', 'client_manager'])
        self.app.stdout = io.StringIO()
        self.app.stderr = io.StringIO()
        self.app.options = argparse.Namespace(verbose_level=1)
        self.app.client_manager = fakes.client_manager(self.session)

    def run_cmd(self, cls, *argv):
        cmd = cls(self.app, None)
        parsed = cmd.get_parser('openstack coe x').parse_args(list(argv))
        rc = cmd.run(parsed)
        return rc, self.app.stdout.getvalue()

    def parse_fails(self, cls, *argv):
        cmd = cls(self.app, None)
        parser = cmd.get_parser('openstack coe x')
        with mock.patch('sys.stderr', io.StringIO()) as err:
            self.assertRaises(SystemExit, parser.parse_args, list(argv))
        return err.getvalue()


CLUSTER_UUID = '11111111-2222-3333-4444-555555555555'


def cluster(status, reason='', uuid=CLUSTER_UUID, name='c1', **more):
    """A cluster's fields as Magnum answers them, short (for waits)."""
    fields = {'uuid': uuid, 'name': name, 'status': status,
              'status_reason': reason, 'master_count': 1, 'node_count': 1,
              'create_timeout': 60}
    fields.update(more)
    return fields


class FakeClock:
    """A monotonic clock that only moves when something sleeps.

    ``now()`` and ``sleep()`` as :class:`catalystcoe.waiter.SystemClock`.
    """

    def __init__(self):
        self.start = self.now_value = 1000.0
        self.sleeps = []

    def now(self):
        return self.now_value

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now_value += seconds

    def elapsed(self):
        return self.now_value - self.start


class Stream(io.StringIO):
    """A text stream that says whether it is a terminal."""

    def __init__(self, tty=False):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


class Script:
    """A waiter's ``fetch(seconds)``: answers in turn, the last repeating.

    An answer is a dict (returned) or an exception (raised); the seconds
    each call was given are kept in ``given``.
    """

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0
        self.given = []

    def __call__(self, seconds=None):
        answer = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        self.given.append(seconds)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def in_turn(*answers):
    """A FakeSession route answering ``answers`` in turn, the last repeating.

    Each answer is what a route takes (a body, ``(status, body)``, a
    ``fakes.Raw``, an exception).
    """
    queue = list(answers)

    def answer():
        return queue.pop(0) if len(queue) > 1 else queue[0]
    return answer


def osc_app(session):
    """The slice of the OSC app commands and hooks use, on ``session``.

    Its ``client_manager.container_infra`` is the real python-magnumclient
    client on the fake session.
    """
    from osc_lib import clientmanager

    app = mock.NonCallableMock(
        spec=['stderr', 'stdout', 'options', 'client_manager'])
    app.stderr = Stream()
    app.stdout = io.StringIO()
    app.options = argparse.Namespace(verbose_level=1)
    app.client_manager = mock.NonCallableMock(
        spec=clientmanager.ClientManager)
    app.client_manager.session = session
    app.client_manager.container_infra = fakes.magnum_client(session)
    return app
