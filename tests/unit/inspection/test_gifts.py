"""Gift lines added at the desk (F1, then the gift): listed, or allowed by a supervisor; the
stock move like any line, audited, undone like any scan, kept on the order it ships with."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.fakes import FakeDatabase
from tests.unit.inspection.desk import RULES, SUPERVISOR, Station
from wms_tui.core.errors import NotAllowed
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.inspection.records import (
    GiftNotAllowed,
    GiftNotArmed,
    GiftNotListed,
    NoGiftArmed,
    NoGiftSource,
    NotAtSource,
)
from wms_tui.core.inspection.rules import StationRules, WeightRule
from wms_tui.core.model import (
    Barcode,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
    StockMove,
)

GIFTS = replace(RULES, gift_skus=frozenset({"MUG"}))
TEE, MUG = "6901234567892", "6909876543210"
SAMPLE = "6900000000017"


@pytest.fixture
def gifts_db(db: FakeDatabase) -> FakeDatabase:
    with db.uow() as uow:
        uow.skus.add(Sku("SAMPLE", "小样", "Sample", "5ml", unit_weight_g=10))
        uow.skus.add_barcode(Barcode(SAMPLE, "SAMPLE"))
        uow.skus.add(Sku("SERUM", "精华", "Serum", requires_lot=True))
        uow.skus.add_barcode(Barcode("6900000000024", "SERUM"))
        uow.ledger.post(StockMove("s1", "SAMPLE", 7, "@supplier", "A-01-1", MoveReason.RECEIPT))
        uow.commit()
    return db


def _lines(station: Station) -> list[tuple[int, str, int, bool]]:
    with station.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None
        return [(ln.line_no, ln.sku_code, ln.qty, ln.is_gift) for ln in order.lines]


def test_a_listed_gift_is_added_moved_to_the_bench_and_ships_with_the_order(
    gifts_db: FakeDatabase,
) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    assert station.scan("CMD:GIFT").msgid == "inspect.gift.armed"
    added = station.scan(MUG)
    assert (added.msgid, added.params["qty"]) == ("inspect.gift.added", 1)
    with station.uow() as uow:
        gift = load_state(uow, "S1").progress.line(2)
        assert (gift.line.is_gift, gift.line.expected, gift.counted) == (True, 1, 1)
        # Taken from where replacements come from (no gift_location configured).
        assert uow.ledger.level("MUG", "SPARE-1") == 4
        assert uow.ledger.level("MUG", "PACK-1") == 6
    for _ in range(3):
        last = station.scan(TEE)
    assert last.msgid == "inspect.passed"
    assert _lines(station) == [(1, "TEE", 3, False), (2, "MUG", 1, True)]
    with station.uow() as uow:
        assert uow.ledger.level("MUG", "DOCK") == 1
        assert uow.ledger.level("MUG", "PACK-1") == 5
        audit = [(a.action, a.detail) for a in uow.store.audit]
        assert ("inspection_gift", "T1/2 MUG x1 from SPARE-1: list") in audit


def test_a_gift_location_is_where_gifts_come_from(gifts_db: FakeDatabase) -> None:
    rules = replace(GIFTS, gift_location="A-01-1", gift_skus=frozenset({"SAMPLE"}))
    station = Station(gifts_db, rules)
    station.scan("YT1")
    station.scan("CMD:GIFT")
    station.scan(SAMPLE)
    with station.uow() as uow:
        assert uow.ledger.level("SAMPLE", "A-01-1") == 6
        assert uow.ledger.level("SAMPLE", "PACK-1") == 1


def test_an_unlisted_gift_waits_for_a_supervisor(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("A-01-1")  # where the gift is taken from, as for a replacement
    station.scan("CMD:GIFT")
    with pytest.raises(GiftNotListed) as refused:
        station.scan(SAMPLE)
    assert refused.value.params["sku"] == "SAMPLE"
    with station.uow() as uow:
        assert load_state(uow, "S1").progress.armed_gift  # F12 allows this very gift
        inspector = Operator("OP-2", "Ann", frozenset({Role.INSPECTOR}))
        with pytest.raises(NotAllowed):
            station.desk.add_gift(uow, "SAMPLE", inspector, operator="op1")
    with station.uow() as uow:
        outcome = station.desk.add_gift(uow, "SAMPLE", SUPERVISOR, operator="op1")
        uow.commit()
    assert outcome.msgid == "inspect.gift.added"
    with station.uow() as uow:
        line = load_state(uow, "S1").progress.line(2).line
        assert (line.sku_code, line.name, line.spec, line.is_gift) == (
            "SAMPLE",
            "小样",
            "5ml",
            True,
        )
        assert ("inspection_gift", "T1/2 SAMPLE x1 from A-01-1: B-SUP") in [
            (a.action, a.detail) for a in uow.store.audit
        ]


def test_a_supervisor_allows_nothing_when_no_gift_is_waiting(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    with station.uow() as uow, pytest.raises(NoGiftArmed):
        station.desk.add_gift(uow, "SAMPLE", SUPERVISOR, operator="op1")


def test_a_listed_gift_scanned_without_f10_says_how_and_counts_nothing_wrong(
    gifts_db: FakeDatabase,
) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    with pytest.raises(GiftNotArmed):
        station.scan(MUG)
    with station.uow() as uow:
        assert load_state(uow, "S1").progress.wrong_scans == 0
    # An unlisted SKU is still a wrong item.
    assert station.scan(SAMPLE).msgid == "inspect.wrong_item"


def test_undo_takes_the_gift_back_to_its_shelf(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("CMD:GIFT")
    station.scan(MUG)
    assert station.scan("CMD:UNDO").msgid == "inspect.undone"
    with station.uow() as uow:
        progress = load_state(uow, "S1").progress
        assert [lp.line.sku_code for lp in progress.lines] == ["TEE"]
        assert uow.ledger.level("MUG", "SPARE-1") == 5
    for _ in range(3):
        station.scan(TEE)
    assert _lines(station) == [(1, "TEE", 3, False)]


def test_esc_drops_an_armed_gift(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("CMD:GIFT")
    assert station.scan("CMD:CANCEL").msgid == "inspect.cleared"
    with pytest.raises(GiftNotArmed):
        station.scan(MUG)


def test_kits_and_lot_tracked_skus_are_never_gifts(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, replace(GIFTS, gift_skus=frozenset({"SERUM"})))
    station.scan("YT1")
    station.scan("CMD:GIFT")
    with pytest.raises(GiftNotAllowed):
        station.scan("6900000000024")


def test_no_source_says_where_the_gift_is_stored(gifts_db: FakeDatabase) -> None:
    rules = replace(GIFTS, replacement_location="", gift_skus=frozenset({"SAMPLE"}))
    station = Station(gifts_db, rules)
    station.scan("YT1")
    station.scan("CMD:GIFT")
    with pytest.raises(NoGiftSource) as refused:
        station.scan(SAMPLE)
    assert refused.value.params["where"] == "A-01-1 ×7"
    station.scan("A-01-1")  # where it is taken from, as for a replacement
    assert station.scan(SAMPLE).msgid == "inspect.gift.added"


def test_a_held_order_keeps_its_gift_line(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("CMD:GIFT")
    station.scan(MUG)
    assert station.scan("CMD:HOLD").msgid == "inspect.on_hold"
    assert _lines(station) == [(1, "TEE", 3, False), (2, "MUG", 1, True)]


def test_the_weight_check_counts_the_gift(gifts_db: FakeDatabase) -> None:
    with gifts_db.uow() as uow:
        uow.orders.add(
            Order("T9", "jd", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 1)], waybill="JD9")
        )
        uow.commit()
    rules: StationRules = replace(
        GIFTS,
        gift_skus=frozenset({"SAMPLE"}),
        gift_location="A-01-1",
        weight=WeightRule(50, tolerance_g=1),
    )
    station = Station(gifts_db, rules)
    station.desk._scale = _Scale(260)  # TEE 200 + sample 10 + packaging 50
    station.scan("JD9")
    station.scan("CMD:GIFT")
    station.scan(SAMPLE)
    assert station.scan(TEE).msgid == "inspect.passed"


def test_a_problem_unit_says_where_good_ones_are(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("CMD:DAMAGED")
    outcome = station.scan(TEE)
    assert outcome.params["where"] == "SPARE-1 ×10"


class _Scale:
    def __init__(self, grams: int) -> None:
        self.grams = grams

    def read_grams(self) -> int | None:
        return self.grams


def test_an_undone_scan_leaves_nothing_armed(gifts_db: FakeDatabase) -> None:
    """The quantity keyed for a scan that is then undone does not arm the next scan."""
    station = Station(gifts_db, GIFTS)
    station.scan("YT1")
    station.scan("CMD:QTY:2")
    assert station.scan(TEE).params["counted"] == 2
    station.scan("CMD:UNDO")
    assert station.scan(TEE).params["counted"] == 1


def test_a_gift_line_is_named_in_the_language_it_is_read_in(gifts_db: FakeDatabase) -> None:
    station = Station(
        gifts_db, replace(GIFTS, gift_location="A-01-1", gift_skus=frozenset({"SAMPLE"}))
    )
    station.scan("YT1")
    station.scan("CMD:GIFT")
    station.scan(SAMPLE)  # added while the station speaks Chinese
    with station.uow() as uow:
        line = load_state(uow, "S1", language="en").progress.line(2).line
    assert (line.name, line.spec) == ("Sample", "5ml")


def test_a_shelf_that_does_not_hold_the_gift_says_which_do(gifts_db: FakeDatabase) -> None:
    station = Station(gifts_db, replace(GIFTS, gift_skus=frozenset({"SAMPLE"})))
    station.scan("YT1")
    station.scan("CMD:GIFT")
    with pytest.raises(NotAtSource) as refused:
        station.scan(SAMPLE)  # from SPARE-1, the replacement source: none there
    assert (refused.value.params["location"], refused.value.params["where"]) == (
        "SPARE-1",
        "A-01-1 ×7",
    )
    assert "A-01-1 ×7" in refused.value.message()
