"""Item scans: counting units onto lines, kits, lot/serial prompts, wrong and extra items."""

from __future__ import annotations

from wms_tui.core.inspection.builder import Builder, accepted, wrong_scan
from wms_tui.core.inspection.closing import try_pass
from wms_tui.core.inspection.progress import LineProgress, Progress
from wms_tui.core.inspection.records import (
    EventKind,
    GiftNotArmed,
    KitNeedsComponents,
    NoReplacementSource,
    NotInOrder,
    ScanNotExpected,
    SerialQuantity,
    SerialRepeated,
    TooMany,
)
from wms_tui.core.inspection.state import CodeValue, Decision, ItemScan, KitSpec
from wms_tui.core.model import KitMode, MoveReason, OrderStatus, is_valid_code
from wms_tui.core.ports import SoundClass

_NEEDS = {"lot": "inspect.needs_lot", "serial": "inspect.needs_serial"}


def _fill_order(lp: LineProgress) -> tuple[bool, bool, int]:
    return (lp.line.kit_code is not None, lp.line.is_gift, lp.line.line_no)


def _add_units(
    b: Builder, lines: list[LineProgress], units: int, text: str, lot: str = "", serial: str = ""
) -> LineProgress:
    """Spreads units over the lines with room; a unit beyond those at the station replaces a
    quarantined one and is fetched from the replacement location (a stock move)."""
    rules = b.ctx.rules
    sheet = b.state.sheet
    assert sheet is not None
    released = sheet.status is OrderStatus.RELEASED
    left = units
    touched = lines[0]
    for lp in sorted(lines, key=_fill_order):
        take = min(left, lp.remaining)
        if take <= 0:
            continue
        touched, line = lp, lp.line
        repl = 0 if released else max(0, lp.counted + take - lp.at_station)
        sku, no = line.sku_code, line.line_no
        if take - repl:
            b.event(
                EventKind.COUNT,
                line_no=no,
                sku_code=sku,
                qty=take - repl,
                lot=lot,
                serial=serial,
                text=text,
            )
        if repl:
            source = b.state.progress.replacement_from or rules.replacement_location
            if not source:
                raise NoReplacementSource(name=line.name, sku=line.sku_code)
            ref = f"{sheet.order_no}/{line.line_no}"
            move_id = b.move(
                line.sku_code, repl, source, rules.packing_location, MoveReason.PICK, ref
            )
            b.event(
                EventKind.COUNT,
                qty=repl,
                lot=lot,
                serial=serial,
                replacement=True,
                location=source,
                move_id=move_id,
                line_no=no,
                sku_code=sku,
                text=text,
            )
        left -= take
    return touched


def _after_count(b: Builder, touched: LineProgress) -> Decision:
    p = b.progress()
    if p.complete:
        if b.ctx.rules.auto_pass:
            return b.done(try_pass(b, p, explicit=False)[1])
        return b.done(accepted("inspect.all_matched", SoundClass.NEEDS_INPUT))
    lp = p.line(touched.line.line_no)
    return b.done(
        accepted(
            "inspect.counted", name=lp.line.name, counted=lp.counted, expected=lp.line.expected
        )
    )


def _too_many(b: Builder, item: ItemScan, lines: list[LineProgress]) -> Decision:
    first = lines[0].line
    expected = sum(lp.line.expected for lp in lines)
    error = TooMany(line=first.line_no, name=first.name, expected=expected)
    return wrong_scan(b, error, item, "too_many", first.line_no)


def count_item(b: Builder, p: Progress, item: ItemScan) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    units = item.multiplier * (p.armed_qty or 1)
    kit = sheet.kit(item.sku_code)
    if kit is not None:
        return _count_kit(b, p, item, kit, units)
    lines = [lp for lp in p.lines if lp.line.sku_code == item.sku_code]
    if not lines:
        if item.sku_code in b.ctx.rules.gift_skus:
            # A sample for this parcel, most likely: say how to add it, count nothing wrong.
            raise GiftNotArmed(name=item.name)
        return wrong_scan(b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order")
    if units > sum(lp.remaining for lp in lines):
        return _too_many(b, item, lines)
    line = lines[0].line
    if line.requires_serial and units != 1:
        raise SerialQuantity(name=line.name)
    needs = ""
    if line.requires_lot and not item.lot:
        needs = "lot"
    elif line.requires_serial and not item.serial:
        needs = "serial"
    if needs:
        b.event(
            EventKind.PENDING,
            sku_code=item.sku_code,
            qty=units,
            reason=needs,
            text=item.text,
            lot=item.lot,
        )
        return b.done(accepted(_NEEDS[needs], SoundClass.NEEDS_INPUT, name=line.name))
    _check_serial(p, item.serial)
    touched = _add_units(b, lines, units, item.text, item.lot, item.serial)
    return _after_count(b, touched)


def _check_serial(p: Progress, serial: str) -> None:
    if serial and any(serial in lp.serials for lp in p.lines):
        raise SerialRepeated(serial=serial)


def _count_kit(b: Builder, p: Progress, item: ItemScan, kit: KitSpec, units: int) -> Decision:
    if kit.mode is KitMode.EACH_COMPONENT:
        return wrong_scan(b, KitNeedsComponents(name=kit.name), item, "kit_each")
    plan: list[tuple[list[LineProgress], int]] = []
    for code, per_kit in kit.components:
        lines = [
            lp for lp in p.lines if lp.line.sku_code == code and lp.line.kit_code == kit.kit_code
        ]
        if not lines:
            return wrong_scan(
                b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order"
            )
        if per_kit * units > sum(lp.remaining for lp in lines):
            return _too_many(b, item, lines)
        plan.append((lines, per_kit * units))
    touched = plan[0][0][0]
    for lines, qty in plan:
        touched = _add_units(b, lines, qty, item.text)
    return _after_count(b, touched)


def code_value(b: Builder, p: Progress, given: CodeValue) -> Decision:
    pending = p.pending
    if pending is None or not is_valid_code(given.text):
        raise ScanNotExpected(what=given.text)
    lines = [lp for lp in p.lines if lp.line.sku_code == pending.sku_code]
    line = lines[0].line
    if pending.needs == "lot" and line.requires_serial:
        b.event(
            EventKind.PENDING,
            sku_code=pending.sku_code,
            qty=pending.qty,
            reason="serial",
            text=pending.text,
            lot=given.text,
        )
        return b.done(accepted("inspect.needs_serial", SoundClass.NEEDS_INPUT, name=line.name))
    lot, serial = (given.text, "") if pending.needs == "lot" else (pending.lot, given.text)
    _check_serial(p, serial)
    touched = _add_units(b, lines, pending.qty, pending.text, lot, serial)
    return _after_count(b, touched)
