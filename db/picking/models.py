"""Tables of the picking workflow (typed `*Row` classes on the shared metadata).

A wave's orders and allocations are written once, when it is released, and never change:
progress is summed from the append-only `pick_record` and `pick_short` rows. Only the wave's
status and lease, and the station's `pick_session`, are updated, always with a guarded
UPDATE that bumps `version`. (`waves` in the initial revision predates these and is unused.)
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

WAVE_KINDS = ("single", "multi")
WAVE_STATUSES = ("released", "picking", "picked", "cancelled")


def _in_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PickWaveRow(Base):
    __tablename__ = "pick_wave"
    __table_args__ = (
        CheckConstraint(_in_list("kind", WAVE_KINDS), name="kind_known"),
        CheckConstraint(_in_list("status", WAVE_STATUSES), name="status_known"),
        # claim_next_wave walks this index in exactly its ORDER BY.
        Index("ix_pick_wave_claim", "status", "priority", "oldest_paid_at", "wave_no"),
    )

    wave_no: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer)
    oldest_paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    grp: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(ForeignKey("operators.badge"))
    version: Mapped[int] = mapped_column(Integer)


class PickWaveOrderRow(Base):
    """`position` is the order's slot (tote) in a multi-item wave."""

    __tablename__ = "pick_wave_order"
    __table_args__ = (UniqueConstraint("wave_no", "order_no", name="uq_pick_wave_order_order"),)

    wave_no: Mapped[str] = mapped_column(ForeignKey("pick_wave.wave_no"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    order_no: Mapped[str] = mapped_column(ForeignKey("orders.order_no"), index=True)


class PickAllocationRow(Base):
    """`walk_order` is copied at release so a printed list never changes under the picker."""

    __tablename__ = "pick_allocation"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("slot >= 0", name="slot_not_negative"),
        Index("ix_pick_allocation_sku_location", "sku_code", "location"),
        # An order of this very wave (migration 0007): one key check per row, not two.
        ForeignKeyConstraint(
            ["wave_no", "order_no"],
            ["pick_wave_order.wave_no", "pick_wave_order.order_no"],
            name="fk_pick_allocation_wave_order_pick_wave_order",
        ),
    )

    wave_no: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    order_no: Mapped[str] = mapped_column(String(CODE))
    line_no: Mapped[int] = mapped_column(Integer)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"))
    location: Mapped[str] = mapped_column(ForeignKey("locations.code"))
    walk_order: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)


class PickWaveSeqRow(Base):
    """The day's last wave number: bumped by one guarded statement, never read-then-written."""

    __tablename__ = "pick_wave_seq"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class PickRecordRow(Base):
    """A confirmed pick. UNIQUE move_id: a replayed scan cannot record its pick twice."""

    __tablename__ = "pick_record"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        ForeignKeyConstraint(
            ["wave_no", "allocation"],
            ["pick_allocation.wave_no", "pick_allocation.idx"],
            name="fk_pick_record_allocation_pick_allocation",
        ),
        Index("ix_pick_record_wave_allocation", "wave_no", "allocation"),
        Index("ix_pick_record_at", "at"),  # reports (0023)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wave_no: Mapped[str] = mapped_column(String(CODE))
    allocation: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Integer)
    move_id: Mapped[str] = mapped_column(ForeignKey("stock_move.move_id"), unique=True)
    operator: Mapped[str] = mapped_column(String(CODE))
    station_id: Mapped[str] = mapped_column(String(CODE))
    scan_id: Mapped[str] = mapped_column(String(CODE))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class PickShortRow(Base):
    """A declared shortfall (缺货). One scan shorts an allocation at most once."""

    __tablename__ = "pick_short"
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        ForeignKeyConstraint(
            ["wave_no", "allocation"],
            ["pick_allocation.wave_no", "pick_allocation.idx"],
            name="fk_pick_short_allocation_pick_allocation",
        ),
        Index(
            "uq_pick_short_scan",
            "scan_id",
            "allocation",
            unique=True,
            sqlite_where=text("scan_id <> ''"),
            postgresql_where=text("scan_id <> ''"),
        ),
        Index("ix_pick_short_wave_allocation", "wave_no", "allocation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wave_no: Mapped[str] = mapped_column(String(CODE))
    allocation: Mapped[int] = mapped_column(Integer)
    order_no: Mapped[str] = mapped_column(String(CODE))
    sku_code: Mapped[str] = mapped_column(String(CODE))
    location: Mapped[str] = mapped_column(String(CODE))
    qty: Mapped[int] = mapped_column(Integer)
    operator: Mapped[str] = mapped_column(String(CODE))
    station_id: Mapped[str] = mapped_column(String(CODE))
    scan_id: Mapped[str] = mapped_column(String(CODE))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class PickSessionRow(Base):
    __tablename__ = "pick_session"
    __table_args__ = (
        CheckConstraint("in_hand >= 0", name="in_hand_not_negative"),
        CheckConstraint("pending_qty >= 0", name="pending_not_negative"),
    )

    station_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    operator: Mapped[str] = mapped_column(String(CODE))
    wave_no: Mapped[str] = mapped_column(String(CODE))
    at_location: Mapped[str] = mapped_column(String(CODE))
    in_hand: Mapped[int] = mapped_column(Integer)
    pending_qty: Mapped[int] = mapped_column(Integer)
    awaiting_short_qty: Mapped[bool] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer)
    in_hand_sku: Mapped[str] = mapped_column(String(CODE), server_default="")
