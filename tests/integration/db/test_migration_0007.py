"""Migration 0007 on a database that already holds a picked wave, on both engines.

SQLite rebuilds `pick_allocation` to change its keys; the picks recorded against it must
survive, with every foreign key still holding, and the new key must refuse an allocation
for an order that is not in its wave.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, column, func, insert, inspect, select, table
from sqlalchemy.exc import IntegrityError

from db import migrate
from db.engine import make_engine
from db.models import LocationRow, OperatorRow, OrderRow, SkuRow, StockMoveRow
from db.picking.models import PickAllocationRow, PickRecordRow, PickWaveOrderRow

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
# pick_wave as it stood at 0006, with its lease columns (0011 moved leases out of it).
PICK_WAVE_0006 = table(
    "pick_wave",
    *(column(name) for name in ("wave_no", "kind", "status", "priority", "grp", "created_at",
                                "created_by", "lease_station", "lease_operator", "version")),
)  # fmt: skip


def _order(order_no: str) -> dict[str, Any]:
    return {"order_no": order_no, "platform": "taobao", "status": "released", "version": 1}


def _allocation(idx: int, order_no: str) -> dict[str, Any]:
    return {
        "wave_no": "W1", "idx": idx, "order_no": order_no, "line_no": 1, "sku_code": "S1",
        "location": "A-01", "walk_order": 1, "qty": 1, "slot": 0,
    }  # fmt: skip


def _seed(connection: Connection) -> None:
    connection.execute(insert(OperatorRow), [{"badge": "SUP", "name": "主管"}])
    connection.execute(insert(SkuRow), [{"code": "S1", "name_zh": "袜子"}])
    connection.execute(
        insert(LocationRow),
        [{"code": "A-01", "kind": "bin"}, {"code": "PACK-1", "kind": "packing"}],
    )
    connection.execute(insert(OrderRow), [_order("O1"), _order("O2"), _order("O3")])
    connection.execute(
        insert(PICK_WAVE_0006),
        [
            {
                "wave_no": "W1", "kind": "multi", "status": "picking", "priority": 0,
                "grp": "", "created_at": AT, "created_by": "SUP", "lease_station": "",
                "lease_operator": "", "version": 1,
            }
        ],
    )  # fmt: skip
    connection.execute(
        insert(PickWaveOrderRow),
        [
            {"wave_no": "W1", "position": 1, "order_no": "O1"},
            {"wave_no": "W1", "position": 2, "order_no": "O2"},
        ],
    )
    connection.execute(insert(PickAllocationRow), [_allocation(0, "O1"), _allocation(1, "O2")])
    connection.execute(
        insert(StockMoveRow),
        [
            {
                "move_id": "m1", "sku_code": "S1", "qty": 1, "from_location": "A-01",
                "to_location": "PACK-1", "reason": "pick", "at": AT,
            }
        ],
    )  # fmt: skip
    connection.execute(
        insert(PickRecordRow),
        [
            {
                "wave_no": "W1", "allocation": 0, "qty": 1, "move_id": "m1", "operator": "P1",
                "station_id": "S1", "scan_id": "scan-1", "at": AT,
            }
        ],
    )  # fmt: skip


def test_upgrade_keeps_a_picked_wave_and_tightens_the_key(db_url: str) -> None:
    migrate.upgrade(db_url, "0006_sku_spec_en")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            _seed(connection)
        engine.dispose()  # the migration opens its own connection
        migrate.upgrade(db_url, "0007_allocation_wave_order")
        assert migrate.current(db_url) == "0007_allocation_wave_order"
        with engine.connect() as connection:
            allocations = connection.execute(
                select(PickAllocationRow.idx, PickAllocationRow.order_no).order_by("idx")
            ).all()
            picks = connection.scalar(select(func.count()).select_from(PickRecordRow))
            keys = {
                key["name"]: (tuple(key["constrained_columns"]), key["referred_table"])
                for key in inspect(connection).get_foreign_keys("pick_allocation")
            }
            if connection.dialect.name == "sqlite":
                # Keys are on again for the station, and nothing was left dangling.
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert [tuple(row) for row in allocations] == [(0, "O1"), (1, "O2")]
        assert picks == 1
        assert keys["fk_pick_allocation_wave_order_pick_wave_order"] == (
            ("wave_no", "order_no"),
            "pick_wave_order",
        )
        assert "fk_pick_allocation_order_no_orders" not in keys
        assert "fk_pick_allocation_wave_no_pick_wave" not in keys
        # O3 exists, but it is not an order of wave W1.
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(PickAllocationRow), [_allocation(2, "O3")])
    finally:
        engine.dispose()
