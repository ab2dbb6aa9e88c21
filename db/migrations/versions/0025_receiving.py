"""Receiving (入库验收): purchase orders and their lines, receipts, their units, and what each
station carries to put away.

Revision ID: 0025_receiving
Revises: 0024_returns
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0025_receiving"
down_revision: str | None = "0024_returns"
branch_labels: str | None = None
depends_on: str | None = None

_OPEN = "status = 'open'"
_PO_STATUSES = "status IN ('open', 'closed')"
_RECEIPT_STATUSES = "status IN ('open', 'closed', 'abandoned')"
_TO_VENDOR = "reason != '' AND rtv = '' AND removed = false"
_REASONS = "reason IN ('', 'damaged', 'wrong_spec', 'short_dated', 'wrong_item')"


def _code(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=64), nullable=nullable)


def _at(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "purchase_order",
        _code("po_no"),
        sa.Column("supplier", sa.String(length=100), nullable=False),
        _code("delivery_note"),
        sa.Column("expected", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        _at("imported_at", nullable=True),
        _code("closed_by"),
        _at("closed_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(_PO_STATUSES, name=op.f("ck_purchase_order_status_known")),
        sa.PrimaryKeyConstraint("po_no", name=op.f("pk_purchase_order")),
    )
    with op.batch_alter_table("purchase_order", schema=None) as batch_op:
        batch_op.create_index("ix_purchase_order_delivery_note", ["delivery_note"], unique=False)
        batch_op.create_index(
            "ix_purchase_order_open", ["po_no"], unique=False,
            sqlite_where=sa.text(_OPEN), postgresql_where=sa.text(_OPEN),
        )  # fmt: skip
    op.create_table(
        "po_line",
        _code("po_no"),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        _code("sku_code"),
        sa.Column("ordered", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.CheckConstraint("ordered > 0", name=op.f("ck_po_line_ordered_positive")),
        sa.CheckConstraint("received >= 0", name=op.f("ck_po_line_received_not_negative")),
        sa.ForeignKeyConstraint(
            ["po_no"], ["purchase_order.po_no"], name=op.f("fk_po_line_po_no_purchase_order")
        ),
        sa.ForeignKeyConstraint(["sku_code"], ["skus.code"], name=op.f("fk_po_line_sku_code_skus")),
        sa.PrimaryKeyConstraint("po_no", "line_no", name=op.f("pk_po_line")),
    )
    with op.batch_alter_table("po_line", schema=None) as batch_op:
        batch_op.create_index("ix_po_line_sku_code", ["sku_code"], unique=False)
    op.create_table(
        "receipt",
        _code("receipt_id"),
        _code("station_id"),
        _code("po_no"),
        sa.Column("supplier", sa.String(length=100), nullable=False),
        _code("opened_by"),
        _at("opened_at"),
        sa.Column("status", sa.String(length=10), nullable=False),
        _code("allowed_by"),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        _code("closed_by"),
        _at("closed_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(_RECEIPT_STATUSES, name=op.f("ck_receipt_status_known")),
        sa.PrimaryKeyConstraint("receipt_id", name=op.f("pk_receipt")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(
            "uq_receipt_open_station", ["station_id"], unique=True,
            sqlite_where=sa.text(_OPEN), postgresql_where=sa.text(_OPEN),
        )  # fmt: skip
        batch_op.create_index("ix_receipt_po_no", ["po_no"], unique=False)
        batch_op.create_index("ix_receipt_opened_at", ["opened_at"], unique=False)
    op.create_table(
        "receipt_unit",
        _code("receipt_id"),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        _code("sku_code"),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        _code("scanned_by"),
        _at("scanned_at"),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("rtv", sa.String(length=64), nullable=False),
        sa.CheckConstraint(_REASONS, name=op.f("ck_receipt_unit_reason_known")),
        sa.ForeignKeyConstraint(
            ["receipt_id"],
            ["receipt.receipt_id"],
            name=op.f("fk_receipt_unit_receipt_id_receipt"),
        ),
        sa.PrimaryKeyConstraint("receipt_id", "seq", name=op.f("pk_receipt_unit")),
    )
    with op.batch_alter_table("receipt_unit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_receipt_unit_to_vendor",
            ["receipt_id"],
            unique=False,
            sqlite_where=sa.text(_TO_VENDOR),
            postgresql_where=sa.text(_TO_VENDOR),
        )
    op.create_table(
        "putaway_carry",
        _code("station_id"),
        _code("sku_code"),
        sa.Column("qty", sa.Integer(), nullable=False),
        _code("suggested"),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_putaway_carry")),
    )


def downgrade() -> None:
    op.drop_table("putaway_carry")
    op.drop_table("receipt_unit")
    op.drop_table("receipt")
    op.drop_table("po_line")
    op.drop_table("purchase_order")
