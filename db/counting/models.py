"""Tables of the counting workflow (typed `*Row` classes on the shared metadata).

A count task is one location in one plan and one round. Two partial unique indexes let the
database, not a read, decide that a location has one undecided task and that a stocktaker
counts one location at a time. `count_entry` is append-only (triggers in the migration):
totals are summed from it, never stored. `ck_count_approval_not_self` and the
`count_approval_not_a_counter` trigger (migration 0005: the approver is no counter of any
round of the location) keep an approver from approving their own count even when a row is
written past the application. `held_stock_move` keeps moves into a frozen location until
the count is decided; it is append-only, and a held move is still waiting exactly while its
move_id is not in the ledger.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

SCOPES = ("locations", "zone", "sku", "not_counted_since")
THRESHOLD_KINDS = ("units", "percent")
PLAN_STATUSES = ("open", "closed", "cancelled")
TASK_STATUSES = ("open", "counting", "counted", "superseded", "approved", "cancelled")
ENTRY_KINDS = ("item", "keyed", "undo", "unknown", "empty", "done")
DECISIONS = ("approved", "rejected")
REASONS = ("damaged", "found", "lost", "wrong_location", "data_error")
# Undecided: the location stays frozen and may get no second task.
CURRENT = "status IN ('open', 'counting', 'counted')"
COUNTING = "status = 'counting'"
WITH_SCAN = "scan_id IS NOT NULL"


def in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class CountPlanRow(Base):
    __tablename__ = "count_plan"
    __table_args__ = (
        CheckConstraint(in_list("scope", SCOPES), name="scope_known"),
        CheckConstraint("days >= 0", name="days_not_negative"),
        CheckConstraint(in_list("threshold_kind", THRESHOLD_KINDS), name="threshold_known"),
        CheckConstraint("threshold_value >= 0", name="threshold_not_negative"),
        CheckConstraint(in_list("status", PLAN_STATUSES), name="status_known"),
    )

    plan_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(20))
    zone: Mapped[str] = mapped_column(String(CODE), default="")
    sku_code: Mapped[str | None] = mapped_column(ForeignKey("skus.code"))
    days: Mapped[int] = mapped_column(Integer, default=0)
    chosen_locations: Mapped[str] = mapped_column(Text, default="")  # comma list
    blind: Mapped[bool] = mapped_column(Boolean, default=True)
    threshold_kind: Mapped[str] = mapped_column(String(10))
    threshold_value: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_by: Mapped[str] = mapped_column(ForeignKey("operators.badge"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CountTaskRow(Base):
    __tablename__ = "count_task"
    __table_args__ = (
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint(in_list("status", TASK_STATUSES), name="status_known"),
        CheckConstraint("status = 'open' OR counter IS NOT NULL", name="counted_by_someone"),
        UniqueConstraint("plan_id", "location", "round", name="uq_count_task_round"),
        Index(
            "ux_count_task_current",
            "location",
            unique=True,
            sqlite_where=text(CURRENT),
            postgresql_where=text(CURRENT),
        ),
        Index(
            "ux_count_task_counter",
            "counter",
            unique=True,
            sqlite_where=text(COUNTING),
            postgresql_where=text(COUNTING),
        ),
        Index("ix_count_task_finished_at", "finished_at"),  # reports (0023)
    )

    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("count_plan.plan_id"))
    location: Mapped[str] = mapped_column(ForeignKey("locations.code"))
    round: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    counter: Mapped[str | None] = mapped_column(ForeignKey("operators.badge"))
    station_id: Mapped[str] = mapped_column(String(CODE), default="")
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CountTaskExcludedRow(Base):
    """Earlier counters of the location: a recount is somebody else's."""

    __tablename__ = "count_task_excluded"

    task_id: Mapped[str] = mapped_column(
        ForeignKey("count_task.task_id", ondelete="CASCADE"), primary_key=True
    )
    badge: Mapped[str] = mapped_column(String(CODE), primary_key=True)


class CountSnapshotRow(Base):
    """The system quantity per SKU when the location froze; written once per task."""

    __tablename__ = "count_snapshot"

    task_id: Mapped[str] = mapped_column(
        ForeignKey("count_task.task_id", ondelete="CASCADE"), primary_key=True
    )
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)


class CountEntryRow(Base):
    """Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "count_entry"
    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq_positive"),
        CheckConstraint(in_list("kind", ENTRY_KINDS), name="kind_known"),
        CheckConstraint("qty >= 0", name="qty_not_negative"),
        CheckConstraint("(kind = 'item') = (sku_code IS NOT NULL)", name="item_has_sku"),
        # One entry per scan: a replayed scan cannot count twice.
        Index(
            "ux_count_entry_scan",
            "scan_id",
            unique=True,
            sqlite_where=text(WITH_SCAN),
            postgresql_where=text(WITH_SCAN),
        ),
    )

    task_id: Mapped[str] = mapped_column(ForeignKey("count_task.task_id"), primary_key=True)
    # (task_id, seq) is the key: two writers cannot both append the same step.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(8))
    sku_code: Mapped[str | None] = mapped_column(ForeignKey("skus.code"))
    qty: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(256), default="")
    operator: Mapped[str] = mapped_column(String(CODE))
    scan_id: Mapped[str | None] = mapped_column(String(CODE))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class CountApprovalRow(Base):
    __tablename__ = "count_approval"
    __table_args__ = (
        CheckConstraint(in_list("decision", DECISIONS), name="decision_known"),
        CheckConstraint(f"reason IS NULL OR {in_list('reason', REASONS)}", name="reason_known"),
        CheckConstraint("approver <> counter", name="not_self"),
        Index("ix_count_approval_location_at", "location", "at"),
        Index("ix_count_approval_at", "at"),  # reports (0023)
    )

    approval_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("count_plan.plan_id"), index=True)
    location: Mapped[str] = mapped_column(String(CODE))
    # One decision per round.
    task_id: Mapped[str] = mapped_column(ForeignKey("count_task.task_id"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(16))
    approver: Mapped[str] = mapped_column(ForeignKey("operators.badge"))
    counter: Mapped[str] = mapped_column(ForeignKey("operators.badge"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class HeldStockMoveRow(Base):
    """A move into a location frozen for a count, kept as it came until the count is decided.

    Append-only (triggers in the migration). Posted later through the ledger under the same
    move_id, so the ledger's UNIQUE key decides it is applied at most once; `seq` keeps the
    order it arrived in, which timestamps from one transaction cannot."""

    __tablename__ = "held_stock_move"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("from_location <> to_location", name="two_locations"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    move_id: Mapped[str] = mapped_column(String(CODE), unique=True)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"))
    qty: Mapped[int] = mapped_column(Integer)
    from_location: Mapped[str] = mapped_column(ForeignKey("locations.code"))
    to_location: Mapped[str] = mapped_column(ForeignKey("locations.code"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(200), default="")
    operator: Mapped[str] = mapped_column(String(CODE), default="")
    station_id: Mapped[str] = mapped_column(String(CODE), default="")
    scan_id: Mapped[str | None] = mapped_column(String(CODE))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reverses: Mapped[str | None] = mapped_column(String(CODE))
    held_at: Mapped[datetime] = mapped_column(UtcDateTime)
