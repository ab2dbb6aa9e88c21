"""Problem goods (异常) on both engines: what is in quarantine, where it came from and why;
a supervisor's decision for it is one ledger move with a reason, refused in words when it
cannot be."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db import check as db_check
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import SUPERVISOR, run_as, write_config
from tests.integration.orders.helpers import SERVICE, enrol
from wms_tui.core import stock
from wms_tui.core.errors import InsufficientStock, NotAllowed
from wms_tui.core.model import (
    AuditEvent,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Role,
    StockMove,
)
from wms_tui.core.orders.problems import Disposal, NotABin, NotQuarantine, dispose, problem_goods

BOSS = Operator(SUPERVISOR, "主管", frozenset({Role.SUPERVISOR}))
AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


@pytest.fixture
def quarantined(factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    """Three tees an inspector found damaged on order H0001, sent from the dock."""
    with factory() as uow:
        uow.locations.add(Location("QUAR-01", LocationKind.QUARANTINE))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        stock.post_move(uow, StockMove("q1", "TEE", 3, "DOCK-01", "QUAR-01",
                                       MoveReason.QUARANTINE, reference="H0001/1",
                                       operator="OP-INS-1", station_id="PACK-01", at=AT),
                        FixedClock())  # fmt: skip
        said = AuditEvent("inspection_problem", "OP-INS-1", "PACK-01", subject="H0001",
                          detail="damaged H0001/1 TEE", at=AT)  # fmt: skip
        uow.audit.record(said)
        uow.commit()
    return factory


def test_the_list_says_what_where_and_why(quarantined: SqlUnitOfWorkFactory) -> None:
    with quarantined.for_reading()() as uow:
        lots = problem_goods(uow)
    assert [(lot.sku_code, lot.name, lot.location, lot.qty) for lot in lots] == [
        ("TEE", "白色T恤", "QUAR-01", 3)
    ]
    arrival = lots[0].arrivals[0]
    assert (arrival.who, arrival.reference, arrival.why, arrival.qty) == (
        "OP-INS-1", "H0001/1", "damaged", 3)  # fmt: skip


def test_each_decision_is_a_ledger_move_with_a_reason(quarantined: SqlUnitOfWorkFactory) -> None:
    with quarantined() as uow:
        kinds = [
            (Disposal.TO_STOCK, "A-01-1", "复检合格"),
            (Disposal.SCRAP, "", "破损严重"),
            (Disposal.TO_VENDOR, "", "退厂"),
        ]
        for to, bin_code, why in kinds:
            dispose(uow, FixedClock(), sku_code="TEE", location="QUAR-01", qty=1, to=to,
                    reason=why, by=BOSS, station_id="DESK-1", bin_code=bin_code)  # fmt: skip
        uow.commit()
    with quarantined() as uow:
        assert uow.ledger.level("TEE", "QUAR-01") == 0
        assert uow.ledger.level("TEE", "A-01-1") == 1
        assert uow.ledger.level("TEE", "@scrap") == 1
    assert db_check.rebuild_stock_cache(quarantined.engine) == []


def test_what_cannot_be_decided_is_refused(quarantined: SqlUnitOfWorkFactory) -> None:
    cases: list[tuple[str, int, Disposal, str, type[Exception]]] = [
        ("DOCK-01", 1, Disposal.SCRAP, "", NotQuarantine),
        ("QUAR-01", 1, Disposal.TO_STOCK, "DOCK-01", NotABin),
        ("QUAR-01", 4, Disposal.SCRAP, "", InsufficientStock),
    ]
    for location, qty, to, bin_code, error in cases:
        with quarantined() as uow, pytest.raises(error):
            dispose(uow, FixedClock(), sku_code="TEE", location=location, qty=qty, to=to,
                    reason="x", by=BOSS, station_id="DESK-1", bin_code=bin_code)  # fmt: skip
    clerk = Operator(SERVICE, "宋佳", frozenset({Role.SERVICE}))  # sees them, decides nothing
    with quarantined() as uow, pytest.raises(NotAllowed):
        dispose(uow, FixedClock(), sku_code="TEE", location="QUAR-01", qty=1,
                to=Disposal.SCRAP, reason="x", by=clerk, station_id="DESK-1")  # fmt: skip
    with quarantined() as uow:
        assert uow.ledger.level("TEE", "QUAR-01") == 3


def test_wms_problems_lists_and_a_supervisor_decides(
    quarantined: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, SERVICE, "problems", "list") == 0
    said = capsys.readouterr().out
    assert "TEE White tee ×3 at QUAR-01" in said and "H0001/1 · Damaged" in said
    assert run_as(config, SERVICE, "problems", "dispose", "TEE", "QUAR-01", "1", "--to",
                  "scrap", "--reason", "破损", "--yes") != 0  # not a supervisor  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run_as(config, SUPERVISOR, "problems", "dispose", "TEE", "QUAR-01", "2", "--to",
                  "stock", "--bin", "A-01-1", "--reason", "复检合格") == 0  # fmt: skip
    assert "Move 2 × TEE out of QUAR-01: back to stock in A-01-1?" in capsys.readouterr().err
    with quarantined() as uow:
        assert uow.ledger.level("TEE", "A-01-1") == 2
