"""What the returns screen shows, built in the step's own unit of work from what the step
already read (a read it has is never made again: each is a round trip on the scan path)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wms_tui.core.model import Order, Sku
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.returns.records import ReturnRecord, ReturnUnit
from wms_tui.core.returns.rules import ReturnLine, return_lines
from wms_tui.core.returns.shelving import Waiting, waiting
from wms_tui.core.shelving import Carry, carried

RECENT = 50


@dataclass(frozen=True)
class ReturnView:
    """The returns desk as the screen shows it: the open return, its order's lines (shipped,
    back before, in this return), its units (last first), the SKUs they name."""

    record: ReturnRecord | None = None
    order: Order | None = None
    lines: tuple[ReturnLine, ...] = ()
    units: tuple[ReturnUnit, ...] = ()
    count: int = 0  # units in the open return
    skus: tuple[Sku, ...] = ()
    # Returns waiting for a supervisor to match or scrap; None when this step did not read
    # it (it cannot have changed it): the screen keeps the number it has.
    unidentified: int | None = None
    closed: ReturnRecord | None = None  # the return this step closed
    shelving: tuple[Waiting, ...] = ()  # resaleable units waiting to be put away
    carry: Carry | None = None  # what the clerk carries to a bin (no return open)

    def sku(self, code: str) -> Sku | None:
        return next((s for s in self.skus if s.code == code), None)


def desk_view(
    uow: UnitOfWork,
    station_id: str,
    record: ReturnRecord | None,
    *,
    order: Order | None = None,
    units: Sequence[ReturnUnit] | None = None,
    before: Mapping[int, int] | None = None,
    closed: ReturnRecord | None = None,
    shelving: tuple[Waiting, ...] | None = None,
    count_waiting: bool = False,
    area: str = "",
    carry: Carry | None = None,
) -> ReturnView:
    """`order`, `units` and `before` (the order's lines taken back by closed returns) and
    `shelving` (what waits to be put away): given when the step knows them, read here
    otherwise; `count_waiting`: count the unidentified returns waiting (see ReturnView).
    With no return open, what the clerk carries from the returns `area` is read unless
    the step knows it (`carry`, or no `area`: nothing can be carried, as after a close,
    opening a return puts down the carry)."""
    repo = uow.returns
    # Only the screen's first read and a step that books a parcel nobody claimed count the
    # returns waiting for a supervisor: a round trip every other step would make for nothing.
    unidentified = repo.count_unidentified() if count_waiting else None
    if record is None:
        if shelving is None:
            shelving = waiting(uow, station_id)
        if carry is None and area:
            carry = carried(uow, station_id, area)
        skus = tuple(uow.skus.get_many({carry.sku_code}).values()) if carry else ()
        return ReturnView(skus=skus, unidentified=unidentified, closed=closed,
                          shelving=shelving, carry=carry)  # fmt: skip
    units = repo.units(record.return_id) if units is None else units
    if order is None and record.order_no:
        order = uow.orders.get(record.order_no)
    lines: tuple[ReturnLine, ...] = ()
    if order is not None:
        back = repo.returned_lines(order.order_no) if before is None else before
        lines = return_lines(order, back, units)
    codes = {u.sku_code for u in units} | {line.sku_code for line in lines}
    skus = tuple(uow.skus.get_many(codes).values())
    recent = tuple(reversed(units[-RECENT:]))
    return ReturnView(record, order, lines, recent, len(units), skus, unidentified, closed)
