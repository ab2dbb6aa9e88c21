"""Returns (退货) on the real database, both engines, through the scan pipeline: each unit
is checked against what the order shipped, across all its returns; closing books the units
by condition and the order becomes returned; refusals say why and what to do."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from db.models import AuditRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.returns.desk import (
    AREA,
    CAP,
    MUG,
    PACK_OF_2,
    PLACES,
    QUAR,
    TEE,
    ReturnsStation,
)  # fmt: skip
from tests.sql_log import statements
from wms_tui.core.errors import NotAllowed, WmsError
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_SCRAP,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
)
from wms_tui.core.returns.acts import match_return, scrap_return
from wms_tui.core.returns.records import Condition, ReturnStatus
from wms_tui.core.returns.view import ReturnView
from wms_tui.i18n import set_language

SUPERVISOR = Operator("SUP-1", "Wang", frozenset({Role.SUPERVISOR}))
CLERK = Operator("RET-1", "Li", frozenset({Role.RETURNS}))


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


def _level(factory: SqlUnitOfWorkFactory, sku: str, location: str) -> int:
    with factory() as uow:
        return uow.ledger.level(sku, location)


def test_a_return_books_fit_units_to_the_area_and_the_rest_to_quarantine(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    opened = station.scan("YT0000000001")  # the outbound waybill
    assert (opened.msgid, opened.params["order"], opened.params["shipped"]) == (
        "returns.opened", "R0001", 3,
    )  # fmt: skip
    assert station.scan(TEE).params["count"] == 1
    assert station.scan(TEE).params["count"] == 2
    no_reason = station.key("CONDITION", "damaged")
    assert no_reason.error_code == "E938"  # every unit not fit to sell says why
    marked = station.key("CONDITION", "damaged", "屏幕 破损")
    assert marked.msgid == "returns.marked", marked
    third = station.scan(TEE)
    assert (third.error_code, third.params["shipped"], third.params["nth"]) == ("E935", 2, 3)
    set_language("en")
    assert "2 of TEE were shipped; this would be number 3" in third.text()
    other = station.scan(MUG)
    assert (other.error_code, other.params["sku"]) == ("E934", "MUG")
    assert station.scan("R0002").error_code == "E937"  # another parcel: close this first
    closed = station.key("CLOSE")
    assert (closed.msgid, closed.params["count"]) == ("returns.closed_part", 2)
    assert _status(factory, "R0001") is OrderStatus.RETURNED
    assert _level(factory, "TEE", AREA) == 1 and _level(factory, "TEE", QUAR) == 1
    assert _level(factory, "TEE", VIRTUAL_CUSTOMER) == 4 * 2 - 2
    with factory() as uow:
        record = uow.returns.get(str(closed.params["ret"]))
        assert record is not None and record.status is ReturnStatus.CLOSED
        units = uow.returns.units(record.return_id)
        assert [(u.condition, u.reason) for u in units] == [
            (Condition.RESALEABLE, ""), (Condition.DAMAGED, "屏幕 破损"),
        ]  # fmt: skip
        leases = uow.leases.held_by("return", "RET-A")
        assert leases == []  # the order is free again
        actions = list(uow.session.scalars(select(AuditRow.action)))
        assert "return_opened" in actions and "return_closed" in actions
    with factory.for_reading()() as uow:  # customer service sees it at the order desk
        shown = [(e.what, e.detail) for e in uow.order_desk.timeline("R0001")]
        assert ("return_opened", record.return_id) in shown
        assert (
            "return_closed", f"{record.return_id}: TEE resaleable, TEE damaged (屏幕 破损)"
        ) in shown  # fmt: skip


def test_a_second_return_adds_to_the_first_and_never_takes_back_more(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    station.scan("R0002")
    station.scan(TEE)
    station.key("CLOSE")
    again = station.scan("P000002")  # the platform order number opens it too
    assert again.msgid == "returns.opened", again
    # A pack of two would be the 2nd and 3rd tee: refused whole, nothing counted.
    assert station.scan(PACK_OF_2).error_code == "E935"
    station.scan(TEE)
    station.scan(CAP)
    closed = station.key("CLOSE")
    assert closed.msgid == "returns.closed_full", closed
    assert station.scan("R0002").msgid == "returns.opened"
    assert station.scan(TEE).error_code == "E935"
    assert station.key("CLOSE").error_code == "E940"  # nothing in it: give it up instead
    assert station.key("ABANDON").msgid == "returns.abandoned"
    assert _level(factory, "TEE", AREA) == 2 and _level(factory, "CAP", AREA) == 1


def test_two_stations_cannot_book_one_parcel_at_once(factory: SqlUnitOfWorkFactory) -> None:
    first, second = ReturnsStation(factory), ReturnsStation(factory, "RET-B", "RET-2")
    assert first.scan("R0003").msgid == "returns.opened"
    held = second.scan("R0003")
    assert (held.error_code, held.params["station"]) == ("E933", "RET-A")
    first.key("ABANDON")
    assert second.scan("R0003").msgid == "returns.opened"


def test_an_order_not_shipped_and_an_unknown_parcel_are_refused_in_words(
    factory: SqlUnitOfWorkFactory,
) -> None:
    with factory() as uow:
        order = uow.orders.get("R0004")
        assert order is not None
        uow.orders.change_status("R0004", OrderStatus.HANDED_OVER, order.version,
                                 OrderStatus.RETURNED)  # fmt: skip
        uow.commit()
    station = ReturnsStation(factory)
    unknown = station.scan("SF999")
    assert (unknown.error_code, unknown.params["code"]) == ("E931", "SF999")
    set_language("zh_CN")
    assert "无主件" in unknown.text()
    assert station.key("CLOSE").error_code == "E936"


def _unidentified(station: ReturnsStation, code: str, tees: int) -> str:
    opened = station.key("UNIDENTIFIED", code, "蓝色袋子, 无面单")
    assert opened.msgid == "returns.opened_unidentified", opened
    for _ in range(tees):  # any number: nobody knows yet what was shipped
        assert station.scan(TEE).msgid == "returns.unit"
    closed = station.key("CLOSE")
    assert closed.msgid == "returns.closed_unidentified", closed
    return str(closed.params["ret"])


def test_an_unidentified_return_waits_then_is_matched_or_scrapped(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    too_many = _unidentified(station, "SF555", 3)
    fits = _unidentified(station, "SF556", 2)
    assert _level(factory, "TEE", AREA) == 5
    # Kept in the area until matched: nothing of theirs waits to be put away.
    assert station.scan(TEE).error_code == "E891"
    with factory() as uow:
        assert [r.return_id for r in uow.returns.unidentified()] == [too_many, fits]
    with factory() as uow, pytest.raises(WmsError) as refused:
        # Three tees, two shipped: refused as a scan of the third would be.
        match_return(uow, FixedClock(), too_many, "R0001", by=SUPERVISOR, station_id="SUP")
    assert refused.value.code == "E935"
    with factory() as uow, pytest.raises(NotAllowed):
        match_return(uow, FixedClock(), fits, "R0001", by=CLERK, station_id="SUP")
    with factory() as uow:
        matched = match_return(uow, FixedClock(), fits, "YT0000000001", by=SUPERVISOR,
                               station_id="SUP")  # fmt: skip
        uow.commit()
    assert matched.order_no == "R0001" and matched.matched_by == "SUP-1"
    assert _status(factory, "R0001") is OrderStatus.RETURNED
    with factory() as uow:
        assert uow.returns.returned_lines("R0001") == {1: 2}
        assert uow.returns.waiting_skus("RET-A") == [("TEE", 2)]  # matched: to the shelf
        scrapped = scrap_return(uow, FixedClock(), too_many, PLACES, by=SUPERVISOR,
                                station_id="SUP", new_id=lambda: uuid.uuid4().hex)  # fmt: skip
        uow.commit()
        assert scrapped.status is ReturnStatus.SCRAPPED
    with factory() as uow:
        assert uow.returns.unidentified() == []
        assert uow.ledger.level("TEE", VIRTUAL_SCRAP) == 3
    assert _level(factory, "TEE", AREA) == 2
    # The order has both its tees back: a scan of a third is refused.
    station.scan("R0001")
    assert station.scan(TEE).error_code == "E935"


def test_units_fit_to_sell_are_put_away_as_received_goods_are(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """The one put-away (core/shelving.py): the item, then the bin it goes to."""
    station = ReturnsStation(factory)
    assert station.scan(TEE).error_code == "E891"  # nothing waits yet
    station.scan("R0001")
    station.scan(TEE)
    station.scan(TEE)
    station.scan(CAP)
    station.key("CONDITION", "missing_parts", "少帽绳")  # the cap goes to quarantine
    closed = station.key("CLOSE")
    view = closed.view
    assert isinstance(view, ReturnView) and view.carry is None
    assert [(w.sku_code, w.qty, w.home) for w in view.shelving] == [("TEE", 2, "A-01")]
    assert station.scan("A-01").error_code == "E892"  # the item first, then its bin
    assert station.scan(CAP).error_code == "E891"  # in quarantine: never put away
    carried = station.scan(TEE)
    assert (carried.msgid, carried.params) == (
        "putaway.carry", {"sku": "TEE", "qty": 1, "bin": "A-01"},
    )  # fmt: skip
    assert isinstance(carried.view, ReturnView) and carried.view.carry is not None
    assert station.scan("DOCK-01").error_code == "E893"  # not a bin
    shelved = station.scan("A-01")
    assert (shelved.msgid, shelved.params["qty"], shelved.params["sku"]) == (
        "putaway.done", 1, "TEE",
    )  # fmt: skip
    with factory() as uow:  # the unit waiting longest went; the other still waits
        units = uow.returns.units(str(closed.params["ret"]))
        assert [u.put_away_to for u in units] == ["A-01", "", ""]
        assert uow.returns.waiting_skus("RET-A") == [("TEE", 1)]
    assert station.scan(TEE).params["qty"] == 1
    assert station.scan(TEE).params["qty"] == 1  # never more than waits
    assert station.scan("A-01").msgid == "putaway.done"
    assert _level(factory, "TEE", AREA) == 0 and _level(factory, "TEE", "A-01") == 7
    assert _level(factory, "CAP", QUAR) == 1
    assert station.scan(TEE).error_code == "E891"
    with factory() as uow:
        units = uow.returns.units(str(closed.params["ret"]))
        assert [u.put_away_to for u in units] == ["A-01", "A-01", ""]
        record = uow.returns.get(str(closed.params["ret"]))
        assert record is not None and record.shelved


def test_carry_all_and_a_return_opened_meanwhile_puts_the_carry_down(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    for order in ("R0001", "R0002"):
        station.scan(order)
        station.scan(TEE)
        station.key("CLOSE")
    assert station.key("ALL").error_code == "E892"  # nothing scanned to carry yet
    station.scan(TEE)
    every = station.key("ALL")
    assert (every.msgid, every.params["qty"]) == ("putaway.carry", 2)
    station.scan("R0003")  # a parcel comes in: what was carried waits again
    assert station.key("ALL").error_code == "E937"  # this return first
    station.key("ABANDON")
    assert station.scan("A-01").error_code == "E892"
    with factory() as uow:
        assert uow.locations.carried(station.desk.station_id) is None
        assert uow.returns.waiting_skus("RET-A") == [("TEE", 2)]


def test_returned_units_go_by_tote_as_received_goods_do(factory: SqlUnitOfWorkFactory) -> None:
    station = ReturnsStation(factory)
    station.scan("R0001")
    station.scan(TEE)
    station.scan(TEE)
    closed = station.key("CLOSE")
    station.scan(TEE)
    station.key("ALL")
    assert station.scan("TOTE-1").msgid == "putaway.into_tote"
    with factory() as uow:  # off the returns area: the units are marked where they went
        units = uow.returns.units(str(closed.params["ret"]))
        assert [u.put_away_to for u in units] == ["TOTE-1", "TOTE-1"]
        assert uow.returns.waiting_skus("RET-A") == []
    assert station.scan(TEE).error_code == "E891"  # nothing of it waits in the area now
    started = station.scan("TOTE-1")
    assert (started.msgid, started.params["sku"], started.params["bin"]) == (
        "putaway.from_tote", "TEE", "A-01",
    )  # fmt: skip
    assert station.scan("A-01").msgid == "putaway.tote_done"
    assert _level(factory, "TEE", "A-01") == 7 and _level(factory, "TEE", AREA) == 0


def test_a_bin_frozen_for_a_count_takes_nothing(factory: SqlUnitOfWorkFactory) -> None:
    station = ReturnsStation(factory)
    station.scan("R0002")
    station.scan(TEE)
    station.key("CLOSE")
    with factory() as uow:
        uow.locations.set_frozen("A-01", True)
        uow.commit()
    assert station.scan(TEE).params["bin"] == "B-01"  # never a frozen bin suggested
    assert station.scan("A-01").error_code == "E305"
    assert _level(factory, "TEE", AREA) == 1
    shelved = station.scan("B-01")  # an empty bin becomes its home
    assert shelved.msgid == "putaway.done"
    assert _level(factory, "TEE", "B-01") == 1


def test_a_parcel_with_only_the_buyers_id_opens_their_one_shipped_order(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    opened = station.scan("buyer3")
    assert (opened.msgid, opened.params["order"]) == ("returns.opened", "R0003")
    station.key("ABANDON")
    with factory() as uow:
        uow.orders.add(
            Order("R0009", "taobao", "店", OrderStatus.HANDED_OVER, [OrderLine(1, "TEE", 1)],
                  buyer="buyer3")
        )  # fmt: skip
        uow.commit()
    several = station.scan("buyer3")
    assert several.error_code == "E929"
    assert "R0003" in str(several.params["orders"]) and "R0009" in str(several.params["orders"])


def test_the_days_figures_count_each_clerks_returns(factory: SqlUnitOfWorkFactory) -> None:
    from datetime import UTC

    from wms_tui.core.reports.daily import figures
    from wms_tui.core.reports.shops import Rules

    station = ReturnsStation(factory)
    for order_no, damaged in (("R0001", True), ("R0002", False)):
        station.scan(order_no)
        station.scan(TEE)
        station.scan(CAP)
        if damaged:
            station.key("CONDITION", "damaged", "压坏")
        station.key("CLOSE")
    day = FixedClock().now().date()
    with factory.for_reading()() as uow:
        found = figures(uow, day, day, Rules(), UTC, frozenset({"returns"}))
    (row,) = found.returns
    assert (row.worker.operator, row.returns, row.units, row.unfit) == ("RET-1", 2, 4, 1)
    assert row.median_minutes == 0.0  # the fixed clock: opened and booked at one instant


def test_a_return_of_an_archived_order_is_booked_without_changing_it(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = ReturnsStation(factory)
    station.scan("R0003")
    station.scan(TEE)
    station.key("CLOSE")
    with factory() as uow:
        order = uow.orders.get("R0003")
        assert order is not None and order.status is OrderStatus.RETURNED
        uow.orders.archive("R0003", order.status, order.version, FixedClock().now())
        uow.commit()
    again = station.scan("YT0000000003")  # the rest comes back months later
    assert again.msgid == "returns.opened", again
    station.scan(TEE)
    station.scan(CAP)
    closed = station.key("CLOSE")
    assert closed.msgid == "returns.closed_full", closed
    assert _status(factory, "R0003") is OrderStatus.ARCHIVED  # read-only: never changed
    with factory() as uow:
        assert uow.returns.returned_lines("R0003") == {1: 2, 2: 1}
    assert station.scan("R0003").msgid == "returns.opened"
    assert station.scan(TEE).error_code == "E935"  # still never more than it shipped


def test_a_unit_and_a_close_are_a_few_round_trips(factory: SqlUnitOfWorkFactory) -> None:
    """The open return comes with its units in one read; the journal line is one INSERT;
    units coming back post without a savepoint. A unit scan and a close stay within the
    counts below (bench/returns.py measures what they cost among a million orders)."""
    station = ReturnsStation(factory)
    station.scan("YT0000000001")
    with statements(factory.engine) as unit:
        assert station.scan(TEE).msgid == "returns.unit"
    assert station.scan(TEE).ok and station.scan(CAP).ok
    with statements(factory.engine) as close:  # three units, two SKUs: one batch of moves
        assert station.key("CLOSE").msgid == "returns.closed_full"
    real = [s for s in close if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    assert not any(s.startswith("SAVEPOINT") for s in real), real
    assert len([s for s in unit if not s.startswith(("BEGIN", "COMMIT"))]) <= 8, unit
    assert len(real) <= 12, real
