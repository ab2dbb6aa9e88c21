"""counting guards: approver is none of the location's counters; moves held for a count.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# count_approval keeps its own copy of the counter, which a row written past the
# application can fake; the rounds in count_task are what really says who counted.
# Both the row's (plan, location) and its task's are checked, so a wrong location in
# the row does not hide the real one either.
_COUNTED_IT = (
    "EXISTS (SELECT 1 FROM count_task t WHERE t.counter = NEW.approver AND ("
    "(t.plan_id = NEW.plan_id AND t.location = NEW.location) OR EXISTS ("
    "SELECT 1 FROM count_task f WHERE f.task_id = NEW.task_id "
    "AND f.plan_id = t.plan_id AND f.location = t.location)))"
)
_REFUSED = "count_approval: the approver counted this location"
_HELD_APPEND_ONLY = "held_stock_move is append-only"

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER count_approval_not_a_counter BEFORE INSERT ON count_approval "
    f"WHEN {_COUNTED_IT} BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END",
    "CREATE TRIGGER count_approval_not_a_counter_update BEFORE UPDATE ON count_approval "
    f"WHEN {_COUNTED_IT} BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END",
    "CREATE TRIGGER held_stock_move_no_update BEFORE UPDATE ON held_stock_move "
    f"BEGIN SELECT RAISE(ABORT, '{_HELD_APPEND_ONLY}'); END",
    "CREATE TRIGGER held_stock_move_no_delete BEFORE DELETE ON held_stock_move "
    f"BEGIN SELECT RAISE(ABORT, '{_HELD_APPEND_ONLY}'); END",
)
_PG_GUARD = (
    "CREATE FUNCTION count_approval_not_a_counter() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF {_COUNTED_IT} THEN RAISE EXCEPTION '{_REFUSED}' "
    "USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER count_approval_not_a_counter BEFORE INSERT OR UPDATE ON count_approval "
    "FOR EACH ROW EXECUTE FUNCTION count_approval_not_a_counter()",
    "CREATE FUNCTION held_stock_move_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{_HELD_APPEND_ONLY}' "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER held_stock_move_no_update BEFORE UPDATE OR DELETE ON held_stock_move "
    "FOR EACH ROW EXECUTE FUNCTION held_stock_move_append_only()",
    "CREATE TRIGGER held_stock_move_no_truncate BEFORE TRUNCATE ON held_stock_move "
    "FOR EACH STATEMENT EXECUTE FUNCTION held_stock_move_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON held_stock_move FROM PUBLIC",
)


def upgrade() -> None:
    op.create_table(
        "held_stock_move",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
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
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("qty > 0", name=op.f("ck_held_stock_move_qty_positive")),
        sa.CheckConstraint(
            "from_location <> to_location", name=op.f("ck_held_stock_move_two_locations")
        ),
        sa.ForeignKeyConstraint(
            ["from_location"],
            ["locations.code"],
            name=op.f("fk_held_stock_move_from_location_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["sku_code"], ["skus.code"], name=op.f("fk_held_stock_move_sku_code_skus")
        ),
        sa.ForeignKeyConstraint(
            ["to_location"],
            ["locations.code"],
            name=op.f("fk_held_stock_move_to_location_locations"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_held_stock_move")),
        sa.UniqueConstraint("move_id", name=op.f("uq_held_stock_move_move_id")),
    )
    with op.batch_alter_table("held_stock_move", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_held_stock_move_to_location"), ["to_location"], unique=False
        )
    statements = _SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else _PG_GUARD
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "count_approval_not_a_counter",
            "count_approval_not_a_counter_update",
            "held_stock_move_no_update",
            "held_stock_move_no_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS count_approval_not_a_counter ON count_approval")
        op.execute("DROP FUNCTION IF EXISTS count_approval_not_a_counter()")
        op.execute("DROP TRIGGER IF EXISTS held_stock_move_no_update ON held_stock_move")
        op.execute("DROP TRIGGER IF EXISTS held_stock_move_no_truncate ON held_stock_move")
    with op.batch_alter_table("held_stock_move", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_stock_move_to_location"))
    op.drop_table("held_stock_move")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS held_stock_move_append_only()")
