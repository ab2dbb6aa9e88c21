"""Where an order's parcel goes, as the shop's export gives it: the receiver, the phone
(masked ones too) and the address; and the phone's last four digits, indexed, which is
how a buyer is found at the order desk. Orders imported before keep them empty.

Revision ID: 0022_order_receiver
Revises: 0021_order_desk
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0022_order_receiver"
down_revision: str | None = "0021_order_desk"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = (("receiver", 100), ("phone", 40), ("phone_tail", 4), ("address", 500))


def upgrade() -> None:
    # Not batch mode: SQLite adds columns in place, and the archive triggers on orders
    # (0019) stay as they are.
    for name, length in _COLUMNS:
        op.add_column(
            "orders", sa.Column(name, sa.String(length), nullable=False, server_default="")
        )
    op.create_index("ix_orders_phone_tail", "orders", ["phone_tail"])
    op.create_index(
        "ix_orders_receiver",
        "orders",
        ["receiver"],
        postgresql_ops={"receiver": "varchar_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_orders_receiver", table_name="orders")
    op.drop_index("ix_orders_phone_tail", table_name="orders")
    # SQLite (3.35 and later) drops a column in place: a batch copy of the table would
    # break the archive triggers on order_lines (0019), which name `orders`.
    for name, _length in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE orders DROP COLUMN {name}")
