"""Tables of the handover workflow (出库登记): manifests and the parcels scanned onto them.

The database decides what a read cannot: one open manifest per courier and dock, and one
manifest per order (a partial unique index over the parcels not removed), so two docks
scanning the same waybill at once end with exactly one of them holding it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

_OPEN = "status = 'open'"
_LIVE = "removed = false"


class ManifestRow(Base):
    __tablename__ = "handover_manifest"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status_known"),
        Index(
            "uq_handover_open_courier_dock",
            "courier",
            "dock",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        Index("ix_handover_manifest_closed_at", "closed_at"),
    )

    manifest_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    courier: Mapped[str] = mapped_column(String(CODE))
    dock: Mapped[str] = mapped_column(String(CODE), index=True)
    status: Mapped[str] = mapped_column(String(10))
    opened_by: Mapped[str] = mapped_column(String(CODE))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    selected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str] = mapped_column(String(CODE), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    collected_by: Mapped[str] = mapped_column(String(CODE), default="")
    parcels: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ParcelRow(Base):
    __tablename__ = "handover_parcel"
    __table_args__ = (
        Index(
            "uq_handover_parcel_order_live",
            "order_no",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
        Index("ix_handover_parcel_manifest_seq", "manifest_id", "seq"),
        Index("ix_handover_parcel_order_no", "order_no"),  # the order desk (0021)
        Index("ix_handover_parcel_scanned_at", "scanned_at"),  # reports (0023)
    )

    manifest_id: Mapped[str] = mapped_column(
        ForeignKey("handover_manifest.manifest_id"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    order_no: Mapped[str] = mapped_column(ForeignKey("orders.order_no"))
    waybill: Mapped[str] = mapped_column(String(CODE), default="")
    scanned_by: Mapped[str] = mapped_column(String(CODE))
    station_id: Mapped[str] = mapped_column(String(CODE))
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_reason: Mapped[str] = mapped_column(String(100), default="")
    removed_by: Mapped[str] = mapped_column(String(CODE), default="")
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
