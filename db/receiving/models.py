"""Tables of receiving (入库验收): purchase orders and their lines, receipts, their units, and
what each station carries to put away.

The database keeps one open receipt per station (a partial unique index). A line's
`received` is changed only by one conditional statement per scan (db/receiving/
repository.py), so two receivers on one PO add up exactly.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models import CODE, Base, UtcDateTime

_OPEN = "status = 'open'"
PO_STATUSES = "status IN ('open', 'closed')"
RECEIPT_STATUSES = "status IN ('open', 'closed', 'abandoned')"
_TO_VENDOR = "reason != '' AND rtv = '' AND removed = false"
REASONS = "reason IN ('', 'damaged', 'wrong_spec', 'short_dated', 'wrong_item')"


class PurchaseOrderRow(Base):
    __tablename__ = "purchase_order"
    __table_args__ = (
        CheckConstraint(PO_STATUSES, name="status_known"),
        Index("ix_purchase_order_delivery_note", "delivery_note"),
        # In transit sums the open ones' lines.
        Index(
            "ix_purchase_order_open",
            "po_no",
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
    )

    po_no: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    supplier: Mapped[str] = mapped_column(String(100))
    delivery_note: Mapped[str] = mapped_column(String(CODE), default="")
    expected: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))
    imported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[str] = mapped_column(String(CODE), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class PoLineRow(Base):
    __tablename__ = "po_line"
    __table_args__ = (
        CheckConstraint("ordered > 0", name="ordered_positive"),
        CheckConstraint("received >= 0", name="received_not_negative"),
        Index("ix_po_line_sku_code", "sku_code"),
    )

    po_no: Mapped[str] = mapped_column(ForeignKey("purchase_order.po_no"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku_code: Mapped[str] = mapped_column(ForeignKey("skus.code"))
    ordered: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    lot: Mapped[str] = mapped_column(String(40), default="")
    expiry: Mapped[date | None] = mapped_column(Date)


class ReceiptRow(Base):
    __tablename__ = "receipt"
    __table_args__ = (
        CheckConstraint(RECEIPT_STATUSES, name="status_known"),
        Index(
            "uq_receipt_open_station",
            "station_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        Index("ix_receipt_po_no", "po_no"),
        Index("ix_receipt_opened_at", "opened_at"),
    )

    receipt_id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(CODE))
    po_no: Mapped[str] = mapped_column(String(CODE), default="")
    supplier: Mapped[str] = mapped_column(String(100))
    opened_by: Mapped[str] = mapped_column(String(CODE))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(10))
    allowed_by: Mapped[str] = mapped_column(String(CODE), default="")
    lot: Mapped[str] = mapped_column(String(40), default="")
    expiry: Mapped[date | None] = mapped_column(Date)
    closed_by: Mapped[str] = mapped_column(String(CODE), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReceiptUnitRow(Base):
    __tablename__ = "receipt_unit"
    __table_args__ = (
        CheckConstraint(REASONS, name="reason_known"),
        # Failed units still in quarantine: what a return-to-vendor list reads.
        Index(
            "ix_receipt_unit_to_vendor",
            "receipt_id",
            sqlite_where=text(_TO_VENDOR),
            postgresql_where=text(_TO_VENDOR),
        ),
    )

    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipt.receipt_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sku_code: Mapped[str] = mapped_column(String(CODE))
    line_no: Mapped[int] = mapped_column(Integer, default=0)
    qty: Mapped[int] = mapped_column(Integer)
    scanned_by: Mapped[str] = mapped_column(String(CODE))
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    lot: Mapped[str] = mapped_column(String(40), default="")
    expiry: Mapped[date | None] = mapped_column(Date)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The return-to-vendor booking that sent a failed unit back to its supplier.
    rtv: Mapped[str] = mapped_column(String(CODE), default="")
