"""Migrations 0008 and 0009 on a database in use, on both engines: a picker's session keeps
its place, and every level holding stock gets the age its ledger gives it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from db import migrate
from db.check import rebuild_stock_cache
from db.engine import make_engine
from db.models import LocationRow, SkuRow, StockLevelRow, StockMoveRow
from db.picking.models import PickSessionRow

LEVELS = {"@supplier": -11, "@customer": 5, "A-01": 2, "B-01": 4, "C-01": 0}
DAY = [datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(days=n) for n in range(4)]


def _move(move_id: str, qty: int, source: str, target: str, day: int) -> dict[str, Any]:
    return {
        "move_id": move_id, "sku_code": "S1", "qty": qty, "from_location": source,
        "to_location": target, "reason": "transfer", "at": DAY[day],
    }  # fmt: skip


def test_upgrade_dates_stocked_levels_by_their_ledger(db_url: str) -> None:
    migrate.upgrade(db_url, "0007_allocation_wave_order")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(SkuRow), [{"code": "S1", "name_zh": "袜子"}])
            # The virtual locations come with the first migration.
            connection.execute(
                insert(LocationRow),
                [{"code": code, "kind": "bin"} for code in ("A-01", "B-01", "C-01")],
            )
            connection.execute(
                insert(StockMoveRow),
                [
                    _move("in-a", 5, "@supplier", "A-01", 0),
                    _move("in-b", 3, "@supplier", "B-01", 0),
                    _move("out-a", 5, "A-01", "@customer", 1),  # A-01 emptied ...
                    _move("more-b", 1, "@supplier", "B-01", 1),  # B-01 topped up
                    _move("in-c", 2, "@supplier", "C-01", 1),
                    _move("refill-a", 2, "C-01", "A-01", 2),  # ... and refilled; C-01 empty
                ],
            )
            connection.execute(
                insert(StockLevelRow),
                [{"sku_code": "S1", "location": code, "qty": qty} for code, qty in LEVELS.items()],
            )
            connection.execute(
                insert(PickSessionRow),
                [
                    {
                        "station_id": "ST1", "operator": "P1", "wave_no": "W1",
                        "at_location": "A-01", "in_hand": 1, "pending_qty": 0,
                        "awaiting_short_qty": False, "version": 3,
                    }
                ],
            )  # fmt: skip
        engine.dispose()  # the migration opens its own connection
        migrate.upgrade(db_url, "0009_stock_level_since")
        assert migrate.current(db_url) == "0009_stock_level_since"
        with engine.connect() as connection:
            since = dict(
                connection.execute(select(StockLevelRow.location, StockLevelRow.since)).all()
            )
            session = connection.execute(select(PickSessionRow)).one()
        # The refill dates A-01, not its first receipt; B-01 keeps its oldest units' date.
        assert {code: since[code] for code in ("A-01", "B-01", "C-01")} == {
            "A-01": DAY[2],
            "B-01": DAY[0],
            "C-01": None,
        }
        assert (session.in_hand, session.in_hand_sku, session.version) == (1, "", 3)
        # What the migration wrote is what the check computes: nothing to repair.
        assert rebuild_stock_cache(engine) == []
        with engine.connect() as connection:
            after = dict(
                connection.execute(select(StockLevelRow.location, StockLevelRow.since)).all()
            )
        assert {code: after[code] for code in ("A-01", "B-01")} == {"A-01": DAY[2], "B-01": DAY[0]}
        with engine.begin() as connection:  # a stocked level that lost its date ...
            connection.execute(
                update(StockLevelRow).where(StockLevelRow.location == "A-01").values(since=None)
            )
        assert rebuild_stock_cache(engine) == []  # ... is no drift of quantity, but is dated
        with engine.connect() as connection:
            again = connection.execute(
                select(StockLevelRow.since).where(StockLevelRow.location == "A-01")
            ).scalar_one()
        assert again == DAY[2]
    finally:
        engine.dispose()
