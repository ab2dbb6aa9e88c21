"""Which database this is: the id stored inside it, who made it, and the file it lives in.

A station that keeps writing after its SQLite file was deleted writes to an inode nobody
will read again, and shows green all the while; a database recreated under the same name
looks the same to a connection string. So the station remembers what it opened (the file's
device and inode, the id inside) and every transaction on SQLite first checks that the
path still names that file; on PostgreSQL every new connection checks the id.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, event, inspect, select, text

from db.models import DatabaseInfoRow
from wms_tui.core.errors import DatabaseReplaced

ORIGIN = "origin"
DATABASE_ID = "database_id"
# A database holding a row in any of these holds someone's work.
_WORK_TABLES = ("operators", "skus", "orders", "stock_move", "scan_journal", "count_plan")


def read_info(connection: Connection) -> dict[str, str]:
    if not inspect(connection).has_table("database_info"):
        return {}
    rows = connection.execute(select(DatabaseInfoRow.key, DatabaseInfoRow.value)).all()
    return {key: value for key, value in rows}


def set_info(connection: Connection, key: str, value: str) -> None:
    connection.execute(
        DatabaseInfoRow.__table__.delete().where(DatabaseInfoRow.key == key)  # type: ignore[attr-defined]
    )
    connection.execute(DatabaseInfoRow.__table__.insert().values(key=key, value=value))  # type: ignore[attr-defined]


def holds_work(connection: Connection) -> bool:
    """Anything a person made: operators, SKUs, orders, moves, scans or count plans."""
    present = set(inspect(connection).get_table_names())
    for table in _WORK_TABLES:
        if table in present and connection.scalar(text(f"SELECT 1 FROM {table} LIMIT 1")):
            return True
    return False


def demo_made(connection: Connection) -> bool:
    """Made by the demo: marked so, or (built before the mark existed) its audit line."""
    if read_info(connection).get(ORIGIN) == "demo":
        return True
    built = text("SELECT 1 FROM audit_log WHERE action = 'demo_built' LIMIT 1")
    return bool(inspect(connection).has_table("audit_log") and connection.scalar(built))


@dataclass(frozen=True)
class FileIdentity:
    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        stat = path.stat()
        return cls(path, stat.st_dev, stat.st_ino)

    def check(self) -> None:
        try:
            stat = os.stat(self.path)
        except OSError:
            raise DatabaseReplaced(where=str(self.path)) from None
        if (stat.st_dev, stat.st_ino) != (self.device, self.inode):
            raise DatabaseReplaced(where=str(self.path))


def watch_file(engine: Engine, identity: FileIdentity) -> None:
    """Before every transaction on this SQLite engine (ahead of its BEGIN, so nothing is
    begun on a file that is not the one opened): one stat, a few microseconds."""

    def _still_there(_connection: Connection) -> None:
        identity.check()

    event.listen(engine, "begin", _still_there, insert=True)


def watch_database_id(engine: Engine, expected: str, where: str) -> None:
    """Every new connection of this engine must find the id the station started with."""

    @event.listens_for(engine, "connect")
    def _same_database(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        try:
            cursor.execute("SELECT value FROM database_info WHERE key = 'database_id'")
            row = cursor.fetchone()
        except Exception:  # the table is gone: another database altogether
            row = None
        finally:
            cursor.close()
            dbapi_connection.rollback()  # type: ignore[attr-defined]
        if row is None or row[0] != expected:
            raise DatabaseReplaced(where=where)
