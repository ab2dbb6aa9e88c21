"""Returns (退货): return records and their units.

Revision ID: 0024_returns
Revises: 0023_day_figures
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0024_returns"
down_revision: str | None = "0023_day_figures"
branch_labels: str | None = None
depends_on: str | None = None

_OPEN = "status = 'open'"
_TO_SHELVE = "status = 'closed' AND shelved = false"
_STATUSES = "status IN ('open', 'closed', 'abandoned', 'scrapped')"
_CONDITIONS = "condition IN ('resaleable', 'damaged', 'wrong_item', 'missing_parts')"
_WAITING = "condition = 'resaleable' AND put_away_to = '' AND removed = false"


def upgrade() -> None:
    op.create_table(
        "return_record",
        sa.Column("return_id", sa.String(length=64), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("parcel", sa.String(length=64), nullable=False),
        sa.Column("return_waybill", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("matched_by", sa.String(length=64), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shelved", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_return_record_status_known")),
        sa.PrimaryKeyConstraint("return_id", name=op.f("pk_return_record")),
    )
    with op.batch_alter_table("return_record", schema=None) as batch_op:
        batch_op.create_index(
            "uq_return_open_station",
            ["station_id"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
        for column in ("order_no", "return_waybill", "opened_at", "closed_at"):
            batch_op.create_index(f"ix_return_record_{column}", [column], unique=False)
        batch_op.create_index(
            "ix_return_record_to_shelve",
            ["station_id"],
            unique=False,
            sqlite_where=sa.text(_TO_SHELVE),
            postgresql_where=sa.text(_TO_SHELVE),
        )
    op.create_table(
        "return_unit",
        sa.Column("return_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("scanned_by", sa.String(length=64), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("put_away_to", sa.String(length=64), nullable=False),
        sa.CheckConstraint(_CONDITIONS, name=op.f("ck_return_unit_condition_known")),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["return_record.return_id"],
            name=op.f("fk_return_unit_return_id_return_record"),
        ),
        sa.PrimaryKeyConstraint("return_id", "seq", name=op.f("pk_return_unit")),
    )
    with op.batch_alter_table("return_unit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_return_unit_waiting",
            ["return_id", "sku_code"],
            unique=False,
            sqlite_where=sa.text(_WAITING),
            postgresql_where=sa.text(_WAITING),
        )


def downgrade() -> None:
    op.drop_table("return_unit")
    op.drop_table("return_record")
