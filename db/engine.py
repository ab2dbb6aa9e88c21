"""Engines for SQLite (embedded) and PostgreSQL (psycopg 3), and the bounded retry.

SQLite: WAL, synchronous=FULL, a 5 s busy timeout and foreign keys, set on every connection.
Python's sqlite3 sends no BEGIN before a SELECT, so read-then-write loses updates (DESIGN.md
section 6): we take over BEGIN ourselves and make it `BEGIN IMMEDIATE`, which takes the write
lock up front and waits for it under the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from wms_tui.core.errors import DatabaseBusy, DatabaseUnavailable, StorageError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
# serialization failure, deadlock detected, lock not available (NOWAIT)
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# connection exceptions, admin shutdown, cannot connect now, too many connections
UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P", "53300")


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """One engine per process and database; `kwargs` go to `create_engine`."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        connect_args = dict(kwargs.pop("connect_args", {}))
        if "options" not in parsed.query:
            # No JIT: it compiled each of a report's reads for 150 ms, longer than most
            # ran, and the station's statements are all short. Times come back in UTC,
            # which psycopg gives as `timezone.utc`: a month's report turns near a
            # million of them to local days, three times faster than from a ZoneInfo.
            # A URL's own options win.
            connect_args.setdefault("options", "-c jit=off -c TimeZone=UTC")
        return create_engine(
            url,
            isolation_level="READ COMMITTED",
            pool_pre_ping=True,
            connect_args=connect_args,
            **kwargs,
        )
    return create_engine(url, **kwargs)


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # The driver must not open transactions on its own: BEGIN comes from `_on_begin`.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A read-only unit may ask for a plain (deferred) BEGIN with sqlite_begin="DEFERRED".
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def sqlstate(exc: BaseException) -> str | None:
    original = getattr(exc, "orig", exc)
    state = getattr(original, "sqlstate", None)
    return state if isinstance(state, str) else None


def is_retryable(exc: BaseException) -> bool:
    if sqlstate(exc) in RETRY_SQLSTATES:
        return True
    original = getattr(exc, "orig", exc)
    return isinstance(original, sqlite3.OperationalError) and (
        "locked" in str(original) or "busy" in str(original)
    )


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    state = sqlstate(exc)
    if state is not None:
        return state.startswith(UNAVAILABLE_SQLSTATE_PREFIXES)
    original = getattr(exc, "orig", exc)
    if isinstance(original, sqlite3.OperationalError):
        text = str(original)
        return "unable to open" in text or "disk I/O" in text
    return isinstance(exc, OperationalError) and "connection" in str(exc).lower()


def _why(exc: BaseException) -> str:
    """The driver's reason, first line only (or its type when it gave none)."""
    original = getattr(exc, "orig", exc)
    text = str(original)
    return text.splitlines()[0] if text else type(original).__name__


def translate(exc: BaseException) -> BaseException:
    """The core's error for a low-level one, or the exception itself when it is not storage."""
    if is_retryable(exc):
        return DatabaseBusy(why=_why(exc))
    if is_unavailable(exc):
        return DatabaseUnavailable(why=_why(exc))
    return exc


def storage_error(exc: DBAPIError) -> StorageError:
    """The core's error for a failed statement, connect or commit, with the driver's reason."""
    translated = translate(exc)
    return translated if isinstance(translated, StorageError) else StorageError(why=_why(exc))


@contextmanager
def storage_errors() -> Iterator[None]:
    """For work outside a unit of work (migrations, checks): the same errors a unit raises."""
    try:
        yield
    except DBAPIError as exc:
        raise storage_error(exc) from exc


def run_in_transaction(
    fn: Callable[[], T],
    attempts: int = 5,
    *,
    base_delay: float = 0.02,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `fn` (which opens, commits and closes its own unit of work) until it gets through.

    Retries only what a retry can cure (serialization failures, deadlocks, a locked SQLite
    file), with jittered exponential back-off; then raises DatabaseBusy. A database that is
    gone raises DatabaseUnavailable at once.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DatabaseBusy:
            # A unit of work already translated a retryable error.
            if attempt == attempts:
                raise
            sleep(random.uniform(0, base_delay * 2 ** (attempt - 1)))
        except DBAPIError as exc:
            if is_retryable(exc):
                if attempt == attempts:
                    raise translate(exc) from exc
                sleep(random.uniform(0, base_delay * 2 ** (attempt - 1)))
                continue
            if is_unavailable(exc):
                raise DatabaseUnavailable(why=str(exc.orig).splitlines()[0]) from exc
            raise
    raise AssertionError("unreachable: the loop returns or raises")
