"""The records the day's figures come from (core/reports/records.py), read by time.

Each read is one query on a time index (migration 0023), so a day of a busy month reads
that day only. The scan journal is the biggest record (a million scans a month): it is
given as plain tuples in time order, no object made per scan, which
core/reports/scans.py tallies in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal_column,
    or_,
)
from sqlalchemy import select as select_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db import statements as sql
from db.counting.models import CountApprovalRow, CountTaskRow
from db.handover.models import ManifestRow, ParcelRow
from db.inspection.models import InspectionEventRow, InspectionSessionRow
from db.models import AuditRow
from db.picking.models import PickAllocationRow, PickRecordRow, PickShortRow
from db.receiving.models import ReceiptRow, ReceiptUnitRow
from db.reports.journal import JournalReads
from db.reports.journal import in_window as _in
from db.returns.models import ReturnRow, ReturnUnitRow
from db.statements import table
from wms_tui.core.counting.records import adjustment_reference
from wms_tui.core.model import MoveReason
from wms_tui.core.reports.records import (
    Adjustment,
    AuditSeen,
    InspectionRun,
    LocationCounted,
    ManifestHanded,
    OrderDates,
    ParcelsScanned,
    PickDone,
    ReceiptBooked,
    ReturnBooked,
    ShortDone,
    Window,
)

ORDERS, JOURNAL, MOVES, SKUS = sql.ORDERS, sql.JOURNAL, sql.MOVES, sql.SKUS
SESSIONS, EVENTS = table(InspectionSessionRow), table(InspectionEventRow)
PICKS, ALLOCATIONS, SHORTS = table(PickRecordRow), table(PickAllocationRow), table(PickShortRow)
TASKS, APPROVALS = table(CountTaskRow), table(CountApprovalRow)
PARCELS, MANIFESTS, AUDIT = table(ParcelRow), table(ManifestRow), table(AuditRow)
COUNTED = ("counted", "superseded", "approved")


def adjustment_moves(references: list[str], *columns: Any) -> Any:
    """`columns` of the count adjustments posted under these references. The reason is
    written out, not bound: the partial index of adjustments (migration 0027) is then used
    whatever the planner thinks of the references, which picks and moves share by the
    thousand (SQLite's statistics made it scan the ledger, 25 ms a page of 500)."""
    return (
        select_(*columns)
        .where(MOVES.c.reference.in_(references))
        .where(MOVES.c.reason == literal_column(f"'{MoveReason.COUNT_ADJUSTMENT.value}'"))
    )


def _sqlite_time(stored: str) -> datetime:
    return datetime.fromisoformat(stored + "+00:00")


def _sqlite_maybe(stored: str | None) -> datetime | None:
    return None if stored is None else datetime.fromisoformat(stored + "+00:00")


def _same(value: Any) -> Any:
    return value


def _sum_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class SqlReportReader(JournalReads):
    def __init__(self, session: Session) -> None:
        self._session = session
        dialect = session.get_bind().dialect
        self._sqlite = dialect.name == "sqlite"
        self._driver_error: type[Exception] = dialect.loaded_dbapi.Error
        # A stored time as the driver gives it, made aware: `_at` for one never empty,
        # `_maybe_at` for one that may be. SQLite keeps naive UTC text (db/models.py:
        # UtcDateTime); psycopg gives timestamptz aware already.
        self._at: Callable[[Any], Any] = _sqlite_time if self._sqlite else _same
        self._maybe_at: Callable[[Any], Any] = _sqlite_maybe if self._sqlite else _same

    def _rows(self, statement: Any) -> list[Any]:
        """The rows as the driver gives them: each read makes its records from them and
        its stored times aware with `_at`. SQLAlchemy's own rows cost a month's report
        near 2 s of its 5 (a row object and a processor call per value); the statement is
        still compiled, bound and its errors told by SQLAlchemy, only the fetching is the
        driver's."""
        result = self._session.connection().execute(statement)
        try:
            return list(result.cursor.fetchall())
        except self._driver_error as exc:
            raise DBAPIError.instance(None, None, exc, self._driver_error) from exc
        finally:
            result.close()

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
        at = self._at
        return [
            InspectionRun(order, shop, who, station, at(started), at(ended), result, earlier,
                          items, wrong, too_many, problems, note)
            for order, shop, who, station, started, ended, result, earlier, items, wrong,
            too_many, problems, note in self._rows(statement)
        ]  # fmt: skip

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
        at = self._at
        return [
            PickDone(who, station, wave, allocation, location, qty, at(done))
            for who, station, wave, allocation, location, qty, done in self._rows(statement)
        ]

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
        at = self._at
        return [
            ShortDone(who, station, order, shop, qty, at(done))
            for who, station, order, shop, qty, done in self._rows(statement)
        ]

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
                self._at(r[5]),
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
            statement = adjustment_moves(wanted[start : start + 500], MOVES.c.reference)
            found.update(row[0] for row in self._rows(statement))
        return found

    def parcels(self, window: Window) -> list[ParcelsScanned]:
        quarter = self._quarter(PARCELS.c.scanned_at)
        statement = (
            select_(PARCELS.c.scanned_by, PARCELS.c.station_id, quarter, func.count())
            .where(_in(PARCELS.c.scanned_at, window), PARCELS.c.removed.is_(False))
            .group_by(PARCELS.c.scanned_by, PARCELS.c.station_id, quarter)
        )
        at = self._at
        return [
            ParcelsScanned(who, station, at(start), int(parcels))
            for who, station, start, parcels in self._rows(statement)
        ]

    def returns(self, window: Window) -> list[ReturnBooked]:
        unfit = func.sum(case((ReturnUnitRow.condition == "resaleable", 0), else_=1))
        statement = (
            select_(
                ReturnRow.closed_by, ReturnRow.station_id, ReturnRow.return_id,
                func.coalesce(ORDERS.c.shop, ""), func.count(ReturnUnitRow.seq), unfit,
                ReturnRow.opened_at, ReturnRow.closed_at,
            )
            .join(ReturnUnitRow, ReturnUnitRow.return_id == ReturnRow.return_id)
            .outerjoin(ORDERS, ORDERS.c.order_no == ReturnRow.order_no)
            .where(
                ReturnRow.status.in_(("closed", "scrapped")),
                _in(ReturnRow.closed_at, window),
                ReturnUnitRow.removed.is_(False),
            )
            .group_by(
                ReturnRow.closed_by, ReturnRow.station_id, ReturnRow.return_id,
                ORDERS.c.shop, ReturnRow.opened_at, ReturnRow.closed_at,
            )
        )  # fmt: skip
        return [
            ReturnBooked(row[0], row[1], row[2], row[3], int(row[4]), int(row[5] or 0),
                         self._at(row[6]), self._at(row[7]))
            for row in self._rows(statement)
        ]  # fmt: skip

    def receipts(self, window: Window) -> list[ReceiptBooked]:
        rejects = func.sum(case((ReceiptUnitRow.reason == "", 0), else_=ReceiptUnitRow.qty))
        statement = (
            select_(
                ReceiptRow.closed_by, ReceiptRow.station_id, ReceiptRow.receipt_id,
                func.count(func.distinct(ReceiptUnitRow.sku_code)), func.sum(ReceiptUnitRow.qty),
                rejects, ReceiptRow.opened_at, ReceiptRow.closed_at,
            )
            .join(ReceiptUnitRow, ReceiptUnitRow.receipt_id == ReceiptRow.receipt_id)
            .where(
                ReceiptRow.status == "closed",
                _in(ReceiptRow.closed_at, window),
                ReceiptUnitRow.removed.is_(False),
            )
            .group_by(
                ReceiptRow.closed_by, ReceiptRow.station_id, ReceiptRow.receipt_id,
                ReceiptRow.opened_at, ReceiptRow.closed_at,
            )
        )  # fmt: skip
        return [
            ReceiptBooked(row[0], row[1], row[2], int(row[3]), int(row[4] or 0),
                          int(row[5] or 0), self._at(row[6]), self._at(row[7]))
            for row in self._rows(statement)
        ]  # fmt: skip

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
        at = self._at
        return [
            AuditSeen(action, who, station, subject, shop, detail, at(done))
            for action, who, station, subject, shop, detail, done in self._rows(statement)
        ]

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
        maybe = self._maybe_at
        return [
            OrderDates(order, shop, status, maybe(imported), maybe(paid), maybe(verified))
            for order, shop, status, imported, paid, verified in self._rows(statement)
        ]

    def handed_over(self, window: Window) -> list[ManifestHanded]:
        statement = (
            select_(
                MANIFESTS.c.manifest_id, ORDERS.c.shop, MANIFESTS.c.closed_at,
                func.count(PARCELS.c.order_no),
            )
            .join(MANIFESTS, MANIFESTS.c.manifest_id == PARCELS.c.manifest_id)
            .join(ORDERS, ORDERS.c.order_no == PARCELS.c.order_no)
            .where(_in(MANIFESTS.c.closed_at, window), MANIFESTS.c.status == "closed")
            .where(PARCELS.c.removed.is_(False))
            .group_by(MANIFESTS.c.manifest_id, ORDERS.c.shop, MANIFESTS.c.closed_at)
        )  # fmt: skip
        at = self._at
        return [
            ManifestHanded(manifest, shop, at(closed), int(parcels))
            for manifest, shop, closed, parcels in self._rows(statement)
        ]

    def adjustments(self, window: Window) -> list[Adjustment]:
        approved = (
            select_(
                APPROVALS.c.plan_id,
                APPROVALS.c.location,
                TASKS.c.round,
                APPROVALS.c.at,
            )
            .join(TASKS, TASKS.c.task_id == APPROVALS.c.task_id)
            .where(_in(APPROVALS.c.at, window), APPROVALS.c.decision == "approved")
        )
        decided = {
            adjustment_reference(plan, location, round_no): (location, self._at(at))
            for plan, location, round_no, at in self._rows(approved)
        }
        wanted, adjustments = sorted(decided), []
        for start in range(0, len(wanted), 500):
            statement = adjustment_moves(
                wanted[start : start + 500],
                MOVES.c.reference,
                MOVES.c.sku_code,
                MOVES.c.qty,
                MOVES.c.to_location,
                # Per move found, not a join: joined, SQLite walked each SKU's moves.
                select_(SKUS.c.unit_price_cents)
                .where(SKUS.c.code == MOVES.c.sku_code)
                .scalar_subquery(),
            )
            for reference, sku, qty, to_location, price in self._rows(statement):
                location, at = decided[reference]
                signed = qty if to_location == location else -qty  # found: into the bin
                adjustments.append(Adjustment(sku, signed, signed * price, at))
        return adjustments

    # --- the scan journal: a month holds a million scans ------------------------------
    def _quarter(self, column: Any) -> Any:
        """The start of the quarter hour a stored time falls in, stored as times are."""
        if self._sqlite:
            # 'YYYY-MM-DD HH:MM:SS.ffffff' to 'YYYY-MM-DD HH:MM', the minutes floored.
            minutes = func.substr(column, 15, 2)
            floored = case(
                (minutes < "15", "00"), (minutes < "30", "15"), (minutes < "45", "30"),
                else_="45",
            )  # fmt: skip
            return func.substr(column, 1, 14).concat(floored)
        return func.date_bin(
            literal_column("interval '15 minutes'"),
            column,
            literal_column("timestamptz '2000-01-01 00:00:00+00'"),
        )

    def names(self) -> dict[str, str]:
        operators = sql.OPERATORS
        return dict(self._rows(select_(operators.c.badge, operators.c.name)))
