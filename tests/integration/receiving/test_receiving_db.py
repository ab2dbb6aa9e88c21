"""Receiving (入库验收) on the real database, both engines, through the scan pipeline: units
count against their PO line within the tolerance, a supervisor allows more, failed units go
to quarantine with their reason, a lot is asked for where the SKU needs one, closing books
the receipt, and put-away takes what waits in the receiving area to the bin scanned."""

from __future__ import annotations

from dataclasses import replace

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.receiving.desk import (
    AREA,
    AT,
    CAP,
    CASE_OF_6,
    MUG,
    QUAR,
    TEE,
    WINE,
    ReceivingStation,
)
from wms_tui.core.lookup import lookup
from wms_tui.core.model import VIRTUAL_SUPPLIER
from wms_tui.core.orders.desk import stock_glance
from wms_tui.core.receiving.records import PoStatus, ReceiptStatus
from wms_tui.core.receiving.view import ReceiptView
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.i18n import set_language


def _received(factory: SqlUnitOfWorkFactory, po_no: str) -> dict[str, int]:
    with factory() as uow:
        return {line.sku_code: line.received for line in uow.receiving.lines(po_no)}


def test_units_count_against_their_lines_and_closing_books_them(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReceivingStation(factory)
    opened = station.scan("PO0001")
    assert opened.msgid == "receiving.opened" and opened.params["due"] == 19
    assert station.scan(CASE_OF_6).params["qty"] == 6  # a case counts its six
    for code in (TEE, TEE, CAP):
        assert station.scan(code).ok
    shown = station.scan(CAP)
    assert isinstance(shown.view, ReceiptView)
    assert shown.view.passed == 10 and shown.view.counted(1) == 8
    assert _received(factory, "PO0001") == {"TEE": 8, "CAP": 2, "WINE": 0}
    closed = station.key("CLOSE")
    assert closed.msgid == "receiving.closed", closed.text()
    assert (closed.params["passed"], closed.params["failed"]) == (10, 0)
    assert station.level("TEE", AREA) == 8 and station.level("CAP", AREA) == 2
    with factory() as uow:
        po = uow.receiving.po("PO0001")
        assert po is not None and po.status is PoStatus.OPEN  # partly received stays open
        assert uow.receiving.in_transit(["TEE", "CAP"]) == {"TEE": 2 + 20, "CAP": 3 + 10}
        (receipt,) = uow.receiving.receipts("PO0001")
        assert receipt.status is ReceiptStatus.CLOSED


def test_the_delivery_note_opens_its_purchase_order(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    assert station.scan("DN0002").params["po"] == "PO0002"
    refused = station.scan("DN0003")  # a receipt is open: the code is taken as a unit
    assert not refused.ok and refused.error_code == "E898"


def test_more_than_the_tolerance_waits_for_a_supervisor(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CASE_OF_6)
    for _ in range(5):
        assert station.scan(TEE).ok  # 11: ordered 10 plus 10 %
    over = station.scan(TEE)
    assert not over.ok and over.error_code == "E886"
    assert over.params == {"sku": "TEE", "ordered": 10, "received": 11, "qty": 1, "percent": 10}
    # A printed sheet cannot stand in for the supervisor's badge and PIN.
    assert not station.scan("CMD:ALLOW:SUP-1").ok
    assert not station.key("ALLOW", "RCV-1").ok  # a receiver is no supervisor
    assert station.key("ALLOW", "SUP-1").msgid == "receiving.allowed"
    assert station.scan(TEE).ok
    assert _received(factory, "PO0001")["TEE"] == 12


def test_a_sku_not_on_the_po_is_refused_but_taken_blind(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    refused = station.scan(MUG)
    assert refused.error_code == "E885" and refused.params == {"sku": "MUG", "po": "PO0001"}
    station.key("ABANDON")
    blind = station.key("BLIND", "临时供应商 A")
    assert blind.msgid == "receiving.opened_blind" and blind.params["supplier"] == "临时供应商 A"
    assert station.scan(MUG).ok
    assert station.key("CLOSE").ok
    assert station.level("MUG", AREA) == 1


def test_failed_units_go_to_quarantine_with_their_reason(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(TEE)
    failed = station.key("FAIL", "damaged", "箱子压坏")
    assert failed.msgid == "receiving.failed" and failed.text()
    assert not station.key("FAIL", "smelly").ok  # no such reason
    station.scan(TEE)
    closed = station.key("CLOSE")
    assert (closed.params["passed"], closed.params["failed"]) == (1, 1)
    assert station.level("TEE", QUAR) == 1 and station.level("TEE", AREA) == 1
    assert _received(factory, "PO0001")["TEE"] == 2  # received = passed + failed
    assert station.level("TEE", VIRTUAL_SUPPLIER) == -2  # both came from the supplier


def test_a_lot_is_asked_for_and_a_short_date_fails(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    assert station.scan(WINE).error_code == "E890"
    assert station.key("LOT", "L2612", "2026-13-01").error_code == "E897"
    assert station.key("LOT", "L2612", "2027-06-30").msgid == "receiving.lot_kept"
    assert station.scan(WINE).msgid == "receiving.unit"
    # A GS1 label's own lot and expiry win: this one expires within the 30 days asked for.
    gtin = "0" + WINE
    short = station.scan(f"(01){gtin}(17)261220(10)L-OLD")
    assert short.msgid == "receiving.unit_short_dated", short.text()
    closed = station.key("CLOSE")
    assert (closed.params["passed"], closed.params["failed"]) == (1, 1)
    assert station.level("WINE", QUAR) == 1


def test_a_skus_own_shelf_life_wins_over_the_stations(factory: SqlUnitOfWorkFactory) -> None:
    """允收期 per SKU: a wine that must keep 400 days fails at 200; one that may come in
    at any date (0) passes what the station's 30 days would fail."""
    with factory() as uow:
        wine = uow.skus.get("WINE")
        assert wine is not None and wine.min_shelf_days is None
        uow.skus.save(replace(wine, min_shelf_days=400))
        uow.commit()
    station = ReceivingStation(factory)
    station.scan("PO0001")
    assert station.key("LOT", "L2612", "2027-06-30").msgid == "receiving.lot_kept"
    short = station.scan(WINE)
    assert (short.msgid, short.params["days"]) == ("receiving.unit_short_dated", 400)
    set_language("en")
    assert "sooner than the 400 days it must keep" in short.text()
    with factory() as uow:
        uow.skus.save(replace(wine, min_shelf_days=0))
        uow.commit()
    gtin = "0" + WINE
    assert station.scan(f"(01){gtin}(17)261220(10)L-OLD").msgid == "receiving.unit"
    closed = station.key("CLOSE")
    assert (closed.params["passed"], closed.params["failed"]) == (1, 1)


def test_undo_and_giving_up_take_the_units_off_the_po(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CASE_OF_6)
    station.scan(CAP)
    assert station.key("UNDO").params == {"sku": "CAP", "qty": 1}
    assert _received(factory, "PO0001") == {"TEE": 6, "CAP": 0, "WINE": 0}
    assert station.key("ABANDON").msgid == "receiving.abandoned"
    assert _received(factory, "PO0001") == {"TEE": 0, "CAP": 0, "WINE": 0}
    assert station.level("TEE", AREA) == 0
    assert station.key("CLOSE").error_code == "E884"


def test_a_po_received_in_full_closes(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0003")
    station.scan(CASE_OF_6)
    for _ in range(4):
        station.scan(TEE)
    for _ in range(5):
        station.scan(CAP)
    station.key("LOT", "L1", "2028-01-01")
    for _ in range(4):
        station.scan(WINE)
    assert station.key("CLOSE").msgid == "receiving.closed_po_done"
    assert station.scan("PO0003").error_code == "E882"
    with factory() as uow:
        assert "PO0003" not in {p.po_no for p in uow.receiving.open_pos()}


def _six_tees_and_two_caps_received(factory: SqlUnitOfWorkFactory) -> ReceivingStation:
    """PO0001 received in part and closed: six tees and two caps wait in the area."""
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CASE_OF_6)
    station.scan(CAP)
    station.scan(CAP)
    station.key("CLOSE")
    return station


def test_put_away_suggests_a_bin_and_moves_what_is_carried(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = _six_tees_and_two_caps_received(factory)
    carried = station.scan(TEE)
    # The tee lives nowhere: the first empty bin by walk order.
    assert carried.msgid == "putaway.carry" and carried.params == {
        "sku": "TEE", "qty": 1, "bin": "A-01",
    }  # fmt: skip
    assert station.key("ALL").params["qty"] == 6
    assert station.scan("Z-09").error_code == "E305"  # frozen: the ledger refuses it
    done = station.scan("A-03")  # the receiver's own choice stands
    assert done.msgid == "putaway.done" and done.params["qty"] == 6
    assert station.level("TEE", "A-03") == 6 and station.level("TEE", AREA) == 0
    assert station.scan(TEE).error_code == "E891"  # nothing left to put away
    assert station.scan(CAP).params["bin"] == "A-02"  # the cap's home
    assert station.scan("A-02").params["qty"] == 1
    assert station.scan("A-02").error_code == "E892"  # nothing carried now


def test_a_tote_is_loaded_at_the_desk_and_put_away_sku_by_sku(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """Put-away by tote (周转箱): what is carried goes into the tote; at the shelves the
    tote is scanned and each SKU in it goes to its bin, in whatever order the bins come."""
    station = _six_tees_and_two_caps_received(factory)
    assert station.scan("TOTE-1").error_code == "E853"  # nothing in it yet
    station.scan(TEE)
    station.key("ALL")
    loaded = station.scan("TOTE-1")
    assert (loaded.msgid, loaded.params) == (
        "putaway.into_tote", {"sku": "TEE", "qty": 6, "tote": "TOTE-1"},
    )  # fmt: skip
    station.scan(CAP)
    assert station.scan("TOTE-1").params["qty"] == 1  # one cap in, one still waits
    assert station.level("TEE", "TOTE-1") == 6 and station.level("CAP", AREA) == 1
    started = station.scan("TOTE-1")
    assert (started.msgid, started.params) == ("putaway.from_tote", {
        "tote": "TOTE-1", "skus": 2, "sku": "CAP", "qty": 1, "bin": "A-02",
    })  # fmt: skip
    view = started.view
    assert isinstance(view, ReceiptView) and view.carry is not None and view.carry.tote
    assert station.scan("TOTE-1").msgid == "putaway.from_tote"  # not into itself
    assert station.scan("Z-09").error_code == "E305"  # frozen: the ledger refuses it
    first = station.scan("A-01")  # the tee's bin (the first empty one), the cap carried
    assert (first.msgid, first.params["sku"], first.params["next"]) == (
        "putaway.done_next", "TEE", "CAP",
    )  # fmt: skip
    last = station.scan("A-02")
    assert (last.msgid, last.params["tote"]) == ("putaway.tote_done", "TOTE-1")
    assert station.level("TEE", "A-01") == 6 and station.level("CAP", "A-02") >= 1
    assert station.level("TEE", "TOTE-1") == station.level("CAP", "TOTE-1") == 0
    assert station.scan("A-02").error_code == "E892"  # nothing carried now


def test_a_supervisor_maps_a_new_barcode(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0002")
    unknown = station.scan("SUPPLIER-TEE-99")
    assert unknown.error_code == "E898" and unknown.params["code"] == "SUPPLIER-TEE-99"
    assert station.key("MAP", "RCV-1", "SUPPLIER-TEE-99", "TEE").error_code == "E894"
    assert station.key("MAP", "SUP-1", CAP, "TEE").error_code == "E895"  # the cap's own
    mapped = station.key("MAP", "SUP-1", "SUPPLIER-TEE-99", "TEE")
    assert mapped.msgid == "receiving.mapped"
    assert station.scan("SUPPLIER-TEE-99").params == {"sku": "TEE", "qty": 1}


def test_two_receivers_on_one_po_add_up_within_the_limit(
    factory: SqlUnitOfWorkFactory,
) -> None:
    one, two = ReceivingStation(factory, "RCV-A"), ReceivingStation(factory, "RCV-B", "RCV-2")
    one.scan("PO0001")
    two.scan("PO0001")
    one.scan(CASE_OF_6)
    taken = [two.scan(TEE).ok for _ in range(8)]
    assert taken == [True] * 5 + [False] * 3  # 11 in all: ordered 10 plus 10 %
    assert _received(factory, "PO0001")["TEE"] == 11


@pytest.mark.parametrize("code", ["", "\x07BEL"])
def test_garbage_is_refused_in_words(factory: SqlUnitOfWorkFactory, code: str) -> None:
    station = ReceivingStation(factory)
    refused = station.scan(code)
    assert not refused.ok and refused.text()


def test_in_transit_shows_in_the_look_up_and_at_the_order_desk(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CASE_OF_6)
    station.key("CLOSE")
    scan = Scan("s1", "test", TEE, received_at=AT)
    with factory() as uow:
        said = lookup(uow, scan, ResolverConfig())
        assert said.msgid == "lookup.kind.product_stored_transit"
        assert said.params["transit"] == 4 + 10 + 10 and "RCV-01 ×6" in str(said.params["where"])
        glance = stock_glance(uow, "TEE")
        assert glance.in_transit == 24
        mug = lookup(uow, replace(scan, text=MUG), ResolverConfig())
        assert mug.msgid == "lookup.kind.product_stored"  # nothing of it is on its way


def test_the_days_figures_count_each_receivers_lines_units_and_rejects(
    factory: SqlUnitOfWorkFactory,
) -> None:
    from datetime import UTC

    from wms_tui.core.reports.daily import figures
    from wms_tui.core.reports.shops import Rules

    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CASE_OF_6)
    station.scan(CAP)
    station.key("FAIL", "damaged", "")
    station.key("CLOSE")
    station.key("BLIND", "临时供应商")
    station.scan(MUG)
    station.key("CLOSE")
    station.scan("PO0002")  # given up: not a receipt booked
    station.scan(TEE)
    station.key("ABANDON")
    with factory.for_reading()() as uow:
        found = figures(uow, AT.date(), AT.date(), Rules(), UTC, frozenset({"receiving"}))
    (row,) = found.receivers
    assert (row.worker.operator, row.receipts, row.lines, row.units, row.rejects) == (
        "RCV-1", 2, 3, 8, 1,
    )  # fmt: skip


def test_a_whole_line_fails_at_once(factory: SqlUnitOfWorkFactory) -> None:
    """A carton that is all wrong: every unit of the line counted so far fails with one
    reason; the other lines' units stay passed."""
    station = ReceivingStation(factory)
    station.scan("PO0001")
    station.scan(CAP)
    station.scan(CASE_OF_6)
    station.scan(TEE)
    failed = station.key("FAILLINE", "wrong_spec", "颜色不对")
    assert failed.msgid == "receiving.failed_line" and failed.params["qty"] == 7
    assert isinstance(failed.view, ReceiptView)
    assert (failed.view.passed, failed.view.failed) == (1, 7)
    closed = station.key("CLOSE")
    assert (closed.params["passed"], closed.params["failed"]) == (1, 7)
    assert station.level("TEE", QUAR) == 7 and station.level("CAP", AREA) == 1
    assert _received(factory, "PO0001")["TEE"] == 7  # failed units were received all the same


def test_a_new_barcode_is_mapped_by_the_skus_own_barcode(factory: SqlUnitOfWorkFactory) -> None:
    station = ReceivingStation(factory)
    station.scan("PO0001")
    mapped = station.key("MAP", "SUP-1", "NEW-LABEL-1", CAP)  # scanned from the cap's label
    assert mapped.params == {"code": "NEW-LABEL-1", "sku": "CAP"}
    assert station.key("MAP", "SUP-1", "NEW-LABEL-2", "NO-SUCH").error_code == "E401"
