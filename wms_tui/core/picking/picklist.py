"""A wave's pick list as plain data, and its plain-text rendering for printer-less terminals.

The same `PickList` feeds the text rendering here and the PDF (devices/picklist_pdf.py, wired
in bootstrap_picking.py), so both always show the same stops in the same walk order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wms_tui.core.model import Barcode, BarcodeKind, Order, Sku
from wms_tui.core.picking.progress import stops
from wms_tui.core.picking.records import Wave, WaveKind, slot_code
from wms_tui.core.text import display_width
from wms_tui.i18n import _


@dataclass(frozen=True)
class PickLine:
    """Multi-item waves: how many units of a stop go into which slot (order)."""

    slot: int
    order_no: str
    qty: int


@dataclass(frozen=True)
class PickStop:
    seq: int
    location: str
    walk_order: int
    sku_code: str
    name: str
    spec: str
    qty: int
    barcode: str  # the value to scan (or print as a barcode) for this SKU
    lines: tuple[PickLine, ...] = ()


@dataclass(frozen=True)
class SlotEntry:
    slot: int
    order_no: str
    platform_order_no: str
    shop: str
    courier: str
    items: int
    has_remarks: bool


@dataclass(frozen=True)
class PickList:
    wave_no: str
    kind: WaveKind
    stops: tuple[PickStop, ...]
    slots: tuple[SlotEntry, ...]  # empty for single-item waves
    order_count: int
    item_count: int


def sku_barcode_value(sku_code: str, barcodes: Iterable[Barcode]) -> str:
    """A unit barcode first (what the picker scans), then the merchant code, else the SKU."""
    units = sorted(
        (b for b in barcodes if b.sku_code == sku_code and b.kind is not BarcodeKind.PACKAGING),
        key=lambda b: (b.kind is not BarcodeKind.PRODUCT, b.code),
    )
    return units[0].code if units else sku_code


def build_pick_list(
    wave: Wave,
    skus: Mapping[str, Sku],
    barcodes: Mapping[str, str],
    orders: Mapping[str, Order],
    language: str,
) -> PickList:
    """`barcodes` maps SKU code to the value to scan (see `sku_barcode_value`)."""
    multi = wave.kind is WaveKind.MULTI
    picks: list[PickStop] = []
    for seq, stop in enumerate(stops(wave), start=1):
        sku = skus.get(stop.sku_code)
        lines: tuple[PickLine, ...] = ()
        if multi:
            per_slot: dict[int, PickLine] = {}
            for line in stop.lines:
                a = line.allocation
                prev = per_slot.get(a.slot)
                per_slot[a.slot] = PickLine(a.slot, a.order_no, a.qty + (prev.qty if prev else 0))
            lines = tuple(per_slot[k] for k in sorted(per_slot))
        picks.append(
            PickStop(
                seq=seq,
                location=stop.location,
                walk_order=stop.walk_order,
                sku_code=stop.sku_code,
                name=sku.name(language) if sku else "",
                spec=sku.spec_in(language) if sku else "",
                qty=stop.qty,
                barcode=barcodes.get(stop.sku_code, stop.sku_code),
                lines=lines,
            )
        )
    slots: list[SlotEntry] = []
    if multi:
        items: dict[str, int] = {}
        for a in wave.allocations:
            items[a.order_no] = items.get(a.order_no, 0) + a.qty
        for position, order_no in enumerate(wave.orders, start=1):
            order = orders.get(order_no)
            slots.append(
                SlotEntry(
                    slot=position,
                    order_no=order_no,
                    platform_order_no=order.platform_order_no if order else "",
                    shop=order.shop if order else "",
                    courier=order.courier if order else "",
                    items=items.get(order_no, 0),
                    has_remarks=order.has_remarks if order else False,
                )
            )
    return PickList(
        wave_no=wave.wave_no,
        kind=wave.kind,
        stops=tuple(picks),
        slots=tuple(slots),
        order_count=len(wave.orders),
        item_count=wave.item_count,
    )


# --- plain text -------------------------------------------------------------------
def _fit(text: str, width: int) -> str:
    """Cut to `width` columns and pad, counting CJK as two columns."""
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def _right(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def render_text(pick_list: PickList) -> str:
    """80 columns, no markup: stop lines, then the slot sheet for multi-item waves."""
    kind = _("pick.kind." + pick_list.kind.value)
    out = [
        _(
            "pick.list.title",
            wave=pick_list.wave_no,
            kind=kind,
            orders=pick_list.order_count,
            items=pick_list.item_count,
        ),
        "",
        _fit(_("pick.list.col.seq"), 4)
        + _fit(_("pick.list.col.location"), 14)
        + _fit(_("pick.list.col.sku"), 18)
        + _right(_("pick.list.col.qty"), 6)
        + "  "
        + _("pick.list.col.barcode"),
    ]
    for stop in pick_list.stops:
        out.append(
            _fit(str(stop.seq), 4)
            + _fit(stop.location, 14)
            + _fit(stop.sku_code, 18)
            + _right(str(stop.qty), 6)
            + "  "
            + stop.barcode
        )
        detail = " ".join(part for part in (stop.name, stop.spec) if part)
        if detail:
            out.append(" " * 4 + _fit(detail, 72).rstrip())
        if stop.lines:
            puts = "  ".join(
                _("pick.list.put", slot=slot_code(line.slot), qty=line.qty) for line in stop.lines
            )
            out.append(" " * 4 + puts)
    if pick_list.slots:
        out += ["", _("pick.list.slots")]
        for entry in pick_list.slots:
            remark = _("pick.list.remarks") if entry.has_remarks else ""
            out.append(
                _fit(slot_code(entry.slot), 10)
                + _fit(entry.order_no, 20)
                + _fit(entry.shop, 16)
                + _fit(entry.courier, 12)
                + _right(_("pick.list.items", items=entry.items), 10)
                + ("  " + remark if remark else "")
            )
    return "\n".join(line.rstrip() for line in out) + "\n"
