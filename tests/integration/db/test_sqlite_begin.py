"""On SQLite a unit of work takes the write lock at BEGIN (BEGIN IMMEDIATE), not at its first
write: a read-then-write unit can then never lose an update to another writer (DESIGN.md 6)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from db.migrate import upgrade
from db.uow import make_uow_factory


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'wms.sqlite3'}"
    upgrade(url)
    return url


def _other_writer_can_begin(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


def test_a_unit_holds_the_write_lock_from_its_first_read(sqlite_url: str, tmp_path: Path) -> None:
    factory = make_uow_factory(sqlite_url)
    sent: list[str] = []

    def record(_conn: object, _cur: object, statement: str, *_rest: object) -> None:
        sent.append(statement)

    event.listen(factory.engine, "before_cursor_execute", record)
    try:
        with factory() as uow:
            assert uow.skus.get("NOPE") is None  # only a read so far
            assert not _other_writer_can_begin(tmp_path / "wms.sqlite3")
        assert _other_writer_can_begin(tmp_path / "wms.sqlite3")  # released at the end
    finally:
        event.remove(factory.engine, "before_cursor_execute", record)
        factory.dispose()
    assert sent[0] == "BEGIN IMMEDIATE"


def test_a_unit_asking_for_deferred_begin_does_not_lock(sqlite_url: str, tmp_path: Path) -> None:
    factory = make_uow_factory(sqlite_url)
    engine: Engine = factory.engine
    try:
        reader = engine.connect().execution_options(sqlite_begin="DEFERRED")
        with reader as connection, connection.begin():
            connection.exec_driver_sql("SELECT count(*) FROM skus").scalar()
            assert _other_writer_can_begin(tmp_path / "wms.sqlite3")
    finally:
        factory.dispose()
