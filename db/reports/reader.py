"""The records the day's figures come from (core/reports/records.py), read by time.

Each read is one query on a time index (migration 0023), so a day of a busy month reads
that day only. The scan journal is the biggest record (a million scans a month): it is
never brought to Python, only its tallies per worker and hour and its idle gaps, both
computed in SQL, with the same definitions as core/reports/scans.py (tested against it on
both engines).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Integer, and_, case, cast, func, or_
from sqlalchemy import select as select_
from sqlalchemy.orm import Session

from db import statements as sql
from db.counting.models import CountApprovalRow, CountTaskRow
from db.handover.models import ManifestRow, ParcelRow
from db.inspection.models import InspectionEventRow, InspectionSessionRow
from db.models import AuditRow, UtcDateTime
from db.picking.models import PickAllocationRow, PickRecordRow, PickShortRow
from db.statements import table
from wms_tui.core.counting.records import adjustment_reference
from wms_tui.core.model import MoveReason
from wms_tui.core.reports.records import (
    IDLE_GAP_S,
    Adjustment,
    AuditSeen,
    IdleGap,
    InspectionRun,
    LocationCounted,
    ManifestParcel,
    OrderDates,
    ParcelHanded,
    PickDone,
    ScanHour,
    ShortDone,
    Window,
)

ORDERS, JOURNAL, MOVES, SKUS = sql.ORDERS, sql.JOURNAL, sql.MOVES, sql.SKUS
SESSIONS, EVENTS = table(InspectionSessionRow), table(InspectionEventRow)
PICKS, ALLOCATIONS, SHORTS = table(PickRecordRow), table(PickAllocationRow), table(PickShortRow)
TASKS, APPROVALS = table(CountTaskRow), table(CountApprovalRow)
PARCELS, MANIFESTS, AUDIT = table(ParcelRow), table(ManifestRow), table(AuditRow)
COUNTED = ("counted", "superseded", "approved")


def _in(column: Any, window: Window) -> ColumnElement[bool]:
    return and_(column >= window.start, column < window.end)


def _sum_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class SqlReportReader:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._sqlite = session.get_bind().dialect.name == "sqlite"

    def _rows(self, statement: Any) -> list[Any]:
        return list(self._session.execute(statement))

    def inspections(self, window: Window) -> list[InspectionRun]:
        ended = select_(SESSIONS.c.session_id).where(_in(SESSIONS.c.ended_at, window))
        wrong, too_many = EVENTS.c.kind == "wrong", EVENTS.c.reason == "too_many"
        events = (
            select_(
                EVENTS.c.session_id,
                _sum_if(EVENTS.c.kind == "count").label("counted_items"),
                _sum_if(and_(wrong, ~too_many)).label("wrong"),
                _sum_if(and_(wrong, too_many)).label("too_many"),
                _sum_if(EVENTS.c.kind == "problem").label("problems"),
            )
            .where(EVENTS.c.session_id.in_(ended))
            .group_by(EVENTS.c.session_id)
            .subquery()
        )
        earlier = SESSIONS.alias("earlier")
        attempts = (
            select_(func.count())
            .where(earlier.c.order_no == SESSIONS.c.order_no)
            .where(earlier.c.started_at < SESSIONS.c.started_at)
            .scalar_subquery()
        )
        statement = (
            select_(
                SESSIONS.c.order_no,
                ORDERS.c.shop,
                SESSIONS.c.operator,
                SESSIONS.c.station_id,
                SESSIONS.c.started_at,
                SESSIONS.c.ended_at,
                SESSIONS.c.result,
                attempts,
                func.coalesce(events.c.counted_items, 0),
                func.coalesce(events.c.wrong, 0),
                func.coalesce(events.c.too_many, 0),
                func.coalesce(events.c.problems, 0),
                SESSIONS.c.note,
            )
            .join(ORDERS, ORDERS.c.order_no == SESSIONS.c.order_no)
            .outerjoin(events, events.c.session_id == SESSIONS.c.session_id)
            .where(_in(SESSIONS.c.ended_at, window), SESSIONS.c.result != "open")
        )
        return [InspectionRun(*row) for row in self._rows(statement)]

    def picks(self, window: Window) -> list[PickDone]:
        statement = (
            select_(
                PICKS.c.operator,
                PICKS.c.station_id,
                PICKS.c.wave_no,
                PICKS.c.allocation,
                ALLOCATIONS.c.location,
                PICKS.c.qty,
                PICKS.c.at,
            )
            .join(
                ALLOCATIONS,
                and_(
                    ALLOCATIONS.c.wave_no == PICKS.c.wave_no,
                    ALLOCATIONS.c.idx == PICKS.c.allocation,
                ),
            )
            .where(_in(PICKS.c.at, window))
        )
        return [PickDone(*row) for row in self._rows(statement)]

    def shorts(self, window: Window) -> list[ShortDone]:
        statement = (
            select_(
                SHORTS.c.operator,
                SHORTS.c.station_id,
                SHORTS.c.order_no,
                func.coalesce(ORDERS.c.shop, ""),
                SHORTS.c.qty,
                SHORTS.c.at,
            )
            .outerjoin(ORDERS, ORDERS.c.order_no == SHORTS.c.order_no)
            .where(_in(SHORTS.c.at, window))
        )
        return [ShortDone(*row) for row in self._rows(statement)]

    def counted(self, window: Window) -> list[LocationCounted]:
        statement = (
            select_(
                TASKS.c.counter,
                TASKS.c.station_id,
                TASKS.c.location,
                TASKS.c.round,
                TASKS.c.status,
                TASKS.c.finished_at,
                func.coalesce(APPROVALS.c.decision, ""),
                TASKS.c.plan_id,
            )
            .outerjoin(APPROVALS, APPROVALS.c.task_id == TASKS.c.task_id)
            .where(_in(TASKS.c.finished_at, window), TASKS.c.status.in_(COUNTED))
        )
        rows = self._rows(statement)
        adjusted = self._adjusted({adjustment_reference(r[7], r[2], r[3]) for r in rows})
        return [
            LocationCounted(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                adjustment_reference(r[7], r[2], r[3]) in adjusted,
            )
            for r in rows
        ]

    def _adjusted(self, references: set[str]) -> set[str]:
        """Which of these count rounds posted an adjustment: looked up on the ledger's
        reference index, a page of references at a time (a reference built in SQL from
        the task's columns would not use the index on SQLite: a scan of the ledger)."""
        found: set[str] = set()
        wanted = sorted(references)
        for start in range(0, len(wanted), 500):
            statement = (
                select_(MOVES.c.reference)
                .where(MOVES.c.reference.in_(wanted[start : start + 500]))
                .where(MOVES.c.reason == MoveReason.COUNT_ADJUSTMENT.value)
            )
            found.update(row[0] for row in self._rows(statement))
        return found

    def parcels(self, window: Window) -> list[ParcelHanded]:
        statement = (
            select_(
                PARCELS.c.scanned_by,
                PARCELS.c.station_id,
                PARCELS.c.order_no,
                ORDERS.c.shop,
                PARCELS.c.scanned_at,
            )
            .join(ORDERS, ORDERS.c.order_no == PARCELS.c.order_no)
            .where(_in(PARCELS.c.scanned_at, window), PARCELS.c.removed.is_(False))
        )
        return [ParcelHanded(*row) for row in self._rows(statement)]

    def audits(self, window: Window, actions: tuple[str, ...]) -> list[AuditSeen]:
        statement = (
            select_(
                AUDIT.c.action,
                AUDIT.c.operator,
                AUDIT.c.station_id,
                AUDIT.c.subject,
                func.coalesce(ORDERS.c.shop, ""),
                AUDIT.c.detail,
                AUDIT.c.at,
            )
            .outerjoin(ORDERS, ORDERS.c.order_no == AUDIT.c.subject)
            .where(_in(AUDIT.c.at, window), AUDIT.c.action.in_(actions))
        )
        return [AuditSeen(*row) for row in self._rows(statement)]

    def orders(self, window: Window, paid_since: datetime) -> list[OrderDates]:
        statement = select_(
            ORDERS.c.order_no,
            ORDERS.c.shop,
            ORDERS.c.status,
            ORDERS.c.imported_at,
            ORDERS.c.paid_at,
            ORDERS.c.verified_at,
        ).where(
            or_(
                _in(ORDERS.c.imported_at, window),
                _in(ORDERS.c.verified_at, window),
                _in(ORDERS.c.paid_at, Window(paid_since, window.end)),
            )
        )
        return [OrderDates(*row) for row in self._rows(statement)]

    def handed_over(self, window: Window) -> list[ManifestParcel]:
        statement = (
            select_(PARCELS.c.order_no, ORDERS.c.shop, MANIFESTS.c.closed_at)
            .join(MANIFESTS, MANIFESTS.c.manifest_id == PARCELS.c.manifest_id)
            .join(ORDERS, ORDERS.c.order_no == PARCELS.c.order_no)
            .where(_in(MANIFESTS.c.closed_at, window), MANIFESTS.c.status == "closed")
            .where(PARCELS.c.removed.is_(False))
        )
        return [ManifestParcel(*row) for row in self._rows(statement)]

    def adjustments(self, window: Window) -> list[Adjustment]:
        approved = (
            select_(APPROVALS.c.plan_id, APPROVALS.c.location, TASKS.c.round, APPROVALS.c.at)
            .join(TASKS, TASKS.c.task_id == APPROVALS.c.task_id)
            .where(_in(APPROVALS.c.at, window), APPROVALS.c.decision == "approved")
        )
        decided = {
            adjustment_reference(plan, location, round_no): (location, at)
            for plan, location, round_no, at in self._rows(approved)
        }
        wanted, adjustments = sorted(decided), []
        for start in range(0, len(wanted), 500):
            statement = (
                select_(
                    MOVES.c.reference,
                    MOVES.c.sku_code,
                    MOVES.c.qty,
                    MOVES.c.to_location,
                    SKUS.c.unit_price_cents,
                )
                .join(SKUS, SKUS.c.code == MOVES.c.sku_code)
                .where(MOVES.c.reference.in_(wanted[start : start + 500]))
                .where(MOVES.c.reason == MoveReason.COUNT_ADJUSTMENT.value)
            )
            for reference, sku, qty, to_location, price in self._rows(statement):
                location, at = decided[reference]
                signed = qty if to_location == location else -qty  # found: into the bin
                adjustments.append(Adjustment(sku, signed, signed * price, at))
        return adjustments

    # --- the scan journal: tallies and gaps computed in SQL ---------------------------
    def _epoch_s(self, column: Any) -> Any:
        """Seconds since 1970 of a stored UTC time (with its fraction)."""
        if self._sqlite:
            return (func.julianday(column) - 2440587.5) * 86400.0
        return func.extract("epoch", column)

    def _hour_bucket(self, column: Any, offset_s: int) -> Any:
        """The local hour a time falls in, as whole hours since 1970 (local)."""
        if self._sqlite:
            whole = cast(func.strftime("%s", column), Integer)  # exact, no float rounding
            return cast((whole + offset_s) / 3600, Integer)
        return cast(func.floor((func.extract("epoch", column) + offset_s) / 3600), BigInteger)

    def scan_hours(self, window: Window, utc_offset_s: int) -> list[ScanHour]:
        bucket = self._hour_bucket(JOURNAL.c.received_at, utc_offset_s).label("bucket")
        statement = (
            select_(
                JOURNAL.c.operator,
                JOURNAL.c.station_id,
                JOURNAL.c.context,
                bucket,
                func.count(),
                _sum_if(JOURNAL.c.status == "rejected"),
                func.min(JOURNAL.c.received_at),
                func.max(JOURNAL.c.received_at),
            )
            .where(_in(JOURNAL.c.received_at, window), JOURNAL.c.operator != "")
            .group_by(JOURNAL.c.operator, JOURNAL.c.station_id, JOURNAL.c.context, bucket)
        )
        return [
            ScanHour(
                operator,
                station,
                context,
                datetime.fromtimestamp(int(hour) * 3600 - utc_offset_s, UTC),
                int(scans),
                int(refused),
                first,
                last,
            )
            for operator, station, context, hour, scans, refused, first, last in self._rows(
                statement
            )
        ]

    def idle_gaps(self, window: Window) -> list[IdleGap]:
        seconds = self._epoch_s(JOURNAL.c.received_at)
        who, when = JOURNAL.c.operator, JOURNAL.c.received_at
        scans = (
            select_(
                JOURNAL.c.operator,
                JOURNAL.c.station_id,
                func.lag(when, type_=UtcDateTime())
                .over(partition_by=who, order_by=when)
                .label("prev"),
                JOURNAL.c.received_at.label("at"),
                (seconds - func.lag(seconds).over(partition_by=who, order_by=when)).label("gap"),
            )
            .where(_in(JOURNAL.c.received_at, window), JOURNAL.c.operator != "")
            .subquery()
        )
        # SQLite's julianday is a float (about 50 µs at today's dates): a gap of exactly
        # five minutes must not count as idle, so the bound has a millisecond to spare.
        statement = select_(scans.c.operator, scans.c.station_id, scans.c.prev, scans.c.at).where(
            scans.c.gap > IDLE_GAP_S + 0.001
        )
        return [IdleGap(*row) for row in self._rows(statement)]

    def names(self) -> dict[str, str]:
        operators = sql.OPERATORS
        return dict(self._rows(select_(operators.c.badge, operators.c.name)))
