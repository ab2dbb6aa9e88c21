"""In-memory fake of the count repository; tests/fakes/uow.py puts it in every unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from tests.fakes.store import _Store
from wms_tui.core.counting.records import (
    ACTIVE,
    CountApproval,
    CountEntry,
    CountPlan,
    CountTask,
    Decision,
    TaskStatus,
)
from wms_tui.core.errors import ConcurrentChange, DuplicateEntry
from wms_tui.core.model import StockMove
from wms_tui.core.ports import Ledger

_CURRENT = ACTIVE | {TaskStatus.COUNTED}


@dataclass
class CountStore:
    plans: dict[str, CountPlan] = field(default_factory=dict)
    tasks: dict[str, CountTask] = field(default_factory=dict)
    entries: dict[tuple[str, int], CountEntry] = field(default_factory=dict)
    approvals: list[CountApproval] = field(default_factory=list)


class FakeCounts:
    def __init__(self, store: CountStore, ledger: Ledger, shared: _Store) -> None:
        self.s = store
        self.ledger = ledger
        self.shared = shared  # held moves and SKUs live with the ledger's rows

    def add_plan(self, plan: CountPlan) -> None:
        if plan.plan_id in self.s.plans:
            raise DuplicateEntry(value=plan.plan_id)
        self.s.plans[plan.plan_id] = plan

    def get_plan(self, plan_id: str) -> CountPlan | None:
        return self.s.plans.get(plan_id)

    def save_plan(self, plan: CountPlan) -> None:
        self.s.plans[plan.plan_id] = plan

    def plans(self) -> list[CountPlan]:
        return sorted(self.s.plans.values(), key=lambda p: p.created_at, reverse=True)

    def add_task(self, task: CountTask) -> None:
        # The partial unique index of the real schema: one undecided task per location.
        if task.task_id in self.s.tasks or self.current_task(task.location) is not None:
            raise DuplicateEntry(value=task.location)
        self.s.tasks[task.task_id] = task

    def get_task(self, task_id: str) -> CountTask | None:
        return self.s.tasks.get(task_id)

    def save_task(self, task: CountTask) -> CountTask:
        stored = self.s.tasks.get(task.task_id)
        if stored is None or stored.version != task.version:
            raise ConcurrentChange(subject=task.task_id)
        saved = replace(task, version=task.version + 1)
        self.s.tasks[task.task_id] = saved
        return saved

    def tasks(self, plan_id: str, location: str | None = None) -> list[CountTask]:
        return sorted(
            (
                t
                for t in self.s.tasks.values()
                if t.plan_id == plan_id and (location is None or t.location == location)
            ),
            key=lambda t: (t.location, t.round),
        )

    def current_task(self, location: str) -> CountTask | None:
        found = [
            t for t in self.s.tasks.values() if t.location == location and t.status in _CURRENT
        ]
        return max(found, key=lambda t: t.round) if found else None

    def busy_locations(self) -> set[str]:
        return {t.location for t in self.s.tasks.values() if t.status in _CURRENT}

    def undecided(self, plan_id: str) -> int:
        return sum(
            1 for t in self.s.tasks.values() if t.plan_id == plan_id and t.status in _CURRENT
        )

    def lock_location(self, location: str) -> None:
        """One fake transaction at a time: nothing to lock."""

    def held_moves(self, location: str) -> list[StockMove]:
        return [
            m
            for m in self.shared.held_moves.values()
            if m.to_location == location and self.ledger.get(m.move_id) is None
        ]

    def task_counted_by(self, operator: str) -> CountTask | None:
        for task in self.s.tasks.values():
            if task.status is TaskStatus.COUNTING and task.counter == operator:
                return task
        return None

    def add_entry(self, entry: CountEntry) -> None:
        key = (entry.task_id, entry.seq)
        if key in self.s.entries:
            raise ConcurrentChange(subject=entry.task_id)
        self.s.entries[key] = entry

    def entries(self, task_id: str, after: int = 0) -> list[CountEntry]:
        return sorted(
            (e for e in self.s.entries.values() if e.task_id == task_id and e.seq > after),
            key=lambda e: e.seq,
        )

    def plan_entries(
        self, plan_id: str, location: str | None = None
    ) -> dict[str, list[CountEntry]]:
        return {t.task_id: self.entries(t.task_id) for t in self.tasks(plan_id, location)}

    def unit_prices(self, sku_codes: Iterable[str]) -> dict[str, int]:
        skus = self.shared.skus
        return {c: skus[c].unit_price_cents for c in set(sku_codes) if c in skus}

    def add_approval(self, approval: CountApproval) -> None:
        # What the CHECK constraint does in the database.
        if approval.approver == approval.counter:
            raise ValueError("approver must differ from counter")
        self.s.approvals.append(approval)

    def approvals(self, plan_id: str) -> list[CountApproval]:
        return [a for a in self.s.approvals if a.plan_id == plan_id]

    def last_counted(self) -> dict[str, datetime]:
        last: dict[str, datetime] = {}
        for a in self.s.approvals:
            if a.decision is Decision.APPROVED and (
                a.location not in last or last[a.location] < a.at
            ):
                last[a.location] = a.at
        return last
