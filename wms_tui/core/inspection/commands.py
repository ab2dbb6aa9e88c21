"""Commands (ack, done/weight, hold, cancel, undo), problem goods, unit removal and the
supervisor's weight override."""

from __future__ import annotations

import re

from wms_tui.core.couriers import same_courier
from wms_tui.core.inspection import gifts
from wms_tui.core.inspection.builder import (
    Builder,
    accepted,
    require_supervisor,
    sku_name,
    wrong_scan,
)
from wms_tui.core.inspection.closing import abandon, expected_weight, hold, try_pass
from wms_tui.core.inspection.progress import Progress
from wms_tui.core.inspection.records import (
    CorrectionReason,
    EventKind,
    InputPending,
    NotComplete,
    NothingToOverride,
    NothingToRemove,
    NothingToUndo,
    NotInOrder,
    ProblemReason,
    ProblemsOpen,
    ScanNotExpected,
    WaybillPattern,
)
from wms_tui.core.inspection.state import (
    Audit,
    Decision,
    ItemScan,
    RemoveUnit,
    Reverse,
    WaybillScan,
)
from wms_tui.core.model import MoveReason, Operator, OrderStatus
from wms_tui.core.ports import SoundClass

PROBLEM_COMMANDS = {r.value.upper(): r for r in ProblemReason}
_ARMED = {
    ProblemReason.DAMAGED: "inspect.problem_armed.damaged",
    ProblemReason.WRONG_SPEC: "inspect.problem_armed.wrong_spec",
    ProblemReason.MISSING_PART: "inspect.problem_armed.missing_part",
}
_QUARANTINED = {
    ProblemReason.DAMAGED: "inspect.quarantined.damaged",
    ProblemReason.WRONG_SPEC: "inspect.quarantined.wrong_spec",
    ProblemReason.MISSING_PART: "inspect.quarantined.missing_part",
}


def command(b: Builder, p: Progress, name: str) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    if name == "ACK":
        if not sheet.has_remarks:
            return b.done(accepted("inspect.no_remarks", SoundClass.WARNING))
        if not p.acked:
            b.event(EventKind.ACK)
        after_ack = b.progress()
        if after_ack.complete and b.ctx.rules.auto_pass:
            return b.done(try_pass(b, after_ack, explicit=False)[1])
        return b.done(accepted("inspect.acked"))
    if name in ("DONE", "WEIGHT"):
        if not p.complete:
            if p.open_problems and name == "DONE":
                return hold(b, p)
            raise NotComplete(missing=sum(lp.remaining for lp in p.lines))
        return b.done(try_pass(b, p, explicit=True)[1])
    if name == "HOLD":
        return hold(b, p)
    if name == "CANCEL":
        if p.armed_qty or p.armed_problem or p.armed_gift or p.pending is not None:
            b.event(EventKind.CLEAR)
            return b.done(accepted("inspect.cleared", SoundClass.WARNING))
        if p.open_problems and sheet.status in (OrderStatus.PICKED, OrderStatus.RELEASED):
            raise ProblemsOpen(order=sheet.order_no)
        return abandon(b, p)
    if name == "UNDO":
        return undo(b, p, CorrectionReason.BARCODE.value)
    if name == "GIFT":
        return gifts.arm(b, p)
    if name in PROBLEM_COMMANDS:
        if p.pending is not None:
            raise InputPending(name=sku_name(sheet, p.pending.sku_code))
        reason = PROBLEM_COMMANDS[name]
        b.event(EventKind.ARM_PROBLEM, reason=reason.value)
        return b.done(accepted(_ARMED[reason], SoundClass.NEEDS_INPUT))
    raise ScanNotExpected(what="CMD:" + name)


def problem(b: Builder, p: Progress, item: ItemScan) -> Decision:
    sheet, rules = b.state.sheet, b.ctx.rules
    assert sheet is not None
    if sheet.kit(item.sku_code) is not None:
        raise ScanNotExpected(what=item.text)
    lines = [lp for lp in p.lines if lp.line.sku_code == item.sku_code]
    if not lines:
        return wrong_scan(b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order")
    here = [lp for lp in lines if lp.at_station > 0]
    if not here:
        raise NothingToRemove(name=item.name)
    lp, reason = here[0], ProblemReason(p.armed_problem)
    line = lp.line
    source = rules.pick_location if sheet.status is OrderStatus.RELEASED else rules.packing_location
    ref = f"{sheet.order_no}/{line.line_no}"
    move_id = b.move(
        line.sku_code, 1, source, rules.quarantine_location, MoveReason.QUARANTINE, ref
    )
    sku, no = line.sku_code, line.line_no
    b.event(
        EventKind.PROBLEM,
        line_no=no,
        sku_code=sku,
        qty=1,
        reason=reason.value,
        text=item.text,
        location=rules.quarantine_location,
        move_id=move_id,
    )
    if lp.counted > lp.at_station - 1:
        # Every unit here was counted, so the bad one was too.
        b.event(EventKind.REMOVE, line_no=no, sku_code=sku, qty=1, reason="problem")
    detail = f"{reason.value} {ref} {line.sku_code}"
    b.effects.append(Audit("inspection_problem", sheet.order_no, detail))
    return b.done(
        accepted(_QUARANTINED[reason], SoundClass.WARNING, name=line.name, sku=line.sku_code)
    )


def remove(b: Builder, p: Progress, given: RemoveUnit) -> Decision:
    found = [lp for lp in p.lines if lp.line.line_no == given.line_no]
    if not found or found[0].counted <= 0:
        raise NothingToRemove(name=found[0].line.name if found else str(given.line_no))
    line = found[0].line
    b.event(
        EventKind.REMOVE, line_no=line.line_no, sku_code=line.sku_code, qty=1, reason=given.reason
    )
    b.effects.append(
        Audit("inspection_remove", b.session.order_no, f"line {line.line_no}: {given.reason}")
    )
    lp = b.progress().line(line.line_no)
    return b.done(
        accepted("inspect.removed", SoundClass.WARNING, name=line.name, counted=lp.counted)
    )


def undo(b: Builder, p: Progress, reason: str) -> Decision:
    if p.pending is not None:
        b.event(EventKind.CLEAR)
        return b.done(accepted("inspect.cleared", SoundClass.WARNING))
    if not p.undoable:
        raise NothingToUndo()
    group = p.undoable[-1]
    targets = [e for e in b.state.events if e.group == group]
    for e in targets:
        if e.move_id:
            b.effects.append(Reverse(e.move_id, b.ctx.new_id()))
    b.event(EventKind.UNDO, group=group, reason=reason)
    shown = targets[0]
    if shown.kind is EventKind.BIND:
        b.effects.append(Audit("inspection_undo", b.session.order_no, f"bind {shown.text}"))
        return b.done(accepted("inspect.bind.undone", SoundClass.WARNING, waybill=shown.text))
    detail = f"{shown.kind.value} {shown.sku_code} x{shown.qty}: {reason}"
    b.effects.append(Audit("inspection_undo", b.session.order_no, detail))
    assert b.state.sheet is not None
    name = sku_name(b.state.sheet, shown.sku_code)
    return b.done(accepted("inspect.undone", SoundClass.WARNING, name=name, qty=shown.qty))


def bind(b: Builder, p: Progress, given: WaybillScan) -> Decision:
    """The courier label of an order imported without a waybill, checked against the
    courier's number pattern where one is configured."""
    sheet = b.state.sheet
    assert sheet is not None
    text = given.text.strip()
    for courier, pattern in b.ctx.rules.waybill_patterns:
        if same_courier(courier, sheet.courier) and not re.fullmatch(pattern, text):
            raise WaybillPattern(waybill=text, courier=courier)
    b.event(EventKind.BIND, text=text)
    b.effects.append(Audit("inspection_waybill_bound", sheet.order_no, text))
    after = b.progress()
    if after.complete and b.ctx.rules.auto_pass:
        return b.done(try_pass(b, after, explicit=False)[1])
    return b.done(accepted("inspect.bind.bound", waybill=text, order=sheet.order_no))


def override(b: Builder, p: Progress, supervisor: Operator) -> Decision:
    require_supervisor(supervisor)
    # A scale that gives no reading (unplugged, never settling) must not stop the station:
    # a supervisor lets a complete order go without one, as after a failed reading.
    rule, sheet = b.ctx.rules.weight, b.state.sheet
    no_reading = (
        rule is not None
        and sheet is not None
        and expected_weight(p, rule) is not None  # unknown unit weights: no check at all
        and b.ctx.weight_g is None
        and p.complete
        and not p.overridden
    )
    if not (p.weight_failed or no_reading):
        raise NothingToOverride()
    why = "fail" if p.weight_failed else "no_reading"
    b.event(EventKind.OVERRIDE, text=supervisor.badge, reason=why)
    b.effects.append(
        Audit("inspection_weight_override", b.session.order_no, f"{supervisor.badge}: {why}")
    )
    after_override = b.progress()
    if after_override.complete and b.ctx.rules.auto_pass:
        return b.done(try_pass(b, after_override, explicit=False)[1])
    return b.done(accepted("inspect.weight.overridden", name=supervisor.name))
