"""Online backups and restores of the station's database, on both engines.

SQLite: `VACUUM INTO` copies the database inside one read transaction. In WAL mode a reader
never blocks a writer, so the stations scan on while it runs, and the copy is the database
as it stood when the copy began: consistent, whatever is written meanwhile (copying the
file with `cp` during writes gives torn, corrupt copies). PostgreSQL: `pg_dump` in custom
format, which reads one snapshot the same way. Every copy is written under a temporary
name, checked, and only then given its real name, readable by its owner only.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from db import check as db_check
from db.engine import make_engine

SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"
BAD = ".bad"  # a copy that failed its check: kept (the newest one) for a look, never counted


@dataclass(frozen=True)
class Holdings:
    """What a database holds, to say what a backup or a restore contains."""

    orders: int
    moves: int
    scans: int
    last_scan: str  # ISO time of the newest scan, "" when there is none


@dataclass(frozen=True)
class BackupCheck:
    problems: tuple[str, ...]  # integrity problems and stock drift; empty: the copy is good
    holdings: Holdings | None  # None for a PostgreSQL dump (read only by restoring it)


class BackupFailed(Exception):
    """Carries the tool's or the database's own words; the caller translates the frame."""


def backup_name(station_id: str, at: datetime, postgresql: bool) -> str:
    return f"wms-{station_id}-{at:%Y%m%d-%H%M%S}" + (PG_SUFFIX if postgresql else SQLITE_SUFFIX)


def private_file(path: Path) -> None:
    """Readable and writable by its owner only (the PIN hashes are in it), made empty if it
    is not there; SQLite gives a database's -wal and -shm files the same mode."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


# --- SQLite --------------------------------------------------------------------------
def backup_sqlite(database: Path, partial: Path, busy_timeout_s: float = 30.0) -> None:
    """Into `partial` (the caller checks it, then `finish`es it under its real name)."""
    partial.unlink(missing_ok=True)
    private_file(partial)  # VACUUM INTO fills an empty file, keeping its mode
    source = sqlite3.connect(database, timeout=busy_timeout_s, isolation_level=None)
    try:
        source.execute("VACUUM INTO ?", (str(partial),))
    except sqlite3.Error as exc:
        raise BackupFailed(str(exc)) from exc
    finally:
        source.close()
    os.chmod(partial, 0o600)


def finish(partial: Path, target: Path) -> None:
    """A checked copy takes its real name, flushed first: a name is only ever a backup."""
    _fsync(partial)
    os.replace(partial, target)


def check_sqlite(copy: Path) -> BackupCheck:
    """`wms check` on the copy: the integrity check, then the stock cache against the ledger."""
    url = f"sqlite:///{copy}"
    engine = make_engine(url)
    try:
        problems = list(db_check.integrity_check(engine))
        drifts = db_check.rebuild_stock_cache(engine)
        problems += [f"{d.sku}@{d.location}: {d.cached} != {d.ledger}" for d in drifts]
        with engine.connect() as connection:
            holdings = holdings_of(connection)
    finally:
        engine.dispose()
    return BackupCheck(tuple(problems), holdings)


def restore_sqlite(backup: Path, database: Path) -> None:
    """Into a database that does not exist yet or is an empty file (the caller checked)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    private_file(database)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target = sqlite3.connect(database)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupFailed(str(exc)) from exc
    finally:
        target.close()
        source.close()


def holdings_of(connection: object) -> Holdings:
    from sqlalchemy import Connection, text

    assert isinstance(connection, Connection)

    def count(table: str) -> int:
        return int(connection.scalar(text(f"SELECT COUNT(*) FROM {table}")) or 0)

    last = connection.scalar(text("SELECT MAX(received_at) FROM scan_journal"))
    return Holdings(count("orders"), count("stock_move"), count("scan_journal"), str(last or ""))


# --- PostgreSQL ----------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """`pg_dump` / `pg_restore`: on the PATH, else the newest of the installed versions."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise BackupFailed(f"{name} not found")
    return candidates[-1]


def pg_environment(url: str) -> dict[str, str]:
    """The connection in libpq's variables: a password never shows in the process list."""
    parsed = make_url(url)
    env = dict(os.environ)
    host = parsed.query.get("host") or parsed.host
    values = {
        "PGHOST": host if isinstance(host, str) else None,
        "PGPORT": str(parsed.query.get("port") or parsed.port or "") or None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(args: list[str], url: str) -> None:
    done = subprocess.run(args, env=pg_environment(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupFailed(done.stderr.strip() or f"{args[0]} exit {done.returncode}")


def backup_postgresql(url: str, partial: Path) -> None:
    partial.unlink(missing_ok=True)
    private_file(partial)
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"], url)


def check_postgresql(dump: Path, url: str) -> BackupCheck:
    """The archive's table of contents must read back whole (a torn file does not)."""
    _run([pg_tool("pg_restore"), "--list", str(dump)], url)
    return BackupCheck((), None)


def restore_postgresql(dump: Path, url: str) -> None:
    _run([pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
          f"--dbname={make_url(url).database}", str(dump)], url)  # fmt: skip


# --- both ----------------------------------------------------------------------------
def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mine(directory: Path, station_id: str, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in directory.glob(f"wms-{station_id}-*") if p.suffix in suffixes)


def prune(directory: Path, station_id: str, keep: int) -> list[Path]:
    """Keep the newest `keep` backups of this station (the names sort by time), and of the
    copies that failed their check only the newest, for a look."""
    good = _mine(directory, station_id, (SQLITE_SUFFIX, PG_SUFFIX))
    removed = (good[:-keep] if keep > 0 else []) + _mine(directory, station_id, (BAD,))[:-1]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def newest(directory: Path, station_id: str, *, tried: bool = False) -> Path | None:
    """The newest backup; `tried`: or the newest copy that failed its check (an attempt all
    the same, so a schedule does not try again every minute)."""
    suffixes = (SQLITE_SUFFIX, PG_SUFFIX, BAD) if tried else (SQLITE_SUFFIX, PG_SUFFIX)
    mine = _mine(directory, station_id, suffixes)
    return max(mine, key=lambda p: p.stat().st_mtime) if mine else None
