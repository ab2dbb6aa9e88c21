"""The order desk's acts over the fakes: hold, release, cancel; each refused in words where
the status does not allow it, each guarded by what the desk showed, each audited."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FixedClock
from wms_tui.core import stock
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    Location,
    LocationKind,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)
from wms_tui.core.orders import acts, hold_reasons
from wms_tui.core.orders.desk import order_detail
from wms_tui.core.orders.refunds import AlreadyRefunded, record_refund

CLOCK = FixedClock()
CLERK = Operator("OP-SVC-1", "宋佳", frozenset({Role.SERVICE}))


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    with db.uow() as uow:
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        for code in VIRTUAL_LOCATIONS:
            uow.locations.add(Location(code, LocationKind.VIRTUAL))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        stock.receive(uow, CLOCK, sku_code="TEE", qty=10, location="A-01-1", operator="s",
                      station_id="S0")  # fmt: skip
        for no, status in (
            ("O1", OrderStatus.PENDING),
            ("O2", OrderStatus.PICKED),
            ("O3", OrderStatus.RELEASED),
            ("O4", OrderStatus.HANDED_OVER),
            ("O5", OrderStatus.VERIFIED),
            ("O6", OrderStatus.PENDING),
        ):
            uow.orders.add(Order(no, "taobao", "店", status, [OrderLine(1, "TEE", 2)]))
        uow.orders.add(Order("O7", "taobao", "店", OrderStatus.PENDING, [OrderLine(1, "TEE", 9)]))
        stock.confirm_order(uow, "O1")
        uow.commit()
    return db


def _order(db: FakeDatabase, order_no: str) -> Order:
    with db.uow() as uow:
        order = uow.orders.get(order_no)
    assert order is not None
    return order


def test_a_desk_hold_goes_back_where_it_was_taken_from(db: FakeDatabase) -> None:
    with db.uow() as uow:
        acts.hold(uow, CLOCK, acts.seen(_order(db, "O1")), "买家要求改地址", CLERK, "DESK-1")
        uow.commit()
    held = _order(db, "O1")
    assert held.status is OrderStatus.ON_HOLD
    assert hold_reasons.describe_hold(held.hold_reason) == "买家要求改地址"
    with db.uow() as uow:
        assert uow.ledger.reserved("TEE") == 2  # still reserved while held
        assert acts.release(uow, CLOCK, acts.seen(held), CLERK, "DESK-1") is OrderStatus.CONFIRMED
        uow.commit()
    with db.uow() as uow:
        detail = order_detail(uow, "O1")
    assert [e.what for e in detail.timeline] == ["audit_order_hold", "audit_order_release"]
    assert detail.timeline[0].who == "OP-SVC-1" and detail.timeline[0].detail == "买家要求改地址"


def test_an_inspectors_hold_is_released_to_be_inspected_again(db: FakeDatabase) -> None:
    with db.uow() as uow:
        order = uow.orders.get("O2")
        assert order is not None
        uow.orders.set_status(order, OrderStatus.ON_HOLD, hold_reasons.inspection([]))
        uow.commit()
    with db.uow() as uow:
        target = acts.release(uow, CLOCK, acts.seen(_order(db, "O2")), CLERK, "DESK-1")
        uow.commit()
    assert target is OrderStatus.PICKED and _order(db, "O2").status is OrderStatus.PICKED


@pytest.mark.parametrize(
    ("order_no", "act", "why"),
    [
        ("O3", "hold", "order.act.why.hold"),  # on a wave being picked
        ("O4", "hold", "order.act.why.hold"),  # gone with the courier
        ("O1", "release", "order.act.why.release"),  # not on hold
        ("O2", "cancel", "order.act.why.cancel"),  # its units left the bins
    ],
)
def test_what_a_status_does_not_allow_is_refused_saying_why(
    db: FakeDatabase, order_no: str, act: str, why: str
) -> None:
    was = acts.seen(_order(db, order_no))
    with db.uow() as uow, pytest.raises(acts.ActRefused) as refused:
        if act == "hold":
            acts.hold(uow, CLOCK, was, "x", CLERK, "DESK-1")
        elif act == "release":
            acts.release(uow, CLOCK, was, CLERK, "DESK-1")
        else:
            acts.cancel(uow, CLOCK, was, "x", CLERK, "DESK-1")
    assert refused.value.params["why"] == why
    assert refused.value.code == "E970" and "order.act" not in refused.value.message()


def test_cancel_frees_the_reservation_and_needs_a_reason(db: FakeDatabase) -> None:
    was = acts.seen(_order(db, "O1"))
    with db.uow() as uow, pytest.raises(acts.ReasonNeeded):
        acts.cancel(uow, CLOCK, was, "  ", CLERK, "DESK-1")
    with db.uow() as uow, pytest.raises(acts.ReasonNeeded):
        acts.cancel(uow, CLOCK, was, "a\x1b[2Jb", CLERK, "DESK-1")
    with db.uow() as uow:
        acts.cancel(uow, CLOCK, was, "买家取消", CLERK, "DESK-1")
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.reserved("TEE") == 0
    assert _order(db, "O1").status is OrderStatus.CANCELLED


def test_of_two_desks_acting_on_one_order_one_wins(db: FakeDatabase) -> None:
    """Both saw the order pending; the first holds it; the second's cancel is told what the
    order is now and changes nothing."""
    was = acts.seen(_order(db, "O1"))
    with db.uow() as uow:
        acts.hold(uow, CLOCK, was, "地址待确认", CLERK, "DESK-1")
        uow.commit()
    with db.uow() as uow, pytest.raises(acts.OrderChangedMeanwhile) as told:
        acts.cancel(uow, CLOCK, was, "买家取消", CLERK, "DESK-2")
    assert told.value.params == {"order": "O1", "status": "on_hold"}
    assert _order(db, "O1").status is OrderStatus.ON_HOLD


def test_a_packed_parcel_held_at_the_desk_goes_back_to_the_dock_when_released(
    db: FakeDatabase,
) -> None:
    """The buyer asks to stop a parcel already packed: held, the dock intercepts it; let go
    again, it is verified as it was (its units never left the dock)."""
    with db.uow() as uow:
        acts.hold(uow, CLOCK, acts.seen(_order(db, "O5")), "买家要改地址", CLERK, "DESK-1")
        uow.commit()
    with db.uow() as uow:
        target = acts.release(uow, CLOCK, acts.seen(_order(db, "O5")), CLERK, "DESK-1")
        uow.commit()
    assert target is OrderStatus.VERIFIED and _order(db, "O5").status is OrderStatus.VERIFIED


def test_confirm_reserves_or_names_each_sku_short(db: FakeDatabase) -> None:
    with db.uow() as uow, pytest.raises(acts.NotEnoughStock) as short:
        acts.confirm(uow, CLOCK, acts.seen(_order(db, "O7")), CLERK, "DESK-1")
    assert short.value.params["skus"] == "TEE ×9 (8)"  # 10 on hand, 2 reserved by O1
    with db.uow() as uow:
        acts.confirm(uow, CLOCK, acts.seen(_order(db, "O6")), CLERK, "DESK-1")
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.reserved("TEE") == 4
    assert _order(db, "O6").status is OrderStatus.CONFIRMED
    with db.uow() as uow, pytest.raises(acts.ActRefused):
        acts.confirm(uow, CLOCK, acts.seen(_order(db, "O6")), CLERK, "DESK-1")


def test_a_refund_is_a_date_recorded_once_and_says_what_is_still_here(db: FakeDatabase) -> None:
    def refund(order_no: str, was: acts.Seen | None = None) -> bool:
        with db.uow() as uow:
            order = uow.orders.get(order_no)
            assert order is not None
            left = record_refund(uow, CLOCK, was or acts.seen(order), None, CLERK, "DESK-1")
            uow.commit()
            return left

    assert refund("O5") is True  # verified, not handed over: hold or cancel it
    assert refund("O4") is False  # left with the courier already
    with db.uow() as uow:
        o5 = uow.orders.get("O5")
        assert o5 is not None and o5.refunded_at == CLOCK.now()
        assert o5.status is OrderStatus.VERIFIED  # a date, not a status
        stale = acts.seen(uow.orders.get("O2") or o5)
    with pytest.raises(AlreadyRefunded):
        refund("O5")
    with db.uow() as uow:  # another desk changed O2 meanwhile
        o2 = uow.orders.get("O2")
        assert o2 is not None
        uow.orders.set_status(o2, OrderStatus.ON_HOLD, "x")
        uow.commit()
    with pytest.raises(acts.OrderChangedMeanwhile):
        refund("O2", stale)
    with db.uow() as uow:
        uow.orders.add(Order("O8", "taobao", "店", OrderStatus.ARCHIVED, [OrderLine(1, "TEE", 1)]))
        uow.commit()
    with pytest.raises(acts.ActRefused):  # read-only
        refund("O8")
