"""Stand-ins for Glance, Neutron, Nova, Octavia, Cinder and Heat on 127.0.0.1.

They answer what Magnum validates (images with ``os_distro``, external
networks, flavors, keypairs), what openstacksdk reads for the pre-flight
checks and the associated resources of a cluster (limits and quotas,
flavors with extra specs, servers, keypairs, networks, ports, routers,
floating IPs, load balancers, volumes) and, for the support bundle,
Heat-style stack, resource and event endpoints for the stacks the local
driver names (``cluster.stack_id``).  Servers, networks, load balancers
and volumes are derived from the clusters in Magnum's PostgreSQL
databases (``world``); clusters labelled ``fake_stack=forbidden`` /
``missing`` get 403 / 404 for their stack.  Stack parameters carry a fake
password and private key on purpose, so that redaction can be tested.

One module per service (``glance``, ``neutron``, ``nova``, ``octavia``,
``cinder``, ``heat``); the HTTP server that routes ``/<service>/...`` to
them, checks tokens with Keystone and holds the shared helpers is
``common``.  Run it with ``python -m localcloud.server.standin``.
"""
