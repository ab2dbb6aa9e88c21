"""Tables of the inspection workflow (typed `*Row` classes on the shared metadata).

An open `inspection_session` row is the order's lease: two partial unique indexes let the
database, not a read, decide that one order is inspected at one station, and one station
inspects one order. `inspection_event` is append-only (triggers in the migration), so a
station that restarts folds exactly what was scanned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

SESSION_RESULTS = ("open", "passed", "on_hold", "abandoned", "taken_over")
EVENT_KINDS = (
    "opened",
    "count",
    "wrong",
    "undo",
    "remove",
    "problem",
    "ack",
    "arm_qty",
    "arm_problem",
    "pending",
    "clear",
    "location",
    "weight",
    "override",
    "takeover",
    "arm_gift",
    "gift",
    "bind",
)


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class InspectionSessionRow(Base):
    __tablename__ = "inspection_session"
    __table_args__ = (
        CheckConstraint(_in_list("result", SESSION_RESULTS), name="result_known"),
        Index(
            "uq_inspection_open_station",
            "station_id",
            unique=True,
            sqlite_where=text("result = 'open'"),
            postgresql_where=text("result = 'open'"),
        ),
        Index("ix_inspection_session_order_started", "order_no", "started_at"),
        Index("ix_inspection_session_ended_at", "ended_at"),  # reports (0023)
    )

    session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_no: Mapped[str] = mapped_column(ForeignKey("orders.order_no"))
    station_id: Mapped[str] = mapped_column(String(CODE))
    operator: Mapped[str] = mapped_column(String(CODE))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result: Mapped[str] = mapped_column(String(20))
    wrong_scans: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class InspectionEventRow(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "inspection_event"
    __table_args__ = (CheckConstraint(_in_list("kind", EVENT_KINDS), name="kind_known"),)

    session_id: Mapped[str] = mapped_column(
        ForeignKey("inspection_session.session_id"), primary_key=True
    )
    # (session_id, seq) is the key: two writers cannot both append the same step.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    # `group` is reserved in SQL.
    group: Mapped[str] = mapped_column("grp", String(64), default="")
    line_no: Mapped[int] = mapped_column(Integer, default=0)
    sku_code: Mapped[str] = mapped_column(String(CODE), default="")
    qty: Mapped[int] = mapped_column(Integer, default=0)
    lot: Mapped[str] = mapped_column(String(CODE), default="")
    serial: Mapped[str] = mapped_column(String(CODE), default="")
    reason: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(String(600), default="")
    spec: Mapped[str] = mapped_column(String(200), default="", server_default="")
    replacement: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str] = mapped_column(String(CODE), default="")
    expected_g: Mapped[int] = mapped_column(Integer, default=0)
    move_id: Mapped[str] = mapped_column(String(CODE), default="")
    scan_id: Mapped[str] = mapped_column(String(CODE), default="", index=True)
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    station_id: Mapped[str] = mapped_column(String(CODE), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime)
