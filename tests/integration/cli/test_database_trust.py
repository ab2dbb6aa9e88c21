"""The database a station writes to is the one it opened, and nothing makes or fills one
by surprise: `wms run` never creates a database, the demo never writes into someone's
warehouse, files are the owner's only, and a deleted or swapped database stops the writes
(scans wait in memory, said in red) instead of going to a file nobody will read."""

from __future__ import annotations

import os
import stat
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import make_engine
from db.identity import watch_database_id
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import run_wms, seed_people, write_config
from wms_tui.bootstrap.database import open_database, watch_identity
from wms_tui.config import load_settings
from wms_tui.core.errors import DatabaseReplaced
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan
from wms_tui.i18n import set_language

pytestmark = pytest.mark.usefixtures("_restore_language")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("command", [("run",), ("check",), ("operators", "list"), ("waves",)])
def test_no_command_but_init_and_demo_makes_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    assert run_wms(config, *command) == 2
    err = capsys.readouterr().err
    assert "E704" in err and "wms db init" in err and "Traceback" not in err
    assert not (tmp_path / "wms.sqlite3").exists()


def test_db_init_makes_a_file_only_its_owner_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    old = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        assert run_wms(config, "db", "init") == 0
        assert run_wms(config, "check") == 0  # opens it, so WAL files appear
    finally:
        os.umask(old)
    database = tmp_path / "wms.sqlite3"
    assert _mode(database) == 0o600
    for extra in (tmp_path / "wms.sqlite3-wal", tmp_path / "wms.sqlite3-shm"):
        if extra.exists():
            assert _mode(extra) == 0o600, extra
    assert run_wms(config, "db", "init") == 0  # again: nothing changes, nothing is lost


def test_the_demo_never_fills_a_database_with_someone_elses_work(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_people(migrated_url)  # somebody's real accounts
    config = write_config(tmp_path, migrated_url)
    assert run_wms(config, "demo", "--no-start") == 2
    assert "E706" in capsys.readouterr().err
    engine = make_engine(migrated_url)
    with engine.connect() as connection:
        operators = connection.scalar(text("SELECT COUNT(*) FROM operators"))
        orders = connection.scalar(text("SELECT COUNT(*) FROM orders"))
    engine.dispose()
    assert (operators, orders) == (2, 0)


def test_the_demo_fills_an_empty_database_and_its_own_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    assert run_wms(config, "db", "init") == 0
    assert run_wms(config, "demo", "--no-start") == 0
    assert run_wms(config, "demo", "--no-start") == 0
    assert "nothing changed" in capsys.readouterr().out


def _scan(text_: str) -> Scan:
    return Scan(f"s-{text_}-{time.monotonic_ns()}", "test", text_, received_at=datetime.now(UTC))


def test_a_deleted_database_file_stops_the_writes_and_says_so(tmp_path: Path) -> None:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    settings = load_settings(config)
    factory = open_database(settings, create="init")
    watch_identity(factory, settings)
    with factory() as uow:
        assert uow.operators.all() == []
    (tmp_path / "wms.sqlite3").unlink()
    with pytest.raises(DatabaseReplaced), factory() as uow:
        uow.operators.all()
    # Another file under the same name (a restore, a copy) is not the one opened either.
    (tmp_path / "wms.sqlite3").write_bytes(b"")
    with pytest.raises(DatabaseReplaced), factory() as uow:
        uow.operators.all()
    # The scan pipeline holds the scan and says it is not saved, in red, not "kept".
    outcomes: list[Outcome] = []
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(), "S1", retry_initial_s=0.01)
    pipeline.add_listener(outcomes.append)
    pipeline.start()
    try:
        pipeline.submit(_scan("6901234567892"))
        deadline = time.monotonic() + 10
        while not outcomes:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        pipeline.stop()
        factory.dispose()
    first = outcomes[0]
    assert (first.msgid, first.error_code, first.params["count"]) == (
        "scan.not_saved_replaced", "E705", 1
    )  # fmt: skip
    set_language("en")
    assert first.text().startswith("NOT SAVED") and "deleted or replaced" in first.text()


def test_a_postgresql_database_recreated_under_the_same_name_is_refused(
    migrated_url: str,
) -> None:
    if migrated_url.startswith("sqlite"):
        pytest.skip("the file check above covers SQLite")
    factory = make_uow_factory(migrated_url)
    watch_database_id(factory.engine, "an-id-from-another-database", "wms@test")
    with pytest.raises(DatabaseReplaced), factory() as uow:
        uow.operators.all()
    factory.dispose()


def test_wms_check_names_a_sealed_move_edited_behind_the_triggers(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Edited together with its cache, a move keeps the ledger agreeing with itself: only the
    seal shows it."""
    config = write_config(tmp_path, migrated_url)
    assert run_wms(config, "demo", "--no-start") == 0
    assert run_wms(config, "check") == 0
    engine = make_engine(migrated_url)
    postgresql = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        move = connection.execute(
            text("SELECT move_id, sku_code, to_location FROM stock_move ORDER BY move_id LIMIT 1")
        ).one()
        connection.execute(
            text("DROP TRIGGER stock_move_no_update" + (" ON stock_move" if postgresql else ""))
        )
        connection.execute(
            text("UPDATE stock_move SET qty = qty + 5 WHERE move_id = :m"), {"m": move[0]}
        )
    engine.dispose()
    capsys.readouterr()
    assert run_wms(config, "check") == 1
    out = capsys.readouterr().out
    assert f"Sealed record changed: stock_move row {move[0]}" in out
