"""magnum-conductor in one process: ``conductor <config file>``.

The same endpoints, RPC server and periodic tasks as ``magnum-conductor``
(``magnum.cmd.conductor``), without oslo.service's launcher: with its
threading backend the forked worker never consumed RPC messages here (the
parent held the only listener).  One process is also smaller, and it stops
at once on SIGTERM.
"""

import os
import signal
import sys
import threading


def main(conf_path):
    sys.argv = [sys.argv[0], '--config-file', conf_path]
    from magnum.common import rpc_service
    from magnum.common import service as magnum_service
    from magnum.common import short_id
    from magnum.conductor.handlers import ca_conductor
    from magnum.conductor.handlers import cluster_conductor
    from magnum.conductor.handlers import conductor_listener
    from magnum.conductor.handlers import credential_conductor
    from magnum.conductor.handlers import federation_conductor
    from magnum.conductor.handlers import indirection_api
    from magnum.conductor.handlers import nodegroup_conductor
    import magnum.conf
    from magnum.drivers.common import driver as driver_module
    from oslo_log import log as logging

    magnum_service.prepare_service(sys.argv)
    conf = magnum.conf.CONF
    log = logging.getLogger('localcloud.conductor')
    drivers = [ep.name for ep, _ in driver_module.Driver.load_entry_points()]
    log.info('Starting conductor for topic %s in PID %s; drivers: %s',
             conf.conductor.topic, os.getpid(), drivers)
    endpoints = [
        indirection_api.Handler(),
        cluster_conductor.Handler(),
        conductor_listener.Handler(),
        credential_conductor.Handler(),
        ca_conductor.Handler(),
        federation_conductor.Handler(),
        nodegroup_conductor.Handler(),
    ]
    server = rpc_service.Service.create(conf.conductor.topic,
                                        short_id.generate_id(), endpoints,
                                        binary='magnum-conductor')
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    server.create_periodic_tasks()
    while not stop.wait(3600):
        pass
    log.info('Stopping conductor')
    threading.Timer(2.0, lambda: os._exit(0)).start()
    try:
        server.stop()
    finally:
        os._exit(0)


if __name__ == '__main__':
    main(sys.argv[1])
