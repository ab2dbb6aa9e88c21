"""How an inspection session ends: passed (remarks and scale permitting), held, abandoned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from wms_tui.core.inspection.builder import Builder, accepted, recorded_error
from wms_tui.core.inspection.progress import Progress, progress_of
from wms_tui.core.inspection.records import (
    EventKind,
    InspectionEvent,
    InspectionSession,
    RemarksNotAcknowledged,
    SessionResult,
    WaybillNeeded,
    WeightBlocked,
    WeightOutOfTolerance,
)
from wms_tui.core.inspection.state import (
    AddOrderLines,
    Audit,
    BindWaybill,
    CloseSession,
    Decision,
    MarkVerified,
    OrderSheet,
    ReleaseReservations,
    SetOrderStatus,
    SheetLine,
    WeightRule,
)
from wms_tui.core.model import MoveReason, OrderStatus
from wms_tui.core.orders import hold_reasons
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass


def expected_weight(p: Progress | Sequence[SheetLine], rule: WeightRule) -> int | None:
    """Of the progress's lines (the order's and the gifts added at the desk), or of the lines
    given. None when a line's unit weight is unknown: no check is better than a false alarm."""
    lines = [lp.line for lp in p.lines] if isinstance(p, Progress) else list(p)
    if any(line.unit_weight_g <= 0 for line in lines):
        return None
    return rule.packaging_g + sum(line.unit_weight_g * line.expected for line in lines)


def try_pass(b: Builder, p: Progress, *, explicit: bool) -> tuple[bool, Outcome]:
    """Every line matches: pass, unless the remarks or the scale say no yet."""
    sheet, rules, ctx = b.state.sheet, b.ctx.rules, b.ctx
    assert sheet is not None
    if sheet.has_remarks and not p.acked:
        if explicit:
            raise RemarksNotAcknowledged(order=sheet.order_no)
        return False, accepted("inspect.ack_to_pass", SoundClass.NEEDS_INPUT)
    if not sheet.waybill and not p.waybill:
        # Imported without a waybill: the parcel leaves with the courier label stuck on it
        # here, and the dock finds it by that number (绑定快递单号).
        if explicit:
            raise WaybillNeeded(order=sheet.order_no)
        return False, accepted("inspect.bind.scan_label", SoundClass.NEEDS_INPUT)
    if rules.weight is not None and not p.overridden:
        expected = expected_weight(p, rules.weight)
        if expected is None:
            b.event(EventKind.WEIGHT, reason="skipped")
        elif ctx.weight_g is None:
            if explicit:
                raise WeightBlocked(order=sheet.order_no)
            return False, accepted(
                "inspect.weight.place", SoundClass.NEEDS_INPUT, expected=expected
            )
        else:
            allowed = rules.weight.allowed(expected)
            ok = abs(ctx.weight_g - expected) <= allowed
            b.event(
                EventKind.WEIGHT,
                qty=ctx.weight_g,
                expected_g=expected,
                reason="ok" if ok else "fail",
            )
            if not ok:
                error = WeightOutOfTolerance(grams=ctx.weight_g, expected=expected, allowed=allowed)
                return False, recorded_error(error)
    _pass(b, p)
    return True, accepted("inspect.passed", order=sheet.order_no)


def _pass(b: Builder, p: Progress) -> None:
    sheet, rules, ctx = b.state.sheet, b.ctx.rules, b.ctx
    assert sheet is not None
    released = sheet.status is OrderStatus.RELEASED
    for lp in p.lines:
        line = lp.line
        ref = f"{sheet.order_no}/{line.line_no}"
        if released and not line.added:  # a gift added here was moved to the bench then
            b.move(
                line.sku_code,
                line.expected,
                rules.pick_location,
                rules.packing_location,
                MoveReason.PICK,
                ref,
            )
        b.move(
            line.sku_code,
            line.expected,
            rules.packing_location,
            rules.dock_location,
            MoveReason.SHIP,
            ref,
        )
    if released:
        b.effects.append(SetOrderStatus(sheet.order_no, OrderStatus.PICKED))
    _keep_gifts(b, p)
    if p.waybill and not sheet.waybill:
        b.effects.append(BindWaybill(sheet.order_no, p.waybill))
    b.effects += [
        SetOrderStatus(sheet.order_no, OrderStatus.VERIFIED),
        MarkVerified(sheet.order_no, ctx.now, ctx.operator, rules.station_id),
        ReleaseReservations(sheet.order_no),
        CloseSession(_ended(b, SessionResult.PASSED)),
    ]


def _keep_gifts(b: Builder, p: Progress) -> None:
    """Gift lines added at the desk become the order's lines: the parcel holds them."""
    added = tuple(lp.line for lp in p.lines if lp.line.added)
    if added:
        b.effects.append(AddOrderLines(b.session.order_no, added))


def _ended(b: Builder, result: SessionResult, note: str = "") -> InspectionSession:
    wrong = b.progress().wrong_scans
    return replace(b.session, result=result, ended_at=b.ctx.now, wrong_scans=wrong, note=note)


def hold_reason(sheet: OrderSheet, events: tuple[InspectionEvent, ...]) -> str:
    """Stored on the order for customer service: plain codes, not a translated sentence."""
    progress = progress_of(sheet, events)
    parts = [
        (e.reason, e.sku_code, e.qty)
        for e in events
        if e.kind is EventKind.PROBLEM and e.group not in progress.undone
    ]
    parts += [("short", lp.line.sku_code, lp.remaining) for lp in progress.lines if lp.remaining]
    return hold_reasons.inspection(parts)


def hold(b: Builder, p: Progress) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    reason = hold_reason(sheet, (*b.state.events, *b.events))
    # The gift stays on the bench with the order: whoever takes the held order up again
    # finds it on the sheet.
    _keep_gifts(b, p)
    b.effects += [
        SetOrderStatus(sheet.order_no, OrderStatus.ON_HOLD, reason),
        CloseSession(_ended(b, SessionResult.ON_HOLD, reason)),
    ]
    return b.done(accepted("inspect.on_hold", SoundClass.WARNING, order=sheet.order_no))


def abandon(b: Builder, p: Progress) -> Decision:
    order_no = b.session.order_no
    counted = sum(lp.counted for lp in p.lines)
    b.effects += [
        CloseSession(_ended(b, SessionResult.ABANDONED, "cancel")),
        Audit("inspection_abandoned", order_no, f"{counted} counted"),
    ]
    return b.done(accepted("inspect.abandoned", SoundClass.WARNING, order=order_no))
