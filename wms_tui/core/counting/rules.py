"""Cycle counts (盘点): plans, the count state machine, variance, recounts and approval rules.

Pure: no I/O. `workflows/counting.py` loads through the ports, runs these and saves the result.
A count task is one location in one plan and one round: round 1 is the first count, a recount
is a new task (round 2, 3 ...) for the same location that an earlier counter may not take.
Everything a station shows is derived from the task and its stored entries (one per scan).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from wms_tui.core.counting.records import (
    ACTIVE,
    CountEntry,
    CountScope,
    CountTask,
    EmptyPlan,
    EntryKind,
    FinishLocationFirst,
    LocationNotEmpty,
    NoCountTask,
    NothingCounted,
    NothingToApprove,
    NothingToUndo,
    PlanCriteria,
    QuantityPending,
    RecountNeedsOtherCounter,
    RecountPending,
    ScanLocationFirst,
    SelfApproval,
    TaskStatus,
    Threshold,
)
from wms_tui.core.errors import LeaseHeld, NotAllowed, UnknownLocation
from wms_tui.core.model import Location, Operator, Role, StockLevel
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass


def select_locations(
    criteria: PlanCriteria,
    locations: Sequence[Location],
    levels: Sequence[StockLevel],
    last_counted: Mapping[str, datetime],
    now: datetime,
    busy: Iterable[str] = (),
) -> list[str]:
    """The locations a plan counts, in walk order; `busy` ones already have an open count."""
    real = {loc.code: loc for loc in locations if not loc.is_virtual}
    if criteria.scope is CountScope.LOCATIONS:
        for code in criteria.locations:
            if code not in real:
                raise UnknownLocation(location=code)
        chosen = set(criteria.locations)
    elif criteria.scope is CountScope.ZONE:
        chosen = {code for code, loc in real.items() if loc.zone == criteria.zone}
    elif criteria.scope is CountScope.SKU:
        chosen = {
            lvl.location
            for lvl in levels
            if lvl.sku_code == criteria.sku_code and lvl.on_hand != 0 and lvl.location in real
        }
    else:
        cutoff = now - timedelta(days=criteria.days)
        chosen = {code for code in real if code not in last_counted or last_counted[code] < cutoff}
    chosen -= set(busy)
    if not chosen:
        raise EmptyPlan(scope=criteria.scope.value)
    return sorted(chosen, key=lambda code: (real[code].walk_order, code))


# --- tasks and their entries ---------------------------------------------------------
@dataclass(frozen=True)
class Tally:
    counted: dict[str, int]
    pending_qty: int | None
    unknown: tuple[str, ...]
    closed: bool

    @property
    def units(self) -> int:
        return sum(self.counted.values())


def tally(entries: Sequence[CountEntry]) -> Tally:
    live: list[CountEntry] = []
    unknown: list[str] = []
    closed = False
    for entry in sorted(entries, key=lambda e: e.seq):
        if entry.kind in (EntryKind.ITEM, EntryKind.KEYED):
            live.append(entry)
        elif entry.kind is EntryKind.UNDO and live:
            live.pop()
        elif entry.kind is EntryKind.UNKNOWN:
            unknown.append(entry.text)
        elif entry.kind in (EntryKind.EMPTY, EntryKind.DONE):
            closed = True
    counted: dict[str, int] = {}
    for entry in live:
        if entry.kind is EntryKind.ITEM:
            counted[entry.sku_code] = counted.get(entry.sku_code, 0) + entry.qty
    pending = live[-1].qty if live and live[-1].kind is EntryKind.KEYED else None
    return Tally(counted, pending, tuple(unknown), closed)


# --- the station's state machine -----------------------------------------------------
class CountCommand(StrEnum):
    DONE = "DONE"
    EMPTY = "EMPTY"
    UNDO = "UNDO"


@dataclass(frozen=True)
class LocationScan:
    """`task` is the location's open or counting task, `levels` its stock now (for the freeze)."""

    location: str
    task: CountTask | None
    levels: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ItemScan:
    sku_code: str
    units: int = 1  # a pack barcode stands for its multiplier


@dataclass(frozen=True)
class QuantityKeyed:
    qty: int


@dataclass(frozen=True)
class UnknownScan:
    text: str


@dataclass(frozen=True)
class CommandScan:
    command: CountCommand


CountEvent = LocationScan | ItemScan | QuantityKeyed | UnknownScan | CommandScan


@dataclass(frozen=True)
class StepContext:
    operator: Operator
    station_id: str
    now: datetime
    scan_id: str = ""
    text: str = ""
    new_task_id: str = ""  # the id a recount task gets, made by the caller


@dataclass(frozen=True)
class CountState:
    """What one stocktaker at one station is counting; None between locations."""

    task: CountTask | None = None
    entries: tuple[CountEntry, ...] = ()


@dataclass(frozen=True)
class Step:
    state: CountState
    outcome: Outcome
    entry: CountEntry | None = None  # to store
    recount: CountTask | None = None  # to add
    closed: CountTask | None = None  # to save: the task as it stands after closing


def start_task(
    task: CountTask | None, location: str, levels: Sequence[tuple[str, int]], ctx: StepContext
) -> CountTask:
    """Freeze-time rules: there is a task, and it is not somebody else's."""
    if not ctx.operator.has_role(Role.STOCKTAKER):
        raise NotAllowed(name=ctx.operator.name, role=Role.STOCKTAKER.value)
    if task is None:
        raise NoCountTask(location=location)
    if task.status is TaskStatus.COUNTING:
        if task.counter != ctx.operator.badge:
            since = task.started_at.isoformat(timespec="minutes") if task.started_at else ""
            raise LeaseHeld(station=task.station_id, operator=task.counter, since=since)
        return replace(task, station_id=ctx.station_id)
    if task.status is not TaskStatus.OPEN:
        raise NoCountTask(location=location)
    if ctx.operator.badge in task.excluded:
        raise RecountNeedsOtherCounter(location=location, operator=ctx.operator.name)
    now = tuple(sorted((s, q) for s, q in levels if q))
    # A recount keeps the first freeze's quantities: the location stayed frozen. Stock that
    # moved anyway (a pick that raced the freeze) makes them unapprovable for ever, so then
    # the recount counts against the stock as it stands now, read under the location lock.
    snapshot = task.snapshot if task.round > 1 and task.snapshot == now else now
    return replace(
        task,
        status=TaskStatus.COUNTING,
        counter=ctx.operator.badge,
        station_id=ctx.station_id,
        started_at=ctx.now,
        snapshot=snapshot,
    )


def is_blind(plan_blind: bool, task: CountTask | None) -> bool:
    """A recount is blind even on an open plan: the second stocktaker must not just confirm
    the number the first one was doubted on."""
    return plan_blind or task is None or task.round > 1


def step(
    state: CountState,
    event: CountEvent,
    ctx: StepContext,
    threshold: Threshold,
    *,
    blind: bool = True,
) -> Step:
    """One scan on the count screen. Blind plans and recounts never put the system quantity
    in an outcome."""
    task = state.task
    if task is None:
        if not isinstance(event, LocationScan):
            raise ScanLocationFirst(what=ctx.text)
        started = start_task(event.task, event.location, event.levels, ctx)
        resumed = event.task is not None and event.task.status is TaskStatus.COUNTING
        current = tally(state.entries) if resumed else tally(())
        msgid = "count.resumed" if resumed else "count.started"
        outcome = Outcome.accepted(
            msgid, SoundClass.NEEDS_INPUT, location=started.location, units=current.units
        )
        return Step(CountState(started, state.entries if resumed else ()), outcome)
    current = tally(state.entries)
    if isinstance(event, LocationScan):
        if event.location != task.location:
            raise FinishLocationFirst(location=task.location)
        outcome = Outcome.accepted(
            "count.same_location", SoundClass.WARNING, location=task.location, units=current.units
        )
        return Step(state, outcome)
    if isinstance(event, ItemScan):
        qty = event.units * (current.pending_qty or 1)
        entry = _entry(state, ctx, EntryKind.ITEM, sku_code=event.sku_code, qty=qty)
        total = current.counted.get(event.sku_code, 0) + qty
        if is_blind(blind, task):
            outcome = Outcome.accepted("count.item", sku=event.sku_code, qty=qty, total=total)
        else:
            system = task.system().get(event.sku_code, 0)
            outcome = Outcome.accepted(
                "count.item_open", sku=event.sku_code, qty=qty, total=total, system=system
            )
        return Step(_with(state, entry), outcome, entry)
    if isinstance(event, QuantityKeyed):
        entry = _entry(state, ctx, EntryKind.KEYED, qty=event.qty)
        outcome = Outcome.accepted("count.qty_keyed", SoundClass.NEEDS_INPUT, qty=event.qty)
        return Step(_with(state, entry), outcome, entry)
    if isinstance(event, UnknownScan):
        entry = _entry(state, ctx, EntryKind.UNKNOWN, text=event.text)
        outcome = Outcome.accepted("count.unknown_recorded", SoundClass.WARNING, code=event.text)
        return Step(_with(state, entry), outcome, entry)
    if event.command is CountCommand.UNDO:
        if current.units == 0 and current.pending_qty is None:
            raise NothingToUndo(location=task.location)
        entry = _entry(state, ctx, EntryKind.UNDO)
        after = tally((*state.entries, entry))
        outcome = Outcome.accepted("count.undone", SoundClass.WARNING, units=after.units)
        return Step(_with(state, entry), outcome, entry)
    if current.pending_qty is not None:
        raise QuantityPending(qty=current.pending_qty)
    if event.command is CountCommand.EMPTY and current.units:
        raise LocationNotEmpty(location=task.location, units=current.units)
    if event.command is CountCommand.DONE and not current.units:
        raise NothingCounted(location=task.location)
    kind = EntryKind.EMPTY if event.command is CountCommand.EMPTY else EntryKind.DONE
    entry = _entry(state, ctx, kind)
    return _close(task, entry, current, ctx, threshold)


def _close(
    task: CountTask, entry: CountEntry, current: Tally, ctx: StepContext, threshold: Threshold
) -> Step:
    counted = replace(task, status=TaskStatus.COUNTED, finished_at=ctx.now)
    location, units, skus = task.location, current.units, len(current.counted)
    if task.round == 1 and needs_recount(task.system(), current.counted, threshold):
        recount = CountTask(
            task_id=ctx.new_task_id,
            plan_id=task.plan_id,
            location=task.location,
            round=task.round + 1,
            excluded=task.excluded | {task.counter},
            snapshot=task.snapshot,
        )
        superseded = replace(counted, status=TaskStatus.SUPERSEDED)
        outcome = Outcome.accepted(
            "count.closed_recount", SoundClass.WARNING, location=location, units=units, skus=skus
        )
        return Step(CountState(), outcome, entry, recount=recount, closed=superseded)
    outcome = Outcome.accepted("count.closed", location=location, units=units, skus=skus)
    return Step(CountState(), outcome, entry, closed=counted)


def _entry(state: CountState, ctx: StepContext, kind: EntryKind, **values: object) -> CountEntry:
    assert state.task is not None
    seq = max((e.seq for e in state.entries), default=0) + 1
    entry = CountEntry(
        state.task.task_id, seq, kind, operator=ctx.operator.badge, scan_id=ctx.scan_id, at=ctx.now
    )
    return replace(entry, **values)  # type: ignore[arg-type]


def _with(state: CountState, entry: CountEntry) -> CountState:
    return replace(state, entries=(*state.entries, entry))


# --- variance, recount and approval rules --------------------------------------------
def needs_recount(system: Mapping[str, int], counted: Mapping[str, int], limit: Threshold) -> bool:
    return any(
        limit.exceeded(system.get(sku, 0), counted.get(sku, 0)) for sku in {*system, *counted}
    )


def final_task(rounds: Sequence[CountTask]) -> CountTask:
    """The last round decides: a recount is blind, by somebody else, and made after the doubt."""
    if not rounds:
        raise NothingToApprove(location="")
    latest = max(rounds, key=lambda t: t.round)
    if latest.status in ACTIVE:
        raise RecountPending(location=latest.location)
    if latest.status is not TaskStatus.COUNTED:
        raise NothingToApprove(location=latest.location)
    return latest


def check_approver(approver: Operator, rounds: Sequence[CountTask]) -> None:
    if not approver.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=approver.name, role=Role.SUPERVISOR.value)
    location = rounds[0].location if rounds else ""
    if approver.badge in {t.counter for t in rounds if t.counter}:
        raise SelfApproval(operator=approver.name, location=location)


@dataclass(frozen=True)
class Adjustment:
    """One move against @adjustment: `found` moves into the location, otherwise out of it."""

    sku_code: str
    qty: int
    found: bool


def adjustments(system: Mapping[str, int], counted: Mapping[str, int]) -> list[Adjustment]:
    result = []
    for sku in sorted({*system, *counted}):
        variance = counted.get(sku, 0) - system.get(sku, 0)
        if variance:
            result.append(Adjustment(sku, abs(variance), variance > 0))
    return result
