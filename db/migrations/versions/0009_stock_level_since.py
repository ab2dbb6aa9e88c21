"""stock_level.since: when a level last went from nothing to something (oldest stock first).

Revision ID: 0009_stock_level_since
Revises: 0008_pick_in_hand_sku
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009_stock_level_since"
down_revision: str | None = "0008_pick_in_hand_sku"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("stock_level") as batch:
        batch.add_column(sa.Column("since", sa.DateTime(timezone=True), nullable=True))
    # Levels stocked before this column: their first move in, the best the ledger says
    # without replaying it. From now on the posting function keeps it exact.
    op.execute(
        """
        UPDATE stock_level SET since = (
            SELECT MIN(m.at) FROM stock_move AS m
            WHERE m.sku_code = stock_level.sku_code AND m.to_location = stock_level.location
        )
        WHERE qty > 0
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("stock_level") as batch:
        batch.drop_column("since")
