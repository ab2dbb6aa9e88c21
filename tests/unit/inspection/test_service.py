"""The inspection service over in-memory ports: stock, statuses, sessions, restart."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest

from tests.fakes import FixedClock
from tests.fakes_inspection import (
    FakeInspectionDatabase,
    FakeInspectionUnitOfWork,
    add_locations,
    fake_resolve,
)
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
    StockMove,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.workflows.inspection import InspectionDesk, load_state
from wms_tui.core.workflows.inspection_ports import (
    InspectionLeaseHeld,
    SessionResult,
    SupervisorNeedsPin,
)
from wms_tui.core.workflows.inspection_rules import StationRules

RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR", replacement_location="SPARE-1")
SUPERVISOR = Operator("B-SUP", "Boss", frozenset({Role.SUPERVISOR}))


@dataclass(frozen=True)
class FakeScan:
    scan_id: str
    text: str
    symbology: str = ""


@pytest.fixture
def db() -> FakeInspectionDatabase:
    db = FakeInspectionDatabase()
    with db.uow() as uow:
        add_locations(uow)
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL", unit_weight_g=200))
        uow.skus.add(Sku("MUG", "马克杯", "Mug"))
        uow.skus.add_barcode(Barcode("6901234567892", "TEE"))
        uow.skus.add_barcode(Barcode("16901234567899", "TEE", BarcodeKind.PACKAGING, 2))
        uow.skus.add_barcode(Barcode("6909876543210", "MUG"))
        uow.operators.add(SUPERVISOR)
        uow.orders.add(
            Order("T1", "taobao", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 3)], waybill="YT1")
        )
        for n, (sku, qty) in enumerate((("TEE", 10), ("MUG", 5)), start=1):
            for location in ("PACK-1", "SPARE-1"):
                uow.ledger.post(
                    StockMove(
                        f"m{n}{location}", sku, qty, "@supplier", location, MoveReason.RECEIPT
                    )
                )
        uow.commit()
    return db


class Station:
    """A station that commits what its handler accepted, as the scan pipeline does."""

    _ids = itertools.count(1)

    def __init__(self, db: FakeInspectionDatabase, rules: StationRules = RULES) -> None:
        self.db = db
        self.desk = InspectionDesk(rules, FixedClock(), lambda: "op1", resolver=fake_resolve)

    def scan(self, text: str) -> Outcome:
        with self.db.uow() as uow:
            outcome = self.desk.handle_scan(uow, FakeScan(f"s{next(self._ids)}", text))
            uow.commit()
        return outcome

    def uow(self) -> FakeInspectionUnitOfWork:
        return self.db.uow()


def test_waybill_then_items_pass_and_ship(db: FakeInspectionDatabase) -> None:
    station = Station(db)
    assert station.scan("YT1").msgid == "inspect.opened"
    assert station.scan("6909876543210").msgid == "inspect.wrong_item"
    assert station.scan("16901234567899").msgid == "inspect.counted"  # a pack of 2
    assert station.scan("6901234567892").msgid == "inspect.passed"
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.VERIFIED
        assert uow.ledger.level("TEE", "PACK-1") == 7
        assert uow.ledger.level("TEE", "DOCK") == 3
        (session,) = uow.inspections.history("T1")
        assert (session.result, session.wrong_scans) == (SessionResult.PASSED, 1)
        assert uow.inspections.s.verified["T1"][1:] == ("op1", "S1")


def test_restart_reopens_with_the_exact_counts(db: FakeInspectionDatabase) -> None:
    Station(db).scan("YT1")
    Station(db).scan("6901234567892")
    restarted = Station(db)  # a new desk: nothing carried in memory
    with restarted.uow() as uow:
        state = load_state(uow, "S1")
    assert state.progress.line(1).counted == 1
    assert [e.text for e in state.recent()] == ["6901234567892"]
    assert restarted.scan("6901234567892").params == {
        "name": "白色T恤",
        "counted": 2,
        "expected": 3,
    }


def test_second_station_is_refused_and_a_supervisor_takes_over(
    db: FakeInspectionDatabase,
) -> None:
    first = Station(db)
    first.scan("YT1")
    first.scan("6901234567892")
    second = Station(db, replace(RULES, station_id="S2", packing_location="PACK-2"))
    with pytest.raises(InspectionLeaseHeld):
        second.scan("YT1")
    with second.uow() as uow:
        second.desk.take_over(uow, "YT1", SUPERVISOR)
        uow.commit()
    with second.uow() as uow:
        assert load_state(uow, "S2").progress.line(1).counted == 1
        assert load_state(uow, "S1").session is None
        assert [a.action for a in uow.store.audit] == ["inspection_takeover"]


def test_problem_unit_goes_to_quarantine_and_undo_brings_it_back(
    db: FakeInspectionDatabase,
) -> None:
    station = Station(db)
    station.scan("YT1")
    station.scan("CMD:DAMAGED")
    assert station.scan("6901234567892").msgid == "inspect.quarantined.damaged"
    with station.uow() as uow:
        assert uow.ledger.level("TEE", "QUAR") == 1
    station.scan("CMD:UNDO")
    with station.uow() as uow:
        assert uow.ledger.level("TEE", "QUAR") == 0
        assert uow.ledger.level("TEE", "PACK-1") == 10


def test_unreplaced_problem_holds_the_order(db: FakeInspectionDatabase) -> None:
    station = Station(db)
    station.scan("YT1")
    station.scan("CMD:DAMAGED")
    station.scan("6901234567892")
    assert station.scan("CMD:DONE").msgid == "inspect.on_hold"
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.ON_HOLD
        assert order.hold_reason.startswith("inspection: damaged TEE x1")


def test_a_scanned_supervisor_badge_alone_overrides_nothing(db: FakeInspectionDatabase) -> None:
    """A badge can be borrowed: overrides and takeovers need badge + PIN (F12 on the screen)."""
    station = Station(db)
    assert station.scan("YT1").msgid == "inspect.opened"
    with pytest.raises(SupervisorNeedsPin):
        station.scan("B-SUP")
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.PICKED
