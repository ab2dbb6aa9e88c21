"""The order status machine (DESIGN.md section 1): the statuses the shops use and the only
edges between them. Every status change goes through `check_transition`."""

from __future__ import annotations

from enum import StrEnum

from wms_tui.core.errors import IllegalTransition


class OrderStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    RELEASED = "released"
    PICKED = "picked"
    VERIFIED = "verified"
    HANDED_OVER = "handed_over"
    ARCHIVED = "archived"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"
    RETURNED = "returned"


_S = OrderStatus
# The only edges that exist (DESIGN.md section 1). Holds go back to where work resumes.
ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    _S.PENDING: frozenset({_S.CONFIRMED, _S.ON_HOLD, _S.CANCELLED}),
    _S.CONFIRMED: frozenset({_S.RELEASED, _S.ON_HOLD, _S.CANCELLED, _S.PENDING}),
    _S.RELEASED: frozenset({_S.PICKED, _S.CONFIRMED, _S.ON_HOLD, _S.CANCELLED}),
    _S.PICKED: frozenset({_S.VERIFIED, _S.ON_HOLD, _S.CANCELLED}),
    _S.VERIFIED: frozenset({_S.HANDED_OVER, _S.ON_HOLD, _S.CANCELLED}),
    _S.HANDED_OVER: frozenset({_S.ARCHIVED, _S.RETURNED}),
    _S.ARCHIVED: frozenset(),
    # Back to verified only when the order desk held (intercepted) a packed parcel and lets
    # it go again: core/orders/acts.py decides which edge a release takes.
    _S.ON_HOLD: frozenset({_S.PENDING, _S.CONFIRMED, _S.PICKED, _S.VERIFIED, _S.CANCELLED}),
    _S.CANCELLED: frozenset({_S.ARCHIVED}),
    _S.RETURNED: frozenset({_S.ARCHIVED}),
}


def check_transition(current: OrderStatus, target: OrderStatus) -> None:
    if target not in ORDER_TRANSITIONS[current]:
        raise IllegalTransition(current=current.value, target=target.value)
