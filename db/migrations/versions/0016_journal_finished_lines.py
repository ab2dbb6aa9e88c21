"""A finished scan journal line (accepted or rejected) is never changed or removed: it is
the record of what a scan came to. Only a pending line is finished, once.

Revision ID: 0016_journal_finished_lines
Revises: 0015_ledger_seal
"""

from __future__ import annotations

from alembic import op

revision: str = "0016_journal_finished_lines"
down_revision: str | None = "0015_ledger_seal"
branch_labels: str | None = None
depends_on: str | None = None

_SQLITE = (
    "CREATE TRIGGER scan_journal_finished_no_update BEFORE UPDATE ON scan_journal "
    "WHEN OLD.status <> 'pending' "
    "BEGIN SELECT RAISE(ABORT, 'a finished scan journal line is never changed'); END",
    "CREATE TRIGGER scan_journal_finished_no_delete BEFORE DELETE ON scan_journal "
    "WHEN OLD.status <> 'pending' "
    "BEGIN SELECT RAISE(ABORT, 'a finished scan journal line is never changed'); END",
)
_PG = (
    "CREATE FUNCTION scan_journal_finished_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF OLD.status <> 'pending' THEN "
    "RAISE EXCEPTION 'a finished scan journal line is never changed' "
    "USING ERRCODE = 'restrict_violation'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER scan_journal_finished_guard BEFORE UPDATE OR DELETE ON scan_journal "
    "FOR EACH ROW EXECUTE FUNCTION scan_journal_finished_guard()",
)


def upgrade() -> None:
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _PG:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER scan_journal_finished_no_update")
        op.execute("DROP TRIGGER scan_journal_finished_no_delete")
    else:
        op.execute("DROP TRIGGER scan_journal_finished_guard ON scan_journal")
        op.execute("DROP FUNCTION scan_journal_finished_guard()")
