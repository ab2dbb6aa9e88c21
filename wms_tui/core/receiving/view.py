"""What the receiving screen shows, built in the step's own unit of work from what the step
already read (each read is a round trip on the scan path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wms_tui.core.model import Sku
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.records import (
    PoLine,
    Receipt,
    ReceiptUnit,
    ShownLines,
)
from wms_tui.core.shelving import Carry, carried

RECENT = 50
SHOWN_LINES = 40  # more than any screen shows; the rest by scrolling would be a read per key
# Draws `qty` labels of a SKU for the station's printer: (file name, bytes). Bootstrap makes
# it from the printer's settings (devices/sku_label.py); the screen prints in a worker.
SkuLabels = Callable[[UnitOfWork, str, int], tuple[str, bytes]]


@dataclass(frozen=True)
class ReceiptView:
    """The open receipt; the PO lines shown (those still expecting units and the line just
    counted, by line number, at most SHOWN_LINES) and the PO's totals; this receipt's counts per
    line and per SKU; its latest units (last first); what the receiver carries to put away.

    Every read is bounded, whatever the size of the PO or of the receipt: a scan of the
    thousandth unit of a 500-line PO costs what the first one did."""

    receipt: Receipt | None = None
    lines: tuple[PoLine, ...] = ()
    here: tuple[tuple[int, int], ...] = ()  # (line, units) counted in this receipt
    units: tuple[ReceiptUnit, ...] = ()
    passed: int = 0
    failed: int = 0
    skus: tuple[Sku, ...] = ()
    carry: Carry | None = None
    closed: Receipt | None = None  # the receipt this step closed
    per_sku: tuple[tuple[str, int], ...] = ()  # units counted in this receipt, per SKU
    ordered: int = 0  # the whole PO's
    received: int = 0  # by every receipt of the PO not given up
    current: int = 0  # the line this step counted (the screen's cursor goes there); 0: none

    def sku(self, code: str) -> Sku | None:
        return next((s for s in self.skus if s.code == code), None)

    def counted(self, line_no: int) -> int:
        return next((n for line, n in self.here if line == line_no), 0)

    def of_sku(self, code: str) -> int:
        return next((n for sku, n in self.per_sku if sku == code), 0)


def desk_view(
    uow: UnitOfWork,
    station_id: str,
    area: str,
    receipt: Receipt | None,
    *,
    carry: Carry | None = None,
    closed: Receipt | None = None,
    first_line: int = 0,
) -> ReceiptView:
    """What the step knows is given; the rest is read here. `first_line`: the line the
    step counted, shown first. `area`: the receiving area (a carry from another area, the
    returns desk's at the same station, is not this desk's)."""
    repo = uow.receiving
    if receipt is None:
        carry = carried(uow, station_id, area) if carry is None else carry
        skus = tuple(uow.skus.get_many({carry.sku_code}).values()) if carry else ()
        return ReceiptView(skus=skus, carry=carry, closed=closed)
    tallies = repo.tallies(receipt.receipt_id)
    units = repo.recent_units(receipt.receipt_id, RECENT)
    shown = ShownLines((), 0, 0)
    if receipt.po_no:
        shown = repo.shown_lines(receipt.po_no, first_line, SHOWN_LINES)
    ordered, received = shown.ordered, shown.received
    lines = [line for line, _sku in shown.lines]
    here: dict[int, int] = {}
    per_sku: dict[str, int] = {}
    passed = failed = 0
    for line_no, sku, ok, qty in tallies:
        here[line_no] = here.get(line_no, 0) + qty
        per_sku[sku] = per_sku.get(sku, 0) + qty
        passed, failed = (passed + qty, failed) if ok else (passed, failed + qty)
    # The units' table shows codes only: the lines' SKUs came with them, no read more.
    skus = tuple({sku.code: sku for _line, sku in shown.lines}.values())
    return ReceiptView(
        receipt, tuple(lines), tuple(sorted(here.items())), tuple(units), passed, failed,
        skus, per_sku=tuple(sorted(per_sku.items())), ordered=ordered, received=received,
        current=first_line,
    )  # fmt: skip
