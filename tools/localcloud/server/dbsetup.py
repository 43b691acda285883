"""Create Magnum's databases: tables from the models, Alembic head stamped.

``magnum-db-manage upgrade`` fails on PostgreSQL (a MySQL-only migration),
so do what Magnum's own tests do.  Usage: ``dbsetup <region>...``.
"""

import sys

import psycopg2
import sqlalchemy

from localcloud import config


def create_database(name, replace=False):
    """Create database ``name``; False when it exists (and not replaced)."""
    conn = psycopg2.connect(host=config.HOST, port=config.PORTS['postgres'],
                            user=config.PG_USER, dbname='postgres')
    conn.autocommit = True
    with conn.cursor() as cur:
        if replace:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute('SELECT 1 FROM pg_database WHERE datname = %s', (name,))
        if cur.fetchone():
            conn.close()
            return False
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def create_tables(region):
    from alembic import script
    from magnum.db.sqlalchemy import migration
    from magnum.db.sqlalchemy import models

    head = script.ScriptDirectory.from_config(
        migration._get_alembic_config()).get_current_head()
    engine = sqlalchemy.create_engine(config.db_url(region))
    models.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(
            'CREATE TABLE alembic_version '
            '(version_num VARCHAR(32) NOT NULL PRIMARY KEY)'))
        conn.execute(sqlalchemy.text(
            'INSERT INTO alembic_version VALUES (:v)'), {'v': head})
    engine.dispose()


def main(regions):
    for region in regions:
        if create_database(config.db_name(region)):
            create_tables(region)


if __name__ == '__main__':
    main(sys.argv[1:])
