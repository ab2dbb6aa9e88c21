"""The day's figures find a count's adjustments on their own partial index, whatever
SQLite's statistics say of the ledger's references (picks share them by the thousand: on
the whole reference index the look-up scanned the ledger, 25 ms a page of 500)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, text

from db.models import StockMoveRow
from db.reports.reader import MOVES, adjustment_moves
from db.uow import SqlUnitOfWorkFactory
from tests.integration.db.helpers import move
from wms_tui.core.model import VIRTUAL_SUPPLIER, Location, LocationKind, MoveReason, Sku


def test_adjustments_are_looked_up_on_their_own_index(sqlite_planner: SqlUnitOfWorkFactory) -> None:
    factory = sqlite_planner
    with factory() as uow:
        uow.skus.add(Sku("TEE", "T恤", "Tee"))
        for code in ("A-01", "PACK"):
            uow.locations.add(Location(code, LocationKind.BIN))
        uow.ledger.post(move("in", 5000, VIRTUAL_SUPPLIER, "A-01", sku="TEE"))
        uow.commit()
    at = datetime(2026, 12, 7, tzinfo=UTC)
    picks = [
        {"move_id": f"p{n}", "sku_code": "TEE", "qty": 1, "from_location": "A-01",
         "to_location": "PACK", "reason": MoveReason.PICK.value, "reference": "W1",
         "operator": "P1", "station_id": "S1", "at": at}
        for n in range(2000)
    ]  # fmt: skip
    with factory.engine.begin() as connection:
        connection.execute(insert(StockMoveRow), picks)
        connection.exec_driver_sql("ANALYZE")
    statement = adjustment_moves(["W1", "PLAN-1/A-01/1"], MOVES.c.reference)
    with factory() as uow:
        compiled = statement.compile(
            dialect=uow.session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        plan = uow.session.execute(text("EXPLAIN QUERY PLAN " + str(compiled))).all()
        assert uow.session.execute(statement).all() == []  # the picks are no adjustments
    details = [str(row[-1]) for row in plan]
    assert not [d for d in details if d.startswith("SCAN stock_move")], details
    assert any("ix_stock_move_adjustment" in d for d in details), details
