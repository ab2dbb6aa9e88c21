"""What the receiving screen shows, built in the step's own unit of work from what the step
already read (each read is a round trip on the scan path)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wms_tui.core.model import Sku
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.records import (
    Carry,
    PoLine,
    PurchaseOrder,
    Receipt,
    ReceiptUnit,
)

RECENT = 50
# Draws `qty` labels of a SKU for the station's printer: (file name, bytes). Bootstrap makes
# it from the printer's settings (devices/sku_label.py); the screen prints in a worker.
SkuLabels = Callable[[UnitOfWork, str, int], tuple[str, bytes]]


@dataclass(frozen=True)
class ReceiptView:
    """The open receipt, its PO's lines (ordered, received by every receipt, in this one),
    its units (last first), what the receiver carries to put away."""

    receipt: Receipt | None = None
    po: PurchaseOrder | None = None
    lines: tuple[PoLine, ...] = ()
    here: tuple[tuple[int, int], ...] = ()  # (line, units) counted in this receipt
    units: tuple[ReceiptUnit, ...] = ()
    passed: int = 0
    failed: int = 0
    skus: tuple[Sku, ...] = ()
    carry: Carry | None = None
    closed: Receipt | None = None  # the receipt this step closed
    per_sku: tuple[tuple[str, int], ...] = ()  # units counted in this receipt, per SKU

    def sku(self, code: str) -> Sku | None:
        return next((s for s in self.skus if s.code == code), None)

    def counted(self, line_no: int) -> int:
        return next((n for line, n in self.here if line == line_no), 0)

    def of_sku(self, code: str) -> int:
        return next((n for sku, n in self.per_sku if sku == code), 0)


def desk_view(
    uow: UnitOfWork,
    station_id: str,
    receipt: Receipt | None,
    *,
    units: Sequence[ReceiptUnit] | None = None,
    lines: Sequence[PoLine] | None = None,
    po: PurchaseOrder | None = None,
    carry: Carry | None = None,
    closed: Receipt | None = None,
) -> ReceiptView:
    """What the step knows is given; the rest is read here."""
    repo = uow.receiving
    if receipt is None:
        carry = repo.carry(station_id) if carry is None else carry
        skus = tuple(uow.skus.get_many({carry.sku_code}).values()) if carry else ()
        return ReceiptView(skus=skus, carry=carry, closed=closed)
    units = repo.units(receipt.receipt_id) if units is None else units
    if receipt.po_no:
        po = repo.po(receipt.po_no) if po is None else po
        lines = repo.lines(receipt.po_no) if lines is None else lines
    here: dict[int, int] = {}
    per_sku: dict[str, int] = {}
    for unit in units:
        here[unit.line_no] = here.get(unit.line_no, 0) + unit.qty
        per_sku[unit.sku_code] = per_sku.get(unit.sku_code, 0) + unit.qty
    codes = {u.sku_code for u in units} | {line.sku_code for line in lines or ()}
    skus = tuple(uow.skus.get_many(codes).values())
    passed = sum(u.qty for u in units if u.passed)
    failed = sum(u.qty for u in units if not u.passed)
    recent = tuple(reversed(units[-RECENT:]))
    return ReceiptView(
        receipt, po, tuple(lines or ()), tuple(sorted(here.items())), recent, passed, failed,
        skus, per_sku=tuple(per_sku.items()),
    )  # fmt: skip
