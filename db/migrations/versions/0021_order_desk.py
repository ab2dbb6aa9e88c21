"""Indexes for the order desk: a buyer by the beginning of their ID, orders newest paid
first, an order's stock moves by their reference (`ORDER/LINE`), its handover parcels, and
a SKU's orders from the lines' index alone (sku_code, order_no: it replaces sku_code's).

On PostgreSQL the buyer and the reference are indexed with the pattern operator class,
which serves `LIKE 'prefix%'` whatever the database's collation; SQLite's GLOB uses the
plain binary index.

Revision ID: 0021_order_desk
Revises: 0020_inspection_bind
"""

from __future__ import annotations

from alembic import op

revision: str = "0021_order_desk"
down_revision: str | None = "0020_inspection_bind"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index(
        "ix_orders_buyer", "orders", ["buyer"], postgresql_ops={"buyer": "varchar_pattern_ops"}
    )
    op.create_index("ix_orders_paid_at", "orders", ["paid_at"])
    op.create_index(
        "ix_stock_move_reference",
        "stock_move",
        ["reference"],
        postgresql_ops={"reference": "varchar_pattern_ops"},
    )
    op.create_index("ix_handover_parcel_order_no", "handover_parcel", ["order_no"])
    # A SKU's orders from the index alone; it serves every look-up by SKU the old one did.
    op.create_index("ix_order_lines_sku_code_order_no", "order_lines", ["sku_code", "order_no"])
    op.drop_index("ix_order_lines_sku_code", table_name="order_lines")


def downgrade() -> None:
    op.create_index("ix_order_lines_sku_code", "order_lines", ["sku_code"])
    op.drop_index("ix_order_lines_sku_code_order_no", table_name="order_lines")
    op.drop_index("ix_handover_parcel_order_no", table_name="handover_parcel")
    op.drop_index("ix_stock_move_reference", table_name="stock_move")
    op.drop_index("ix_orders_paid_at", table_name="orders")
    op.drop_index("ix_orders_buyer", table_name="orders")
