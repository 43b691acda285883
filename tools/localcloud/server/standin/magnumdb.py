"""Magnum's PostgreSQL databases (every region's), read by the stand-ins.

The stand-ins answer for what the local driver's clusters would have made
(Heat stacks; servers, networks, load balancers, volumes), so they read
the clusters and node groups straight from Magnum's databases.
"""

import json

import psycopg2

from localcloud import config


def query(region, sql, args=()):
    """Rows of ``sql`` in ``region``'s Magnum database, as dicts."""
    conn = psycopg2.connect(host=config.HOST, port=config.PORTS['postgres'],
                            user=config.PG_USER,
                            dbname=config.db_name(region))
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            cols = [c.name for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]
    finally:
        conn.close()


def clusters():
    """Every region's clusters that have a stack, with their node groups.

    Each cluster dict has ``labels`` (a dict), ``region`` and
    ``nodegroups`` (dicts, ``node_addresses`` a list), ordered by id.
    """
    out = []
    for region in config.REGIONS:
        try:
            rows = query(region, 'SELECT * FROM cluster WHERE stack_id IS '
                         'NOT NULL ORDER BY id')
            groups = query(region, 'SELECT * FROM nodegroup ORDER BY id')
        except psycopg2.Error:
            continue
        by_cluster = {}
        for ng in groups:
            ng['node_addresses'] = json.loads(ng['node_addresses'] or '[]')
            by_cluster.setdefault(ng['cluster_id'], []).append(ng)
        for row in rows:
            row['labels'] = json.loads(row['labels'] or '{}')
            row['region'] = region
            row['nodegroups'] = by_cluster.get(row['uuid'], [])
            out.append(row)
    return out
