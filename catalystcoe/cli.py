"""The one home of argument types and output column classes.

Shared by our commands (``v1/``) and the hooks on stock commands. Every
``--timeout`` and ``--wait`` of ours counts seconds. Light imports only:
command modules import this on every ``openstack`` run.
"""

import argparse

from cliff import columns as cliff_columns

MAX_WORKERS = 32


# -- argument types -----------------------------------------------------------

def seconds(text):
    """A positive number of seconds (``--timeout``)."""
    from catalystcoe import cloud

    value = cloud.positive_seconds(text)
    if value is None:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not a positive number of seconds')
    return value


def wait_seconds(text):
    """``--wait [<seconds>]``: a positive number of seconds.

    ``--wait`` takes an optional value, so a positional argument written
    after it lands here: the message says how to write it instead.
    """
    try:
        return seconds(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not a positive number of seconds (write '
            '--wait=<seconds>, or put --wait after the positional '
            'arguments)') from None


def workers(text):
    """A number of parallel workers, 1 to MAX_WORKERS."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not a number from 1 to {MAX_WORKERS}')
    return value


def add_region_options(parser, what):
    """Add ``--region`` (repeatable) and ``--all-regions`` to a list.

    The list, of ``what``, then adds a Region column.
    """
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        '--region', metavar='<region>', dest='regions',
        action='append', default=[],
        help=f'List the {what} of this region (repeat for several '
             'regions; they are queried concurrently) and add a '
             'Region column. Default: the region of --os-region-name.')
    where.add_argument(
        '--all-regions', action='store_true', default=False,
        dest='all_regions',
        help=f'List the {what} of every region that has a Kubernetes '
             'endpoint in the service catalog, with a Region column.')
    return parser


def multi_region(parsed_args):
    """True when --region or --all-regions was given."""
    return bool(parsed_args.all_regions or parsed_args.regions)


# -- notices ------------------------------------------------------------------

_SHOWN_ATTR = '_catalystcoe_notices_shown'


def say_once(app, key, text):
    """Write ``text`` to the app's stderr, once per ``key`` and run."""
    shown = getattr(app, _SHOWN_ATTR, None)
    if not isinstance(shown, set):
        shown = set()
        setattr(app, _SHOWN_ATTR, shown)
    if not text or key in shown:
        return
    shown.add(key)
    app.stderr.write(text + '\n')
    app.stderr.flush()


# -- output columns -----------------------------------------------------------

class LinesColumn(cliff_columns.FormattableColumn):
    """A list shown one item a line, in order; a list in -f json/yaml."""

    def human_readable(self):
        return '\n'.join(str(item) for item in self._value or ())

    def machine_readable(self):
        return list(self._value or ())


class CountsColumn(cliff_columns.FormattableColumn):
    """A dict of counts shown as ``key: n`` lines; a dict in -f json."""

    def human_readable(self):
        return '\n'.join(f'{key}: {value}'
                         for key, value in (self._value or {}).items())

    def machine_readable(self):
        return dict(self._value or {})


class KeyValueRowsColumn(cliff_columns.FormattableColumn):
    """A dict shown as ``key=value`` rows; a dict in -f json/yaml."""

    def human_readable(self):
        return '\n'.join(f'{key}={self._value[key]}'
                         for key in sorted(self._value or {}))

    def machine_readable(self):
        return dict(self._value or {})


class VersionColumn(cliff_columns.FormattableColumn):
    """A Kubernetes version tuple shown as ``1.33.4``; sorts as numbers."""

    def human_readable(self):
        from catalystcoe.templates import names
        return names.version_text(self._value)

    def machine_readable(self):
        return self.human_readable()
