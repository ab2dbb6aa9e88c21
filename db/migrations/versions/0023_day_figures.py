"""The day in figures: when an order came in (imported or typed in), and the indexes that
let a day's records be read by time, so a report or the dashboard reads one day of a
busy month without scanning it all. Orders imported before this keep `imported_at` empty.

Revision ID: 0023_day_figures
Revises: 0022_order_receiver
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0023_day_figures"
down_revision: str | None = "0022_order_receiver"
branch_labels: str | None = None
depends_on: str | None = None

_INDEXES = (
    ("ix_orders_imported_at", "orders", "imported_at"),
    ("ix_orders_verified_at", "orders", "verified_at"),
    ("ix_scan_journal_received_at", "scan_journal", "received_at"),
    ("ix_inspection_session_ended_at", "inspection_session", "ended_at"),
    ("ix_pick_record_at", "pick_record", "at"),
    ("ix_count_task_finished_at", "count_task", "finished_at"),
    ("ix_count_approval_at", "count_approval", "at"),
    ("ix_handover_parcel_scanned_at", "handover_parcel", "scanned_at"),
)


def upgrade() -> None:
    # In place, as 0022: the archive triggers on orders (0019) stay as they are.
    op.add_column("orders", sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True))
    for name, table, column in _INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    op.execute("ALTER TABLE orders DROP COLUMN imported_at")
