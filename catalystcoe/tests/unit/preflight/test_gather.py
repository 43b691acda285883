"""The reads run at the same time; a failed read fails its dependants."""

import threading
import unittest

from openstack import exceptions as sdk_exc

from catalystcoe import errors
from catalystcoe.preflight import gather


class TestRun(unittest.TestCase):

    def test_jobs_run_at_the_same_time(self):
        # Both jobs must be inside the barrier at once, or it breaks.
        barrier = threading.Barrier(2, timeout=10)
        jobs = {'a': gather.Job(lambda: barrier.wait() is not None),
                'b': gather.Job(lambda: barrier.wait() is not None)}
        outcomes = gather.run(jobs)
        self.assertEqual([True, True], [o.value for o in outcomes.values()])

    def test_dependencies_get_the_values_in_order(self):
        jobs = {'template': gather.Job(lambda: {'image_id': 'i'}),
                'proxy': gather.Job(lambda: 'glance'),
                'image': gather.Job(lambda t, p: (p, t['image_id']),
                                    ('template', 'proxy'))}
        self.assertEqual(('glance', 'i'), gather.run(jobs)['image'].value)

    def test_a_failure_is_kept_and_passed_on(self):
        def missing():
            raise sdk_exc.NotFoundException(message='x', http_status=404,
                                            details='No such template')

        jobs = {'template': gather.Job(missing),
                'image': gather.Job(lambda t: t, ('template',)),
                'flavors': gather.Job(lambda: [1])}
        outcomes = gather.run(jobs)
        self.assertEqual(errors.NOT_FOUND, outcomes['template'].failure.kind)
        self.assertEqual(outcomes['template'].failure,
                         outcomes['image'].failure)
        self.assertEqual([1], outcomes['flavors'].value)

    def test_a_dependency_must_come_first(self):
        with self.assertRaises(ValueError):
            gather.run({'image': gather.Job(lambda t: t, ('template',)),
                        'template': gather.Job(lambda: 1)})
