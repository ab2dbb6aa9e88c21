"""inspection tables.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_RESULTS = "result IN ('open', 'passed', 'on_hold', 'abandoned', 'taken_over')"
_KINDS = (
    "kind IN ('opened', 'count', 'wrong', 'undo', 'remove', 'problem', 'ack', 'arm_qty', "
    "'arm_problem', 'pending', 'clear', 'location', 'weight', 'override', 'takeover')"
)
_OPEN = "result = 'open'"

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER inspection_event_no_update BEFORE UPDATE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
    "CREATE TRIGGER inspection_event_no_delete BEFORE DELETE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
)
_PG_GUARD = (
    "CREATE FUNCTION inspection_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'inspection_event is append-only' "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER inspection_event_no_update BEFORE UPDATE OR DELETE ON inspection_event "
    "FOR EACH ROW EXECUTE FUNCTION inspection_event_append_only()",
    "CREATE TRIGGER inspection_event_no_truncate BEFORE TRUNCATE ON inspection_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION inspection_event_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON inspection_event FROM PUBLIC",
)


def upgrade() -> None:
    op.create_table(
        "inspection_session",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("order_no", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("wrong_scans", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(_RESULTS, name=op.f("ck_inspection_session_result_known")),
        sa.ForeignKeyConstraint(
            ["order_no"], ["orders.order_no"], name=op.f("fk_inspection_session_order_no_orders")
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_inspection_session")),
    )
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_session_order_started", ["order_no", "started_at"], unique=False
        )
        batch_op.create_index(
            "uq_inspection_open_order",
            ["order_no"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
        batch_op.create_index(
            "uq_inspection_open_station",
            ["station_id"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )

    op.create_table(
        "inspection_event",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("grp", sa.String(length=64), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("lot", sa.String(length=64), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=600), nullable=False),
        sa.Column("replacement", sa.Boolean(), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("expected_g", sa.Integer(), nullable=False),
        sa.Column("move_id", sa.String(length=64), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_KINDS, name=op.f("ck_inspection_event_kind_known")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["inspection_session.session_id"],
            name=op.f("fk_inspection_event_session_id_inspection_session"),
        ),
        sa.PrimaryKeyConstraint("session_id", "seq", name=op.f("pk_inspection_event")),
    )
    with op.batch_alter_table("inspection_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_event_scan_id"), ["scan_id"], unique=False)
    statements = _SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else _PG_GUARD
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_update ON inspection_event")
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_truncate ON inspection_event")
        op.execute("DROP FUNCTION IF EXISTS inspection_event_append_only()")
    with op.batch_alter_table("inspection_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_event_scan_id"))
    op.drop_table("inspection_event")
    with op.batch_alter_table("inspection_session", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_inspection_open_station",
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
        batch_op.drop_index(
            "uq_inspection_open_order",
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
        batch_op.drop_index("ix_inspection_session_order_started")
    op.drop_table("inspection_session")
