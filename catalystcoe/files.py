"""Private files written atomically: the one way we write a file.

A temporary file (mode 0600) in the target's folder receives the data and
is synced, then takes the target's name: by rename (replacing what was
there) or by a hard link (never replacing: an existing target is
refused even when another process creates it meanwhile). Readers never
see a half-written file; the temporary file never outlives the call.
Used for support bundles and kubeconfig files. Standard library only.
"""

import contextlib
import os
import tempfile

PRIVATE_MODE = 0o600


class WriteError(Exception):
    """One line saying what could not be written and why."""


class Exists(WriteError):
    """The target exists and may not be replaced."""


def write_private(path, data, replace=True):
    """Write ``data`` (bytes) to ``path`` with mode 0600, atomically.

    ``replace=False`` refuses an existing ``path`` (raises Exists).
    """
    folder, name = os.path.split(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f'.{name}.',
                                    suffix='.tmp')
    except OSError as exc:
        raise WriteError(f'cannot write in {folder}: '
                         f'{exc.strerror or exc}') from exc
    try:
        with os.fdopen(fd, 'wb') as f:
            os.fchmod(f.fileno(), PRIVATE_MODE)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(temp, path)
        else:
            _link_no_replace(temp, path)
    except OSError as exc:
        raise WriteError(f'cannot write {path}: '
                         f'{exc.strerror or exc}') from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    _sync_folder(folder)


def _link_no_replace(temp, path):
    try:
        os.link(temp, path)
    except FileExistsError:
        raise Exists(f'{path} exists') from None
    except OSError:
        # No hard links on this file system: check, then rename.
        if os.path.lexists(path):
            raise Exists(f'{path} exists') from None
        os.rename(temp, path)


def _sync_folder(folder):
    """Make the rename durable (best effort: not every filesystem can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, 'O_DIRECTORY', 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
