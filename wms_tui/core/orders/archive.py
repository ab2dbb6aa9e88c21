"""Archiving (归档): orders done with (handed over, cancelled, returned) become read-only.

Done for a verified supervisor. Each order is archived guarded by the status and version
read, so one that changed meanwhile (a return arriving) is left for the next run; the
database then refuses any change to an archived order or its lines (migration 0019).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import ConcurrentChange, NotAllowed
from wms_tui.core.model import Operator, Role
from wms_tui.core.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Archived:
    archived: tuple[str, ...]
    changed_meanwhile: tuple[str, ...]  # left as they are; the next run takes them


def archive_before(
    uow: UnitOfWork, clock: Clock, *, before: datetime, by: Operator, station_id: str
) -> Archived:
    if not by.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=by.name, role=Role.SUPERVISOR.value)
    return _archive(uow, clock, before, by.badge, station_id, "orders_archived")


UPKEEP = "upkeep"  # who the audit names for what the station's configuration asked for


def archive_due(uow: UnitOfWork, clock: Clock, *, days: int, station_id: str) -> Archived:
    """What `[backup] archive_after_days` asks for, run by the station's upkeep: the
    configuration, set by whoever administers the station, is the permission."""
    before = clock.now() - timedelta(days=days)
    return _archive(uow, clock, before, UPKEEP, station_id, "orders_archived_automatically")


def _archive(
    uow: UnitOfWork, clock: Clock, before: datetime, by: str, station_id: str, action: str
) -> Archived:
    now = clock.now()
    done: list[str] = []
    moved: list[str] = []
    for order_no, status, version in uow.orders.archivable(before):
        try:
            with uow.savepoint():
                uow.orders.archive(order_no, status, version, now)
        except ConcurrentChange:
            moved.append(order_no)
            continue
        done.append(order_no)
    detail = f"{len(done)} archived, done with before {before.isoformat()}"
    actor = Actor(by, station_id, now)
    apply_effects(uow, clock, [Audit(action, f"<{before.date()}", detail)], actor)
    return Archived(tuple(done), tuple(moved))
