"""Handover to the courier (出库登记): manifests and their parcels.

Revision ID: 0018_handover
Revises: 0017_inspection_gifts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018_handover"
down_revision: str | None = "0017_inspection_gifts"
branch_labels: str | None = None
depends_on: str | None = None

_OPEN = "status = 'open'"
_LIVE = "removed = false"


def upgrade() -> None:
    op.create_table(
        "handover_manifest",
        sa.Column("manifest_id", sa.String(length=64), nullable=False),
        sa.Column("courier", sa.String(length=64), nullable=False),
        sa.Column("dock", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_by", sa.String(length=64), nullable=False),
        sa.Column("parcels", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'closed')", name=op.f("ck_handover_manifest_status_known")
        ),
        sa.PrimaryKeyConstraint("manifest_id", name=op.f("pk_handover_manifest")),
    )
    with op.batch_alter_table("handover_manifest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_manifest_dock"), ["dock"], unique=False)
        batch_op.create_index("ix_handover_manifest_closed_at", ["closed_at"], unique=False)
        batch_op.create_index(
            "uq_handover_open_courier_dock",
            ["courier", "dock"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
    op.create_table(
        "handover_parcel",
        sa.Column("manifest_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("waybill", sa.String(length=64), nullable=False),
        sa.Column("scanned_by", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_reason", sa.String(length=100), nullable=False),
        sa.Column("removed_by", sa.String(length=64), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["manifest_id"],
            ["handover_manifest.manifest_id"],
            name=op.f("fk_handover_parcel_manifest_id_handover_manifest"),
        ),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_handover_parcel_order_no_orders")
        ),
        sa.PrimaryKeyConstraint("manifest_id", "seq", name=op.f("pk_handover_parcel")),
    )
    with op.batch_alter_table("handover_parcel", schema=None) as batch_op:
        batch_op.create_index(
            "ix_handover_parcel_manifest_seq", ["manifest_id", "seq"], unique=False
        )
        batch_op.create_index(
            "uq_handover_parcel_order_live",
            ["order_no"],
            unique=True,
            sqlite_where=sa.text(_LIVE),
            postgresql_where=sa.text(_LIVE),
        )


def downgrade() -> None:
    op.drop_table("handover_parcel")
    op.drop_table("handover_manifest")
