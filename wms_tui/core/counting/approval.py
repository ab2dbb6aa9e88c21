"""Cycle count approval and reports: the supervisor's side of a count.

Each function runs inside the caller's unit of work and never commits. Approval posts
exactly the final round's variance against @adjustment and unfreezes the location.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wms_tui.core.counting.handler import new_id, record_audit
from wms_tui.core.counting.records import (
    AmbiguousPlan,
    CountApproval,
    CountPlan,
    CountTask,
    Decision,
    PlanClosed,
    PlanStatus,
    ReasonCode,
    StockChangedDuringCount,
    TaskStatus,
    UnknownPlan,
    adjustment_reference,
)
from wms_tui.core.counting.reports import (
    Accuracy,
    VarianceLine,
    location_accuracy,
    stocktaker_accuracy,
    variance_csv,
    variance_lines,
)
from wms_tui.core.counting.rules import Adjustment, adjustments, check_approver, final_task, tally
from wms_tui.core.effects import Actor, Move, apply_effects
from wms_tui.core.errors import UnknownLocation, WmsError
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, Operator
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.stock import post_move


# --- approval --------------------------------------------------------------------------
def _rounds(uow: UnitOfWork, plan_id: str, location: str) -> list[CountTask]:
    rounds = uow.counts.tasks(plan_id, location)
    if not rounds:
        raise UnknownLocation(location=location)
    return rounds


def approval_data(uow: UnitOfWork, plan_id: str, location: str | None = None) -> list[VarianceLine]:
    """Per location and SKU: system quantity, every round's count, variance and its value."""
    return approval_view(uow, plan_id, location).lines


@dataclass(frozen=True)
class ApprovalView:
    lines: list[VarianceLine]
    unknown: list[tuple[str, str, str]]  # (location, scanned text, stocktaker)


def approval_view(uow: UnitOfWork, plan_id: str, location: str | None = None) -> ApprovalView:
    """The approval screen's whole read, in a fixed number of queries however big the plan:
    the screen reloads it after every decision."""
    repo = uow.counts
    tasks = repo.tasks(plan_id, location)
    entries = repo.plan_entries(plan_id, location)
    decided = {a.location: a for a in repo.approvals(plan_id)}
    tallies = {t.task_id: tally(entries.get(t.task_id, ())) for t in tasks}
    prices = repo.unit_prices(
        {sku for t in tasks for sku in (*t.system(), *tallies[t.task_id].counted)}
    )
    by_location: dict[str, list[tuple[CountTask, dict[str, int]]]] = {}
    for task in tasks:
        by_location.setdefault(task.location, []).append((task, tallies[task.task_id].counted))
    lines: list[VarianceLine] = []
    for code, rounds in sorted(by_location.items()):
        skus = {sku for task, counted in rounds for sku in (*task.system(), *counted)}
        for line in variance_lines(rounds, {sku: prices.get(sku, 0) for sku in skus}):
            approval = decided.get(code)
            if approval is not None:
                line = replace(
                    line,
                    decision=approval.decision.value,
                    reason=approval.reason.value if approval.reason else "",
                    approver=approval.approver,
                )
            lines.append(line)
    unknown = [(t.location, text, t.counter) for t in tasks for text in tallies[t.task_id].unknown]
    return ApprovalView(lines, unknown)


# Closed plans stay on the approval screen, read-only, this many of the newest.
RECENT_CLOSED = 5


@dataclass(frozen=True)
class ApprovalScreenData:
    plans: list[CountPlan]  # open ones, then the newest closed ones, newest first in each
    plan: CountPlan | None
    view: ApprovalView


def approval_screen(uow: UnitOfWork, plan_id: str | None) -> ApprovalScreenData:
    """Everything the approval screen shows, read after every decision; `plan_id` is the
    plan it showed (kept if still listed, else the first open one)."""
    every = uow.counts.plans()
    plans = [p for p in every if p.status is PlanStatus.OPEN]
    plans += [p for p in every if p.status is PlanStatus.CLOSED][:RECENT_CLOSED]
    plan = next((p for p in plans if p.plan_id == plan_id), None) or _first_waiting(uow, plans)
    view = approval_view(uow, plan.plan_id) if plan else ApprovalView([], [])
    return ApprovalScreenData(plans, plan, view)


def _first_waiting(uow: UnitOfWork, plans: list[CountPlan]) -> CountPlan | None:
    """The oldest open plan with a location counted and waiting for a decision: a
    supervisor opening the screen starts where the work is, not on the newest (maybe empty)
    plan. The first listed when none waits."""
    for plan in sorted(plans, key=lambda p: (p.created_at, p.plan_id)):
        if plan.status is PlanStatus.OPEN and any(
            task.status is TaskStatus.COUNTED for task in uow.counts.tasks(plan.plan_id)
        ):
            return plan
    return plans[0] if plans else None


def find_plan(uow: UnitOfWork, text: str) -> CountPlan:
    """A plan by its id or by its name (what the screens show): the CLI takes either."""
    by_id = uow.counts.get_plan(text)
    if by_id is not None:
        return by_id
    named = [plan for plan in uow.counts.plans() if plan.name == text]
    if len(named) == 1:
        return named[0]
    if named:
        raise AmbiguousPlan(plan=text, ids=", ".join(p.plan_id for p in named))
    raise UnknownPlan(plan=text)


def check_open(plan: CountPlan) -> None:
    if plan.status is not PlanStatus.OPEN:
        raise PlanClosed(plan=plan.name)


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
    repo = uow.counts
    # Two supervisors approving one location would otherwise both take the ledger's shared
    # lock and then both wait to unfreeze it.
    repo.lock_location(location)
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
    apply_effects(
        uow,
        clock,
        [
            Move(
                # One id per task and SKU: approving twice can never post twice.
                f"count:{final.task_id}:{adjustment.sku_code}",
                adjustment.sku_code,
                adjustment.qty,
                VIRTUAL_ADJUSTMENT if adjustment.found else location,
                location if adjustment.found else VIRTUAL_ADJUSTMENT,
                MoveReason.COUNT_ADJUSTMENT,
                reference=adjustment_reference(plan_id, location, final.round),
            )
            for adjustment in moves
        ],
        Actor(approver.badge, station_id, clock.now()),
    )
    repo.save_task(replace(final, status=TaskStatus.APPROVED))
    _decide(uow, clock, final, approver, Decision.APPROVED, reason)
    uow.locations.set_frozen(location, False)
    release_held(uow, clock, location, approver.badge, station_id)
    record_audit(
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
    repo = uow.counts
    repo.lock_location(location)
    rounds = _rounds(uow, plan_id, location)
    final = final_task(rounds)
    check_approver(approver, rounds)
    repo.save_task(replace(final, status=TaskStatus.SUPERSEDED))
    # Stock that moved during the count (a pick that raced the freeze) would make the old
    # snapshot unapprovable for every round to come: the recount is against stock now.
    now = tuple(uow.ledger.levels_at(location))
    recount = CountTask(
        new_id(),
        plan_id,
        location,
        round=final.round + 1,
        excluded=frozenset(t.counter for t in rounds if t.counter),
        snapshot=final.snapshot if final.snapshot == now else now,
    )
    repo.add_task(recount)
    _decide(uow, clock, final, approver, Decision.REJECTED, None)
    record_audit(
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


def release_held(
    uow: UnitOfWork, clock: Clock, location: str, by: str, station_id: str
) -> tuple[int, int]:
    """Posts the moves held for the location's count through the one posting function under
    their own ids (a second release posts nothing twice).

    Held moves only ever come from virtual sources, so all of them add stock and their order
    does not matter: they go in SKU order, the order every posting locks stock rows in, so
    two approvals at once never wait on each other in a cycle. One that cannot post now
    stays held and is counted in the audit line: it is never dropped.
    Returns (posted, still held)."""
    posted = kept = 0
    held = uow.counts.held_moves(location)
    for move in sorted(held, key=lambda m: (m.sku_code, m.from_location)):
        try:
            # `at` is when stock really changed; the held row keeps when it arrived.
            post_move(uow, replace(move, at=None), clock)
            posted += 1
        except WmsError:
            kept += 1
    if posted or kept:
        record_audit(
            uow, clock, "count.audit.held_released", by, station_id,
            location=location, posted=posted, held=kept,
        )  # fmt: skip
    return posted, kept


def _decide(
    uow: UnitOfWork,
    clock: Clock,
    final: CountTask,
    approver: Operator,
    decision: Decision,
    reason: ReasonCode | None,
) -> None:
    uow.counts.add_approval(
        CountApproval(
            new_id(),
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
    repo = uow.counts
    plan = repo.get_plan(plan_id)
    if plan is not None and plan.status is PlanStatus.OPEN and repo.undecided(plan_id) == 0:
        repo.save_plan(replace(plan, status=PlanStatus.CLOSED))


# --- reports ---------------------------------------------------------------------------
def variance_report_csv(uow: UnitOfWork, plan_id: str) -> str:
    return variance_csv(approval_data(uow, plan_id))


def unknown_codes(uow: UnitOfWork, plan_id: str) -> list[tuple[str, str, str]]:
    """(location, scanned text, stocktaker) for every code the count could not place."""
    return approval_view(uow, plan_id).unknown


def accuracy(uow: UnitOfWork, plan_ids: list[str]) -> tuple[list[Accuracy], list[Accuracy]]:
    """(per location, per stocktaker) over the approved counts of these plans."""
    lines = [line for plan_id in plan_ids for line in approval_data(uow, plan_id)]
    return location_accuracy(lines), stocktaker_accuracy(lines)
