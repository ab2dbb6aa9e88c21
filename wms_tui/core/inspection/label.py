"""What goes on an order's parcel label (面单), read from stored rows only.

The label prints when the order passes (the inspection screen, in a worker, never on the
scan's path) and again on request (a key at the desk, `wms labels parcel ORDER`). It is for
a parcel that may leave: an order that has not passed, or was cancelled or held after it
did, gets no label, so a label on a box always means the box was checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from wms_tui.core.errors import UnknownOrder
from wms_tui.core.inspection.records import InspectionError
from wms_tui.core.model import Order, OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork

PRINTABLE = (OrderStatus.VERIFIED, OrderStatus.HANDED_OVER)
# Draws the label of the order scanned or typed as the code, read in the unit of work given,
# as (file name, bytes) for the station's printer. Built by bootstrap (devices/ draws).
LabelRenderer = Callable[[UnitOfWork, str], tuple[str, bytes]]


class NoLabelForStatus(InspectionError):
    code = "E844"
    msgid = "inspect.label.not_packed"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status."}


@dataclass(frozen=True)
class LabelLine:
    sku_code: str
    name: str
    spec: str
    qty: int
    is_gift: bool


@dataclass(frozen=True)
class ParcelLabelView:
    order: Order
    lines: tuple[LabelLine, ...]


def parcel_label_view(uow: UnitOfWork, code: str, language: str) -> ParcelLabelView:
    """The order scanned or typed as `code` (order number, platform number or waybill)."""
    order = uow.orders.find_by_code(code)
    if order is None:
        raise UnknownOrder(order=code)
    if order.status not in PRINTABLE:
        raise NoLabelForStatus(order=order.order_no, status=order.status.value)
    skus = uow.skus.get_many(line.sku_code for line in order.lines)
    lines = []
    for line in order.lines:
        sku = skus.get(line.sku_code)
        lines.append(
            LabelLine(
                sku_code=line.sku_code,
                # An unknown SKU still prints by its code: the label is for the person packing.
                name=sku.name(language) if sku else "",
                spec=sku.spec_in(language) if sku else "",
                qty=line.qty,
                is_gift=line.is_gift,
            )
        )
    return ParcelLabelView(order, tuple(lines))


def passed_order(outcome: Outcome) -> str | None:
    """The order this outcome passed, if it passed one: the pass itself, or the pass that
    scanning the next waybill made (`..._after_pass`)."""
    if not outcome.ok:
        return None
    if outcome.msgid == "inspect.passed":
        return str(outcome.params.get("order", "")) or None
    if outcome.msgid.endswith("_after_pass"):
        return str(outcome.params.get("passed", "")) or None
    return None
