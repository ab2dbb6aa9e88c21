"""The inspection service over in-memory ports: stock, statuses, sessions, restart."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.unit.inspection.desk import RULES, SUPERVISOR, FakeScan, Station
from wms_tui.core.inspection.handler import (
    InspectionDesk,
    build_sheet,
    load_state,
    remove_unit_text,
    scan_resolver,
    undo_text,
)
from wms_tui.core.inspection.records import (
    CorrectionReason,
    InspectionLeaseHeld,
    NotComplete,
    OrderOnHold,
    ScanNotExpected,
    SessionResult,
    SupervisorNeedsPin,
)
from wms_tui.core.model import (
    Barcode,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
    StockMove,
)
from wms_tui.core.orders.hold_reasons import short_pick
from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import KEY_SOURCE, ResolverConfig, key_command
from wms_tui.i18n import _, current_language, set_language


def test_waybill_then_items_pass_and_ship(db: FakeDatabase) -> None:
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
        assert uow.inspection_store.verified["T1"][1:] == ("op1", "S1")


def test_restart_reopens_with_the_exact_counts(db: FakeDatabase) -> None:
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
    db: FakeDatabase,
) -> None:
    first = Station(db)
    first.scan("YT1")
    first.scan("6901234567892")
    second = Station(db, replace(RULES, station_id="S2", packing_location="PACK-2"))
    with pytest.raises(InspectionLeaseHeld):
        second.scan("YT1")
    with second.uow() as uow:
        second.desk.take_over(uow, "YT1", SUPERVISOR, operator="op1")
        uow.commit()
    with second.uow() as uow:
        assert load_state(uow, "S2").progress.line(1).counted == 1
        assert load_state(uow, "S1").session is None
        assert [a.action for a in uow.store.audit] == ["inspection_takeover"]


def test_problem_unit_goes_to_quarantine_and_undo_brings_it_back(
    db: FakeDatabase,
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
        assert [(a.action, a.subject, a.detail) for a in uow.store.audit] == [
            ("inspection_problem", "T1", "damaged T1/1 TEE"),
            ("inspection_undo", "T1", "problem TEE x1: barcode"),
        ]


def test_unreplaced_problem_holds_the_order(db: FakeDatabase) -> None:
    station = Station(db)
    station.scan("YT1")
    station.scan("CMD:DAMAGED")
    station.scan("6901234567892")
    assert station.scan("CMD:DONE").msgid == "inspect.on_hold"
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.ON_HOLD
        assert order.hold_reason.startswith("inspection: damaged TEE x1")


def test_a_scanned_supervisor_badge_alone_overrides_nothing(db: FakeDatabase) -> None:
    """A badge can be borrowed: overrides and takeovers need badge + PIN (F12 on the screen)."""
    station = Station(db)
    assert station.scan("YT1").msgid == "inspect.opened"
    with pytest.raises(SupervisorNeedsPin):
        station.scan("B-SUP")
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.PICKED


def test_undo_and_remove_carry_the_reason_into_the_audit_log(db: FakeDatabase) -> None:
    station = Station(db)
    station.scan("YT1")
    station.scan("6901234567892")
    station.scan("6901234567892")
    undone = station.scan(undo_text(CorrectionReason.DOUBLE_SCAN))
    assert (undone.msgid, undone.params["qty"]) == ("inspect.undone", 1)
    removed = station.scan(remove_unit_text(1, CorrectionReason.PUT_BACK))
    assert (removed.msgid, removed.params["counted"]) == ("inspect.removed", 0)
    station.scan("CMD:UNDO")  # the command barcode takes back the removal
    with station.uow() as uow:
        assert [(a.action, a.detail) for a in uow.store.audit] == [
            ("inspection_undo", "count TEE x1: double_scan"),
            ("inspection_remove", "line 1: put_back"),
            ("inspection_undo", "remove TEE x1: barcode"),
        ]
        assert load_state(uow, "S1").progress.line(1).counted == 1


def test_a_correction_without_a_known_reason_is_refused(db: FakeDatabase) -> None:
    station = Station(db)
    station.scan("YT1")
    station.scan("6901234567892")
    with pytest.raises(ScanNotExpected):
        station.scan("CMD:UNDO:BECAUSE")
    with pytest.raises(ScanNotExpected):
        station.scan("CMD:REMOVE:1:WHATEVER")
    with station.uow() as uow:
        assert load_state(uow, "S1").progress.line(1).counted == 1
        assert uow.store.audit == []


def test_takeover_keeps_the_counts_but_not_the_wrong_scans_or_the_acknowledgement(
    db: FakeDatabase,
) -> None:
    with db.uow() as uow:
        uow.orders.add(
            Order(
                "T2", "taobao", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 2)],
                waybill="YT2", buyer_remark="不要发圆通",
            )
        )  # fmt: skip
        uow.ledger.post(StockMove("m-pack2", "TEE", 5, "@supplier", "PACK-2", MoveReason.RECEIPT))
        uow.commit()
    first = Station(db)
    first.scan("YT2")
    first.scan("CMD:ACK")
    first.scan("6909876543210")  # a mug: wrong item, the first inspector's
    first.scan("6901234567892")
    second = Station(db, replace(RULES, station_id="S2", packing_location="PACK-2"))
    with second.uow() as uow:
        second.desk.take_over(uow, "YT2", SUPERVISOR, operator="op1")
        uow.commit()
    with second.uow() as uow:
        progress = load_state(uow, "S2").progress
        assert (progress.line(1).counted, progress.wrong_scans, progress.acked) == (1, 0, False)
        (taken,) = [s for s in uow.inspections.history("T2") if s.station_id == "S1"]
        assert (taken.result, taken.wrong_scans) == (SessionResult.TAKEN_OVER, 1)
    # The remark must be read again by the one who now answers for the parcel.
    assert second.scan("6901234567892").msgid != "inspect.passed"
    assert second.scan("CMD:ACK").msgid == "inspect.passed"


def test_a_short_picked_order_on_hold_says_why_in_words(db: FakeDatabase) -> None:
    with db.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None
        uow.orders.set_status(order, OrderStatus.ON_HOLD, short_pick("TEE", 2, "A-01-1"))
        uow.commit()
    with pytest.raises(OrderOnHold) as refused:
        Station(db).scan("YT1")
    assert refused.value.params["reason"] == _(
        "pick.hold.short", sku="TEE", qty=2, location="A-01-1"
    )
    assert "short:" not in refused.value.params["reason"]


@pytest.mark.parametrize(("language", "spec"), [("zh_CN", "蓝色 XL"), ("en", "Blue XL")])
def test_the_sheet_shows_the_spec_in_the_station_language(
    db: FakeDatabase, language: str, spec: str
) -> None:
    with db.uow() as uow:
        uow.skus.add(Sku("BLUE", "蓝色T恤", "Blue tee", "蓝色 XL", spec_en="Blue XL"))
        order = Order("T9", "jd", "店", OrderStatus.PICKED, [OrderLine(1, "BLUE", 1)])
        assert build_sheet(uow, order, language).lines[0].spec == spec


@pytest.mark.parametrize("prefix", ["CMD:", "#", ""])
def test_keys_are_commands_whatever_the_barcode_prefix(db: FakeDatabase, prefix: str) -> None:
    """F7 (undo with a reason) and F11 (done) once command barcodes start with `#`, or are
    off: before, the keys' literal `CMD:` texts were refused as unknown codes."""
    config = ResolverConfig(command_prefix=prefix)
    desk = InspectionDesk(RULES, FixedClock(), resolver=scan_resolver(config), config=config)
    ids = itertools.count(1)

    def key(text: str) -> Outcome:
        with db.uow() as uow:
            outcome = desk.handle_scan(uow, FakeScan(f"k{next(ids)}", text, source=KEY_SOURCE))
            uow.commit()
        return outcome

    station = Station(db)
    station.scan("YT1")
    station.scan("6901234567892")
    assert key(undo_text(CorrectionReason.DOUBLE_SCAN)).ok
    with db.uow() as uow:
        assert load_state(uow, "S1").progress.line(1).counted == 0
    station.scan("6901234567892")
    with pytest.raises(NotComplete):  # F11 reached the desk as DONE, not as a barcode
        key(key_command("DONE"))


def test_a_wrong_item_is_named_with_its_spec(db: FakeDatabase) -> None:
    """The wrong-item message said only the name: a red sock refused in an order of white
    ones read like the right product refused."""
    with db.uow() as uow:
        uow.skus.add(Sku("TEE-RED", "T恤", "Tee", "红色 XL", spec_en="red XL"))
        uow.skus.add_barcode(Barcode("6901234567885", "TEE-RED"))
        uow.commit()
    station = Station(db)
    station.scan("YT1")
    before = current_language()
    set_language("en")
    try:
        wrong = station.scan("6901234567885")
        assert wrong.msgid == "inspect.wrong_item"
        assert wrong.params["name"] == "Tee red XL"
    finally:
        set_language(before)
