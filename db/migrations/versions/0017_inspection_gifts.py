"""Gift lines added at the desk: the inspection_event kinds arm_gift and gift, and the
gift line's spec beside its name.

A CHECK constraint cannot be altered in SQLite: the table is copied (batch mode), and its
append-only triggers, which go with the old table, are made again on the new one.

Revision ID: 0017_inspection_gifts
Revises: 0016_journal_finished_lines
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0017_inspection_gifts"
down_revision: str | None = "0016_journal_finished_lines"
branch_labels: str | None = None
depends_on: str | None = None

_NAME = "ck_inspection_event_kind_known"
_OLD = (
    "opened", "count", "wrong", "undo", "remove", "problem", "ack", "arm_qty", "arm_problem",
    "pending", "clear", "location", "weight", "override", "takeover",
)  # fmt: skip
_NEW = (*_OLD, "arm_gift", "gift")
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER inspection_event_no_update BEFORE UPDATE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
    "CREATE TRIGGER inspection_event_no_delete BEFORE DELETE ON inspection_event "
    "BEGIN SELECT RAISE(ABORT, 'inspection_event is append-only'); END",
)


def _kinds(values: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(v) for v in values)})"


def _spec() -> sa.Column[str]:
    return sa.Column("spec", sa.String(length=200), server_default="", nullable=False)


def _replace(values: tuple[str, ...], *, spec: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS inspection_event_no_delete")
        with op.batch_alter_table("inspection_event", recreate="always") as batch_op:
            batch_op.drop_constraint(op.f(_NAME), type_="check")
            batch_op.create_check_constraint(op.f(_NAME), _kinds(values))
            if spec:
                batch_op.add_column(_spec())
            else:
                batch_op.drop_column("spec")
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(f"ALTER TABLE inspection_event DROP CONSTRAINT {_NAME}")
        op.execute(f"ALTER TABLE inspection_event ADD CONSTRAINT {_NAME} CHECK ({_kinds(values)})")
        if spec:
            op.add_column("inspection_event", _spec())
        else:
            op.drop_column("inspection_event", "spec")


def upgrade() -> None:
    _replace(_NEW, spec=True)


def downgrade() -> None:
    _replace(_OLD, spec=False)
