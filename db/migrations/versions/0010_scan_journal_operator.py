"""scan_journal.operator: who was logged in when a scan was made.

Revision ID: 0010_scan_journal_operator
Revises: 0009_stock_level_since
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010_scan_journal_operator"
down_revision: str | None = "0009_stock_level_since"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Scans journaled before it have no operator: a crash left them to whoever opens their
    # screen next, as before.
    with op.batch_alter_table("scan_journal") as batch:
        batch.add_column(
            sa.Column("operator", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("scan_journal") as batch:
        batch.drop_column("operator")
