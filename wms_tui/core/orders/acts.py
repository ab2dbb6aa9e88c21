"""What the order desk does to an order (订单处理): confirm it (审单), hold it, release a
hold, cancel it.

Each act is done for a verified person, goes through the one status machine, is guarded
by the version and status the desk showed (two desks acting on one order at once: one
wins, the other is told what the order is now), and leaves an audit line with the reason.
What a status does not allow is refused saying why and what to do instead.

Where a released hold goes: a hold made at the desk goes back to the status it was taken
from (kept in the hold reason); an inspector's hold goes back to `picked`, its units still
on the bench, to be inspected again; a short pick's hold too (the units that were found
wait on the bench with the order, the inspection counts what is there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from wms_tui.core.effects import Actor, Audit, ReleaseReservations, SetOrderStatus, apply_effects
from wms_tui.core.errors import ConcurrentChange, UnknownOrder, WmsError
from wms_tui.core.model import Operator, Order, OrderStatus
from wms_tui.core.orders import hold_reasons
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.text import unsafe_chars

# A desk hold keeps the work where it stands: not on a wave being picked (the picker would
# be sent for it), and after the dock never (it left with the courier).
HOLDABLE = frozenset(
    {OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PICKED, OrderStatus.VERIFIED}
)
# Cancelling frees the reservation; once units have left the bins they must be put back
# first, which the desk cannot do yet: those orders are held instead.
CANCELLABLE = frozenset({OrderStatus.PENDING, OrderStatus.CONFIRMED})
LONGEST_REASON = 200


class ActRefused(WmsError):
    code = "E970"
    msgid = "order.act.refused"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status.", "why": ""}


class ReasonNeeded(WmsError):
    code = "E971"
    msgid = "order.act.reason_needed"


class NotEnoughStock(WmsError):
    code = "E973"
    msgid = "order.act.short"


class OrderChangedMeanwhile(WmsError):
    code = "E972"
    msgid = "order.act.changed"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status."}


@dataclass(frozen=True)
class Seen:
    """What the desk showed when the person chose to act: the act is refused if the
    order is not like that any more."""

    order_no: str
    status: OrderStatus
    version: int


def seen(order: Order) -> Seen:
    return Seen(order.order_no, order.status, order.version)


def current(uow: UnitOfWork, was: Seen) -> Order:
    order = uow.orders.get(was.order_no)
    if order is None:
        raise UnknownOrder(order=was.order_no)
    if (order.status, order.version) != (was.status, was.version):
        raise OrderChangedMeanwhile(order=order.order_no, status=order.status.value)
    return order


def reason_given(text: str) -> str:
    """A person's reason as stored in the audit log, or ReasonNeeded."""
    reason = text.strip()
    if not reason or len(reason) > LONGEST_REASON or unsafe_chars(reason):
        raise ReasonNeeded(most=LONGEST_REASON)
    return reason


def _act(
    uow: UnitOfWork,
    clock: Clock,
    by: Operator,
    station_id: str,
    order: Order,
    effects: list[object],
) -> None:
    # Guarded by what the desk showed: of two desks acting at once, one wins.
    shown = {order.order_no: (order.status, order.version)}
    try:
        apply_effects(uow, clock, effects, Actor(by.badge, station_id, clock.now()), seen=shown)
    except ConcurrentChange:
        raise changed_meanwhile(uow, order.order_no) from None


def changed_meanwhile(uow: UnitOfWork, order_no: str) -> OrderChangedMeanwhile:
    """What another desk's change left the order as, to tell the person who lost."""
    now = uow.orders.get(order_no)
    return OrderChangedMeanwhile(order=order_no, status=now.status.value if now else "?")


def hold(
    uow: UnitOfWork, clock: Clock, was: Seen, reason: str, by: Operator, station_id: str
) -> None:
    order = current(uow, was)
    why = reason_given(reason)
    if order.status not in HOLDABLE:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.hold")  # fmt: skip
    stored = hold_reasons.desk(order.status.value, why)
    _act(uow, clock, by, station_id, order, [
        SetOrderStatus(order.order_no, OrderStatus.ON_HOLD, stored),
        Audit("order_hold", order.order_no, why),
    ])  # fmt: skip


def released_to(order: Order) -> OrderStatus:
    """Where releasing `order`'s hold takes it (see the module's docstring)."""
    before = hold_reasons.desk_before(order.hold_reason)
    if before is not None:
        return OrderStatus(before)
    return OrderStatus.PICKED


def release(uow: UnitOfWork, clock: Clock, was: Seen, by: Operator, station_id: str) -> OrderStatus:
    order = current(uow, was)
    if order.status is not OrderStatus.ON_HOLD:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.release")  # fmt: skip
    target = released_to(order)
    effects: list[object] = [SetOrderStatus(order.order_no, target)]
    if target is OrderStatus.PICKED:
        # Its units are on the bench: the reservation must not hold bin stock too (as a
        # finished pick does).
        effects.append(ReleaseReservations(order.order_no))
    effects.append(Audit("order_release", order.order_no, f"to {target.value}"))
    _act(uow, clock, by, station_id, order, effects)
    return target


def check_cancellable(order: Order) -> None:
    """ActRefused unless the desk may cancel `order`: asked before the question "cancel?",
    so nobody confirms what would then be refused."""
    held_from = hold_reasons.desk_before(order.hold_reason)
    cancellable = order.status in CANCELLABLE or (
        order.status is OrderStatus.ON_HOLD
        and held_from is not None
        and OrderStatus(held_from) in CANCELLABLE
    )
    if not cancellable:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.cancel")  # fmt: skip


def cancel(
    uow: UnitOfWork, clock: Clock, was: Seen, reason: str, by: Operator, station_id: str
) -> None:
    order = current(uow, was)
    why = reason_given(reason)
    check_cancellable(order)
    _act(uow, clock, by, station_id, order, [
        SetOrderStatus(order.order_no, OrderStatus.CANCELLED, why),
        ReleaseReservations(order.order_no),
        Audit("order_cancel", order.order_no, why),
    ])  # fmt: skip


def confirm(uow: UnitOfWork, clock: Clock, was: Seen, by: Operator, station_id: str) -> None:
    """审单: a pending order reserves its lines, if the stock available (on hand in sellable,
    unfrozen bins less what is reserved) covers every one; else refused naming each SKU
    short and by how much."""
    order = current(uow, was)
    if order.status is not OrderStatus.PENDING:
        raise ActRefused(order=order.order_no, status=order.status.value,
                         why="order.act.why.confirm")  # fmt: skip
    # Held first: another desk confirming an order for the same last units waits here,
    # then sees them reserved.
    uow.ledger.hold_availability(order.quantities())
    short = [
        f"{sku} ×{qty} ({available})"
        for sku, qty in sorted(order.quantities().items())
        if (available := uow.ledger.available(sku)) < qty
    ]
    if short:
        raise NotEnoughStock(order=order.order_no, skus=", ".join(short))
    _act(uow, clock, by, station_id, order, [
        SetOrderStatus(order.order_no, OrderStatus.CONFIRMED),
        Audit("order_confirm", order.order_no, ""),
    ])  # fmt: skip
    for sku_code, qty in sorted(order.quantities().items()):
        uow.ledger.reserve(order.order_no, sku_code, qty)
