"""What a supervisor does to receiving outside the scan flow: close a purchase order that
will not be received in full, and send failed units back to their supplier (退供应商 /
返厂) when the supplier collects them. Each in the caller's unit of work, audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from wms_tui.core.effects import Actor, Audit, Move, apply_effects
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason, Operator
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.receiving.records import (
    NothingToVendor,
    PoClosed,
    PoHasOpenReceipt,
    PoNotFound,
    PoStatus,
    PurchaseOrder,
    ReceiptStatus,
    ToVendor,
)


@dataclass(frozen=True)
class OpenPo:
    """An open purchase order as the receiving list shows it."""

    po: PurchaseOrder
    ordered: int
    received: int

    @property
    def in_transit(self) -> int:
        return max(self.ordered - self.received, 0)


def open_pos(uow: UnitOfWork) -> list[OpenPo]:
    """Every open PO with its totals: two reads, however many there are."""
    pos = uow.receiving.open_pos()
    totals = uow.receiving.totals([po.po_no for po in pos])
    return [OpenPo(po, *totals.get(po.po_no, (0, 0))) for po in pos]


def po_to_close(uow: UnitOfWork, po_no: str) -> OpenPo:
    """The open PO a supervisor may close now: none of its receipts is still open."""
    po = uow.receiving.po(po_no.strip())
    if po is None:
        raise PoNotFound(po=po_no)
    if po.status is PoStatus.CLOSED:
        raise PoClosed(po=po.po_no)
    busy = [r for r in uow.receiving.receipts(po.po_no) if r.status is ReceiptStatus.OPEN]
    if busy:
        raise PoHasOpenReceipt(po=po.po_no, receipt=busy[0].receipt_id, station=busy[0].station_id)
    lines = uow.receiving.lines(po.po_no)
    return OpenPo(po, sum(x.ordered for x in lines), sum(x.received for x in lines))


def close_po(uow: UnitOfWork, clock: Clock, po_no: str, *, by: Operator, station_id: str) -> OpenPo:
    """Closes a PO received in part: what is still in transit is no longer expected."""
    found = po_to_close(uow, po_no)
    po, now = found.po, clock.now()
    uow.receiving.save_po(replace(po, status=PoStatus.CLOSED, closed_by=by.badge, closed_at=now,
                                  version=po.version + 1))  # fmt: skip
    detail = f"received {found.received} of {found.ordered}"
    apply_effects(uow, clock, [Audit("po_closed", po.po_no, detail)],
                  Actor(by.badge, station_id, now))  # fmt: skip
    return found


def send_to_vendor(
    uow: UnitOfWork, clock: Clock, supplier: str, quarantine: str, *, by: Operator,
    station_id: str, new_id: Callable[[], str],
) -> tuple[str, list[ToVendor]]:  # fmt: skip
    """Every failed unit of `supplier` still in quarantine leaves with them: the move
    `quarantine → @supplier` per SKU, the units marked with the booking's reference."""
    units = uow.receiving.to_vendor(supplier)
    if not units:
        raise NothingToVendor(supplier=supplier)
    now = clock.now()
    ref = f"RTV{now.astimezone():%y%m%d%H%M%S}-{station_id}"
    per_sku: dict[str, int] = {}
    for unit in units:
        per_sku[unit.sku_code] = per_sku.get(unit.sku_code, 0) + unit.qty
    effects: list[object] = [
        Move(new_id(), sku, qty, quarantine, VIRTUAL_SUPPLIER, MoveReason.RETURN, ref)
        for sku, qty in sorted(per_sku.items())
    ]
    total = sum(per_sku.values())
    effects.append(Audit("returned_to_vendor", ref, f"{supplier}: {total}"))
    apply_effects(uow, clock, effects, Actor(by.badge, station_id, now))
    uow.receiving.sent_to_vendor([(u.receipt_id, u.seq) for u in units], ref)
    return ref, units
