"""When the shop refunded the buyer (退款时间), kept on the order.

Revision ID: 0030_refunded_at
Revises: 0029_scan_day_tally
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0030_refunded_at"
down_revision: str | None = "0029_scan_day_tally"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("orders", "refunded_at")
