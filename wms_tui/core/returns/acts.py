"""What is done with returns away from the scanner: a supervisor matches an unidentified
return to its order or scraps it, customer service lists returns and chooses what a
reship (补发) sends again. Each act is done for a verified person, in the caller's unit of
work; `wms returns` and the returns screen share them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from wms_tui.core.effects import Actor, Audit, SetOrderStatus, apply_effects
from wms_tui.core.errors import NotAllowed, UnknownOrder
from wms_tui.core.leases import LeaseKind, holds
from wms_tui.core.model import Operator, Order, OrderStatus, Role
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.returns.records import (
    Condition,
    NothingToReship,
    NotUnidentified,
    ReturnRecord,
    ReturnStatus,
    ReturnUnit,
    ReturnUnknown,
)
from wms_tui.core.returns.rules import (
    Places,
    check_returnable,
    held,
    match_units,
    scrap_effects,
)


def _supervisor(by: Operator) -> None:
    if not by.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=by.name, role=Role.SUPERVISOR.value)


def waiting_return(uow: UnitOfWork, return_id: str) -> ReturnRecord:
    """An unidentified return, closed and neither matched nor scrapped."""
    record = uow.returns.get(return_id.strip())
    if record is None:
        raise ReturnUnknown(ret=return_id[:40])
    if not record.unidentified or record.status is not ReturnStatus.CLOSED:
        raise NotUnidentified(ret=record.return_id, order=record.order_no or "-")
    return record


def match_return(
    uow: UnitOfWork, clock: Clock, return_id: str, order_code: str, *, by: Operator,
    station_id: str,
) -> ReturnRecord:  # fmt: skip
    """Books an unidentified return against the order it turned out to be: each unit takes
    its line as if scanned now (refused the same way: never more than shipped); the order
    becomes returned. The units stay where closing put them."""
    _supervisor(by)
    record = waiting_return(uow, return_id)
    order = uow.orders.find_by_code(order_code.strip()) or uow.orders.get(order_code.strip())
    if order is None:
        raise UnknownOrder(order=order_code[:40])
    check_returnable(order, shipped_archived=order.status is OrderStatus.ARCHIVED)
    now = clock.now()
    # The order's lines must not change under a returns station meanwhile: the one lease.
    lease = uow.leases.take(LeaseKind.RETURN, order.order_no, station_id, by.badge, now)
    if not holds(lease, station_id, by.badge):
        raise held(lease)
    try:
        units = uow.returns.units(record.return_id)
        lines = match_units(order, uow.returns.returned_lines(order.order_no), units)
        uow.returns.assign_lines(
            record.return_id, dict(zip((u.seq for u in units), lines, strict=True))
        )
        matched = replace(record, order_no=order.order_no, matched_by=by.badge, matched_at=now,
                          version=record.version + 1)  # fmt: skip
        uow.returns.save(matched)
        effects: list[object] = []
        if order.status is OrderStatus.HANDED_OVER:
            effects.append(SetOrderStatus(order.order_no, OrderStatus.RETURNED))
        effects.append(Audit("return_matched", record.return_id, order.order_no))
        apply_effects(uow, clock, effects, Actor(by.badge, station_id, now))
    finally:
        uow.leases.release(LeaseKind.RETURN, order.order_no)
    return matched


def scrap_return(
    uow: UnitOfWork, clock: Clock, return_id: str, places: Places, *, by: Operator,
    station_id: str, new_id: Callable[[], str],
) -> ReturnRecord:  # fmt: skip
    """An unclaimed return's units are scrapped, from where closing put them."""
    _supervisor(by)
    record = waiting_return(uow, return_id)
    units = uow.returns.units(record.return_id)
    now = clock.now()
    apply_effects(uow, clock, scrap_effects(record, units, places, new_id),
                  Actor(by.badge, station_id, now))  # fmt: skip
    scrapped = replace(record, status=ReturnStatus.SCRAPPED, version=record.version + 1)
    uow.returns.save(scrapped)
    return scrapped


@dataclass(frozen=True)
class ReshipLine:
    sku_code: str
    qty: int


def reship_lines(
    record: ReturnRecord, units: Sequence[ReturnUnit], chosen: Sequence[int] = ()
) -> tuple[ReshipLine, ...]:
    """What a reship sends again: the units of the chosen order lines, or, when none are
    chosen, every unit that came back unfit to sell (damaged, wrong, incomplete)."""
    if record.unidentified or record.status is not ReturnStatus.CLOSED:
        raise NothingToReship(ret=record.return_id)
    if chosen:
        picked = [u for u in units if u.line_no in set(chosen)]
    else:
        picked = [u for u in units if u.condition is not Condition.RESALEABLE]
    totals: dict[str, int] = {}
    for unit in picked:
        totals[unit.sku_code] = totals.get(unit.sku_code, 0) + 1
    if not totals:
        raise NothingToReship(ret=record.return_id)
    return tuple(ReshipLine(sku, qty) for sku, qty in totals.items())


def returns_of(
    uow: UnitOfWork, start: datetime, end: datetime
) -> list[tuple[ReturnRecord, list[ReturnUnit]]]:
    """Customer service's list: open returns and those of the range, with their units."""
    return [(r, uow.returns.units(r.return_id)) for r in uow.returns.listing(start, end)]


def order_of(uow: UnitOfWork, record: ReturnRecord) -> Order | None:
    return uow.orders.get(record.order_no) if record.order_no else None
