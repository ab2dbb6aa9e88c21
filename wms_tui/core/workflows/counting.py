"""Cycle count use cases: plans, the count screen's scan handler, approval and reports.

Each function runs inside the caller's unit of work and never commits: the scan pipeline
(or the supervisor's screen) commits, so a refused step leaves nothing behind.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from wms_tui.core.counting import (
    Accuracy,
    Adjustment,
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
    VarianceLine,
    adjustments,
    check_approver,
    final_task,
    location_accuracy,
    select_locations,
    step,
    stocktaker_accuracy,
    tally,
    variance_csv,
    variance_lines,
)
from wms_tui.core.errors import NotAllowed, UnexpectedScan, UnknownCode, UnknownLocation
from wms_tui.core.model import (
    VIRTUAL_ADJUSTMENT,
    AuditEvent,
    MoveReason,
    Operator,
    Role,
    StockMove,
    parse_quantity,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, UnitOfWork, UowCatalog
from wms_tui.core.services.stock import post_move
from wms_tui.core.workflows.counting_ports import (
    CountApproval,
    CountingUnitOfWork,
    CountPlan,
    CountRepository,
    CountTask,
    Decision,
    LocationBeingCounted,
    PlanCriteria,
    PlanStatus,
    ReasonCode,
    StockChangedDuringCount,
    TaskStatus,
    Threshold,
)
from wms_tui.i18n import _

if TYPE_CHECKING:
    from wms_tui.core.scans import ResolverConfig, Scan

CONTEXT = "count"
# Typed into the scan bar: `*24` then the item counts 24 (or 24 packs) at once.
_KEYED_QTY = re.compile(r"\*([0-9]{1,9})")


def counts(uow: UnitOfWork) -> CountRepository:
    return cast(CountingUnitOfWork, uow).counts


def _new_id() -> str:
    return str(uuid.uuid4())


def _audit(
    uow: UnitOfWork, clock: Clock, action: str, by: str, station: str, **detail: object
) -> None:
    text = " ".join(f"{key}={value}" for key, value in sorted(detail.items()))
    subject = str(detail.get("location", detail.get("plan", "")))
    uow.audit.record(AuditEvent(action, by, station, subject=subject, detail=text, at=clock.now()))


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
    repo = counts(uow)
    now = clock.now()
    chosen = select_locations(
        criteria,
        uow.locations.all(),
        uow.ledger.levels(criteria.sku_code or None),
        repo.last_counted(),
        now,
        repo.busy_locations(),
    )
    plan = CountPlan(
        plan_id or _new_id(), name, criteria, supervisor.badge, now, blind, threshold or Threshold()
    )
    repo.add_plan(plan)
    tasks = [CountTask(_new_id(), plan.plan_id, code) for code in chosen]
    for task in tasks:
        repo.add_task(task)
    _audit(
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
def current_state(uow: UnitOfWork, badge: str) -> CountState:
    """Where this stocktaker stands, from stored rows only: a restart lands here again."""
    repo = counts(uow)
    task = repo.task_counted_by(badge)
    if task is None:
        return CountState()
    return CountState(task, tuple(repo.entries(task.task_id)))


@dataclass(frozen=True)
class CountView:
    """What the count screen shows; `system` is None on a blind plan."""

    task: CountTask | None
    plan: CountPlan | None
    tally: Tally
    system: dict[str, int] | None


def count_view(uow: UnitOfWork, badge: str) -> CountView:
    state = current_state(uow, badge)
    current = tally(state.entries)
    if state.task is None:
        return CountView(None, None, current, None)
    plan = counts(uow).get_plan(state.task.plan_id)
    blind = plan is None or plan.blind
    return CountView(state.task, plan, current, None if blind else state.task.system())


def location_event(uow: UnitOfWork, code: str) -> LocationScan:
    """A location scan with what the freeze needs: its undecided task and its stock now."""
    repo = counts(uow)
    return LocationScan(code, repo.current_task(code), tuple(repo.levels_at(code)))


def apply_event(
    uow: UnitOfWork,
    clock: Clock,
    *,
    station_id: str,
    operator: Operator,
    event: CountEvent,
    scan_id: str = "",
    text: str = "",
) -> Outcome:
    """Runs one step of the count screen and stores what it decided."""
    repo = counts(uow)
    state = current_state(uow, operator.badge)
    task = state.task or (event.task if isinstance(event, LocationScan) else None)
    plan = repo.get_plan(task.plan_id) if task is not None else None
    ctx = StepContext(operator, station_id, clock.now(), scan_id, text, _new_id())
    threshold = plan.threshold if plan else Threshold()
    result = step(state, event, ctx, threshold, blind=plan.blind if plan else True)
    started = result.state.task
    if started is not None and started != state.task:
        repo.save_task(started)
        opened = event.task if isinstance(event, LocationScan) else None
        if opened is not None and opened.status is TaskStatus.OPEN:
            uow.locations.set_frozen(started.location, True)
            _audit(
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
        _audit(
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
    """The pipeline's ScanHandler for the count screen; the screen sets `operator` at log-in."""

    def __init__(self, clock: Clock, station_id: str, config: ResolverConfig) -> None:
        self.clock = clock
        self.station_id = station_id
        self.config = config
        self.operator: Operator | None = None

    def __call__(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        if self.operator is None:
            raise NotAllowed(name="-", role=Role.STOCKTAKER.value)
        event = self.event(uow, scan)
        return apply_event(
            uow,
            self.clock,
            station_id=self.station_id,
            operator=self.operator,
            event=event,
            scan_id=scan.scan_id,
            text=scan.text,
        )

    def event(self, uow: UnitOfWork, scan: Scan) -> CountEvent:
        """What the scanned text means on this screen; unknown codes are kept, not guessed."""
        keyed = _KEYED_QTY.fullmatch(scan.text)
        if keyed:
            return QuantityKeyed(parse_quantity(keyed.group(1)))
        from wms_tui.core.scans import resolve  # TEMP until scans.py lands: see report

        try:
            resolved = resolve(scan.text, UowCatalog(uow), self.config, scan.symbology)
        except UnknownCode:
            return UnknownScan(scan.text)
        if resolved.command is not None:
            name = resolved.command.upper().removeprefix("CMD:")
            if name in CountCommand.__members__:
                return CommandScan(CountCommand[name])
        elif resolved.sku is not None:
            return ItemScan(resolved.sku.code, max(resolved.quantity, 1))
        elif resolved.location is not None:
            return location_event(uow, resolved.location.code)
        raise UnexpectedScan(expected=_("count.expect"), got=resolved.kind.value, what=scan.text)


def check_not_counting(uow: UnitOfWork, location: str) -> None:
    """For picking and moves: name the count and the stocktaker instead of a bare 'frozen'."""
    task = counts(uow).current_task(location)
    if task is None:
        return
    plan = counts(uow).get_plan(task.plan_id)
    counter = uow.operators.get(task.counter) if task.counter else None
    raise LocationBeingCounted(
        location=location,
        plan=plan.name if plan else task.plan_id,
        operator=counter.name if counter else task.counter or "-",
    )


# --- approval --------------------------------------------------------------------------
def _rounds(uow: UnitOfWork, plan_id: str, location: str) -> list[CountTask]:
    rounds = counts(uow).tasks(plan_id, location)
    if not rounds:
        raise UnknownLocation(location=location)
    return rounds


def approval_data(uow: UnitOfWork, plan_id: str, location: str | None = None) -> list[VarianceLine]:
    """Per location and SKU: system quantity, every round's count, variance and its value."""
    repo = counts(uow)
    tasks = repo.tasks(plan_id, location)
    decided = {a.location: a for a in repo.approvals(plan_id)}
    lines: list[VarianceLine] = []
    for code in sorted({t.location for t in tasks}):
        rounds = [(t, tally(repo.entries(t.task_id)).counted) for t in tasks if t.location == code]
        prices = {}
        for _task, counted in rounds:
            for sku_code in {*_task.system(), *counted}:
                sku = uow.skus.get(sku_code)
                prices[sku_code] = sku.unit_price_cents if sku else 0
        for line in variance_lines(rounds, prices):
            approval = decided.get(code)
            if approval is not None:
                line = replace(
                    line,
                    decision=approval.decision.value,
                    reason=approval.reason.value if approval.reason else "",
                    approver=approval.approver,
                )
            lines.append(line)
    return lines


def approve(
    uow: UnitOfWork,
    clock: Clock,
    *,
    plan_id: str,
    location: str,
    approver: Operator,
    station_id: str,
    reason: ReasonCode | None = None,
) -> list[Adjustment]:
    """Posts exactly the final count's variance against @adjustment and unfreezes the location."""
    repo = counts(uow)
    rounds = _rounds(uow, plan_id, location)
    final = final_task(rounds)
    check_approver(approver, rounds)
    system = final.system()
    counted = tally(repo.entries(final.task_id)).counted
    for sku in sorted({*system, *counted}):
        now = uow.ledger.level(sku, location)
        if now != system.get(sku, 0):
            raise StockChangedDuringCount(
                location=location, sku=sku, system=system.get(sku, 0), now=now
            )
    moves = adjustments(system, counted)
    for adjustment in moves:
        post_move(
            uow,
            StockMove(
                # One id per task and SKU: approving twice can never post twice.
                move_id=f"count:{final.task_id}:{adjustment.sku_code}",
                sku_code=adjustment.sku_code,
                qty=adjustment.qty,
                from_location=VIRTUAL_ADJUSTMENT if adjustment.found else location,
                to_location=location if adjustment.found else VIRTUAL_ADJUSTMENT,
                reason=MoveReason.COUNT_ADJUSTMENT,
                reference=f"count:{plan_id}:{location}:{final.round}",
                operator=approver.badge,
                station_id=station_id,
            ),
            clock,
        )
    repo.save_task(replace(final, status=TaskStatus.APPROVED))
    _decide(uow, clock, final, approver, Decision.APPROVED, reason)
    uow.locations.set_frozen(location, False)
    _audit(
        uow,
        clock,
        "count.audit.approved",
        approver.badge,
        station_id,
        location=location,
        plan=plan_id,
        moves=len(moves),
        reason=reason.value if reason else "-",
    )
    _close_plan_if_done(uow, plan_id)
    return moves


def reject(
    uow: UnitOfWork,
    clock: Clock,
    *,
    plan_id: str,
    location: str,
    approver: Operator,
    station_id: str,
) -> CountTask:
    """A recount by somebody who has not counted this location yet; it stays frozen."""
    repo = counts(uow)
    rounds = _rounds(uow, plan_id, location)
    final = final_task(rounds)
    check_approver(approver, rounds)
    repo.save_task(replace(final, status=TaskStatus.SUPERSEDED))
    recount = CountTask(
        _new_id(),
        plan_id,
        location,
        round=final.round + 1,
        excluded=frozenset(t.counter for t in rounds if t.counter),
        snapshot=final.snapshot,
    )
    repo.add_task(recount)
    _decide(uow, clock, final, approver, Decision.REJECTED, None)
    _audit(
        uow,
        clock,
        "count.audit.rejected",
        approver.badge,
        station_id,
        location=location,
        plan=plan_id,
        round=recount.round,
    )
    return recount


def _decide(
    uow: UnitOfWork,
    clock: Clock,
    final: CountTask,
    approver: Operator,
    decision: Decision,
    reason: ReasonCode | None,
) -> None:
    counts(uow).add_approval(
        CountApproval(
            _new_id(),
            final.plan_id,
            final.location,
            final.task_id,
            decision,
            approver.badge,
            final.counter,
            clock.now(),
            reason,
        )
    )


def _close_plan_if_done(uow: UnitOfWork, plan_id: str) -> None:
    repo = counts(uow)
    plan = repo.get_plan(plan_id)
    if plan is not None and plan.status is PlanStatus.OPEN and repo.undecided(plan_id) == 0:
        repo.save_plan(replace(plan, status=PlanStatus.CLOSED))


# --- reports ---------------------------------------------------------------------------
def variance_report_csv(uow: UnitOfWork, plan_id: str) -> str:
    return variance_csv(approval_data(uow, plan_id))


def unknown_codes(uow: UnitOfWork, plan_id: str) -> list[tuple[str, str, str]]:
    """(location, scanned text, stocktaker) for every code the count could not place."""
    repo = counts(uow)
    return [
        (task.location, text, task.counter)
        for task in repo.tasks(plan_id)
        for text in tally(repo.entries(task.task_id)).unknown
    ]


def accuracy(uow: UnitOfWork, plan_ids: list[str]) -> tuple[list[Accuracy], list[Accuracy]]:
    """(per location, per stocktaker) over the approved counts of these plans."""
    lines = [line for plan_id in plan_ids for line in approval_data(uow, plan_id)]
    return location_accuracy(lines), stocktaker_accuracy(lines)
