"""Storage and file failures outside a unit of work reach the user as one translated line and
exit code 2, never a traceback; writes outside the scan pipeline survive a transient
serialization failure, deadlock or lock timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

import db.engine
from db.uow import make_uow_factory
from tests.integration.cli.helpers import (
    ADMIN,
    SUPERVISOR,
    run_as,
    run_wms,
    seed_people,
    write_config,
)

pytestmark = pytest.mark.usefixtures("_restore_language")


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def sqlite_config(tmp_path: Path) -> Path:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3")
    assert run_wms(config, "db", "init") == 0
    return config


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_sqlite_file_locked_by_another_process_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    config = write_config(tmp_path, "sqlite:///wms.sqlite3", language)
    assert run_wms(config, "db", "init") == 0
    seed_people(f"sqlite:///{tmp_path / 'wms.sqlite3'}")
    monkeypatch.setattr(db.engine, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(tmp_path / "wms.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        capsys.readouterr()
        assert run_as(config, ADMIN, "operators", "add", "OP-X-1", "x", "--roles", "picker") == 2
        line = _one_line(capsys.readouterr().err)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "E701" in line and "database is locked" in line
    assert ("busy" in line) if language == "en" else ("数据库繁忙" in line)
    # Once the other writer is gone the same command goes through.
    assert run_as(config, ADMIN, "operators", "add", "OP-X-1", "x", "--roles", "picker") == 0


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("db", "upgrade"),
        ("run",),
        ("demo", "--no-start"),
        ("import", "skus", "skus.csv", "--by", SUPERVISOR),
        ("operators", "list"),
    ],
    ids=lambda c: "-".join(c),
)
def test_an_unreachable_postgresql_server_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    nobody = tmp_path / "no-server-here"
    nobody.mkdir()
    (tmp_path / "skus.csv").write_text("sku,name_zh,name_en\nA,甲,a\n", encoding="utf-8")
    config = write_config(tmp_path, f"postgresql://wms@/wms?host={nobody}")
    args = [str(tmp_path / a) if a.endswith(".csv") else a for a in command]
    assert run_wms(config, *args) == 2
    line = _one_line(capsys.readouterr().err)
    assert "E702" in line and "cannot reach the database" in line
    assert str(nobody) in line  # which server it tried


def test_an_unwritable_sheet_path_names_the_file(
    sqlite_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "no" / "dir" / "x.pdf"
    capsys.readouterr()
    assert run_wms(sqlite_config, "demo", "--no-start", "--sheet", str(sheet)) == 2
    line = _one_line(capsys.readouterr().err)
    assert "E601" in line and str(sheet) in line and "no such file or directory" in line


def test_an_unwritable_files_folder_names_it(
    sqlite_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    capsys.readouterr()
    assert run_wms(sqlite_config, "demo", "--no-start", "--files", str(blocker / "demo")) == 2
    line = _one_line(capsys.readouterr().err)
    assert "E601" in line and str(blocker / "demo") in line


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"injected failure {sqlstate}")
        self.sqlstate = sqlstate


@contextmanager
def _fails_once(statement_start: str, sqlstate: str) -> Iterator[list[str]]:
    """The first statement starting with `statement_start` fails as the server would."""
    fired: list[str] = []

    def before(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
    ) -> None:
        if not fired and statement.lstrip().upper().startswith(statement_start):
            fired.append(statement)
            raise OperationalError(statement, parameters, _PgError(sqlstate))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield fired
    finally:
        event.remove(Engine, "before_cursor_execute", before)


@pytest.mark.parametrize("sqlstate", ["40001", "40P01", "55P03"])
def test_a_command_survives_one_serialization_failure(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], sqlstate: str
) -> None:
    config = write_config(tmp_path, migrated_url)
    seed_people(migrated_url)
    with _fails_once("INSERT INTO OPERATORS", sqlstate) as fired:
        assert run_as(config, ADMIN, "operators", "add", "OP-R-1", "重试", "--roles", "picker") == 0
    assert fired, "the failure was never injected"
    csv = tmp_path / "skus.csv"
    csv.write_text("sku,name_zh,name_en\nTS-1,白T恤,White tee\n", encoding="utf-8")
    with _fails_once("INSERT INTO SKUS", sqlstate) as fired:
        assert run_as(config, SUPERVISOR, "import", "skus", str(csv)) == 0
    assert fired and "1 created" in capsys.readouterr().out
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        assert uow.operators.get("OP-R-1") is not None
        assert uow.skus.get("TS-1") is not None
    factory.dispose()
