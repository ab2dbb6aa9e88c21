"""Tables of the returns workflow (退货): return records and the units scanned into them.

The database keeps one open return per station (a partial unique index); one open return
per order is the one lease's (db/leases.py). An unidentified return (无主件) has an empty
order number until a supervisor matches it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

_OPEN = "status = 'open'"
_TO_SHELVE = "status = 'closed' AND shelved = false"
STATUSES = "status IN ('open', 'closed', 'abandoned', 'scrapped')"
CONDITIONS = "condition IN ('resaleable', 'damaged', 'wrong_item', 'missing_parts')"
WAITING = "condition = 'resaleable' AND put_away_to = '' AND removed = false"


class ReturnRow(Base):
    __tablename__ = "return_record"
    __table_args__ = (
        CheckConstraint(STATUSES, name="status_known"),
        Index(
            "uq_return_open_station",
            "station_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        Index("ix_return_record_order_no", "order_no"),
        Index("ix_return_record_return_waybill", "return_waybill"),
        Index("ix_return_record_opened_at", "opened_at"),
        Index("ix_return_record_closed_at", "closed_at"),
        # The few closed returns whose units fit to sell still wait to be put away.
        Index(
            "ix_return_record_to_shelve",
            "station_id",
            sqlite_where=text(_TO_SHELVE),
            postgresql_where=text(_TO_SHELVE),
        ),
    )

    return_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    order_no: Mapped[str] = mapped_column(String(CODE), default="")
    parcel: Mapped[str] = mapped_column(String(CODE))
    return_waybill: Mapped[str] = mapped_column(String(CODE), default="")
    station_id: Mapped[str] = mapped_column(String(CODE))
    opened_by: Mapped[str] = mapped_column(String(CODE))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    closed_by: Mapped[str] = mapped_column(String(CODE), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    units: Mapped[int] = mapped_column(Integer, default=0)
    matched_by: Mapped[str] = mapped_column(String(CODE), default="")
    matched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shelved: Mapped[bool] = mapped_column(Boolean, default=False)  # nothing left to put away
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReturnUnitRow(Base):
    __tablename__ = "return_unit"
    __table_args__ = (
        CheckConstraint(CONDITIONS, name="condition_known"),
        # Units fit to sell still in the returns area: what a bin scan may shelve.
        Index(
            "ix_return_unit_waiting",
            "return_id",
            "sku_code",
            sqlite_where=text(WAITING),
            postgresql_where=text(WAITING),
        ),
    )

    return_id: Mapped[str] = mapped_column(ForeignKey("return_record.return_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku_code: Mapped[str] = mapped_column(String(CODE))
    line_no: Mapped[int] = mapped_column(Integer, default=0)
    condition: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    scanned_by: Mapped[str] = mapped_column(String(CODE))
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    put_away_to: Mapped[str] = mapped_column(String(CODE), default="")
