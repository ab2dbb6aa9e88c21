"""pick_session.in_hand_sku: which SKU the units in the picker's hand are.

Revision ID: 0008_pick_in_hand_sku
Revises: 0007_allocation_wave_order
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_pick_in_hand_sku"
down_revision: str | None = "0007_allocation_wave_order"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A session stored mid-stop keeps working: empty means "the current stop's SKU".
    with op.batch_alter_table("pick_session") as batch:
        batch.add_column(
            sa.Column("in_hand_sku", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("pick_session") as batch:
        batch.drop_column("in_hand_sku")
