"""The scan journal as the reports read it, and the past days' tallies kept beside it
(core/reports/tallies.py): the part of the report reader a month's million scans go
through. SqlReportReader (reader.py) is this and the other records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, and_, cast, delete, func, type_coerce
from sqlalchemy import select as select_
from sqlalchemy.orm import Session

from db import statements as sql
from db.reports import tallies
from db.reports.models import ScanDayTallyRow
from wms_tui.core.reports.records import DayTally, JournalLine, JournalMark, Window

JOURNAL = sql.JOURNAL


def in_window(column: Any, window: Window) -> ColumnElement[bool]:
    return and_(column >= window.start, column < window.end)


class JournalReads:
    _session: Session
    _sqlite: bool

    def _epoch_s(self, column: Any) -> Any:
        """Seconds since 1970 of a stored UTC time, with its microseconds, as a float the
        driver hands over as it is (no datetime made per scan)."""
        if self._sqlite:
            # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff': whole seconds, then the fraction,
            # exact (julianday's float is off by up to 50 µs: an hour's edge would move).
            whole = cast(func.strftime("%s", column), Integer)
            return type_coerce(whole + cast(func.substr(column, 20), Float), Float)
        return cast(func.extract("epoch", column), Float)

    def journal(self, window: Window) -> Iterator[JournalLine]:
        statement = (
            select_(
                JOURNAL.c.operator,
                JOURNAL.c.station_id,
                JOURNAL.c.context,
                self._epoch_s(JOURNAL.c.received_at),
                JOURNAL.c.status == "rejected",
            )
            .where(in_window(JOURNAL.c.received_at, window), JOURNAL.c.operator != "")
            .order_by(JOURNAL.c.received_at)  # the time index: nothing to sort
        )
        for operator, station, context, at, refused in self._session.execute(statement):
            yield operator, station, context, float(at), bool(refused)

    # --- a past day's tallies of the journal -----------------------------------------
    def journal_mark(self, window: Window) -> JournalMark:
        statement = select_(func.count(JOURNAL.c.seq), func.coalesce(func.max(JOURNAL.c.seq), 0))
        scans, last_seq = self._session.execute(
            statement.where(in_window(JOURNAL.c.received_at, window))
        ).one()
        return JournalMark(int(scans), int(last_seq))

    def journal_pending(self, window: Window) -> int:
        statement = select_(func.count(JOURNAL.c.seq)).where(
            in_window(JOURNAL.c.received_at, window), JOURNAL.c.status == "pending"
        )
        return int(self._session.execute(statement).scalar_one())

    def kept_tallies(self, window: Window) -> list[DayTally]:
        statement = select_(ScanDayTallyRow).where(
            ScanDayTallyRow.starts_at >= window.start, ScanDayTallyRow.ends_at <= window.end
        )
        return [tallies.from_row(row) for row in self._session.scalars(statement)]

    def keep_tally(self, tally: DayTally) -> None:
        self._session.execute(
            delete(ScanDayTallyRow).where(
                ScanDayTallyRow.starts_at == tally.window.start,
                ScanDayTallyRow.ends_at == tally.window.end,
                ScanDayTallyRow.utc_offset_s == tally.utc_offset_s,
            )
        )
        self._session.add(tallies.to_row(tally))
        self._session.flush()

    def forget_tallies(self, before: date) -> None:
        self._session.execute(delete(ScanDayTallyRow).where(ScanDayTallyRow.day < before))
