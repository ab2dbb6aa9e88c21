"""Gift lines added at the desk (赠品): a seller remark asks for a free sample.

F1 (or the CMD:GIFT barcode) arms a gift; the next item scan adds a gift line of that SKU
to the open order and counts it. A SKU on the station's gift list is added by the inspector;
any other SKU is refused until a verified supervisor allows it (F12, badge + PIN), which
arrives as `AddGift`. The unit is moved to the bench at once, like a line picked here, so
the pass sends it to the dock with the order's other lines and an undo reverses the move.
"""

from __future__ import annotations

from wms_tui.core.inspection.builder import Builder, accepted, require_supervisor
from wms_tui.core.inspection.closing import try_pass
from wms_tui.core.inspection.progress import Progress
from wms_tui.core.inspection.records import (
    EventKind,
    GiftNotAllowed,
    GiftNotListed,
    InputPending,
    NoGiftArmed,
    NoGiftSource,
)
from wms_tui.core.inspection.state import AddGift, Audit, Decision, ItemScan
from wms_tui.core.model import MoveReason
from wms_tui.core.ports import SoundClass

LISTED = "list"  # the gift event's reason when the SKU is on the gift list


def arm(b: Builder, p: Progress) -> Decision:
    if p.pending is not None:
        raise InputPending(name=p.pending.sku_code)
    b.event(EventKind.ARM_GIFT)
    return b.done(accepted("inspect.gift.armed", SoundClass.NEEDS_INPUT))


def scanned(b: Builder, p: Progress, item: ItemScan) -> Decision:
    """The item scan after F1: added when listed, else a supervisor must allow it."""
    _check(item)
    _source(b, p, item)  # asked first, so a supervisor is never called in for nothing
    if item.sku_code not in b.ctx.rules.gift_skus:
        # Rolled back: the gift stays armed, so F12 can allow this very SKU.
        raise GiftNotListed(name=item.name, sku=item.sku_code)
    return _add(b, p, item, LISTED)


def allowed(b: Builder, p: Progress, given: AddGift) -> Decision:
    require_supervisor(given.supervisor)
    if not p.armed_gift:
        raise NoGiftArmed()
    _check(given.item)
    return _add(b, p, given.item, given.supervisor.badge)


def _check(item: ItemScan) -> None:
    # A kit has no stock of its own, and a lot or serial would need asking for: neither is
    # a sample a remark asks for.
    if item.is_kit or item.tracked:
        raise GiftNotAllowed(name=item.name)


def _source(b: Builder, p: Progress, item: ItemScan) -> str:
    rules = b.ctx.rules
    source = rules.gift_location or p.replacement_from or rules.replacement_location
    if not source:
        raise NoGiftSource(name=item.name, sku=item.sku_code)
    return source


def _add(b: Builder, p: Progress, item: ItemScan, by: str) -> Decision:
    sheet, rules = b.state.sheet, b.ctx.rules
    assert sheet is not None
    source = _source(b, p, item)
    units = item.multiplier * (p.armed_qty or 1)
    line_no = max((lp.line.line_no for lp in p.lines), default=0) + 1
    ref = f"{sheet.order_no}/{line_no}"
    move_id = b.move(item.sku_code, units, source, rules.packing_location, MoveReason.PICK, ref)
    sku = item.sku_code
    b.event(
        EventKind.GIFT,
        line_no=line_no,
        sku_code=sku,
        qty=units,
        text=item.sku_name or item.name,
        spec=item.spec,
        expected_g=item.unit_weight_g,
        reason=by,
        location=source,
        move_id=move_id,
    )
    b.event(EventKind.COUNT, line_no=line_no, sku_code=sku, qty=units, text=item.text)
    detail = f"{ref} {item.sku_code} x{units} from {source}: {by}"
    b.effects.append(Audit("inspection_gift", sheet.order_no, detail))
    after = b.progress()
    if after.complete and rules.auto_pass:
        # Like the last item counted: pass, or say what still stands in the way (the remark
        # asking for the gift still needs F5).
        return b.done(try_pass(b, after, explicit=False)[1])
    return b.done(accepted("inspect.gift.added", name=item.name, qty=units))
