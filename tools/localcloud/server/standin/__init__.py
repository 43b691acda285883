"""A stand-in for Glance, Neutron, Nova and Heat on 127.0.0.1.

It answers what Magnum validates (images with ``os_distro``, external
networks, flavors, keypairs) and, for the support bundle, Heat-style stack,
resource and event endpoints for the stacks the local driver names
(``cluster.stack_id``), read from Magnum's PostgreSQL databases.
Clusters labelled ``fake_stack=forbidden`` / ``missing`` get 403 / 404.
Stack parameters carry a fake password and private key on purpose, so that
redaction can be tested.

One module per service (``glance``, ``neutron``, ``nova``, ``heat``); the
HTTP server that routes ``/<service>/...`` to them is ``common``.  Run it
with ``python -m localcloud.server.standin``.
"""
