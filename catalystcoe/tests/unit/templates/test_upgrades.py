"""Upgrade paths: one minor at a time, never down."""

import unittest

from catalystcoe.templates import catalogue
from catalystcoe.templates import names
from catalystcoe.templates import upgrades
from catalystcoe.tests.unit.templates import fakes


class TestCheck(unittest.TestCase):

    def test_allowed(self):
        for current, target in (((1, 32, 1), (1, 32, 13)),
                                ((1, 32, 13), (1, 32, 13)),
                                ((1, 32, 13), (1, 33, 0)),
                                ((1, 32, 1), (1, 33, 9))):
            with self.subTest(current=current, target=target):
                self.assertIsNone(upgrades.check(current, target))

    def test_skipped_minor(self):
        self.assertEqual(
            '1.34.2 skips Kubernetes 1.32, 1.33 (upgrade one minor version '
            'at a time)', upgrades.check((1, 31, 14), (1, 34, 2)))

    def test_downgrades(self):
        for current, target in (((1, 33, 4), (1, 33, 2)),
                                ((1, 33, 4), (1, 32, 13)),
                                ((2, 0, 0), (1, 33, 4))):
            with self.subTest(current=current, target=target):
                self.assertIn('(a downgrade)',
                              upgrades.check(current, target))

    def test_other_major(self):
        self.assertIsNotNone(upgrades.check((1, 33, 4), (2, 0, 0)))


class TestTargets(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.infos = catalogue.classify(fakes.CATALOGUE, today=fakes.TODAY,
                                        lifecycle=fakes.LIFECYCLE)

    def names(self, current, exclude=None):
        return [info.name for info in upgrades.targets(
            current, self.infos.values(), exclude_uuid=exclude)]

    def test_from_the_previous_minor(self):
        self.assertEqual(
            [fakes.LATEST['name'], fakes.PRIVATE_CATALYST_NAME['name'],
             fakes.DEV['name'], fakes.OLDER_PATCH['name'],
             fakes.OLDER_PATCH_HIDDEN['name'],
             fakes.PREVIOUS_MINOR['name'], fakes.CUSTOM['name']],
            self.names((1, 32, 1)))

    def test_own_template_left_out(self):
        self.assertEqual(
            [fakes.PREVIEW['name'], fakes.PRIVATE_CATALYST_NAME['name']],
            self.names((1, 33, 4), exclude=fakes.LATEST['uuid']))

    def test_nothing_from_far_behind(self):
        self.assertEqual([], self.names((1, 11, 2)))


class TestClusterVersion(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.infos = catalogue.classify(fakes.CATALOGUE, today=fakes.TODAY,
                                        lifecycle=fakes.LIFECYCLE)

    def test_from_template(self):
        cluster = {'cluster_template_id': fakes.LATEST['uuid'],
                   'coe_version': 'v1.20.0'}
        self.assertEqual((1, 33, 4),
                         upgrades.cluster_version(cluster, self.infos))

    def test_from_coe_version_then_kube_tag(self):
        self.assertEqual((1, 31, 2), upgrades.cluster_version(
            {'cluster_template_id': 'gone', 'coe_version': 'v1.31.2',
             'labels': {'kube_tag': 'v1.30.0'}}, self.infos))
        self.assertEqual((1, 30, 0), upgrades.cluster_version(
            {'cluster_template_id': 'gone', 'coe_version': None,
             'labels': {'kube_tag': 'v1.30.0'}}, self.infos))

    def test_unknown(self):
        self.assertIsNone(upgrades.cluster_version(
            {'cluster_template_id': 'gone', 'labels': {}}, self.infos))

    def test_version_text(self):
        self.assertEqual('1.33.4', names.version_text((1, 33, 4)))
