"""Engine settings, the bounded retry and the mapping of storage failures to core errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from db.check import integrity_check
from db.engine import make_engine, run_in_transaction
from db.uow import make_uow_factory
from wms_tui.core.errors import DatabaseBusy, DatabaseUnavailable


class _Deadlock(Exception):
    sqlstate = "40P01"


def _deadlock() -> OperationalError:
    return OperationalError("UPDATE stock_level ...", {}, _Deadlock("deadlock detected"))


def test_connection_settings(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
                assert pragma("PRAGMA foreign_keys").scalar() == 1
                assert pragma("PRAGMA busy_timeout").scalar() == 5000
            else:
                level = connection.exec_driver_sql("SHOW transaction_isolation").scalar()
                assert level == "read committed"
        assert integrity_check(engine) == []
    finally:
        engine.dispose()


def test_retry_is_bounded_and_jittered(db_backend: str) -> None:
    calls: list[int] = []
    pauses: list[float] = []

    def always_deadlocked() -> None:
        calls.append(1)
        raise _deadlock()

    with pytest.raises(DatabaseBusy):
        run_in_transaction(always_deadlocked, attempts=4, sleep=pauses.append)
    assert len(calls) == 4 and len(pauses) == 3
    assert all(0 <= pause <= 0.02 * 2**n for n, pause in enumerate(pauses))

    def locked_twice() -> str:
        calls.append(1)
        if len(calls) < 7:
            raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        return "done"

    assert run_in_transaction(locked_twice, sleep=pauses.append) == "done"


def test_a_missing_database_is_unavailable(db_backend: str, tmp_path: Path) -> None:
    if db_backend == "sqlite":
        url = f"sqlite:///{tmp_path}/no/such/dir/wms.sqlite"
    else:
        url = f"postgresql+psycopg://postgres@/wms?host={tmp_path}&port=1"
    factory = make_uow_factory(url)
    calls: list[int] = []

    def read() -> object:
        calls.append(1)
        with factory() as uow:
            return uow.skus.get("SKU-1")

    try:
        with pytest.raises(DatabaseUnavailable):
            run_in_transaction(read)
    finally:
        factory.dispose()
    assert calls == [1]  # no point retrying a database that is not there
