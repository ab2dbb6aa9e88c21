"""Cycle count approval and reports: the supervisor's side of a count.

Each function runs inside the caller's unit of work and never commits. Approval posts
exactly the final round's variance against @adjustment and unfreezes the location.
"""

from __future__ import annotations

from dataclasses import replace

from wms_tui.core.counting import Adjustment, adjustments, check_approver, final_task, tally
from wms_tui.core.counting_reports import (
    Accuracy,
    VarianceLine,
    location_accuracy,
    stocktaker_accuracy,
    variance_csv,
    variance_lines,
)
from wms_tui.core.errors import UnknownLocation
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, Operator, StockMove
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.services.stock import post_move
from wms_tui.core.workflows.counting import counts, new_id, record_audit
from wms_tui.core.workflows.counting_ports import (
    CountApproval,
    CountTask,
    Decision,
    PlanStatus,
    ReasonCode,
    StockChangedDuringCount,
    TaskStatus,
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
    repo = counts(uow)
    rounds = _rounds(uow, plan_id, location)
    final = final_task(rounds)
    check_approver(approver, rounds)
    repo.save_task(replace(final, status=TaskStatus.SUPERSEDED))
    recount = CountTask(
        new_id(),
        plan_id,
        location,
        round=final.round + 1,
        excluded=frozenset(t.counter for t in rounds if t.counter),
        snapshot=final.snapshot,
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
