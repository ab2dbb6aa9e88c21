"""The freeze rules of tests/unit/counting/freeze_cases on SQLite and PostgreSQL, and
what only the real ledger shows: its refusal names the count, held moves cannot be edited."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.uow import SqlUnitOfWorkFactory
from tests.unit.counting.freeze_cases import (
    test_negative_days_or_threshold_are_refused_in_words,
    test_pick_that_raced_the_freeze_gets_a_fresh_recount_then_approves,
    test_plan_of_the_locations_holding_a_sku,
    test_plan_of_the_locations_not_counted_in_n_days,
    test_recount_on_an_open_plan_is_blind,
    test_stock_from_another_bin_is_refused_not_held,
    test_stock_from_outside_waits_for_the_count_and_posts_once_on_approval,
)
from tests.unit.counting.helpers import ANN, CLOCK, CountDb, commit_scan
from wms_tui.core import stock
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import MoveReason, StockMove

__all__ = [
    "test_negative_days_or_threshold_are_refused_in_words",
    "test_pick_that_raced_the_freeze_gets_a_fresh_recount_then_approves",
    "test_plan_of_the_locations_holding_a_sku",
    "test_plan_of_the_locations_not_counted_in_n_days",
    "test_recount_on_an_open_plan_is_blind",
    "test_stock_from_another_bin_is_refused_not_held",
    "test_stock_from_outside_waits_for_the_count_and_posts_once_on_approval",
]


def test_ledger_refusal_names_the_count_and_the_stocktaker(db: CountDb) -> None:
    commit_scan(db, ANN, "A-01")
    with db.uow() as uow, pytest.raises(LocationFrozen) as refused:
        uow.ledger.post(StockMove("out", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK))
    assert refused.value.params == {"location": "A-01", "plan": "Zone A", "operator": "Ann"}
    assert "Zone A" in refused.value.message() and "Ann" in refused.value.message()


def test_held_moves_cannot_be_rewritten(db: CountDb, factory: SqlUnitOfWorkFactory) -> None:
    commit_scan(db, ANN, "A-01")
    with db.uow() as uow:
        move = StockMove("in", "SKU-1", 1, "@supplier", "A-01", MoveReason.RECEIPT)
        assert stock.post_move(uow, move, CLOCK)
        uow.commit()
    for statement in ("UPDATE held_stock_move SET qty = 9", "DELETE FROM held_stock_move"):
        with pytest.raises(DBAPIError, match="append-only"), factory.engine.begin() as conn:
            conn.execute(text(statement))
