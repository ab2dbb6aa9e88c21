"""Tamper evidence for the ledger and the audit log: a keyed hash chain over their rows.

`ledger_chain` holds one hash per sealed row, each over the row and the hash before it,
in the order rows were committed: SQLite's rowid (one writer at a time) and on PostgreSQL a
new `stock_move.seq` from a sequence (the sealer waits for in-flight inserts first, see
db/chain.py). It is append-only like the tables it seals.

Revision ID: 0015_ledger_seal
Revises: 0014_audit_append_only
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015_ledger_seal"
down_revision: str | None = "0014_audit_append_only"
branch_labels: str | None = None
depends_on: str | None = None

_SQLITE = (
    "CREATE TRIGGER ledger_chain_no_update BEFORE UPDATE ON ledger_chain "
    "BEGIN SELECT RAISE(ABORT, 'ledger_chain is append-only'); END",
    "CREATE TRIGGER ledger_chain_no_delete BEFORE DELETE ON ledger_chain "
    "BEGIN SELECT RAISE(ABORT, 'ledger_chain is append-only'); END",
)
_PG = (
    "CREATE FUNCTION ledger_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'ledger_chain is append-only' "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER ledger_chain_no_update BEFORE UPDATE OR DELETE ON ledger_chain "
    "FOR EACH ROW EXECUTE FUNCTION ledger_chain_append_only()",
    "CREATE TRIGGER ledger_chain_no_truncate BEFORE TRUNCATE ON ledger_chain "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_chain_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON ledger_chain FROM PUBLIC",
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE SEQUENCE stock_move_seq")
        op.add_column(
            "stock_move",
            sa.Column(
                "seq", sa.BigInteger(), nullable=True,
                server_default=sa.text("nextval('stock_move_seq')"),
            ),
        )  # fmt: skip
        # Existing moves are numbered as the column is added (the default runs per row).
    else:
        op.add_column("stock_move", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.create_table(
        "ledger_chain",
        sa.Column("chain", sa.String(length=20), primary_key=True),
        sa.Column("row_key", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
    )
    for statement in _PG if postgresql else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP TRIGGER ledger_chain_no_truncate ON ledger_chain")
        op.execute("DROP TRIGGER ledger_chain_no_update ON ledger_chain")
        op.execute("DROP FUNCTION ledger_chain_append_only()")
    op.drop_table("ledger_chain")
    # Native DROP COLUMN on both: a batch copy of stock_move would lose its guard triggers.
    op.execute("ALTER TABLE stock_move DROP COLUMN seq")
    if postgresql:
        op.execute("DROP SEQUENCE stock_move_seq")
