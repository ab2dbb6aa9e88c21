"""Inspection (验货) rules, pure: what a scan does to an open order.

`decide(state, input, ctx)` returns the events to store, the effects to carry out (stock
moves, status changes, audit) and the Outcome; `step` also folds the new events into the
state. Progress is only ever `progress_of(sheet, events)`: a live station and one restarted
from the stored events compute the same counts.

This module dispatches; opening an order lives in `inspection_opening`, item scans in
`inspection_items`, commands and corrections in `inspection_commands`, and how a session ends
in `inspection_closing`. The names other code imports from here are re-exported so callers
keep one import site.
"""

from __future__ import annotations

from wms_tui.core.errors import InvalidQuantity
from wms_tui.core.inspection import commands, gifts, items, opening
from wms_tui.core.inspection.builder import (
    Builder,
    accepted,
    hhmm,
    lease_held,
    recorded_error,
    require_supervisor,
    sku_name,
)
from wms_tui.core.inspection.closing import expected_weight, hold_reason
from wms_tui.core.inspection.commands import PROBLEM_COMMANDS
from wms_tui.core.inspection.progress import LineProgress, PendingItem, Progress, progress_of
from wms_tui.core.inspection.records import EventKind, InputPending, NoOrderOpen, ScanNotExpected
from wms_tui.core.inspection.state import (
    RECENT,
    AddGift,
    AddOrderLines,
    Audit,
    BindWaybill,
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
    LocationScan,
    MarkVerified,
    Move,
    OpenOrder,
    OpenSession,
    OrderSheet,
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
    WaybillScan,
    WeightRule,
)
from wms_tui.core.model import LocationKind
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import KEY_PREFIX

__all__ = [
    "PROBLEM_COMMANDS",
    "RECENT",
    "AddGift",
    "AddOrderLines",
    "Audit",
    "BindWaybill",
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
    "WaybillScan",
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


def _command_name(given: Command) -> str:
    """The command's bare name; a name given with the key prefix (CMD:DONE) means the same."""
    return given.name.upper().removeprefix(KEY_PREFIX)


def decide(state: InspectionState, given: Input, ctx: StepContext) -> Decision:
    if isinstance(given, OpenOrder):
        return opening.open_order(state, given, ctx)
    if isinstance(given, TakeOver):
        return opening.take_over(state, given, ctx)
    if state.session is None or state.sheet is None:
        raise NoOrderOpen()
    if not (isinstance(given, Command) and _command_name(given) == "CANCEL"):
        # Customer service may cancel or hold the order while it is on the bench.
        opening.check_status(Candidate(state.sheet), ctx.rules)
    b = Builder(state, ctx)
    p = state.progress
    if isinstance(given, Command):
        return commands.command(b, p, _command_name(given))
    if p.pending is not None and not isinstance(given, CodeValue | Undo):
        raise InputPending(name=sku_name(state.sheet, p.pending.sku_code))
    if isinstance(given, ItemScan):
        if p.armed_problem:
            return commands.problem(b, p, given)
        if p.armed_gift:
            return gifts.scanned(b, p, given)
        return items.count_item(b, p, given)
    if isinstance(given, AddGift):
        return gifts.allowed(b, p, given)
    if isinstance(given, WaybillScan):
        return commands.bind(b, p, given)
    if isinstance(given, CodeValue):
        return items.code_value(b, p, given)
    if isinstance(given, KeyQuantity):
        if given.qty <= 0:
            raise InvalidQuantity(value=str(given.qty))
        b.event(EventKind.ARM_QTY, qty=given.qty)
        return b.done(accepted("inspect.qty_armed", SoundClass.NEEDS_INPUT, qty=given.qty))
    if isinstance(given, RemoveUnit):
        return commands.remove(b, p, given)
    if isinstance(given, Undo):
        return commands.undo(b, p, given.reason)
    if isinstance(given, LocationScan):
        if given.kind in (LocationKind.VIRTUAL, LocationKind.QUARANTINE, LocationKind.DOCK):
            raise ScanNotExpected(what=given.code)
        b.event(EventKind.LOCATION, location=given.code, text=given.code)
        return b.done(accepted("inspect.replacement_from", location=given.code))
    return commands.override(b, p, given.operator)
