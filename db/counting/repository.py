"""Count plans, tasks, entries and approvals (`uow.counts`).

Who freezes a location when two stations scan it at once is decided by the guarded UPDATE
on the task's version (the loser's row count is 0: ConcurrentChange, the pipeline retries and
the pure step then says LeaseHeld), and by two partial unique indexes: one undecided task per
location, one location being counted per stocktaker. Entries are append-only; totals are
summed from them. Reads are Core statements, so a row updated earlier in the same unit of
work is never served stale from the ORM's identity map.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.converters import move_from_row
from db.counting.models import (
    CountApprovalRow,
    CountEntryRow,
    CountPlanRow,
    CountSnapshotRow,
    CountTaskExcludedRow,
    CountTaskRow,
)
from db.counting.rows import approval as _approval
from db.counting.rows import entry as _entry
from db.counting.rows import plan as _plan
from db.counting.rows import plan_values as _plan_values
from db.counting.rows import task as _task
from db.counting.rows import task_values as _task_values
from db.errors import is_foreign_key_violation
from db.held_moves import HELD
from db.leases import SqlLeases
from db.models import LocationRow, SkuRow, StockMoveRow
from db.statements import table
from wms_tui.core.counting.records import (
    CountApproval,
    CountEntry,
    CountPlan,
    CountTask,
    Decision,
    EntryKind,
    TaskStatus,
)
from wms_tui.core.errors import ConcurrentChange, DuplicateEntry, UnknownSku
from wms_tui.core.leases import LeaseKind
from wms_tui.core.model import StockMove

PLAN = table(CountPlanRow)
TASK = table(CountTaskRow)
EXCLUDED = table(CountTaskExcludedRow)
SNAPSHOT = table(CountSnapshotRow)
ENTRY = table(CountEntryRow)
APPROVAL = table(CountApprovalRow)
LOCATION = LeaseKind.LOCATION.value
_CURRENT = (TaskStatus.OPEN.value, TaskStatus.COUNTING.value, TaskStatus.COUNTED.value)


class SqlCountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- plans -------------------------------------------------------------------------
    def add_plan(self, plan: CountPlan) -> None:
        statement = insert(PLAN).values(plan_id=plan.plan_id, version=1, **_plan_values(plan))
        self._insert(statement, plan.plan_id)

    def get_plan(self, plan_id: str) -> CountPlan | None:
        row = self._session.execute(select(PLAN).where(PLAN.c.plan_id == plan_id)).first()
        return None if row is None else _plan(row)

    def save_plan(self, plan: CountPlan) -> None:
        self._session.execute(
            update(PLAN)
            .where(PLAN.c.plan_id == plan.plan_id)
            .values(version=PLAN.c.version + 1, **_plan_values(plan))
        )

    def plans(self) -> list[CountPlan]:
        query = select(PLAN).order_by(PLAN.c.created_at.desc(), PLAN.c.plan_id)
        return [_plan(row) for row in self._session.execute(query)]

    # --- tasks -------------------------------------------------------------------------
    def add_task(self, task: CountTask) -> None:
        values: dict[str, object] = {
            "task_id": task.task_id,
            "plan_id": task.plan_id,
            "location": task.location,
        }
        values |= {"round": task.round, "version": task.version, **_task_values(task)}
        self._insert(insert(TASK).values(**values), task.location, "location")
        self._lease(task)
        self._write_children(task)

    def get_task(self, task_id: str) -> CountTask | None:
        return next(iter(self._tasks(TASK.c.task_id == task_id)), None)

    def save_task(self, task: CountTask) -> CountTask:
        try:
            with self._session.begin_nested():
                result = self._session.execute(
                    update(TASK)
                    .where(TASK.c.task_id == task.task_id, TASK.c.version == task.version)
                    .values(version=TASK.c.version + 1, **_task_values(task))
                )
        except IntegrityError as exc:
            # This stocktaker started another location at another station meanwhile.
            raise ConcurrentChange(subject=task.location) from exc
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=task.location)
        self._lease(task)
        self._write_children(task)
        return replace(task, version=task.version + 1)

    def _lease(self, task: CountTask) -> None:
        """A location being counted is leased to its stocktaker in the one lease table
        (db/leases.py): taken when counting starts, handed to the station they moved to,
        released when the count is done or cancelled."""
        leases = SqlLeases(self._session)
        if task.status is not TaskStatus.COUNTING:
            leases.release(LOCATION, task.location)
            return
        since = task.started_at or datetime.now(UTC)
        lease = leases.take(LOCATION, task.location, task.station_id, task.counter, since)
        if lease.operator != task.counter:
            raise ConcurrentChange(subject=task.location)
        if lease.station_id != task.station_id:
            leases.hand_over(LOCATION, task.location, task.station_id, task.counter, lease.since)

    def tasks(self, plan_id: str, location: str | None = None) -> list[CountTask]:
        where = [TASK.c.plan_id == plan_id]
        if location is not None:
            where.append(TASK.c.location == location)
        return self._tasks(*where)

    def current_task(self, location: str) -> CountTask | None:
        found = self._tasks(TASK.c.location == location, TASK.c.status.in_(_CURRENT))
        return found[-1] if found else None

    def busy_locations(self) -> set[str]:
        query = select(TASK.c.location).where(TASK.c.status.in_(_CURRENT)).distinct()
        return set(self._session.scalars(query))

    def undecided(self, plan_id: str) -> int:
        query = select(func.count()).where(TASK.c.plan_id == plan_id, TASK.c.status.in_(_CURRENT))
        return int(self._session.scalar(query) or 0)

    def task_counted_by(self, operator: str) -> CountTask | None:
        found = self._tasks(TASK.c.counter == operator, TASK.c.status == TaskStatus.COUNTING.value)
        return found[0] if found else None

    def lock_location(self, location: str) -> None:
        # FOR UPDATE on PostgreSQL; SQLite's write units are BEGIN IMMEDIATE, one at a time.
        self._session.execute(
            select(LocationRow.code).where(LocationRow.code == location).with_for_update()
        )

    def held_moves(self, location: str) -> list[StockMove]:
        posted = select(StockMoveRow.move_id).where(StockMoveRow.move_id == HELD.c.move_id)
        query = (
            select(HELD)
            .where(HELD.c.to_location == location, ~posted.exists())
            .order_by(HELD.c.seq)
        )
        return [move_from_row(row) for row in self._session.execute(query)]

    def _tasks(self, *where: Any) -> list[CountTask]:
        rows = self._session.execute(
            select(TASK).where(*where).order_by(TASK.c.location, TASK.c.round)
        ).all()
        if not rows:
            return []
        ids = select(TASK.c.task_id).where(*where).scalar_subquery()
        excluded: dict[str, list[str]] = {}
        for task_id, badge in self._session.execute(
            select(EXCLUDED.c.task_id, EXCLUDED.c.badge).where(EXCLUDED.c.task_id.in_(ids))
        ):
            excluded.setdefault(task_id, []).append(badge)
        snapshot: dict[str, list[tuple[str, int]]] = {}
        for task_id, sku, qty in self._session.execute(
            select(SNAPSHOT.c.task_id, SNAPSHOT.c.sku_code, SNAPSHOT.c.qty).where(
                SNAPSHOT.c.task_id.in_(ids)
            )
        ):
            snapshot.setdefault(task_id, []).append((sku, qty))
        return [
            _task(row, excluded.get(row.task_id, ()), snapshot.get(row.task_id, ())) for row in rows
        ]

    def _write_children(self, task: CountTask) -> None:
        """The snapshot and the excluded counters are written once, when first known."""
        for child, values in (
            (SNAPSHOT, [{"sku_code": s, "qty": q} for s, q in task.snapshot]),
            (EXCLUDED, [{"badge": b} for b in sorted(task.excluded)]),
        ):
            if not values:
                continue
            stored = self._session.scalar(
                select(func.count()).where(child.c.task_id == task.task_id)
            )
            if not stored:
                self._session.execute(
                    insert(child), [{"task_id": task.task_id, **v} for v in values]
                )

    # --- entries -----------------------------------------------------------------------
    def add_entry(self, entry: CountEntry) -> None:
        values = {
            "task_id": entry.task_id,
            "seq": entry.seq,
            "kind": entry.kind.value,
            "sku_code": entry.sku_code or None,
            "qty": entry.qty,
            "text": entry.text[:256],
            "operator": entry.operator,
            "scan_id": entry.scan_id or None,
            "at": entry.at,
        }
        try:
            with self._session.begin_nested():
                self._session.execute(insert(ENTRY).values(**values))
        except IntegrityError as exc:
            if is_foreign_key_violation(exc):
                raise UnknownSku(sku=entry.sku_code) from exc
            # Same seq (another station) or same scan (a replay): the pipeline retries.
            raise ConcurrentChange(subject=entry.task_id) from exc

    def entries(self, task_id: str, after: int = 0) -> list[CountEntry]:
        query = (
            select(ENTRY)
            .where(ENTRY.c.task_id == task_id, ENTRY.c.seq > after)
            .order_by(ENTRY.c.seq)
        )
        return [_entry(row) for row in self._session.execute(query)]

    def plan_entries(
        self, plan_id: str, location: str | None = None
    ) -> dict[str, list[CountEntry]]:
        where = [TASK.c.plan_id == plan_id]
        if location is not None:
            where.append(TASK.c.location == location)
        # Only what a tally reads: decoding who and when of every entry of a big plan was
        # most of the approval screen's reload.
        e = ENTRY.c
        query = (
            select(e.task_id, e.seq, e.kind, e.sku_code, e.qty, e.text)
            .join(TASK, TASK.c.task_id == e.task_id)
            .where(*where)
            .order_by(e.task_id, e.seq)
        )
        found: dict[str, list[CountEntry]] = {}
        for task_id, seq, kind, sku, qty, text_ in self._session.execute(query):
            entry = CountEntry(task_id, seq, EntryKind(kind), sku or "", qty, text_)
            found.setdefault(task_id, []).append(entry)
        return found

    def unit_prices(self, sku_codes: Iterable[str]) -> dict[str, int]:
        codes = sorted(set(sku_codes))
        if not codes:
            return {}
        query = select(SkuRow.code, SkuRow.unit_price_cents).where(SkuRow.code.in_(codes))
        return {code: price for code, price in self._session.execute(query)}

    # --- approvals ---------------------------------------------------------------------
    def add_approval(self, approval: CountApproval) -> None:
        statement = insert(APPROVAL).values(
            approval_id=approval.approval_id,
            plan_id=approval.plan_id,
            location=approval.location,
            task_id=approval.task_id,
            decision=approval.decision.value,
            reason=approval.reason.value if approval.reason else None,
            approver=approval.approver,
            counter=approval.counter,
            at=approval.at,
        )
        self._insert(statement, approval.task_id)

    def approvals(self, plan_id: str) -> list[CountApproval]:
        query = select(APPROVAL).where(APPROVAL.c.plan_id == plan_id).order_by(APPROVAL.c.at)
        return [_approval(row) for row in self._session.execute(query)]

    def last_counted(self) -> dict[str, datetime]:
        query = (
            select(APPROVAL.c.location, func.max(APPROVAL.c.at))
            .where(APPROVAL.c.decision == Decision.APPROVED.value)
            .group_by(APPROVAL.c.location)
        )
        return {location: at for location, at in self._session.execute(query)}

    # --- helpers -----------------------------------------------------------------------
    def _insert(self, statement: Any, value: str, what: str = "count") -> None:
        try:
            with self._session.begin_nested():
                self._session.execute(statement)
        except IntegrityError as exc:
            if is_foreign_key_violation(exc):
                raise
            raise DuplicateEntry(what=what, value=value) from exc
