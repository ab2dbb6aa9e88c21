"""One put-away for receiving and returns, from an area or a tote.

Returns' units fit to sell are put away the way received goods are (core/shelving.py):
scan the item, then the bin. A station can do both, so what it carries names the area its
units wait in; a carry from a tote says so, and is any desk's. A tote is scanned for what
it holds: the stock levels get an index by location.

Revision ID: 0028_putaway
Revises: 0027_adjustment_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0028_putaway"
down_revision: str | None = "0027_adjustment_index"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "putaway_carry", sa.Column("area", sa.String(64), nullable=False, server_default="")
    )
    op.add_column(
        "putaway_carry",
        sa.Column("tote", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_stock_level_location", "stock_level", ["location"])


def downgrade() -> None:
    op.drop_index("ix_stock_level_location", table_name="stock_level")
    op.drop_column("putaway_carry", "tote")
    op.drop_column("putaway_carry", "area")
