"""Refund dates (退款时间): when the shop refunded the buyer, kept on the order with the
other dates it lives by (ordered, paid, inspected, shipped, archived).

A refund is recorded by customer service at the order desk or with `wms orders refund`,
or comes with an order file: a new order carries its refund time as imported, and an
order imported before whose file now gives a refund time gets it (the shops' daily
export is imported again). It is a date, not a status: what the warehouse does about it
is another act. An order refunded before it left should be held (the dock then
intercepts it) or cancelled, and the act says so.
"""

from __future__ import annotations

from datetime import datetime

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import ConcurrentChange, WmsError
from wms_tui.core.model import Operator, Order, OrderStatus
from wms_tui.core.orders.acts import ActRefused, Seen, changed_meanwhile, current
from wms_tui.core.ports import Clock, UnitOfWork

LEFT = frozenset({OrderStatus.HANDED_OVER, OrderStatus.RETURNED, OrderStatus.CANCELLED})


class AlreadyRefunded(WmsError):
    code = "E982"
    msgid = "order.refund.already"


def minute(at: datetime) -> str:
    """The refund time as the floor reads a clock (the station's zone), for its audit line
    and its messages."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def still_to_leave(order: Order) -> bool:
    """Refunded, but the parcel has not left: hold it or cancel it."""
    return order.status not in LEFT and order.status is not OrderStatus.ARCHIVED


def record_refund(
    uow: UnitOfWork, clock: Clock, was: Seen, at: datetime | None, by: Operator, station_id: str
) -> bool:
    """The refund time (`at`, else now) on the order as the desk showed it; True when the
    order has not left yet (the act says: hold or cancel it)."""
    order = current(uow, was)
    if order.status is OrderStatus.ARCHIVED:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.refund")  # fmt: skip
    if order.refunded_at is not None:
        raise AlreadyRefunded(order=order.order_no, at=minute(order.refunded_at))
    refunded = at or clock.now()
    try:
        uow.orders.set_refunded(order.order_no, order.version, refunded)
    except ConcurrentChange:
        raise changed_meanwhile(uow, order.order_no) from None
    apply_effects(uow, clock, [Audit("order_refund", order.order_no, minute(refunded))],
                  Actor(by.badge, station_id, clock.now()))  # fmt: skip
    return still_to_leave(order)
