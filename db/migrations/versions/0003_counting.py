"""counting tables.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_CURRENT = "status IN ('open', 'counting', 'counted')"
_COUNTING = "status = 'counting'"
_WITH_SCAN = "scan_id IS NOT NULL"

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER count_entry_no_update BEFORE UPDATE ON count_entry "
    "BEGIN SELECT RAISE(ABORT, 'count_entry is append-only'); END",
    "CREATE TRIGGER count_entry_no_delete BEFORE DELETE ON count_entry "
    "BEGIN SELECT RAISE(ABORT, 'count_entry is append-only'); END",
)
_PG_GUARD = (
    "CREATE FUNCTION count_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'count_entry is append-only' "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER count_entry_no_update BEFORE UPDATE OR DELETE ON count_entry "
    "FOR EACH ROW EXECUTE FUNCTION count_entry_append_only()",
    "CREATE TRIGGER count_entry_no_truncate BEFORE TRUNCATE ON count_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION count_entry_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON count_entry FROM PUBLIC",
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "count_plan",
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("chosen_locations", sa.Text(), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("threshold_kind", sa.String(length=10), nullable=False),
        sa.Column("threshold_value", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "scope IN ('locations', 'zone', 'sku', 'not_counted_since')",
            name=op.f("ck_count_plan_scope_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'closed', 'cancelled')", name=op.f("ck_count_plan_status_known")
        ),
        sa.CheckConstraint(
            "threshold_kind IN ('units', 'percent')", name=op.f("ck_count_plan_threshold_known")
        ),
        sa.CheckConstraint("days >= 0", name=op.f("ck_count_plan_days_not_negative")),
        sa.CheckConstraint(
            "threshold_value >= 0", name=op.f("ck_count_plan_threshold_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["operators.badge"], name=op.f("fk_count_plan_created_by_operators")
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_count_plan_sku_code_skus")
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_count_plan")),
    )
    with op.batch_alter_table("count_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_count_plan_created_at"), ["created_at"], unique=False)

    op.create_table(
        "count_task",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("counter", sa.String(length=64), nullable=True),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", _utc(), nullable=True),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status = 'open' OR counter IS NOT NULL", name=op.f("ck_count_task_counted_by_someone")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'counting', 'counted', 'superseded', 'approved', 'cancelled')",
            name=op.f("ck_count_task_status_known"),
        ),
        sa.CheckConstraint("round >= 1", name=op.f("ck_count_task_round_positive")),
        sa.ForeignKeyConstraint(
            ["counter"], ["operators.badge"], name=op.f("fk_count_task_counter_operators")
        ),
        sa.ForeignKeyConstraint(
            ["location"], ["locations.code"], name=op.f("fk_count_task_location_locations")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["count_plan.plan_id"], name=op.f("fk_count_task_plan_id_count_plan")
        ),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_count_task")),
        sa.UniqueConstraint("plan_id", "location", "round", name="uq_count_task_round"),
    )
    with op.batch_alter_table("count_task", schema=None) as batch_op:
        batch_op.create_index(
            "ux_count_task_counter",
            ["counter"],
            unique=True,
            sqlite_where=sa.text(_COUNTING),
            postgresql_where=sa.text(_COUNTING),
        )
        batch_op.create_index(
            "ux_count_task_current",
            ["location"],
            unique=True,
            sqlite_where=sa.text(_CURRENT),
            postgresql_where=sa.text(_CURRENT),
        )

    op.create_table(
        "count_approval",
        sa.Column("approval_id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=True),
        sa.Column("approver", sa.String(length=64), nullable=False),
        sa.Column("counter", sa.String(length=64), nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.CheckConstraint(
            "decision IN ('approved', 'rejected')", name=op.f("ck_count_approval_decision_known")
        ),
        sa.CheckConstraint(
            "reason IS NULL OR reason IN ('damaged', 'found', 'lost', 'wrong_location', "
            "'data_error')",
            name=op.f("ck_count_approval_reason_known"),
        ),
        # The approver is never the counter, whoever writes the row.
        sa.CheckConstraint("approver <> counter", name=op.f("ck_count_approval_not_self")),
        sa.ForeignKeyConstraint(
            ["approver"], ["operators.badge"], name=op.f("fk_count_approval_approver_operators")
        ),
        sa.ForeignKeyConstraint(
            ["counter"], ["operators.badge"], name=op.f("fk_count_approval_counter_operators")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["count_plan.plan_id"], name=op.f("fk_count_approval_plan_id_count_plan")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["count_task.task_id"], name=op.f("fk_count_approval_task_id_count_task")
        ),
        sa.PrimaryKeyConstraint("approval_id", name=op.f("pk_count_approval")),
        sa.UniqueConstraint("task_id", name=op.f("uq_count_approval_task_id")),
    )
    with op.batch_alter_table("count_approval", schema=None) as batch_op:
        batch_op.create_index("ix_count_approval_location_at", ["location", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_count_approval_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "count_entry",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=True),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=256), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("scan_id", sa.String(length=64), nullable=True),
        sa.Column("at", _utc(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'item') = (sku_code IS NOT NULL)", name=op.f("ck_count_entry_item_has_sku")
        ),
        sa.CheckConstraint(
            "kind IN ('item', 'keyed', 'undo', 'unknown', 'empty', 'done')",
            name=op.f("ck_count_entry_kind_known"),
        ),
        sa.CheckConstraint("qty >= 0", name=op.f("ck_count_entry_qty_not_negative")),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_count_entry_seq_positive")),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_count_entry_sku_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["count_task.task_id"], name=op.f("fk_count_entry_task_id_count_task")
        ),
        sa.PrimaryKeyConstraint("task_id", "seq", name=op.f("pk_count_entry")),
    )
    with op.batch_alter_table("count_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ux_count_entry_scan",
            ["scan_id"],
            unique=True,
            sqlite_where=sa.text(_WITH_SCAN),
            postgresql_where=sa.text(_WITH_SCAN),
        )

    op.create_table(
        "count_snapshot",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_count_snapshot_sku_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["count_task.task_id"],
            name=op.f("fk_count_snapshot_task_id_count_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "sku_code", name=op.f("pk_count_snapshot")),
    )
    op.create_table(
        "count_task_excluded",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["count_task.task_id"],
            name=op.f("fk_count_task_excluded_task_id_count_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "badge", name=op.f("pk_count_task_excluded")),
    )
    statements = _SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else _PG_GUARD
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS count_entry_no_update")
        op.execute("DROP TRIGGER IF EXISTS count_entry_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS count_entry_no_update ON count_entry")
        op.execute("DROP TRIGGER IF EXISTS count_entry_no_truncate ON count_entry")
        op.execute("DROP FUNCTION IF EXISTS count_entry_append_only()")
    op.drop_table("count_task_excluded")
    op.drop_table("count_snapshot")
    with op.batch_alter_table("count_entry", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_count_entry_scan",
            sqlite_where=sa.text(_WITH_SCAN),
            postgresql_where=sa.text(_WITH_SCAN),
        )
    op.drop_table("count_entry")
    with op.batch_alter_table("count_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_count_approval_plan_id"))
        batch_op.drop_index("ix_count_approval_location_at")
    op.drop_table("count_approval")
    with op.batch_alter_table("count_task", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_count_task_current",
            sqlite_where=sa.text(_CURRENT),
            postgresql_where=sa.text(_CURRENT),
        )
        batch_op.drop_index(
            "ux_count_task_counter",
            sqlite_where=sa.text(_COUNTING),
            postgresql_where=sa.text(_COUNTING),
        )
    op.drop_table("count_task")
    with op.batch_alter_table("count_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_count_plan_created_at"))
    op.drop_table("count_plan")
