"""Opening an order at the bench: status checks, resuming, passing the previous order on the
next waybill, and a supervisor's takeover of another station's lease."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from wms_tui.core.errors import UnknownOrder
from wms_tui.core.inspection.builder import Builder, accepted, lease_held, require_supervisor
from wms_tui.core.inspection.closing import try_pass
from wms_tui.core.inspection.records import (
    EventKind,
    InspectionEvent,
    InspectionSession,
    OrderAlreadyVerified,
    OrderArchived,
    OrderCancelled,
    OrderHandedOver,
    OrderNotPicked,
    OrderOnHold,
    OrderReturned,
    OtherOrderOpen,
    SessionResult,
    WeightBlocked,
)
from wms_tui.core.inspection.state import (
    Audit,
    Candidate,
    CloseSession,
    Decision,
    Effect,
    InspectionState,
    OpenOrder,
    OpenSession,
    StationRules,
    StepContext,
    TakeOver,
)
from wms_tui.core.model import OrderStatus
from wms_tui.core.orders.hold_reasons import describe_hold
from wms_tui.core.ports import SoundClass


def _day(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d") if at is not None else "-"


def inspectable(status: OrderStatus, rules: StationRules) -> bool:
    return status is OrderStatus.PICKED or (status is OrderStatus.RELEASED and rules.pick_at_pack)


def check_status(candidate: Candidate, rules: StationRules) -> None:
    sheet = candidate.sheet
    status, order = sheet.status, sheet.order_no
    if inspectable(status, rules):
        return
    if status is OrderStatus.CANCELLED:
        raise OrderCancelled(order=order)
    if status is OrderStatus.ON_HOLD:
        # A short pick stores a language-neutral code; the inspector reads it in words.
        raise OrderOnHold(order=order, reason=describe_hold(sheet.hold_reason) or "-")
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
        raise OrderArchived(order=order, at=_day(sheet.archived_at))
    if status is OrderStatus.RETURNED:
        raise OrderReturned(order=order)
    raise OrderNotPicked(order=order, status=status.value)


def open_order(state: InspectionState, given: OpenOrder, ctx: StepContext) -> Decision:
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
    b = Builder(state, ctx)
    if not try_pass(b, p, explicit=True)[0]:
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
    check_status(candidate, ctx.rules)
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
    b = Builder(InspectionState(session, sheet), ctx)
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
    elif ctx.rules.bind_first and not sheet.waybill:
        outcome = accepted(
            "inspect.opened_bind", SoundClass.NEEDS_INPUT, order=sheet.order_no, items=items
        )
    else:
        outcome = accepted("inspect.opened", order=sheet.order_no, items=items)
    decision = b.done(outcome)
    return replace(decision, opened=InspectionState.of(session, sheet, decision.events))


def take_over(state: InspectionState, given: TakeOver, ctx: StepContext) -> Decision:
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
