"""A past day's tallies of the scan journal (core/reports/tallies.py): a copy that every
read checks against the journal's mark, never a counter of its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, UtcDateTime


class ScanDayTallyRow(Base):
    """One local day: its window (a zone's midnight to the next), the offset its hours
    were keyed by, the journal's mark (scans, last seq) and the tallies as JSON."""

    __tablename__ = "scan_day_tally"
    __table_args__ = (
        UniqueConstraint("starts_at", "ends_at", "utc_offset_s", name="uq_scan_day_tally_window"),
        Index("ix_scan_day_tally_day", "day"),
    )

    tally_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    utc_offset_s: Mapped[int] = mapped_column(Integer)
    scans: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    tallies: Mapped[str] = mapped_column(Text)
