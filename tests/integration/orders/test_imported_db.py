"""When an order came in is kept, on both engines, and its life at the desk starts there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.orders.desk import order_detail


def test_an_orders_life_starts_when_it_came_in(factory: SqlUnitOfWorkFactory) -> None:
    paid = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    came = paid + timedelta(minutes=7, microseconds=250)
    with factory() as uow:
        uow.orders.add(Order("IM1", "taobao", "店", OrderStatus.PENDING,
                             [OrderLine(1, "TEE", 1)], paid_at=paid, imported_at=came))  # fmt: skip
        uow.commit()
    with factory.for_reading()() as uow:
        stored = uow.orders.get("IM1")
        detail = order_detail(uow, "IM1")
    assert stored is not None and stored.imported_at == came
    assert [(e.what, e.at) for e in detail.timeline[:2]] == [("paid", paid), ("imported", came)]
