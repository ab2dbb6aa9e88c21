"""Count rows to the core's records and back: the converters of db/counting/repository.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row

from wms_tui.core.counting.records import (
    CountApproval,
    CountEntry,
    CountPlan,
    CountScope,
    CountTask,
    Decision,
    EntryKind,
    PlanCriteria,
    PlanStatus,
    ReasonCode,
    TaskStatus,
    Threshold,
    ThresholdKind,
)


def plan(row: Row[Any]) -> CountPlan:
    criteria = PlanCriteria(
        CountScope(row.scope),
        tuple(code for code in row.chosen_locations.split(",") if code),
        row.zone,
        row.sku_code or "",
        row.days,
    )
    return CountPlan(
        row.plan_id,
        row.name,
        criteria,
        row.created_by,
        row.created_at,
        row.blind,
        Threshold(ThresholdKind(row.threshold_kind), row.threshold_value),
        PlanStatus(row.status),
    )


def plan_values(plan: CountPlan) -> dict[str, object]:
    criteria = plan.criteria
    return {
        "name": plan.name,
        "scope": criteria.scope.value,
        "zone": criteria.zone,
        "sku_code": criteria.sku_code or None,
        "days": criteria.days,
        "chosen_locations": ",".join(criteria.locations),
        "blind": plan.blind,
        "threshold_kind": plan.threshold.kind.value,
        "threshold_value": plan.threshold.value,
        "status": plan.status.value,
        "created_by": plan.created_by,
        "created_at": plan.created_at,
    }


def task(
    row: Row[Any], excluded: Iterable[str] = (), snapshot: Iterable[tuple[str, int]] = ()
) -> CountTask:
    return CountTask(
        task_id=row.task_id,
        plan_id=row.plan_id,
        location=row.location,
        round=row.round,
        status=TaskStatus(row.status),
        counter=row.counter or "",
        station_id=row.station_id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        excluded=frozenset(excluded),
        snapshot=tuple(sorted(snapshot)),
        version=row.version,
    )


def task_values(task: CountTask) -> dict[str, object]:
    return {
        "status": task.status.value,
        "counter": task.counter or None,
        "station_id": task.station_id,
        "started_at": task.started_at,
        "finished_at": task.finished_at,
    }


def entry(row: Row[Any]) -> CountEntry:
    return CountEntry(
        task_id=row.task_id,
        seq=row.seq,
        kind=EntryKind(row.kind),
        sku_code=row.sku_code or "",
        qty=row.qty,
        text=row.text,
        operator=row.operator,
        scan_id=row.scan_id or "",
        at=row.at,
    )


def approval(row: Row[Any]) -> CountApproval:
    return CountApproval(
        row.approval_id,
        row.plan_id,
        row.location,
        row.task_id,
        Decision(row.decision),
        row.approver,
        row.counter,
        row.at,
        ReasonCode(row.reason) if row.reason else None,
    )
