"""The inspection_event kind `bind`: a courier label bound at the desk to an order imported
without a waybill (绑定快递单号).

A CHECK constraint cannot be altered in SQLite: the table is copied (batch mode), and its
append-only triggers, which go with the old table, are made again on the new one.

Revision ID: 0020_inspection_bind
Revises: 0019_order_archive
"""

from __future__ import annotations

from alembic import op

revision: str = "0020_inspection_bind"
down_revision: str | None = "0019_order_archive"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "ck_inspection_event_kind_known"
_OLD = (
    "opened", "count", "wrong", "undo", "remove", "problem", "ack", "arm_qty", "arm_problem",
    "pending", "clear", "location", "weight", "override", "takeover", "arm_gift", "gift",
)  # fmt: skip
_NEW = (*_OLD, "bind")
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER inspection_event_no_update BEFORE UPDATE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
    "CREATE TRIGGER inspection_event_no_delete BEFORE DELETE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
)


def _kinds(values: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(v) for v in values)})"


def _replace(values: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_delete")
        with op.batch_alter_table("inspection_event", recreate="always") as batch_op:
            batch_op.drop_constraint(op.f(_NAME), type_="check")
            batch_op.create_check_constraint(op.f(_NAME), _kinds(values))
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(f"ALTER TABLE inspection_event DROP CONSTRAINT {_NAME}")
        op.execute(f"ALTER TABLE inspection_event ADD CONSTRAINT {_NAME} CHECK ({_kinds(values)})")


def upgrade() -> None:
    _replace(_NEW)


def downgrade() -> None:
    _replace(_OLD)
