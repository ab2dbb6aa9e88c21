"""skus.spec_en: the specification in English beside the Chinese one.

Revision ID: 0006_sku_spec_en
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_sku_spec_en"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Existing SKUs get an empty English spec: the Chinese one stands in until imported.
    with op.batch_alter_table("skus") as batch:
        batch.add_column(
            sa.Column("spec_en", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("skus") as batch:
        batch.drop_column("spec_en")
