"""Indexes for the order desk: a buyer by the beginning of their ID, orders newest paid
first, an order's stock moves by their reference (`ORDER/LINE`), its handover parcels.

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


def downgrade() -> None:
    op.drop_index("ix_handover_parcel_order_no", table_name="handover_parcel")
    op.drop_index("ix_stock_move_reference", table_name="stock_move")
    op.drop_index("ix_orders_paid_at", table_name="orders")
    op.drop_index("ix_orders_buyer", table_name="orders")
