"""Four processes pick the same SKU from the same location: nothing lost, nothing doubled."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from db.check import rebuild_stock_cache
from db.models import StockMoveRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.db.workers import pick_many
from wms_tui.core.errors import InsufficientStock
from wms_tui.core.model import VIRTUAL_CUSTOMER, VIRTUAL_SUPPLIER, MoveReason, StockMove

PROCESSES = 4


def assert_race_is_exact(factory: SqlUnitOfWorkFactory, url: str, per_process: int) -> None:
    start = PROCESSES * per_process
    with factory() as uow:
        uow.ledger.post(
            StockMove("opening", "SKU-1", start, VIRTUAL_SUPPLIER, "A-01", MoveReason.RECEIPT)
        )
        uow.commit()
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        applied = pool.starmap(
            pick_many, [(url, worker, per_process, "SKU-1", "A-01") for worker in range(PROCESSES)]
        )
    assert applied == [per_process] * PROCESSES
    with factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 0
        assert uow.ledger.level("SKU-1", VIRTUAL_CUSTOMER) == start
        moves = uow.session.scalar(
            select(func.count()).select_from(StockMoveRow).where(StockMoveRow.reason == "pick")
        )
        assert moves == start
        with pytest.raises(InsufficientStock):
            uow.ledger.post(
                StockMove("one-more", "SKU-1", 1, "A-01", VIRTUAL_CUSTOMER, MoveReason.PICK)
            )
    assert rebuild_stock_cache(factory.engine) == []


def test_four_processes_pick_500_each(uow_factory: SqlUnitOfWorkFactory, migrated_url: str) -> None:
    assert_race_is_exact(uow_factory, migrated_url, 500)


@pytest.mark.slow  # make reliability: the same race, longer (17 s of make test's ten minutes)
def test_four_processes_pick_2000_each(
    uow_factory: SqlUnitOfWorkFactory, migrated_url: str
) -> None:
    assert_race_is_exact(uow_factory, migrated_url, 2000)
