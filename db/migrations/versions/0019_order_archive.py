"""Archived orders (归档) are read-only forever: when, and the database's refusal.

orders.archived_at says when; triggers refuse any UPDATE or DELETE of an archived order and
any INSERT, UPDATE or DELETE of its lines, on both engines, whatever code runs.

Revision ID: 0019_order_archive
Revises: 0018_handover
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0019_order_archive"
down_revision: str | None = "0018_handover"
branch_labels: str | None = None
depends_on: str | None = None

_SAY = "'an archived order is read-only'"
_LINE_ARCHIVED = "(SELECT status FROM orders WHERE order_no = {row}.order_no) = 'archived'"
_SQLITE = (
    f"CREATE TRIGGER orders_archived_no_update BEFORE UPDATE ON orders "
    f"WHEN OLD.status = 'archived' BEGIN SELECT RAISE(ABORT, {_SAY}); END",
    f"CREATE TRIGGER orders_archived_no_delete BEFORE DELETE ON orders "
    f"WHEN OLD.status = 'archived' BEGIN SELECT RAISE(ABORT, {_SAY}); END",
    f"CREATE TRIGGER order_lines_archived_no_insert BEFORE INSERT ON order_lines "
    f"WHEN {_LINE_ARCHIVED.format(row='NEW')} BEGIN SELECT RAISE(ABORT, {_SAY}); END",
    f"CREATE TRIGGER order_lines_archived_no_update BEFORE UPDATE ON order_lines "
    f"WHEN {_LINE_ARCHIVED.format(row='OLD')} BEGIN SELECT RAISE(ABORT, {_SAY}); END",
    f"CREATE TRIGGER order_lines_archived_no_delete BEFORE DELETE ON order_lines "
    f"WHEN {_LINE_ARCHIVED.format(row='OLD')} BEGIN SELECT RAISE(ABORT, {_SAY}); END",
)
_PG = (
    "CREATE FUNCTION orders_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF OLD.status = 'archived' THEN RAISE EXCEPTION {_SAY} "
    "USING ERRCODE = 'restrict_violation'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER orders_archived_guard BEFORE UPDATE OR DELETE ON orders "
    "FOR EACH ROW EXECUTE FUNCTION orders_archived_guard()",
    "CREATE FUNCTION order_lines_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE number text; BEGIN "
    "IF TG_OP = 'INSERT' THEN number := NEW.order_no; ELSE number := OLD.order_no; END IF; "
    "IF (SELECT status FROM orders WHERE order_no = number) = 'archived' THEN "
    f"RAISE EXCEPTION {_SAY} USING ERRCODE = 'restrict_violation'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER order_lines_archived_guard BEFORE INSERT OR UPDATE OR DELETE "
    "ON order_lines FOR EACH ROW EXECUTE FUNCTION order_lines_archived_guard()",
)


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _PG:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("orders_archived_no_update", "orders_archived_no_delete",
                     "order_lines_archived_no_insert", "order_lines_archived_no_update",
                     "order_lines_archived_no_delete"):  # fmt: skip
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER orders_archived_guard ON orders")
        op.execute("DROP TRIGGER order_lines_archived_guard ON order_lines")
        op.execute("DROP FUNCTION orders_archived_guard()")
        op.execute("DROP FUNCTION order_lines_archived_guard()")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
