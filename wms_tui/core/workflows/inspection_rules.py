"""Inspection (验货) rules, pure: what a scan does to an open order.

`decide(state, input, ctx)` returns the events to store, the effects to carry out (stock
moves, status changes, audit) and the Outcome; `step` also folds the new events into the
state. Progress is only ever `progress_of(sheet, events)`: a live station and one restarted
from the stored events compute the same counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from wms_tui.core.errors import InvalidQuantity, NotAllowed, UnknownOrder, WmsError
from wms_tui.core.model import (
    KitMode,
    LocationKind,
    MoveReason,
    Operator,
    OrderStatus,
    Role,
    is_valid_code,
)
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.ports import SoundClass
from wms_tui.core.workflows.inspection_ports import (
    EventKind,
    InputPending,
    InspectionEvent,
    InspectionLeaseHeld,
    InspectionSession,
    KitNeedsComponents,
    NoOrderOpen,
    NoReplacementSource,
    NotComplete,
    NothingToOverride,
    NothingToRemove,
    NothingToUndo,
    NotInOrder,
    OrderAlreadyVerified,
    OrderArchived,
    OrderCancelled,
    OrderHandedOver,
    OrderNotPicked,
    OrderOnHold,
    OrderReturned,
    OtherOrderOpen,
    ProblemReason,
    ProblemsOpen,
    RemarksNotAcknowledged,
    ScanNotExpected,
    SerialQuantity,
    SerialRepeated,
    SessionResult,
    TooMany,
    WeightBlocked,
    WeightOutOfTolerance,
)
from wms_tui.core.workflows.inspection_state import (
    RECENT,
    Audit,
    Candidate,
    CloseSession,
    CodeValue,
    Command,
    Decision,
    Effect,
    Input,
    InspectionState,
    ItemScan,
    KeyQuantity,
    KitSpec,
    LineProgress,
    LocationScan,
    MarkVerified,
    Move,
    OpenOrder,
    OpenSession,
    OrderSheet,
    PendingItem,
    Progress,
    ReleaseReservations,
    RemoveUnit,
    Reverse,
    SetOrderStatus,
    SheetLine,
    StationRules,
    StepContext,
    SupervisorBadge,
    TakeOver,
    Undo,
    WeightRule,
    progress_of,
)

__all__ = [
    "PROBLEM_COMMANDS",
    "RECENT",
    "Audit",
    "Candidate",
    "CloseSession",
    "CodeValue",
    "Command",
    "Decision",
    "Effect",
    "Input",
    "InspectionState",
    "ItemScan",
    "KeyQuantity",
    "KitSpec",
    "LineProgress",
    "LocationScan",
    "MarkVerified",
    "Move",
    "OpenOrder",
    "OpenSession",
    "OrderSheet",
    "PendingItem",
    "Progress",
    "ReleaseReservations",
    "RemoveUnit",
    "Reverse",
    "SetOrderStatus",
    "SheetLine",
    "StationRules",
    "StepContext",
    "SupervisorBadge",
    "TakeOver",
    "Undo",
    "WeightRule",
    "accepted",
    "after",
    "decide",
    "expected_weight",
    "hhmm",
    "hold_reason",
    "lease_held",
    "progress_of",
    "recorded_error",
    "require_supervisor",
    "step",
]

PROBLEM_COMMANDS = {r.value.upper(): r for r in ProblemReason}
_NEEDS = {"lot": "inspect.needs_lot", "serial": "inspect.needs_serial"}
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


def accepted(msgid: str, sound: SoundClass = SoundClass.OK, **params: object) -> Outcome:
    return Outcome.accepted(msgid, sound, **params)


def recorded_error(error: WmsError) -> Outcome:
    """A wrong scan is stored (it counts against the attempt), so it is not rolled back."""
    return Outcome(
        OutcomeStatus.ACCEPTED,
        SoundClass.ERROR,
        error.msgid,
        dict(error.params),
        error_code=error.code,
    )


def hhmm(at: datetime) -> str:
    return at.astimezone().strftime("%H:%M")


def lease_held(holder: InspectionSession) -> InspectionLeaseHeld:
    return InspectionLeaseHeld(
        station=holder.station_id, operator=holder.operator, since=hhmm(holder.started_at)
    )


def require_supervisor(operator: Operator) -> None:
    if not operator.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=operator.name, role=Role.SUPERVISOR.value)


# --- deciding ------------------------------------------------------------------------
class _Builder:
    """Collects one decision's events (numbered after the stored ones) and effects."""

    def __init__(self, state: InspectionState, ctx: StepContext) -> None:
        self.state = state
        self.ctx = ctx
        self.group = ctx.scan_id or ctx.new_id()
        self.events: list[InspectionEvent] = []
        self.effects: list[Effect] = []

    @property
    def session(self) -> InspectionSession:
        assert self.state.session is not None
        return self.state.session

    def event(
        self,
        kind: EventKind,
        *,
        group: str = "",
        line_no: int = 0,
        sku_code: str = "",
        qty: int = 0,
        lot: str = "",
        serial: str = "",
        reason: str = "",
        text: str = "",
        replacement: bool = False,
        location: str = "",
        expected_g: int = 0,
        move_id: str = "",
    ) -> InspectionEvent:
        event = InspectionEvent(
            session_id=self.session.session_id,
            seq=len(self.state.events) + len(self.events) + 1,
            kind=kind,
            group=group or self.group,
            line_no=line_no,
            sku_code=sku_code,
            qty=qty,
            lot=lot,
            serial=serial,
            reason=reason,
            text=text,
            replacement=replacement,
            location=location,
            expected_g=expected_g,
            move_id=move_id,
            scan_id=self.ctx.scan_id,
            operator=self.ctx.operator,
            station_id=self.ctx.rules.station_id,
            at=self.ctx.now,
        )
        self.events.append(event)
        return event

    def progress(self) -> Progress:
        assert self.state.sheet is not None
        return progress_of(self.state.sheet, (*self.state.events, *self.events))

    def move(self, sku: str, qty: int, src: str, dst: str, reason: MoveReason, ref: str) -> str:
        move_id = self.ctx.new_id()
        self.effects.append(Move(move_id, sku, qty, src, dst, reason, ref))
        return move_id

    def done(self, outcome: Outcome) -> Decision:
        return Decision(outcome, tuple(self.events), tuple(self.effects))


def step(
    state: InspectionState, given: Input, ctx: StepContext
) -> tuple[InspectionState, Decision]:
    """Decide, then fold: the new state is what a restart would rebuild from the events."""
    decision = decide(state, given, ctx)
    return after(state, decision), decision


def after(state: InspectionState, decision: Decision) -> InspectionState:
    if decision.opened is not None:
        return decision.opened
    closed = {e.session.session_id for e in decision.effects if isinstance(e, CloseSession)}
    if state.session is None or state.session.session_id in closed:
        return InspectionState()
    assert state.sheet is not None
    return InspectionState.of(state.session, state.sheet, (*state.events, *decision.events))


def decide(state: InspectionState, given: Input, ctx: StepContext) -> Decision:
    if isinstance(given, OpenOrder):
        return _open_order(state, given, ctx)
    if isinstance(given, TakeOver):
        return _take_over(state, given, ctx)
    if state.session is None or state.sheet is None:
        raise NoOrderOpen()
    if not (isinstance(given, Command) and given.name.upper().removeprefix("CMD:") == "CANCEL"):
        # Customer service may cancel or hold the order while it is on the bench.
        _check_status(Candidate(state.sheet), ctx.rules)
    b = _Builder(state, ctx)
    p = state.progress
    if isinstance(given, Command):
        return _command(b, p, given.name.upper().removeprefix("CMD:"))
    if p.pending is not None and not isinstance(given, CodeValue | Undo):
        raise InputPending(name=_sku_name(state.sheet, p.pending.sku_code))
    if isinstance(given, ItemScan):
        if p.armed_problem:
            return _problem(b, p, given)
        return _count(b, p, given)
    if isinstance(given, CodeValue):
        return _code_value(b, p, given)
    if isinstance(given, KeyQuantity):
        if given.qty <= 0:
            raise InvalidQuantity(value=str(given.qty))
        b.event(EventKind.ARM_QTY, qty=given.qty)
        return b.done(accepted("inspect.qty_armed", SoundClass.NEEDS_INPUT, qty=given.qty))
    if isinstance(given, RemoveUnit):
        return _remove(b, p, given)
    if isinstance(given, Undo):
        return _undo(b, p, given.reason)
    if isinstance(given, LocationScan):
        if given.kind in (LocationKind.VIRTUAL, LocationKind.QUARANTINE, LocationKind.DOCK):
            raise ScanNotExpected(what=given.code)
        b.event(EventKind.LOCATION, location=given.code, text=given.code)
        return b.done(accepted("inspect.replacement_from", location=given.code))
    return _override(b, p, given.operator)


# --- opening ---------------------------------------------------------------------------
def _check_status(candidate: Candidate, rules: StationRules) -> None:
    sheet = candidate.sheet
    status, order = sheet.status, sheet.order_no
    if status is OrderStatus.PICKED or (status is OrderStatus.RELEASED and rules.pick_at_pack):
        return
    if status is OrderStatus.CANCELLED:
        raise OrderCancelled(order=order)
    if status is OrderStatus.ON_HOLD:
        raise OrderOnHold(order=order, reason=sheet.hold_reason or "-")
    if status is OrderStatus.VERIFIED:
        last = candidate.last_passed
        at = last.ended_at if last is not None else None
        raise OrderAlreadyVerified(
            order=order,
            at=at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else "-",
            operator=last.operator if last is not None else "-",
            station=last.station_id if last is not None else "-",
        )
    if status is OrderStatus.HANDED_OVER:
        raise OrderHandedOver(order=order)
    if status is OrderStatus.ARCHIVED:
        raise OrderArchived(order=order)
    if status is OrderStatus.RETURNED:
        raise OrderReturned(order=order)
    raise OrderNotPicked(order=order, status=status.value)


def _open_order(state: InspectionState, given: OpenOrder, ctx: StepContext) -> Decision:
    candidate = given.candidate
    if candidate is None:
        raise UnknownOrder(order=given.code)
    if state.session is None:
        return _open(candidate, ctx, given.code)
    if state.session.order_no == candidate.sheet.order_no:
        return Decision(accepted("inspect.already_open", SoundClass.WARNING, order=given.code))
    p = state.progress
    if not p.complete:
        missing = sum(lp.remaining for lp in p.lines)
        raise OtherOrderOpen(order=state.session.order_no, missing=missing)
    # The open order matches: the next waybill is its done command.
    b = _Builder(state, ctx)
    if not _try_pass(b, p, explicit=True)[0]:
        raise WeightBlocked(order=state.session.order_no)
    opened = _open(candidate, ctx, given.code)
    passed_then_opened = replace(
        opened.outcome, params={**opened.outcome.params, "passed": state.session.order_no}
    )
    return Decision(
        replace(passed_then_opened, msgid=opened.outcome.msgid + "_after_pass"),
        (*b.events, *opened.events),
        (*b.effects, *opened.effects),
        opened.opened,
    )


def _open(
    candidate: Candidate,
    ctx: StepContext,
    code: str,
    events: tuple[InspectionEvent, ...] = (),
    supervisor: str = "",
) -> Decision:
    sheet = candidate.sheet
    _check_status(candidate, ctx.rules)
    holder = candidate.holder
    effects: list[Effect] = []
    if holder is not None:
        if holder.station_id == ctx.rules.station_id:
            resumed = InspectionState.of(holder, sheet, candidate.holder_events)
            return Decision(accepted("inspect.resumed", order=sheet.order_no), opened=resumed)
        if not supervisor:
            raise lease_held(holder)
        wrong = sum(1 for e in candidate.holder_events if e.kind is EventKind.WRONG)
        note = f"{holder.station_id}/{holder.operator}"
        effects += [
            CloseSession(
                replace(
                    holder,
                    result=SessionResult.TAKEN_OVER,
                    ended_at=ctx.now,
                    wrong_scans=wrong,
                    note=note,
                )
            ),
            Audit("inspection_takeover", sheet.order_no, f"from {note} by {supervisor}"),
        ]
    session = InspectionSession(
        session_id=ctx.new_id(),
        order_no=sheet.order_no,
        station_id=ctx.rules.station_id,
        operator=ctx.operator,
        started_at=ctx.now,
    )
    b = _Builder(InspectionState(session, sheet), ctx)
    for old in events:
        b.events.append(replace(old, session_id=session.session_id, seq=len(b.events) + 1))
    if holder is not None and supervisor:
        b.event(
            EventKind.TAKEOVER, reason=f"{holder.station_id}/{holder.operator}", text=supervisor
        )
    else:
        b.event(EventKind.OPENED, text=code)
    effects.append(OpenSession(session))  # after closing the holder: one open per order
    b.effects[:0] = effects
    items = sum(line.expected for line in sheet.lines)
    if sheet.has_remarks:
        outcome = accepted(
            "inspect.opened_remarks", SoundClass.NEEDS_INPUT, order=sheet.order_no, items=items
        )
    else:
        outcome = accepted("inspect.opened", order=sheet.order_no, items=items)
    decision = b.done(outcome)
    return replace(decision, opened=InspectionState.of(session, sheet, decision.events))


def _take_over(state: InspectionState, given: TakeOver, ctx: StepContext) -> Decision:
    require_supervisor(given.supervisor)
    if state.session is not None:
        p = state.progress
        missing = sum(lp.remaining for lp in p.lines)
        raise OtherOrderOpen(order=state.session.order_no, missing=missing)
    candidate = given.candidate
    return _open(
        candidate,
        ctx,
        candidate.sheet.order_no,
        events=candidate.holder_events if candidate.holder is not None else (),
        supervisor=given.supervisor.badge,
    )


# --- counting --------------------------------------------------------------------------
def _fill_order(lp: LineProgress) -> tuple[bool, bool, int]:
    return (lp.line.kit_code is not None, lp.line.is_gift, lp.line.line_no)


def _add_units(
    b: _Builder, lines: list[LineProgress], units: int, text: str, lot: str = "", serial: str = ""
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
                raise NoReplacementSource(name=line.name)
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


def _after_count(b: _Builder, touched: LineProgress) -> Decision:
    p = b.progress()
    if p.complete:
        if b.ctx.rules.auto_pass:
            return b.done(_try_pass(b, p, explicit=False)[1])
        return b.done(accepted("inspect.all_matched", SoundClass.NEEDS_INPUT))
    lp = p.line(touched.line.line_no)
    return b.done(
        accepted(
            "inspect.counted", name=lp.line.name, counted=lp.counted, expected=lp.line.expected
        )
    )


def _wrong(b: _Builder, error: WmsError, item: ItemScan, reason: str, line_no: int = 0) -> Decision:
    b.event(EventKind.WRONG, sku_code=item.sku_code, text=item.text, reason=reason, line_no=line_no)
    return b.done(recorded_error(error))


def _too_many(b: _Builder, item: ItemScan, lines: list[LineProgress]) -> Decision:
    first = lines[0].line
    expected = sum(lp.line.expected for lp in lines)
    error = TooMany(line=first.line_no, name=first.name, expected=expected)
    return _wrong(b, error, item, "too_many", first.line_no)


def _count(b: _Builder, p: Progress, item: ItemScan) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    units = item.multiplier * (p.armed_qty or 1)
    kit = sheet.kit(item.sku_code)
    if kit is not None:
        return _count_kit(b, p, item, kit, units)
    lines = [lp for lp in p.lines if lp.line.sku_code == item.sku_code]
    if not lines:
        return _wrong(b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order")
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


def _count_kit(b: _Builder, p: Progress, item: ItemScan, kit: KitSpec, units: int) -> Decision:
    if kit.mode is KitMode.EACH_COMPONENT:
        return _wrong(b, KitNeedsComponents(name=kit.name), item, "kit_each")
    plan: list[tuple[list[LineProgress], int]] = []
    for code, per_kit in kit.components:
        lines = [
            lp for lp in p.lines if lp.line.sku_code == code and lp.line.kit_code == kit.kit_code
        ]
        if not lines:
            return _wrong(b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order")
        if per_kit * units > sum(lp.remaining for lp in lines):
            return _too_many(b, item, lines)
        plan.append((lines, per_kit * units))
    touched = plan[0][0][0]
    for lines, qty in plan:
        touched = _add_units(b, lines, qty, item.text)
    return _after_count(b, touched)


def _code_value(b: _Builder, p: Progress, given: CodeValue) -> Decision:
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


# --- commands, corrections, problems ---------------------------------------------------
def _command(b: _Builder, p: Progress, name: str) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    if name == "ACK":
        if not sheet.has_remarks:
            return b.done(accepted("inspect.no_remarks", SoundClass.WARNING))
        if not p.acked:
            b.event(EventKind.ACK)
        after_ack = b.progress()
        if after_ack.complete and b.ctx.rules.auto_pass:
            return b.done(_try_pass(b, after_ack, explicit=False)[1])
        return b.done(accepted("inspect.acked"))
    if name in ("DONE", "WEIGHT"):
        if not p.complete:
            if p.open_problems and name == "DONE":
                return _hold(b, p)
            raise NotComplete(missing=sum(lp.remaining for lp in p.lines))
        return b.done(_try_pass(b, p, explicit=True)[1])
    if name == "HOLD":
        return _hold(b, p)
    if name == "CANCEL":
        if p.armed_qty or p.armed_problem or p.pending is not None:
            b.event(EventKind.CLEAR)
            return b.done(accepted("inspect.cleared", SoundClass.WARNING))
        if p.open_problems and sheet.status in (OrderStatus.PICKED, OrderStatus.RELEASED):
            raise ProblemsOpen(order=sheet.order_no)
        return _abandon(b, p)
    if name == "UNDO":
        return _undo(b, p, "scan")
    if name in PROBLEM_COMMANDS:
        if p.pending is not None:
            raise InputPending(name=_sku_name(sheet, p.pending.sku_code))
        reason = PROBLEM_COMMANDS[name]
        b.event(EventKind.ARM_PROBLEM, reason=reason.value)
        return b.done(accepted(_ARMED[reason], SoundClass.NEEDS_INPUT))
    raise ScanNotExpected(what="CMD:" + name)


def expected_weight(sheet: OrderSheet, rule: WeightRule) -> int | None:
    """None when a line's unit weight is unknown: no check is better than a false alarm."""
    if any(line.unit_weight_g <= 0 for line in sheet.lines):
        return None
    return rule.packaging_g + sum(line.unit_weight_g * line.expected for line in sheet.lines)


def _try_pass(b: _Builder, p: Progress, *, explicit: bool) -> tuple[bool, Outcome]:
    """Every line matches: pass, unless the remarks or the scale say no yet."""
    sheet, rules, ctx = b.state.sheet, b.ctx.rules, b.ctx
    assert sheet is not None
    if sheet.has_remarks and not p.acked:
        if explicit:
            raise RemarksNotAcknowledged(order=sheet.order_no)
        return False, accepted("inspect.ack_to_pass", SoundClass.NEEDS_INPUT)
    if rules.weight is not None and not p.overridden:
        expected = expected_weight(sheet, rules.weight)
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


def _pass(b: _Builder, p: Progress) -> None:
    sheet, rules, ctx = b.state.sheet, b.ctx.rules, b.ctx
    assert sheet is not None
    released = sheet.status is OrderStatus.RELEASED
    for lp in p.lines:
        line = lp.line
        ref = f"{sheet.order_no}/{line.line_no}"
        if released:
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
    b.effects += [
        SetOrderStatus(sheet.order_no, OrderStatus.VERIFIED),
        MarkVerified(sheet.order_no, ctx.now, ctx.operator, rules.station_id),
        ReleaseReservations(sheet.order_no),
        CloseSession(_ended(b, SessionResult.PASSED)),
    ]


def _ended(b: _Builder, result: SessionResult, note: str = "") -> InspectionSession:
    wrong = b.progress().wrong_scans
    return replace(b.session, result=result, ended_at=b.ctx.now, wrong_scans=wrong, note=note)


def hold_reason(sheet: OrderSheet, events: tuple[InspectionEvent, ...]) -> str:
    """Stored on the order for customer service: plain codes, not a translated sentence."""
    undone = {e.group for e in events if e.kind is EventKind.UNDO}
    parts = [
        f"{e.reason} {e.sku_code} x{e.qty}"
        for e in events
        if e.kind is EventKind.PROBLEM and e.group not in undone
    ]
    progress = progress_of(sheet, events)
    parts += [f"short {lp.line.sku_code} x{lp.remaining}" for lp in progress.lines if lp.remaining]
    return "inspection: " + ("; ".join(parts) or "held by inspector")


def _hold(b: _Builder, p: Progress) -> Decision:
    sheet = b.state.sheet
    assert sheet is not None
    reason = hold_reason(sheet, (*b.state.events, *b.events))
    b.effects += [
        SetOrderStatus(sheet.order_no, OrderStatus.ON_HOLD, reason),
        CloseSession(_ended(b, SessionResult.ON_HOLD, reason)),
    ]
    return b.done(accepted("inspect.on_hold", SoundClass.WARNING, order=sheet.order_no))


def _abandon(b: _Builder, p: Progress) -> Decision:
    order_no = b.session.order_no
    counted = sum(lp.counted for lp in p.lines)
    b.effects += [
        CloseSession(_ended(b, SessionResult.ABANDONED, "cancel")),
        Audit("inspection_abandoned", order_no, f"{counted} counted"),
    ]
    return b.done(accepted("inspect.abandoned", SoundClass.WARNING, order=order_no))


def _problem(b: _Builder, p: Progress, item: ItemScan) -> Decision:
    sheet, rules = b.state.sheet, b.ctx.rules
    assert sheet is not None
    if sheet.kit(item.sku_code) is not None:
        raise ScanNotExpected(what=item.text)
    lines = [lp for lp in p.lines if lp.line.sku_code == item.sku_code]
    if not lines:
        return _wrong(b, NotInOrder(scanned=item.text, name=item.name), item, "not_in_order")
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
    return b.done(accepted(_QUARANTINED[reason], SoundClass.WARNING, name=line.name))


def _remove(b: _Builder, p: Progress, given: RemoveUnit) -> Decision:
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


def _undo(b: _Builder, p: Progress, reason: str) -> Decision:
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
    detail = f"{shown.kind.value} {shown.sku_code} x{shown.qty}: {reason}"
    b.effects.append(Audit("inspection_undo", b.session.order_no, detail))
    assert b.state.sheet is not None
    name = _sku_name(b.state.sheet, shown.sku_code)
    return b.done(accepted("inspect.undone", SoundClass.WARNING, name=name, qty=shown.qty))


def _override(b: _Builder, p: Progress, supervisor: Operator) -> Decision:
    require_supervisor(supervisor)
    if not p.weight_failed:
        raise NothingToOverride()
    b.event(EventKind.OVERRIDE, text=supervisor.badge)
    b.effects.append(Audit("inspection_weight_override", b.session.order_no, supervisor.badge))
    after_override = b.progress()
    if after_override.complete and b.ctx.rules.auto_pass:
        return b.done(_try_pass(b, after_override, explicit=False)[1])
    return b.done(accepted("inspect.weight.overridden", name=supervisor.name))


def _sku_name(sheet: OrderSheet, sku_code: str) -> str:
    return next((line.name for line in sheet.lines if line.sku_code == sku_code), sku_code)
