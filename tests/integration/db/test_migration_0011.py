"""Migration 0011 on a database in use, on both engines: the leases held when it runs (a
wave's picker, an order on an inspection desk, a location being counted) move into the one
lease table and are still held, by the same people, after it; and back on a downgrade."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, column, insert, select, table

from db import migrate
from db.engine import make_engine
from db.models import LocationRow, OperatorRow, OrderRow
from db.uow import make_uow_factory
from wms_tui.core.leases import Lease

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _table(name: str, *columns: str) -> Any:
    """A table as it stood at 0010 (the models describe it as it is now)."""
    return table(name, *(column(c) for c in columns))


WAVE = _table(
    "pick_wave", "wave_no", "kind", "status", "priority", "grp", "created_at", "created_by",
    "lease_station", "lease_operator", "lease_since", "version",
)  # fmt: skip
SESSION = _table(
    "inspection_session", "session_id", "order_no", "station_id", "operator", "started_at",
    "result", "wrong_scans", "note", "version",
)  # fmt: skip
PLAN = _table(
    "count_plan", "plan_id", "name", "scope", "zone", "days", "chosen_locations", "blind",
    "threshold_kind", "threshold_value", "status", "created_by", "created_at", "version",
)  # fmt: skip
TASK = _table(
    "count_task", "task_id", "plan_id", "location", "round", "status", "counter", "station_id",
    "started_at", "version",
)  # fmt: skip


def _seed(connection: Connection) -> None:
    connection.execute(
        insert(OperatorRow),
        [{"badge": b, "name": n} for b, n in (("SUP", "主管"), ("P1", "拣货"), ("C1", "盘点"))],
    )
    connection.execute(insert(LocationRow), [{"code": "A-01", "kind": "bin"}])
    connection.execute(
        insert(OrderRow),
        [{"order_no": "O1", "platform": "jd", "status": "picked", "version": 1}],
    )
    wave = {"kind": "multi", "status": "picking", "priority": 0, "grp": "", "created_at": AT,
            "created_by": "SUP", "version": 4}  # fmt: skip
    connection.execute(
        insert(WAVE),
        [
            {**wave, "wave_no": "W1", "lease_station": "ST1", "lease_operator": "P1",
             "lease_since": AT},
            {**wave, "wave_no": "W2", "lease_station": "", "lease_operator": "",
             "lease_since": None},
        ],
    )  # fmt: skip
    connection.execute(
        insert(SESSION),
        [
            {"session_id": "s1", "order_no": "O1", "station_id": "PACK-2", "operator": "I1",
             "started_at": AT, "result": "open", "wrong_scans": 0, "note": "", "version": 1},
        ],
    )  # fmt: skip
    connection.execute(
        insert(PLAN),
        [
            {"plan_id": "P", "name": "周盘", "scope": "locations", "zone": "", "days": 0,
             "chosen_locations": "A-01", "blind": True, "threshold_kind": "units",
             "threshold_value": 0, "status": "open", "created_by": "SUP", "created_at": AT,
             "version": 1},
        ],
    )  # fmt: skip
    connection.execute(
        insert(TASK),
        [
            {"task_id": "t1", "plan_id": "P", "location": "A-01", "round": 1,
             "status": "counting", "counter": "C1", "station_id": "ST3", "started_at": AT,
             "version": 2},
        ],
    )  # fmt: skip


def test_leases_held_during_the_upgrade_stay_held(db_url: str) -> None:
    migrate.upgrade(db_url, "0010_scan_journal_operator")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            _seed(connection)
    finally:
        engine.dispose()
    migrate.upgrade(db_url)
    factory = make_uow_factory(db_url)
    try:
        with factory() as uow:
            assert uow.leases.holder("wave", "W1") == Lease("wave", "W1", "ST1", "P1", AT)
            assert uow.leases.holder("wave", "W2") is None
            assert uow.leases.holder("order", "O1") == Lease("order", "O1", "PACK-2", "I1", AT)
            assert uow.leases.holder("location", "A-01") == Lease(
                "location", "A-01", "ST3", "C1", AT
            )
            wave = uow.waves.get("W1")
            assert wave is not None
            assert (wave.lease_station, wave.lease_operator, wave.lease_since, wave.version) == (
                "ST1", "P1", AT, 4,
            )  # fmt: skip
    finally:
        factory.dispose()
    migrate.downgrade(db_url, "0010_scan_journal_operator")
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(WAVE.c.wave_no, WAVE.c.lease_station, WAVE.c.lease_operator).order_by(
                    WAVE.c.wave_no
                )
            ).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [("W1", "ST1", "P1"), ("W2", "", "")]
