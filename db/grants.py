"""Two roles on PostgreSQL: the owner that runs migrations, and the stations' role, which may
only add to the record.

When the stations connect as the role that owns the tables, anyone with the station's
password can `DROP TRIGGER` and then rewrite the ledger. `wms db grant ROLE`, run with the
owner's URL, gives an existing login role what a station needs and no more: it reads and
writes the working tables, but on the ledger, the audit log and the seal it may only SELECT
and INSERT, scan journal lines are never deleted, and the schema is the owner's alone
(no DDL, so no trigger can be dropped). Finished journal lines are guarded by a trigger on
both engines (migration 0016).
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

from db.engine import storage_errors

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
APPEND_ONLY = ("stock_move", "audit_log", "ledger_chain")
NO_DELETE = ("scan_journal",)
READ_ONLY = ("alembic_version",)  # database_info is written (the lock-out rule)


class UnknownRole(Exception):
    pass


def grant_statements(database: str, role: str) -> list[str]:
    if not ROLE_NAME.fullmatch(role):
        raise ValueError(role)
    quoted_db = '"' + database.replace('"', '""') + '"'
    return [
        f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}",
        f"GRANT CONNECT ON DATABASE {quoted_db} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(APPEND_ONLY)} FROM {role}",
        f"REVOKE DELETE, TRUNCATE ON {', '.join(NO_DELETE)} FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {', '.join(READ_ONLY)} FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables and sequences a later migration adds: usable at once. A new append-only
        # table needs its REVOKE too: run `wms db grant` again after `wms db upgrade`.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]


def grant_station_role(engine: Engine, role: str) -> list[str]:
    """Runs as the owner; returns the statements it ran, to be shown."""
    with storage_errors(), engine.begin() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if not exists:
            raise UnknownRole(role)
        database = str(connection.scalar(text("SELECT current_database()")))
        statements = grant_statements(database, role)
        for statement in statements:
            connection.execute(text(statement))
    return statements
