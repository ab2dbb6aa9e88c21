"""The count adjustments of the ledger by reference: a partial index, for the day's figures.

A count's adjustments are looked up by the reference of their count round. On the whole
ledger's reference index SQLite's statistics (picks and moves share references by the
thousand) made the look-up scan the ledger; the adjustments alone are a few rows a day.

Revision ID: 0027_adjustment_index
Revises: 0026_sku_shelf_life
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0027_adjustment_index"
down_revision: str | None = "0026_sku_shelf_life"
branch_labels: str | None = None
depends_on: str | None = None

_ADJUSTMENTS = sa.text("reason = 'count_adjustment'")


def upgrade() -> None:
    op.create_index(
        "ix_stock_move_adjustment", "stock_move", ["reference"],
        sqlite_where=_ADJUSTMENTS, postgresql_where=_ADJUSTMENTS,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_stock_move_adjustment", table_name="stock_move")
