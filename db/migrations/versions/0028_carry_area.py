"""Put-away's carry names the area its units wait in: receiving's or returns'.

Returns' units fit to sell are put away the way received goods are (core/shelving.py):
scan the item, then the bin. A station can do both, so what it carries says where from.

Revision ID: 0028_carry_area
Revises: 0027_adjustment_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0028_carry_area"
down_revision: str | None = "0027_adjustment_index"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "putaway_carry", sa.Column("area", sa.String(64), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("putaway_carry") as batch:
        batch.drop_column("area")
