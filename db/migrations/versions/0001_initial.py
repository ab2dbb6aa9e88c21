"""Initial schema: master data, orders, the append-only stock ledger, sessions, journal.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 19:49:11.060422
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The four virtual locations that make the ledger double-entry (wms_tui.core.model).
VIRTUAL_LOCATIONS = ("@supplier", "@customer", "@adjustment", "@scrap")

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER stock_move_no_update BEFORE UPDATE ON stock_move "
    "BEGIN SELECT RAISE(ABORT, 'stock_move is append-only: post a reversal'); END",
    "CREATE TRIGGER stock_move_no_delete BEFORE DELETE ON stock_move "
    "BEGIN SELECT RAISE(ABORT, 'stock_move is append-only: post a reversal'); END",
)

_PG_GUARD = (
    "CREATE FUNCTION stock_move_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'stock_move is append-only: post a reversal' "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER stock_move_no_update BEFORE UPDATE OR DELETE ON stock_move "
    "FOR EACH ROW EXECUTE FUNCTION stock_move_append_only()",
    "CREATE TRIGGER stock_move_no_truncate BEFORE TRUNCATE ON stock_move "
    "FOR EACH STATEMENT EXECUTE FUNCTION stock_move_append_only()",
    # The owner keeps its rights (it runs migrations); every other role may only append.
    "REVOKE UPDATE, DELETE, TRUNCATE ON stock_move FROM PUBLIC",
)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_subject"), ["subject"], unique=False)

    op.create_table(
        "locations",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("walk_order", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_locations")),
    )
    op.create_table(
        "operators",
        sa.Column("badge", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_pins", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("badge", name=op.f("pk_operators")),
    )
    op.create_table(
        "orders",
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=30), nullable=False),
        sa.Column("platform_order_no", sa.String(length=64), nullable=False),
        sa.Column("shop", sa.String(length=100), nullable=False),
        sa.Column("buyer", sa.String(length=200), nullable=False),
        sa.Column("courier", sa.String(length=50), nullable=False),
        sa.Column("waybill", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("buyer_remark", sa.Text(), nullable=False),
        sa.Column("seller_remark", sa.Text(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("merged_from", sa.String(length=500), nullable=False),
        sa.Column("hold_reason", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by", sa.String(length=64), nullable=True),
        sa.Column("verified_station", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("order_no", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orders_platform_order_no"), ["platform_order_no"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_orders_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_waybill"), ["waybill"], unique=False)

    op.create_table(
        "scan_journal",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("symbology", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("context", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error_code", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_scan_journal")),
        sa.UniqueConstraint("scan_id", name=op.f("uq_scan_journal_scan_id")),
    )
    with op.batch_alter_table("scan_journal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scan_journal_station_id"), ["station_id"], unique=False
        )

    op.create_table(
        "skus",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("spec", sa.String(length=200), nullable=False),
        sa.Column("unit_weight_g", sa.Integer(), nullable=False),
        sa.Column("is_kit", sa.Boolean(), nullable=False),
        sa.Column("kit_mode", sa.String(length=20), nullable=False),
        sa.Column("requires_lot", sa.Boolean(), nullable=False),
        sa.Column("requires_serial", sa.Boolean(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_skus")),
    )
    op.create_table(
        "stations",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_stations")),
    )
    op.create_table(
        "work_session",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_session")),
    )
    with op.batch_alter_table("work_session", schema=None) as batch_op:
        batch_op.create_index(
            "uq_work_session_open",
            ["kind", "subject"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "barcodes",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("multiplier", sa.Integer(), nullable=False),
        sa.CheckConstraint("multiplier > 0", name=op.f("ck_barcodes_multiplier_positive")),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_barcodes_sku_code_skus")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_barcodes")),
    )
    with op.batch_alter_table("barcodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_barcodes_sku_code"), ["sku_code"], unique=False)

    op.create_table(
        "kit_components",
        sa.Column("kit_code", sa.String(length=64), nullable=False),
        sa.Column("component_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.CheckConstraint("qty > 0", name=op.f("ck_kit_components_qty_positive")),
        sa.ForeignKeyConstraint(
            ["component_code"], ["skus.code"], name=op.f("fk_kit_components_component_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["kit_code"], ["skus.code"], name=op.f("fk_kit_components_kit_code_skus")
        ),
        sa.PrimaryKeyConstraint("kit_code", "component_code", name=op.f("pk_kit_components")),
    )
    op.create_table(
        "order_lines",
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("is_gift", sa.Boolean(), nullable=False),
        sa.Column("kit_code", sa.String(length=64), nullable=True),
        sa.CheckConstraint("qty > 0", name=op.f("ck_order_lines_qty_positive")),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_order_lines_order_no_orders")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_order_lines_sku_code_skus")
        ),
        sa.PrimaryKeyConstraint("order_no", "line_no", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_sku_code"), ["sku_code"], unique=False)

    op.create_table(
        "reservation",
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.CheckConstraint("qty > 0", name=op.f("ck_reservation_qty_positive")),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_reservation_order_no_orders")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_reservation_sku_code_skus")
        ),
        sa.PrimaryKeyConstraint("order_no", "sku_code", name=op.f("pk_reservation")),
    )
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reservation_sku_code"), ["sku_code"], unique=False)

    op.create_table(
        "stock_level",
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location"], ["locations.code"], name=op.f("fk_stock_level_location_locations")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_stock_level_sku_code_skus")
        ),
        sa.PrimaryKeyConstraint("sku_code", "location", name=op.f("pk_stock_level")),
    )
    op.create_table(
        "stock_move",
        sa.Column("move_id", sa.String(length=64), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("from_location", sa.String(length=64), nullable=False),
        sa.Column("to_location", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reverses", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "from_location <> to_location", name=op.f("ck_stock_move_two_locations")
        ),
        sa.CheckConstraint("qty > 0", name=op.f("ck_stock_move_qty_positive")),
        sa.ForeignKeyConstraint(
            ["from_location"],
            ["locations.code"],
            name=op.f("fk_stock_move_from_location_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses"], ["stock_move.move_id"], name=op.f("fk_stock_move_reverses_stock_move")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_stock_move_sku_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["to_location"], ["locations.code"], name=op.f("fk_stock_move_to_location_locations")
        ),
        sa.PrimaryKeyConstraint("move_id", name=op.f("pk_stock_move")),
        sa.UniqueConstraint("reverses", name=op.f("uq_stock_move_reverses")),
    )
    with op.batch_alter_table("stock_move", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_move_scan_id"), ["scan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_move_sku_code"), ["sku_code"], unique=False)
    _ledger_is_append_only()
    _seed_virtual_locations()


def downgrade() -> None:
    _drop_append_only_guard()

    with op.batch_alter_table("stock_move", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_move_sku_code"))
        batch_op.drop_index(batch_op.f("ix_stock_move_scan_id"))

    op.drop_table("stock_move")
    op.drop_table("stock_level")
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reservation_sku_code"))

    op.drop_table("reservation")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_sku_code"))

    op.drop_table("order_lines")
    op.drop_table("kit_components")
    with op.batch_alter_table("barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barcodes_sku_code"))

    op.drop_table("barcodes")
    with op.batch_alter_table("work_session", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_work_session_open",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.drop_table("work_session")
    op.drop_table("stations")
    op.drop_table("skus")
    with op.batch_alter_table("scan_journal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_journal_station_id"))

    op.drop_table("scan_journal")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_waybill"))
        batch_op.drop_index(batch_op.f("ix_orders_status"))
        batch_op.drop_index(batch_op.f("ix_orders_platform_order_no"))

    op.drop_table("orders")
    op.drop_table("operators")
    op.drop_table("locations")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")


def _ledger_is_append_only() -> None:
    dialect = op.get_bind().dialect.name
    statements = _SQLITE_TRIGGERS if dialect == "sqlite" else _PG_GUARD
    for statement in statements:
        op.execute(statement)


def _drop_append_only_guard() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS stock_move_no_update")
        op.execute("DROP TRIGGER IF EXISTS stock_move_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS stock_move_no_update ON stock_move")
        op.execute("DROP TRIGGER IF EXISTS stock_move_no_truncate ON stock_move")
        op.execute("DROP FUNCTION IF EXISTS stock_move_append_only()")


def _seed_virtual_locations() -> None:
    locations = sa.table(
        "locations",
        sa.column("code", sa.String),
        sa.column("kind", sa.String),
        sa.column("walk_order", sa.Integer),
        sa.column("zone", sa.String),
        sa.column("frozen", sa.Boolean),
    )
    op.bulk_insert(
        locations,
        [
            {"code": code, "kind": "virtual", "walk_order": 0, "zone": "", "frozen": False}
            for code in VIRTUAL_LOCATIONS
        ],
    )
