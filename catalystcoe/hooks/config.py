"""The stock ``coe cluster config``: its files are private, its help
points to the command that merges.

python-magnumclient writes ``<dir>/config`` (and with ``--output-certs``
``key.pem``, ``cert.pem``, ``ca.pem``) with the process umask, usually
0644, although the config holds a private key. This hook runs the stock
command with umask 077 and then sets mode 0600 on each of those files it
finds (a file rewritten with ``--force`` keeps its old mode otherwise).
Symbolic links are left alone.

Imported for every run of that command: light imports only.
"""

import os
import stat

from cliff import hooks

MODE = 0o600
PRIVATE_UMASK = 0o077
FILES = ('config',)
CERT_FILES = ('key.pem', 'cert.pem', 'ca.pem')

EPILOG = (
    'Catalyst Cloud: the files this command writes get mode 0600. To add '
    "a cluster's credentials to your existing kubeconfig instead (named "
    '<cluster>@<region>, nothing else in the file changed), run: '
    'openstack coe cluster kubeconfig save <cluster>.')


def written_files(parsed_args):
    """The files the stock command writes for these arguments."""
    folder = os.path.abspath(getattr(parsed_args, 'dir', None) or '.')
    names = FILES + (CERT_FILES if getattr(parsed_args, 'output_certs',
                                           False) else ())
    return [os.path.join(folder, name) for name in names]


def make_private(path):
    """chmod 0600 a regular file (not a link); True if it was changed."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) == MODE:
        return False
    os.chmod(path, MODE)
    return True


class ClusterConfigModeHook(hooks.CommandHook):
    """Files of ``coe cluster config`` are written private (mode 0600)."""

    def __init__(self, command):
        super().__init__(command)
        self._umask = None

    def get_parser(self, parser):
        return parser

    def get_epilog(self):
        return EPILOG

    def before(self, parsed_args):
        self._umask = os.umask(PRIVATE_UMASK)
        return parsed_args

    def after(self, parsed_args, return_code):
        if self._umask is not None:
            os.umask(self._umask)
            self._umask = None
        for path in written_files(parsed_args):
            make_private(path)
        return return_code
