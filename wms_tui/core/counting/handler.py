"""Cycle count use cases: plans, the count screen's scan handler, approval and reports.

Each function runs inside the caller's unit of work and never commits: the scan pipeline
(or the supervisor's screen) commits, so a refused step leaves nothing behind.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from wms_tui.core.counting.records import (
    BadPlanNumber,
    CountEntry,
    CountPlan,
    CountRepository,
    CountTask,
    PlanCriteria,
    PlanStatus,
    TaskStatus,
    Threshold,
    count_names,
    frozen_error,
)
from wms_tui.core.counting.rules import (
    CommandScan,
    CountCommand,
    CountEvent,
    CountState,
    ItemScan,
    LocationScan,
    QuantityKeyed,
    StepContext,
    Tally,
    UnknownScan,
    is_blind,
    select_locations,
    step,
    tally,
)
from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import NotAllowed, UnexpectedScan, UnknownCode
from wms_tui.core.model import (
    Operator,
    Role,
    StockMove,
    parse_quantity,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import ResolverConfig, Scan, kinds_phrase, resolve
from wms_tui.i18n import _

CONTEXT = "count"
# Typed into the scan bar: `*24` then the item counts 24 (or 24 packs) at once.
_KEYED_QTY = re.compile(r"\*([0-9]{1,9})")


def new_id() -> str:
    return str(uuid.uuid4())


def record_audit(
    uow: UnitOfWork, clock: Clock, action: str, by: str, station: str, **detail: object
) -> None:
    text = " ".join(f"{key}={value}" for key, value in sorted(detail.items()))
    subject = str(detail.get("location", detail.get("plan", "")))
    apply_effects(uow, clock, [Audit(action, subject, text)], Actor(by, station, clock.now()))


# --- plans -----------------------------------------------------------------------------
def create_plan(
    uow: UnitOfWork,
    clock: Clock,
    *,
    supervisor: Operator,
    station_id: str,
    name: str,
    criteria: PlanCriteria,
    blind: bool = True,
    threshold: Threshold | None = None,
    plan_id: str | None = None,
) -> tuple[CountPlan, list[CountTask]]:
    """One task per location; locations already under a count are left out."""
    if not supervisor.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=supervisor.name, role=Role.SUPERVISOR.value)
    threshold = threshold or Threshold()
    for what, value in (("days", criteria.days), ("threshold", threshold.value)):
        if value < 0:
            raise BadPlanNumber(what=what, value=value)
    repo = uow.counts
    now = clock.now()
    chosen = select_locations(
        criteria,
        uow.locations.all(),
        uow.ledger.levels(criteria.sku_code or None),
        repo.last_counted(),
        now,
        repo.busy_locations(),
    )
    plan = CountPlan(plan_id or new_id(), name, criteria, supervisor.badge, now, blind, threshold)
    repo.add_plan(plan)
    tasks = [CountTask(new_id(), plan.plan_id, code) for code in chosen]
    for task in tasks:
        repo.add_task(task)
    record_audit(
        uow,
        clock,
        "count.audit.plan_created",
        supervisor.badge,
        station_id,
        plan=plan.plan_id,
        locations=len(tasks),
    )
    return plan, tasks


# --- the count screen ------------------------------------------------------------------
class EntryCache:
    """The committed entries of the task a station counts, read once: entries are append-only
    (the database refuses anything else), so only those after the last one known are read.
    Fed from reads only, never from a step's own writes, so a rolled-back step leaves no
    trace in it."""

    def __init__(self) -> None:
        self.task_id = ""
        self.entries: tuple[CountEntry, ...] = ()

    def read(self, repo: CountRepository, task_id: str) -> tuple[CountEntry, ...]:
        if task_id != self.task_id:
            self.task_id, self.entries = task_id, ()
        after = self.entries[-1].seq if self.entries else 0
        self.entries += tuple(repo.entries(task_id, after))
        return self.entries


def current_state(uow: UnitOfWork, badge: str, cache: EntryCache | None = None) -> CountState:
    """Where this stocktaker stands, from stored rows only: a restart lands here again."""
    repo = uow.counts
    task = repo.task_counted_by(badge)
    if task is None:
        return CountState()
    entries = cache.read(repo, task.task_id) if cache else tuple(repo.entries(task.task_id))
    return CountState(task, entries)


@dataclass(frozen=True)
class CountView:
    """What the count screen shows; `system` is None on a blind plan."""

    task: CountTask | None
    plan: CountPlan | None
    tally: Tally
    system: dict[str, int] | None
    # With no location in hand: the open locations this stocktaker may count, in walk order.
    to_count: tuple[str, ...] = ()


def count_view(uow: UnitOfWork, badge: str) -> CountView:
    state = current_state(uow, badge)
    current = tally(state.entries)
    if state.task is None:
        return CountView(None, None, current, None, to_count(uow, badge))
    plan = uow.counts.get_plan(state.task.plan_id)
    blind = is_blind(plan is None or plan.blind, state.task)
    return CountView(state.task, plan, current, None if blind else state.task.system())


def to_count(uow: UnitOfWork, badge: str, limit: int = 60) -> tuple[str, ...]:
    """The open plans' locations still to count, in the walk's order, leaving out the
    recounts this stocktaker may not do (a recount wants another pair of eyes)."""
    found: set[str] = set()
    for plan in uow.counts.plans():
        if plan.status is PlanStatus.OPEN:
            for task in uow.counts.tasks(plan.plan_id):
                if task.status is TaskStatus.OPEN and badge not in task.excluded:
                    found.add(task.location)
    walk = {
        code: (location.walk_order if (location := uow.locations.get(code)) else 0)
        for code in found
    }
    return tuple(sorted(found, key=lambda code: (walk[code], code))[:limit])


def location_event(uow: UnitOfWork, code: str) -> LocationScan:
    """A location scan with what the freeze needs: its undecided task and its stock now.

    Before a freeze the location's row is locked first, so the levels read are the ones it
    freezes at: a pick either commits before (and is in them) or waits and is refused."""
    repo = uow.counts
    task = repo.current_task(code)
    if task is not None and task.status is TaskStatus.OPEN:
        repo.lock_location(code)
        task = repo.current_task(code)  # another station may have frozen it while we waited
    return LocationScan(code, task, tuple(uow.ledger.levels_at(code)))


def apply_event(
    uow: UnitOfWork,
    clock: Clock,
    *,
    station_id: str,
    operator: Operator,
    event: CountEvent,
    scan_id: str = "",
    text: str = "",
    cache: EntryCache | None = None,
) -> Outcome:
    """Runs one step of the count screen and stores what it decided."""
    repo = uow.counts
    state = current_state(uow, operator.badge, cache)
    task = state.task or (event.task if isinstance(event, LocationScan) else None)
    plan = repo.get_plan(task.plan_id) if task is not None else None
    ctx = StepContext(operator, station_id, clock.now(), scan_id, text, new_id())
    threshold = plan.threshold if plan else Threshold()
    blind = is_blind(plan.blind if plan else True, task)
    result = step(state, event, ctx, threshold, blind=blind)
    started = result.state.task
    if started is not None and started != state.task:
        repo.save_task(started)
        opened = event.task if isinstance(event, LocationScan) else None
        if opened is not None and opened.status is TaskStatus.OPEN:
            uow.locations.set_frozen(started.location, True)
            record_audit(
                uow,
                clock,
                "count.audit.started",
                operator.badge,
                station_id,
                location=started.location,
                round=started.round,
            )
    if result.entry is not None:
        repo.add_entry(result.entry)
    if result.closed is not None:
        repo.save_task(result.closed)
        record_audit(
            uow,
            clock,
            "count.audit.closed",
            operator.badge,
            station_id,
            location=result.closed.location,
            recount=result.recount is not None,
        )
    if result.recount is not None:
        repo.add_task(result.recount)
    return result.outcome


class CountHandler:
    """The pipeline's ScanHandler for the count screen. A scan counts for the stocktaker
    who made it (scan.operator), even one a crash left journaled and applied after somebody
    else logged in: in their task."""

    def __init__(self, clock: Clock, station_id: str, config: ResolverConfig) -> None:
        self.clock = clock
        self.station_id = station_id
        self.config = config
        self.cache = EntryCache()

    def __call__(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        operator = uow.operators.get(scan.operator) if scan.operator else None
        if operator is None:
            raise NotAllowed(name=scan.operator or "-", role=Role.STOCKTAKER.value)
        event = self.event(uow, scan)
        return apply_event(
            uow,
            self.clock,
            station_id=self.station_id,
            operator=operator,
            event=event,
            scan_id=scan.scan_id,
            text=scan.text,
            cache=self.cache,
        )

    def event(self, uow: UnitOfWork, scan: Scan) -> CountEvent:
        """What the scanned text means on this screen; unknown codes are kept, not guessed."""
        keyed = _KEYED_QTY.fullmatch(scan.text)
        if keyed:
            return QuantityKeyed(parse_quantity(keyed.group(1)))
        try:
            resolved = resolve(scan.text, uow.catalog(), self.config, scan.symbology, scan.source)
        except UnknownCode:
            return UnknownScan(scan.text)
        if resolved.command is not None:
            name = resolved.command.upper()
            if name in CountCommand.__members__:
                return CommandScan(CountCommand[name])
        elif resolved.sku is not None:
            return ItemScan(resolved.sku.code, max(resolved.quantity, 1))
        elif resolved.location is not None:
            return location_event(uow, resolved.location.code)
        raise UnexpectedScan(
            expected=_("count.expect"), got=kinds_phrase((resolved.kind,)), what=resolved.describe()
        )


def held_notice(uow: UnitOfWork, move: StockMove) -> Outcome | None:
    """What to tell whoever posted `move` when the ledger held it for a count of its
    destination: it is kept and will post on approval, so nobody posts it again."""
    repo = uow.counts
    if move.move_id not in {m.move_id for m in repo.held_moves(move.to_location)}:
        return None
    plan, operator = count_names(uow, move.to_location)
    return Outcome.accepted(
        "count.move_held", SoundClass.WARNING, location=move.to_location, plan=plan,
        operator=operator, sku=move.sku_code, qty=move.qty,
    )  # fmt: skip


def check_not_counting(uow: UnitOfWork, location: str) -> None:
    """For picking and moves: name the count and the stocktaker instead of a bare 'frozen'."""
    if uow.counts.current_task(location) is not None:
        raise frozen_error(uow, location)
