"""Keystone's database: created anew, ``db_sync``, then ``bootstrap``.

The same as ``keystone-manage db_sync`` and ``keystone-manage bootstrap``,
run in one process so that Keystone is imported once instead of twice
(each import is a few seconds of CPU at cold start).
Usage: ``keystone_db <keystone.conf>``.
"""

import sys

from keystone.cmd import cli
from keystone.conf import CONF

from localcloud import config
from localcloud.server import dbsetup


def manage(conf, *args):
    cli.main(['keystone-manage', '--config-file', conf, *args])
    # Ready for the next command: forget the parsed command line and the
    # sub-command option that ``cli.main`` registers each time.
    CONF.reset()
    CONF.unregister_opt(cli.command_opt)


def main(conf):
    dbsetup.create_database(config.KEYSTONE_DB, replace=True)
    manage(conf, 'db_sync')
    manage(conf, 'bootstrap',
           '--bootstrap-password', config.USERS['admin']['password'],
           '--bootstrap-username', 'admin',
           '--bootstrap-project-name', 'admin',
           '--bootstrap-role-name', 'admin',
           '--bootstrap-service-name', 'keystone',
           '--bootstrap-region-id', config.DEFAULT_REGION,
           '--bootstrap-public-url', config.KEYSTONE_URL,
           '--bootstrap-internal-url', config.KEYSTONE_URL)


if __name__ == '__main__':
    main(sys.argv[1])
