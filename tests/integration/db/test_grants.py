"""The stations' own PostgreSQL role (`wms db grant`) adds to the record and cannot rewrite
it; a finished scan journal line is never changed, on either engine."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db import chain
from db.engine import make_engine
from db.grants import grant_station_role
from db.uow import make_uow_factory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import run_wms, write_config
from wms_tui.core import stock
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import AuditEvent, Sku


def _journal_line(url: str, status: str) -> None:
    factory = make_uow_factory(url)
    with factory() as uow:
        uow.journal.record(
            JournalEntry("s-1", "S1", "serial-1", "6901234567892", "", datetime.now(UTC))
        )
        if status != "pending":
            assert uow.journal.finish("s-1", status)
        uow.commit()
    factory.dispose()


@pytest.mark.parametrize(
    "statement", ["UPDATE scan_journal SET data = 'x'", "DELETE FROM scan_journal"]
)
def test_a_finished_journal_line_is_never_changed(migrated_url: str, statement: str) -> None:
    _journal_line(migrated_url, "accepted")
    engine = make_engine(migrated_url)
    try:
        with pytest.raises(DBAPIError, match="never changed"), engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_a_pending_line_is_finished_once(migrated_url: str) -> None:
    _journal_line(migrated_url, "pending")
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        assert uow.journal.finish("s-1", "rejected", "E202")
        assert not uow.journal.finish("s-1", "accepted")  # finished already: not again
        uow.commit()
    factory.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE stock_move SET qty = 99",
        "DELETE FROM audit_log",
        "TRUNCATE ledger_chain",
        "DROP TRIGGER stock_move_no_update ON stock_move",
        "CREATE TABLE mine (x int)",
        "UPDATE alembic_version SET version_num = 'x'",
    ],
)
def test_the_station_role_adds_to_the_record_and_cannot_rewrite_it(
    migrated_url: str, statement: str
) -> None:
    if not migrated_url.startswith("postgresql"):
        pytest.skip("roles are PostgreSQL's")
    owner = make_engine(migrated_url)
    role = f"station_{uuid.uuid4().hex[:10]}"
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    grant_station_role(owner, role)
    owner_factory = make_uow_factory(migrated_url)
    with owner_factory() as uow:
        uow.skus.add(Sku("S1", "袜子", "socks"))
        uow.commit()
    owner_factory.dispose()
    station = make_uow_factory(migrated_url.replace("postgres@", f"{role}@"))
    try:
        clock = FixedClock()
        with station() as uow:  # what a station does: moves, audit lines, journal lines
            stock.receive(
                uow, clock, sku_code="S1", qty=3, location="@scrap", operator="OP-1",
                station_id="S1", reference="t", move_id="m-1",
            )  # fmt: skip
            uow.audit.record(AuditEvent("login", "OP-1", "S1", subject="OP-1", at=clock.now()))
            uow.journal.record(JournalEntry("s-9", "S1", "k", "x", "", clock.now()))
            assert uow.journal.finish("s-9", "accepted")
            uow.commit()
        with pytest.raises(DBAPIError), station.engine.begin() as connection:
            connection.execute(text(statement))
        # The seal's lock is the owner's: the station's role is told so, in its own words
        # (a station's upkeep logs it; `wms check` and `wms backup` as the owner seal).
        with pytest.raises(chain.SealRefused):
            chain.seal(station.engine, b"")
    finally:
        station.dispose()
        owner.dispose()


def test_wms_db_grant_from_the_command_line(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, migrated_url)
    if migrated_url.startswith("sqlite"):
        assert run_wms(config, "db", "grant", "wms_station") == 2
        assert "E711" in capsys.readouterr().err
        return
    assert run_wms(config, "db", "grant", "nobody_here") == 2  # the role must exist
    assert "E711" in capsys.readouterr().err
    role = f"station_{uuid.uuid4().hex[:10]}"
    owner = make_engine(migrated_url)
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    owner.dispose()
    assert run_wms(config, "db", "grant", role) == 0
    said = capsys.readouterr().out
    assert (
        f"REVOKE UPDATE, DELETE, TRUNCATE ON stock_move, audit_log, ledger_chain FROM {role}"
        in said
    )
