"""operators.last_wrong_pin_at: supervisors and admins wait longer after each wrong PIN
instead of being locked out; the wait counts from the last one.

Revision ID: 0013_pin_delay
Revises: 0012_database_info
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013_pin_delay"
down_revision: str | None = "0012_database_info"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("operators") as batch:
        batch.add_column(sa.Column("last_wrong_pin_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("operators") as batch:
        batch.drop_column("last_wrong_pin_at")
