"""The recording session: connections kept, time left per request."""

from keystoneauth1 import session as ks_session
import testtools

from catalystcoe.support import requestlog
from catalystcoe.tests.unit import fakes


class TestKeepConnections(testtools.TestCase):

    def pool_sizes(self, session):
        return {prefix: (type(adapter), adapter._pool_maxsize)
                for prefix, adapter in session.session.adapters.items()}

    def test_room_for_every_parallel_call(self):
        session = ks_session.Session()
        requestlog.keep_connections(session, 16)
        self.assertEqual(
            {'https://': (ks_session.TCPKeepAliveAdapter, 16),
             'http://': (ks_session.TCPKeepAliveAdapter, 16)},
            self.pool_sizes(session))

    def test_never_fewer_than_requests_keeps(self):
        session = ks_session.Session()
        requestlog.keep_connections(session, 4)
        self.assertEqual({10}, {size for _t, size in
                                self.pool_sizes(session).values()})


class TestTimeLeft(testtools.TestCase):

    def test_each_request_gets_the_time_left(self):
        seen = []
        session = fakes.FakeSession()
        session.route('container-infra', 'clusters', {'clusters': []})
        real_request = session.request

        def request(url, method, **kwargs):
            seen.append(kwargs.get('timeout'))
            return real_request(url, method, **kwargs)

        session.request = request
        now = [100.0]
        recording = requestlog.RecordingSession(
            session, requestlog.RequestLog(), deadline=130.0,
            clock=lambda: now[0])
        filter_ = {'service_type': 'container-infra'}
        recording.request('clusters', 'GET', endpoint_filter=filter_)
        now[0] = 129.5
        recording.request('clusters', 'GET', endpoint_filter=filter_)
        now[0] = 140.0
        recording.request('clusters', 'GET', endpoint_filter=filter_)
        self.assertEqual([30.0, 0.5, requestlog.MIN_TIMEOUT], seen)
