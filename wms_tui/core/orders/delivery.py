"""Changing an order's courier or waybill at the order desk, before it is handed over: the
buyer asked for another courier, or the label printed was spoilt and a new one bought.

Guarded like every desk act (the order as the desk showed it), audited with what it was
and what it is now. A waybill is one parcel's: one already on another order is refused,
naming that order. An order verified already had its parcel label printed with the old
waybill: the caller is told to print it again (`wms labels parcel`, or Ctrl+P at the bench).
"""

from __future__ import annotations

from wms_tui.core.couriers import courier_code
from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import ConcurrentChange, WmsError
from wms_tui.core.model import Operator, OrderStatus, is_valid_code
from wms_tui.core.orders import hold_reasons
from wms_tui.core.orders.acts import ActRefused, Seen, changed_meanwhile, current
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.text import unsafe_chars

# After the dock the parcel is the courier's; a cancelled or returned one goes nowhere.
CHANGEABLE = frozenset(
    {
        OrderStatus.PENDING,
        OrderStatus.CONFIRMED,
        OrderStatus.RELEASED,
        OrderStatus.PICKED,
        OrderStatus.VERIFIED,
        OrderStatus.ON_HOLD,
    }
)


class WaybillTaken(WmsError):
    code = "E976"
    msgid = "order.delivery.waybill_taken"


class BadWaybill(WmsError):
    code = "E977"
    msgid = "order.delivery.bad_waybill"


class BadCourier(WmsError):
    code = "E978"
    msgid = "order.delivery.bad_courier"


def change_delivery(
    uow: UnitOfWork,
    clock: Clock,
    was: Seen,
    *,
    courier: str | None,
    waybill: str | None,
    by: Operator,
    station_id: str,
) -> bool:
    """Sets what is given (None: left as it is). True when the parcel label was printed
    already (the order passed inspection) and must be printed again."""
    order = current(uow, was)
    if order.status not in CHANGEABLE:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.delivery")  # fmt: skip
    new_courier = order.courier if courier is None else courier_code(courier)
    if courier is not None and (not new_courier or len(new_courier) > 50
                                or unsafe_chars(new_courier)):  # fmt: skip
        raise BadCourier(courier=courier[:40] or "-")
    new_waybill = order.waybill if waybill is None else waybill.strip()
    if waybill is not None and new_waybill and not is_valid_code(new_waybill):
        raise BadWaybill(waybill=new_waybill[:40])
    if new_waybill and new_waybill != order.waybill:
        holder = uow.orders.find_by_code(new_waybill)
        if holder is not None and holder.order_no != order.order_no:
            raise WaybillTaken(waybill=new_waybill, order=holder.order_no)
    detail = f"{order.courier} {order.waybill} -> {new_courier} {new_waybill}"
    try:
        uow.orders.set_delivery(order.order_no, order.version, new_courier, new_waybill)
    except ConcurrentChange:
        raise changed_meanwhile(uow, order.order_no) from None
    apply_effects(uow, clock, [Audit("order_delivery", order.order_no, detail)],
                  Actor(by.badge, station_id, clock.now()))  # fmt: skip
    held_from = hold_reasons.desk_before(order.hold_reason)
    return order.status is OrderStatus.VERIFIED or held_from == OrderStatus.VERIFIED.value
