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
    # Levels stocked before this column: replay the ledger (as db/check.replay_levels does,
    # written out here so this migration stays what it was) and keep, for each level holding
    # stock, the time of the move that last took it from nothing to something. The value is
    # copied as stored, so it keeps each engine's own format.
    connection = op.get_bind()
    legs = connection.execute(
        sa.text(
            "SELECT sku_code, location, delta, at FROM ("
            " SELECT sku_code, from_location AS location, -qty AS delta, at, 0 AS arriving,"
            " move_id FROM stock_move"
            " UNION ALL"
            " SELECT sku_code, to_location, qty, at, 1, move_id FROM stock_move"
            ") AS legs ORDER BY at, arriving, move_id"
        )
    )
    qty: dict[tuple[str, str], int] = {}
    since: dict[tuple[str, str], object] = {}
    for sku, location, delta, at in legs:
        key = (sku, location)
        if delta > 0 and qty.get(key, 0) <= 0:
            since[key] = at
        qty[key] = qty.get(key, 0) + int(delta)
    stocked = [
        {"s": sku, "l": location, "at": since[(sku, location)]}
        for (sku, location), n in qty.items()
        if n > 0 and (sku, location) in since
    ]
    if stocked:
        connection.execute(
            sa.text("UPDATE stock_level SET since = :at WHERE sku_code = :s AND location = :l"),
            stocked,
        )


def downgrade() -> None:
    with op.batch_alter_table("stock_level") as batch:
        batch.drop_column("since")
