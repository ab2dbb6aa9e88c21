"""A SKU's own minimum shelf life at receiving (允收期), in days; empty: the station's.

Revision ID: 0026_sku_shelf_life
Revises: 0025_receiving
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0026_sku_shelf_life"
down_revision: str | None = "0025_receiving"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: a CHECK would make SQLite copy the SKU table,
    # which every stock move refers to. The import refuses a negative number of days.
    op.add_column("skus", sa.Column("min_shelf_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("skus", "min_shelf_days")
