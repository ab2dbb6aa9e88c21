"""Alembic environment. `db.migrate` drives it programmatically, so it works from an installed
package; `alembic -c db/migrations/alembic.ini` works too with `-x url=...` or WMS_DB_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from db.engine import make_engine
from db.schema import metadata

config = context.config
target_metadata = metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("WMS_DB_URL")
    return url or config.get_main_option("sqlalchemy.url") or ""


def _foreign_keys(connection: Connection, on: bool) -> None:
    # SQLite alters a table by copying it and dropping the old one; with foreign keys on,
    # that DROP deletes the rows other tables point at. Its own procedure for schema changes
    # is: keys off outside the transaction, change, check every key, commit, keys on. The
    # PRAGMA is a no-op inside a transaction, so it goes to the driver before SQLAlchemy
    # begins one.
    if connection.dialect.name == "sqlite" and not connection.in_transaction():
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")


def _run(connection: Connection) -> None:
    _foreign_keys(connection, on=False)
    try:
        _migrate(connection)
        if connection.in_transaction():
            connection.commit()
    except BaseException:
        if connection.in_transaction():
            connection.rollback()
        raise
    finally:
        _foreign_keys(connection, on=True)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them; batch mode does that for later migrations.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        _check_foreign_keys(connection)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
