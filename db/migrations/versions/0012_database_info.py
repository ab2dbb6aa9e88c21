"""database_info: the database's own id and origin, so a station knows the database it writes
to is the one it opened, and the demo knows a database it may fill.

Revision ID: 0012_database_info
Revises: 0011_one_lease_table
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision: str = "0012_database_info"
down_revision: str | None = "0011_one_lease_table"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    table = op.create_table(
        "database_info",
        sa.Column("key", sa.String(length=50), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False, server_default=""),
    )
    op.bulk_insert(table, [{"key": "database_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("database_info")
