"""One lease table: waves, orders at inspection and locations at counting lease in work_session.

Before, a wave's lease was three columns of pick_wave, an order's was its open inspection
session (a partial unique index), and a location's its counting task: three mechanisms
for one rule. The leases held now are copied into work_session, held until released or
taken over (lease_until is no longer used), and the old columns and index go.

Revision ID: 0011_one_lease_table
Revises: 0010_scan_journal_operator
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011_one_lease_table"
down_revision: str | None = "0010_scan_journal_operator"
branch_labels: str | None = None
depends_on: str | None = None

_OPEN_SESSION = "result = 'open'"


def upgrade() -> None:
    with op.batch_alter_table("work_session") as batch:
        batch.alter_column("lease_until", existing_type=sa.DateTime(timezone=True), nullable=True)
    op.execute(
        "INSERT INTO work_session (kind, subject, status, station_id, operator, version,"
        " started_at)"
        " SELECT 'wave', wave_no, 'open', lease_station, lease_operator, 1,"
        " COALESCE(lease_since, created_at) FROM pick_wave WHERE lease_station <> ''"
    )
    op.execute(
        "INSERT INTO work_session (kind, subject, status, station_id, operator, version,"
        " started_at)"
        " SELECT 'order', order_no, 'open', station_id, operator, 1, started_at"
        f" FROM inspection_session WHERE {_OPEN_SESSION}"
    )
    op.execute(
        "INSERT INTO work_session (kind, subject, status, station_id, operator, version,"
        " started_at)"
        " SELECT 'location', location, 'open', station_id, counter, 1,"
        " COALESCE(started_at, CURRENT_TIMESTAMP)"
        " FROM count_task WHERE status = 'counting'"
    )
    with op.batch_alter_table("pick_wave") as batch:
        batch.drop_column("lease_station")
        batch.drop_column("lease_operator")
        batch.drop_column("lease_since")
    with op.batch_alter_table("inspection_session") as batch:
        batch.drop_index("uq_inspection_open_order")


def downgrade() -> None:
    with op.batch_alter_table("inspection_session") as batch:
        batch.create_index(
            "uq_inspection_open_order",
            ["order_no"],
            unique=True,
            sqlite_where=sa.text(_OPEN_SESSION),
            postgresql_where=sa.text(_OPEN_SESSION),
        )
    with op.batch_alter_table("pick_wave") as batch:
        batch.add_column(
            sa.Column("lease_station", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("lease_operator", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("lease_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE pick_wave SET"
        " lease_station = (SELECT station_id FROM work_session w WHERE w.kind = 'wave'"
        " AND w.status = 'open' AND w.subject = pick_wave.wave_no),"
        " lease_operator = (SELECT operator FROM work_session w WHERE w.kind = 'wave'"
        " AND w.status = 'open' AND w.subject = pick_wave.wave_no),"
        " lease_since = (SELECT started_at FROM work_session w WHERE w.kind = 'wave'"
        " AND w.status = 'open' AND w.subject = pick_wave.wave_no)"
        " WHERE EXISTS (SELECT 1 FROM work_session w WHERE w.kind = 'wave'"
        " AND w.status = 'open' AND w.subject = pick_wave.wave_no)"
    )
    op.execute("DELETE FROM work_session WHERE kind IN ('wave', 'order', 'location')")
    with op.batch_alter_table("work_session") as batch:
        batch.alter_column("lease_until", existing_type=sa.DateTime(timezone=True), nullable=False)
