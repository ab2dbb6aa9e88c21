"""picking tables.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_SHORT_SCAN = "scan_id <> ''"


def _actors() -> list[sa.Column[Any]]:
    return [
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "pick_wave",
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("oldest_paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("grp", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("lease_station", sa.String(length=64), nullable=False),
        sa.Column("lease_operator", sa.String(length=64), nullable=False),
        sa.Column("lease_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('single', 'multi')", name=op.f("ck_pick_wave_kind_known")),
        sa.CheckConstraint(
            "status IN ('released', 'picking', 'picked', 'cancelled')",
            name=op.f("ck_pick_wave_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["operators.badge"], name=op.f("fk_pick_wave_created_by_operators")
        ),
        sa.PrimaryKeyConstraint("wave_no", name=op.f("pk_pick_wave")),
    )
    with op.batch_alter_table("pick_wave", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pick_wave_claim", ["status", "priority", "oldest_paid_at", "wave_no"], unique=False
        )

    op.create_table(
        "pick_wave_order",
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_pick_wave_order_order_no_orders")
        ),
        sa.ForeignKeyConstraint(
            ["wave_no"], ["pick_wave.wave_no"], name=op.f("fk_pick_wave_order_wave_no_pick_wave")
        ),
        sa.PrimaryKeyConstraint("wave_no", "position", name=op.f("pk_pick_wave_order")),
        sa.UniqueConstraint("wave_no", "order_no", name="uq_pick_wave_order_order"),
    )
    with op.batch_alter_table("pick_wave_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pick_wave_order_order_no"), ["order_no"], unique=False)

    op.create_table(
        "pick_allocation",
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("idx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("walk_order", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.CheckConstraint("qty > 0", name=op.f("ck_pick_allocation_qty_positive")),
        sa.CheckConstraint("slot >= 0", name=op.f("ck_pick_allocation_slot_not_negative")),
        sa.ForeignKeyConstraint(
            ["location"], ["locations.code"], name=op.f("fk_pick_allocation_location_locations")
        ),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_pick_allocation_order_no_orders")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_pick_allocation_sku_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["wave_no"], ["pick_wave.wave_no"], name=op.f("fk_pick_allocation_wave_no_pick_wave")
        ),
        sa.PrimaryKeyConstraint("wave_no", "idx", name=op.f("pk_pick_allocation")),
    )
    with op.batch_alter_table("pick_allocation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pick_allocation_sku_location", ["sku_code", "location"], unique=False
        )

    op.create_table(
        "pick_wave_seq",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_pick_wave_seq")),
    )

    op.create_table(
        "pick_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("allocation", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("move_id", sa.String(length=64), nullable=False),
        *_actors(),
        sa.CheckConstraint("qty > 0", name=op.f("ck_pick_record_qty_positive")),
        sa.ForeignKeyConstraint(
            ["move_id"], ["stock_move.move_id"], name=op.f("fk_pick_record_move_id_stock_move")
        ),
        sa.ForeignKeyConstraint(
            ["wave_no", "allocation"],
            ["pick_allocation.wave_no", "pick_allocation.idx"],
            name="fk_pick_record_allocation_pick_allocation",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pick_record")),
        sa.UniqueConstraint("move_id", name=op.f("uq_pick_record_move_id")),
    )
    with op.batch_alter_table("pick_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pick_record_wave_allocation", ["wave_no", "allocation"], unique=False
        )

    op.create_table(
        "pick_short",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("allocation", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        *_actors(),
        sa.CheckConstraint("qty > 0", name=op.f("ck_pick_short_qty_positive")),
        sa.ForeignKeyConstraint(
            ["wave_no", "allocation"],
            ["pick_allocation.wave_no", "pick_allocation.idx"],
            name="fk_pick_short_allocation_pick_allocation",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pick_short")),
    )
    with op.batch_alter_table("pick_short", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pick_short_at"), ["at"], unique=False)
        batch_op.create_index(
            "ix_pick_short_wave_allocation", ["wave_no", "allocation"], unique=False
        )
        batch_op.create_index(
            "uq_pick_short_scan",
            ["scan_id", "allocation"],
            unique=True,
            sqlite_where=sa.text(_SHORT_SCAN),
            postgresql_where=sa.text(_SHORT_SCAN),
        )

    op.create_table(
        "pick_session",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("wave_no", sa.String(length=64), nullable=False),
        sa.Column("at_location", sa.String(length=64), nullable=False),
        sa.Column("in_hand", sa.Integer(), nullable=False),
        sa.Column("pending_qty", sa.Integer(), nullable=False),
        sa.Column("awaiting_short_qty", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("in_hand >= 0", name=op.f("ck_pick_session_in_hand_not_negative")),
        sa.CheckConstraint("pending_qty >= 0", name=op.f("ck_pick_session_pending_not_negative")),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_pick_session")),
    )


def downgrade() -> None:
    op.drop_table("pick_session")
    with op.batch_alter_table("pick_short", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_pick_short_scan",
            sqlite_where=sa.text(_SHORT_SCAN),
            postgresql_where=sa.text(_SHORT_SCAN),
        )
        batch_op.drop_index("ix_pick_short_wave_allocation")
        batch_op.drop_index(batch_op.f("ix_pick_short_at"))
    op.drop_table("pick_short")
    with op.batch_alter_table("pick_record", schema=None) as batch_op:
        batch_op.drop_index("ix_pick_record_wave_allocation")
    op.drop_table("pick_record")
    op.drop_table("pick_wave_seq")
    with op.batch_alter_table("pick_allocation", schema=None) as batch_op:
        batch_op.drop_index("ix_pick_allocation_sku_location")
    op.drop_table("pick_allocation")
    with op.batch_alter_table("pick_wave_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pick_wave_order_order_no"))
    op.drop_table("pick_wave_order")
    with op.batch_alter_table("pick_wave", schema=None) as batch_op:
        batch_op.drop_index("ix_pick_wave_claim")
    op.drop_table("pick_wave")
