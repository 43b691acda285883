"""Choosing, reading, locking and writing the kubeconfig file."""

import os
import shutil
import stat
import tempfile
import threading

from osc_lib import exceptions as osc_exc
import testtools

from catalystcoe.kubeconfig import files

KUBECONFIG = '''\
apiVersion: v1
kind: Config
x-note: kept
clusters:
- name: a
  cluster: {server: 'https://10.0.0.1:6443', x-extra: 1}
contexts:
- name: a
  context: {cluster: a, user: a}
users:
- name: a
  user:
    exec: {command: foo, args: null, env: null}
current-context: a
'''


class FileCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='kubeconfig-unit-')
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.path = os.path.join(self.dir, 'config')

    def put(self, text, path=None, mode=0o644):
        path = path or self.path
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def refused(self, text, expected):
        self.put(text)
        exc = self.assertRaises(osc_exc.CommandError, files.read, self.path)
        self.assertIn(expected, str(exc))
        self.assertNotIn('\n', str(exc))
        return str(exc)


class TestChoose(testtools.TestCase):

    def test_option_then_first_kubeconfig_entry_then_home(self):
        env = {'KUBECONFIG': os.pathsep.join(['', '/k/one', '/k/two']),
               'HOME': '/home/u'}
        self.assertEqual(('/x/f', '--file'), files.choose('/x/f', env))
        self.assertEqual(('/k/one', '$KUBECONFIG'), files.choose(None, env))
        home = os.path.expanduser('~')
        self.assertEqual((os.path.join(home, '.kube', 'config'),
                          'the default'), files.choose(None, {}))


class TestRead(FileCase):

    def test_missing_file_is_an_empty_config(self):
        config = files.read(self.path)
        self.assertEqual(({}, None), (config.data, config.raw))

    def test_unknown_fields_survive_a_round_trip(self):
        self.put(KUBECONFIG)
        config = files.read(self.path)
        again = files.parse(files.dump(config.data).encode(), self.path)
        self.assertEqual(config.data, again)
        self.assertEqual('kept', again['x-note'])
        self.assertEqual(1, again['clusters'][0]['cluster']['x-extra'])
        self.assertEqual(['apiVersion', 'kind', 'x-note', 'clusters',
                          'contexts', 'users', 'current-context'],
                         list(again))

    def test_yaml_bomb(self):
        lines = ['l0: &l0 [lol]']
        lines += [f'l{n}: &l{n} [' + ', '.join([f'*l{n - 1}'] * 9) + ']'
                  for n in range(1, 9)]
        self.refused('\n'.join(lines), 'more than 20 YAML aliases')

    def test_not_kubeconfigs(self):
        self.refused('- a\n- b\n', 'a YAML mapping expected, found a list')
        self.refused('kind: Pod\n', "kind 'Pod', not Config")
        self.refused('clusters: {a: 1}\n', 'clusters is a mapping')
        self.refused('users:\n- user: {}\n', 'user entry 1 has no name')
        self.refused('current-context: [a]\n', 'current-context is a list')
        self.refused('a: [\n', 'invalid YAML')
        self.refused('a: 1\nb: 2\na: 3\n',
                     "duplicate key 'a' at line 3")
        self.refused('[' * 5000 + ']' * 5000,
                     'nested more than 64 levels deep')

    def test_duplicate_names(self):
        line = self.refused(
            'clusters:\n- name: x\n  cluster: {}\n- name: x\n',
            "two cluster entries named 'x'")
        self.assertTrue(line.endswith('it is left unchanged'))

    def test_not_utf8_and_too_large(self):
        with open(self.path, 'wb') as f:
            f.write(b'a: \xff\n')
        self.assertIn('not UTF-8', str(self.assertRaises(
            osc_exc.CommandError, files.read, self.path)))
        with open(self.path, 'wb') as f:
            f.write(b'#' * (files.MAX_BYTES + 1))
        self.assertIn('larger than 4 MiB', str(self.assertRaises(
            osc_exc.CommandError, files.read, self.path)))

    def test_empty_file_and_null_lists(self):
        self.put('')
        self.assertEqual({}, files.read(self.path).data)
        self.put('clusters: null\n')
        self.assertEqual({'clusters': None}, files.read(self.path).data)


class TestCheckWritable(FileCase):

    def test_directory_symlink_and_unwritable_folder(self):
        self.assertIn('is a directory', str(self.assertRaises(
            osc_exc.CommandError, files.check_writable, self.dir)))
        target = self.put(KUBECONFIG, os.path.join(self.dir, 'real'))
        os.symlink(target, self.path)
        self.assertIn(f'is a symbolic link (to {target})', str(
            self.assertRaises(osc_exc.CommandError, files.check_writable,
                              self.path)))
        # /sys refuses new files even to root.
        self.assertIn('cannot write in /sys', str(self.assertRaises(
            osc_exc.CommandError, files.check_writable, '/sys/kubeconfig')))

    def test_missing_folder_is_made_private(self):
        path = os.path.join(self.dir, 'new', '.kube', 'config')
        files.check_writable(path)
        folder = os.path.dirname(path)
        self.assertEqual(0o700, stat.S_IMODE(os.stat(folder).st_mode))
        self.assertEqual([], os.listdir(folder))


class TestWrite(FileCase):

    def test_mode_backup_and_no_leftovers(self):
        self.put(KUBECONFIG, mode=0o644)
        config = files.read(self.path)
        config.data['current-context'] = ''
        with files.locked(self.path) as lock:
            self.assertTrue(os.path.exists(lock))
            backup = files.write(config, config.data)
        self.assertEqual(self.path + '.bak', backup)
        with open(backup, encoding='utf-8') as f:
            self.assertEqual(KUBECONFIG, f.read())
        for path in (self.path, backup):
            self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))
        self.assertEqual('', files.read(self.path).data['current-context'])
        self.assertEqual(['config', 'config.bak'], sorted(os.listdir(
            self.dir)))

    def test_new_file_has_no_backup(self):
        config = files.read(self.path)
        self.assertIsNone(files.write(config, {'kind': 'Config'}))
        self.assertEqual(['config'], os.listdir(self.dir))


class TestLocked(FileCase):

    def test_waits_for_kubectls_lock_then_gives_up(self):
        lock = self.put('', self.path + '.lock')
        now = [0.0]

        def sleep(seconds):
            now[0] += seconds

        exc = self.assertRaises(
            osc_exc.CommandError, files.locked(
                self.path, timeout=2, clock=lambda: now[0],
                sleep=sleep).__enter__)
        self.assertIn(f'{self.path} is locked: {lock} has existed for 2 s',
                      str(exc))
        self.assertGreaterEqual(now[0], 2)
        self.assertTrue(os.path.exists(lock))

    def test_one_holder_at_a_time(self):
        inside = []
        overlaps = []

        def work(n):
            with files.locked(self.path):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(list(inside))
                threading.Event().wait(0.01)
                inside.remove(n)

        threads = [threading.Thread(target=work, args=(n,))
                   for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], overlaps)
        self.assertFalse(os.path.exists(self.path + '.lock'))
