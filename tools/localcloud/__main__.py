"""tools/local-cloud start|stop|status|env (see local-cloud.rst)."""

import argparse
import sys

from localcloud import cloud


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='tools/local-cloud',
        description='A local Catalyst-like cloud on 127.0.0.1: Keystone, '
                    'Magnum (nz-hlz-1, nz-por-1), conductors, RabbitMQ, '
                    'PostgreSQL and stand-ins; state in .local-cloud/.')
    sub = parser.add_subparsers(dest='command', required=True)
    start = sub.add_parser('start', help='Install what is missing and start '
                           '(reuses a running cloud).')
    start.add_argument('--fresh', action='store_true',
                       help='Stop, wipe all state but the server venv, '
                            'start and seed again.')
    sub.add_parser('stop', help='Stop every process the cloud started.')
    status = sub.add_parser('status', help='Each service and whether it '
                            'answers; exit 0 only when all do.')
    status.add_argument('-q', '--quiet', action='store_true',
                        help='Print nothing; exit status only.')
    sub.add_parser('env', help='Print export lines for the shell.')
    args = parser.parse_args(argv)
    if args.command == 'start':
        return cloud.start(fresh=args.fresh)
    if args.command == 'stop':
        return cloud.stop()
    if args.command == 'status':
        return cloud.status(quiet=args.quiet)
    return cloud.env()


if __name__ == '__main__':
    sys.exit(main())
