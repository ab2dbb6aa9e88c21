"""The ledger's seal (db/chain.py) on both engines: what is sealed verifies; a sealed row
changed, removed or slipped in is named, even with the guard triggers dropped; sealing while
stations write never raises a false alarm."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import text

from db import chain
from db.engine import make_engine
from db.uow import make_uow_factory
from wms_tui.core.model import AuditEvent

KEY = b"a secret kept outside the database"


def _audit(url: str, count: int, prefix: str = "E") -> None:
    factory = make_uow_factory(url)
    for n in range(count):
        with factory() as uow:
            uow.audit.record(AuditEvent("login", f"{prefix}{n}", "S1", subject=f"{prefix}{n}",
                                        at=datetime(2026, 12, 7, 8, 0, tzinfo=UTC)))  # fmt: skip
            uow.commit()
    factory.dispose()


def _moves(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO skus (code, name_zh, name_en, spec, unit_weight_g, is_kit,"
                 " kit_mode, requires_lot, requires_serial, unit_price_cents, active)"
                 " VALUES ('S1', '袜子', 'socks', '', 0, false, 'kit_barcode', false, false,"
                 " 0, true)")
        )  # fmt: skip
        for n in range(5):
            connection.execute(
                text(
                    "INSERT INTO stock_move (move_id, sku_code, qty, from_location,"
                    " to_location, reason, reference, operator, station_id, at)"
                    " VALUES (:id, 'S1', :qty, '@supplier', '@scrap', 'receipt', '', 'OP-1',"
                    " 'S1', :at)"
                ),
                {"id": f"m{n}", "qty": n + 1, "at": datetime(2026, 12, 7, 8, n, tzinfo=UTC)},
            )
    engine.dispose()


def _tamper(url: str, *statements: str) -> None:
    """As the database's owner would: triggers dropped first."""
    engine = make_engine(url)
    postgresql = engine.dialect.name == "postgresql"
    drops = (
        ["DROP TRIGGER stock_move_no_update ON stock_move",
         "DROP TRIGGER audit_log_no_update ON audit_log"]
        if postgresql
        else ["DROP TRIGGER stock_move_no_update", "DROP TRIGGER stock_move_no_delete",
              "DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
    )  # fmt: skip
    with engine.begin() as connection:
        for statement in [*drops, *statements]:
            connection.execute(text(statement))
    engine.dispose()


def test_what_is_sealed_verifies_and_sealing_is_incremental(migrated_url: str) -> None:
    _moves(migrated_url)
    _audit(migrated_url, 3)
    engine = make_engine(migrated_url)
    try:
        assert chain.seal(engine, KEY) == 8
        assert chain.seal(engine, KEY) == 0
        _audit(migrated_url, 2, "F")
        assert chain.seal(engine, KEY) == 2
        assert chain.verify(engine, KEY) == []
        # Another key (a copy of the database checked elsewhere) does not verify.
        assert [b.why for b in chain.verify(engine, b"guess")] == ["changed", "changed"]
    finally:
        engine.dispose()


def test_a_changed_move_is_named_even_with_the_triggers_dropped(migrated_url: str) -> None:
    _moves(migrated_url)
    engine = make_engine(migrated_url)
    try:
        chain.seal(engine, KEY)
        _tamper(migrated_url, "UPDATE stock_move SET qty = 99 WHERE move_id = 'm2'")
        assert chain.verify(engine, KEY) == [chain.Break("stock_move", "m2", "changed")]
    finally:
        engine.dispose()


def test_a_removed_or_slipped_in_row_is_named(migrated_url: str) -> None:
    _audit(migrated_url, 4)
    engine = make_engine(migrated_url)
    try:
        chain.seal(engine, KEY)
        with engine.connect() as connection:
            ids = [r[0] for r in connection.execute(text("SELECT id FROM audit_log ORDER BY id"))]
        _tamper(migrated_url, f"DELETE FROM audit_log WHERE id = {ids[1]}")
        assert chain.verify(engine, KEY) == [chain.Break("audit_log", str(ids[1]), "missing")]
        _tamper_back = (
            "INSERT INTO audit_log (id, at, action, operator, station_id, subject, detail)"
            f" VALUES ({ids[1]}, '2026-12-07 08:00:00.000000', 'login', 'X', 'S1', 'X', '')"
        )
        engine2 = make_engine(migrated_url)
        with engine2.begin() as connection:
            connection.execute(text(_tamper_back))
        engine2.dispose()
        assert chain.verify(engine, KEY) == [chain.Break("audit_log", str(ids[1]), "changed")]
    finally:
        engine.dispose()


def test_sealing_while_stations_write_never_raises_a_false_alarm(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    writers = [threading.Thread(target=_audit, args=(migrated_url, 40, f"W{n}-")) for n in range(3)]
    try:
        for writer in writers:
            writer.start()
        while any(writer.is_alive() for writer in writers):
            chain.seal(engine, KEY)
        for writer in writers:
            writer.join()
        chain.seal(engine, KEY)
        assert chain.verify(engine, KEY) == []
        with engine.connect() as connection:
            sealed = connection.scalar(text("SELECT count(*) FROM ledger_chain"))
        assert sealed == 120
    finally:
        engine.dispose()
