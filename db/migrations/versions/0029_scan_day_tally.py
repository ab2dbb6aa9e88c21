"""A past day's tallies of the scan journal, checked against it on every read.

A month's report read the journal's million scans each time (core/reports/tallies.py).
A day that is over is now kept as its tallies with the journal's mark (how many scans,
the last one's number); the journal's time index takes the seq so that mark is read from
the index alone, on both engines.

Revision ID: 0029_scan_day_tally
Revises: 0028_putaway
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0029_scan_day_tally"
down_revision: str | None = "0028_putaway"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "scan_day_tally",
        sa.Column("tally_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_s", sa.Integer(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("tallies", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "starts_at", "ends_at", "utc_offset_s", name="uq_scan_day_tally_window"
        ),
    )
    op.create_index("ix_scan_day_tally_day", "scan_day_tally", ["day"])
    op.create_index("ix_scan_journal_received_at_seq", "scan_journal", ["received_at", "seq"])
    op.drop_index("ix_scan_journal_received_at", table_name="scan_journal")


def downgrade() -> None:
    op.create_index("ix_scan_journal_received_at", "scan_journal", ["received_at"])
    op.drop_index("ix_scan_journal_received_at_seq", table_name="scan_journal")
    op.drop_index("ix_scan_day_tally_day", table_name="scan_day_tally")
    op.drop_table("scan_day_tally")
