"""Returns rules, pure: may this order be returned, which line a unit belongs to, what
closing a return, matching an unidentified one and scrapping one do to stock and orders.

An order takes back at most what it shipped, line by line, across all its returns
together: `place_unit` counts the closed returns' units (`before`) and this return's
(`now`) against each line's shipped quantity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wms_tui.core.clock import day_and_time
from wms_tui.core.effects import Audit, Move, SetOrderStatus
from wms_tui.core.leases import Lease
from wms_tui.core.model import VIRTUAL_CUSTOMER, VIRTUAL_SCRAP, MoveReason, Order, OrderStatus
from wms_tui.core.returns.records import (
    Condition,
    NotFromOrder,
    NotShipped,
    OverReturn,
    ReasonNeeded,
    ReturnHeld,
    ReturnRecord,
    ReturnUnit,
)

# Every unit of these orders left with the courier: they can come back.
SHIPPED = frozenset({OrderStatus.HANDED_OVER, OrderStatus.RETURNED})


@dataclass(frozen=True)
class Places:
    """Where a return's units go: resaleable ones to the returns area, the rest to
    quarantine with their reason."""

    returns_area: str
    quarantine: str

    def of(self, condition: Condition) -> str:
        return self.returns_area if condition is Condition.RESALEABLE else self.quarantine


@dataclass(frozen=True)
class ReturnLine:
    """One order line at the returns desk: shipped, taken back before, in this return."""

    line_no: int
    sku_code: str
    shipped: int
    before: int = 0
    now: int = 0
    kit_code: str = ""

    @property
    def open(self) -> int:
        return self.shipped - self.before - self.now


def held(lease: Lease) -> ReturnHeld:
    """Another station books this parcel: who, where, since when."""
    return ReturnHeld(
        subject=lease.subject, station=lease.station_id, operator=lease.operator,
        since=day_and_time(lease.since),
    )  # fmt: skip


def check_returnable(order: Order, shipped_archived: bool) -> None:
    """Handed over (or returned before, in part): yes. Archived: only if it had shipped
    (it is booked against without being changed). Anything else never left."""
    if order.status in SHIPPED:
        return
    if order.status is OrderStatus.ARCHIVED and shipped_archived:
        return
    raise NotShipped(order=order.order_no, status=order.status.value)


def return_lines(
    order: Order, before: Mapping[int, int], units: Iterable[ReturnUnit]
) -> tuple[ReturnLine, ...]:
    now: dict[int, int] = {}
    for unit in units:
        now[unit.line_no] = now.get(unit.line_no, 0) + 1
    return tuple(
        ReturnLine(
            line.line_no, line.sku_code, line.qty, before.get(line.line_no, 0),
            now.get(line.line_no, 0), line.kit_code or "",
        )
        for line in order.lines
    )  # fmt: skip


def place_unit(lines: Sequence[ReturnLine], sku_code: str, spec: str = "") -> int:
    """The line a unit of `sku_code` counts on: the first of its lines with room.
    Refused when the order never had it, or when every unit it shipped is back."""
    mine = [line for line in lines if line.sku_code == sku_code]
    if not mine:
        raise NotFromOrder(sku=sku_code, spec=spec or "-")
    for line in mine:
        if line.open > 0:
            return line.line_no
    shipped = sum(line.shipped for line in mine)
    raise OverReturn(sku=sku_code, shipped=shipped, nth=shipped + 1)


def check_condition(condition: Condition, reason: str) -> None:
    if condition is not Condition.RESALEABLE and not reason.strip():
        raise ReasonNeeded(condition=condition.value)


def fully_returned(lines: Sequence[ReturnLine]) -> bool:
    return all(line.open == 0 for line in lines)


def close_effects(
    record: ReturnRecord,
    units: Sequence[ReturnUnit],
    order: Order | None,
    places: Places,
    new_id: Callable[[], str],
) -> list[object]:
    """Every unit from the customer to where its condition sends it; a handed-over order
    becomes returned (an archived one is never changed); one audit line."""
    effects: list[object] = []
    if order is not None and order.status is OrderStatus.HANDED_OVER:
        effects.append(SetOrderStatus(order.order_no, OrderStatus.RETURNED, record.return_id))
    effects += _moves(record, units, lambda _u: VIRTUAL_CUSTOMER, places.of, new_id)
    conditions = {c: sum(1 for u in units if u.condition is c) for c in Condition}
    detail = ", ".join(f"{c.value} {n}" for c, n in conditions.items() if n)
    effects.append(Audit("return_closed", record.return_id, f"{record.order_no}: {detail}"))
    return effects


def match_units(order: Order, before: Mapping[int, int], units: Sequence[ReturnUnit]) -> list[int]:
    """The line of each unit of an unidentified return, in order, as if scanned now
    against `order`; refused as a scan would be."""
    placed: list[ReturnUnit] = []
    lines_of: list[int] = []
    for unit in units:
        line_no = place_unit(return_lines(order, before, placed), unit.sku_code)
        placed.append(
            ReturnUnit(unit.return_id, unit.seq, unit.sku_code, line_no, "", unit.scanned_at)
        )
        lines_of.append(line_no)
    return lines_of


def scrap_effects(
    record: ReturnRecord, units: Sequence[ReturnUnit], places: Places, new_id: Callable[[], str]
) -> list[object]:
    """An unclaimed return's units leave the warehouse from wherever closing put them."""
    effects: list[object] = _moves(
        record, units, lambda u: places.of(u.condition), lambda _c: VIRTUAL_SCRAP, new_id,
        MoveReason.SCRAP,
    )  # fmt: skip
    effects.append(Audit("return_scrapped", record.return_id, f"{len(units)} units"))
    return effects


def _moves(
    record: ReturnRecord,
    units: Sequence[ReturnUnit],
    source: Callable[[ReturnUnit], str],
    target: Callable[[Condition], str],
    new_id: Callable[[], str],
    reason: MoveReason = MoveReason.RETURN,
) -> list[object]:
    # One move per SKU, line and place: a return of 3 units of one line is one move.
    grouped: dict[tuple[str, int, str, str], int] = {}
    for unit in units:
        key = (unit.sku_code, unit.line_no, source(unit), target(unit.condition))
        grouped[key] = grouped.get(key, 0) + 1
    return [
        Move(new_id(), sku, qty, frm, to, reason, f"{record.return_id}/{line_no}")
        for (sku, line_no, frm, to), qty in grouped.items()
    ]


def put_away_effects(
    units: Sequence[ReturnUnit], places: Places, bin_code: str, new_id: Callable[[], str]
) -> list[object]:
    """Resaleable units from the returns area to the bin they are shelved in (上架)."""
    grouped: dict[tuple[str, str, int], int] = {}
    for unit in units:
        key = (unit.return_id, unit.sku_code, unit.line_no)
        grouped[key] = grouped.get(key, 0) + 1
    return [
        Move(new_id(), sku, qty, places.returns_area, bin_code, MoveReason.PUTAWAY,
             f"{return_id}/{line_no}")
        for (return_id, sku, line_no), qty in grouped.items()
    ]  # fmt: skip
