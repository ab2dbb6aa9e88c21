"""The ledger on both engines: idempotent posting, guarded stock, reversals, availability."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from db.check import rebuild_stock_cache
from db.models import StockLevelRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.db.helpers import AT, move
from wms_tui.core.errors import (
    AlreadyReversed,
    InsufficientStock,
    InvalidMove,
    LocationFrozen,
    UnknownLocation,
    UnknownMove,
    UnknownSku,
)
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_SUPPLIER,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    StockLevel,
    StockMove,
)


def receive(factory: SqlUnitOfWorkFactory, qty: int, location: str = "A-01") -> None:
    with factory() as uow:
        assert uow.ledger.post(move(f"rcv-{location}-{qty}", qty, VIRTUAL_SUPPLIER, location))
        uow.commit()


def test_a_move_is_stored_as_posted(uow_factory: SqlUnitOfWorkFactory) -> None:
    posted = StockMove(
        "m-1",
        "SKU-1",
        5,
        VIRTUAL_SUPPLIER,
        "RCV",
        MoveReason.RECEIPT,
        "PO-7",
        "B1",
        "ST1",
        "s1",
        AT,
    )
    with uow_factory() as uow:
        assert uow.ledger.post(posted)
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.get("m-1") == posted
        assert uow.ledger.get("nope") is None
        assert uow.ledger.levels("SKU-1") == [
            StockLevel("SKU-1", VIRTUAL_SUPPLIER, -5),
            StockLevel("SKU-1", "RCV", 5),
        ]


def test_posting_is_idempotent_by_move_id(uow_factory: SqlUnitOfWorkFactory) -> None:
    receive(uow_factory, 10)
    with uow_factory() as uow:
        assert uow.ledger.post(move("pick-1", 3, "A-01", VIRTUAL_CUSTOMER))
        assert not uow.ledger.post(move("pick-1", 3, "A-01", VIRTUAL_CUSTOMER))
        uow.commit()
    with uow_factory() as uow:
        assert not uow.ledger.post(move("pick-1", 3, "A-01", VIRTUAL_CUSTOMER))
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 7
        assert uow.ledger.level("SKU-1", VIRTUAL_CUSTOMER) == 3


def test_guarded_update_refuses_negative_and_leaves_nothing_half_done(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    receive(uow_factory, 2)
    with uow_factory() as uow:
        assert uow.ledger.post(move("ok-1", 1, "A-01", "A-02"))
        with pytest.raises(InsufficientStock) as refused:
            uow.ledger.post(move("too-many", 5, "A-01", VIRTUAL_CUSTOMER))
        assert refused.value.params == {
            "sku": "SKU-1",
            "location": "A-01",
            "wanted": 5,
            "on_hand": 1,
        }
        # The unit of work goes on: the refused move left no row and no cache change.
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.get("too-many") is None
        assert uow.ledger.level("SKU-1", "A-01") == 1
        assert uow.ledger.level("SKU-1", "A-02") == 1
        assert uow.ledger.level("SKU-1", VIRTUAL_CUSTOMER) == 0
        # An empty location that never had the sku refuses too.
        with pytest.raises(InsufficientStock):
            uow.ledger.post(move("none", 1, "QC", "A-01"))


def test_reversal_applies_at_most_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    receive(uow_factory, 4)
    original = move("m-1", 3, "A-01", "A-02")
    with uow_factory() as uow:
        uow.ledger.post(original)
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.post(original.reversal("rev-1", "B2", "ST2"))
        assert not uow.ledger.post(original.reversal("rev-1", "B2", "ST2"))  # a replay
        with pytest.raises(AlreadyReversed):
            uow.ledger.post(original.reversal("rev-2", "B2", "ST2"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 4
        assert uow.ledger.level("SKU-1", "A-02") == 0
        reversal = uow.ledger.get("rev-1")
        assert reversal is not None and reversal.reverses == "m-1"
        assert reversal.reason is MoveReason.REVERSAL
        with pytest.raises(UnknownMove):
            uow.ledger.post(move("ghost", 1, "A-02", "A-01", reason=MoveReason.REVERSAL)
                            .reversal("rev-ghost", "B2", "ST2"))  # fmt: skip
        wrong = original.reversal("rev-3", "B2", "ST2")
        with pytest.raises(InvalidMove):
            uow.ledger.post(StockMove(**{**wrong.__dict__, "qty": 1}))


def test_reversal_cannot_take_stock_that_moved_on(uow_factory: SqlUnitOfWorkFactory) -> None:
    receive(uow_factory, 3)
    with uow_factory() as uow:
        uow.ledger.post(move("m-1", 3, "A-01", "A-02"))
        uow.ledger.post(move("m-2", 3, "A-02", VIRTUAL_CUSTOMER))
        uow.commit()
    with uow_factory() as uow:
        original = uow.ledger.get("m-1")
        assert original is not None
        with pytest.raises(InsufficientStock):
            uow.ledger.post(original.reversal("rev-1", "B2", "ST2"))


def test_frozen_locations_refuse_stock_out_hold_stock_in_and_take_count_adjustments(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    receive(uow_factory, 5)
    with uow_factory() as uow:
        uow.locations.set_frozen("A-01", True)
        with pytest.raises(LocationFrozen):
            uow.ledger.post(move("out", 1, "A-01", "A-02"))
        # Held, not applied and not refused: it waits for the count (db/held_moves.py).
        assert uow.ledger.post(move("in", 1, VIRTUAL_SUPPLIER, "A-01"))
        assert not uow.ledger.post(move("in", 1, VIRTUAL_SUPPLIER, "A-01"))  # a replay
        assert uow.ledger.get("in") is None
        assert uow.ledger.post(
            move("adj", 2, "A-01", "@adjustment", reason=MoveReason.COUNT_ADJUSTMENT)
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 3
        assert sum(level.on_hand for level in uow.ledger.levels("SKU-1")) == 0
        uow.locations.set_frozen("A-01", False)
        # Posted later under its own id: once, however often it is offered.
        assert uow.ledger.post(move("in", 1, VIRTUAL_SUPPLIER, "A-01"))
        assert not uow.ledger.post(move("in", 1, VIRTUAL_SUPPLIER, "A-01"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 4


def test_unknown_sku_and_location_are_refused(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        with pytest.raises(UnknownLocation):
            uow.ledger.post(move("m", 1, VIRTUAL_SUPPLIER, "Z-99"))
        with pytest.raises(UnknownSku):
            uow.ledger.post(move("m", 1, VIRTUAL_SUPPLIER, "A-01", sku="NOPE"))
        assert uow.ledger.post(move("m", 1, VIRTUAL_SUPPLIER, "A-01"))


def test_available_is_sellable_on_hand_minus_reserved(uow_factory: SqlUnitOfWorkFactory) -> None:
    receive(uow_factory, 10, "A-01")
    receive(uow_factory, 4, "A-02")
    receive(uow_factory, 7, "RCV")  # not yet put away: not sellable
    receive(uow_factory, 2, "QC")
    with uow_factory() as uow:
        uow.orders.add(
            Order("O-1", "tmall", "shop", OrderStatus.PENDING, [OrderLine(1, "SKU-1", 3)])
        )
        uow.orders.add(Order("O-2", "jd", "shop", OrderStatus.PENDING, [OrderLine(1, "SKU-1", 2)]))
        uow.ledger.reserve("O-1", "SKU-1", 3)
        uow.ledger.reserve("O-2", "SKU-1", 1)
        uow.ledger.reserve("O-2", "SKU-1", 1)
        uow.commit()
    with uow_factory() as uow:
        assert uow.ledger.reserved("SKU-1") == 5
        assert uow.ledger.available("SKU-1") == 14 - 5
        uow.locations.set_frozen("A-02", True)  # a count in progress
        assert uow.ledger.available("SKU-1") == 10 - 5
        uow.ledger.release_reservations("O-1")
        assert uow.ledger.available("SKU-1") == 10 - 2
        assert uow.ledger.available("SKU-2") == 0


def test_rebuild_reports_injected_drift_and_fixes_it(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    receive(uow_factory, 6)
    with uow_factory() as uow:
        uow.ledger.post(move("m-1", 2, "A-01", "A-02"))
        uow.commit()
    engine = uow_factory.engine
    assert rebuild_stock_cache(engine) == []
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE stock_level SET qty = 99 WHERE sku_code = 'SKU-1' AND location = 'A-02'")
        )
        connection.execute(text("DELETE FROM stock_level WHERE location = 'A-01'"))
        connection.execute(
            text("INSERT INTO stock_level (sku_code, location, qty) VALUES ('SKU-2', 'QC', 5)")
        )
    drifts = rebuild_stock_cache(engine)
    assert sorted((d.sku, d.location, d.cached, d.ledger) for d in drifts) == [
        ("SKU-1", "A-01", 0, 4),
        ("SKU-1", "A-02", 99, 2),
        ("SKU-2", "QC", 5, 0),
    ]
    assert rebuild_stock_cache(engine) == []
    with uow_factory() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 4
        assert uow.ledger.level("SKU-1", "A-02") == 2
        assert uow.ledger.level("SKU-2", "QC") == 0


def _since(factory: SqlUnitOfWorkFactory, location: str) -> datetime | None:
    with factory.engine.connect() as connection:
        found = connection.execute(
            select(StockLevelRow.since).where(
                StockLevelRow.sku_code == "SKU-1", StockLevelRow.location == location
            )
        ).scalar_one()
    return found if found is None else found.astimezone(UTC)


@pytest.mark.parametrize("together", [False, True], ids=["post", "post_many"])
def test_a_level_remembers_since_when_it_holds_stock(
    uow_factory: SqlUnitOfWorkFactory, together: bool
) -> None:
    """Topping up keeps the date of the oldest units; emptied and stocked again, the bin's
    stock is as new as what came in. (What "oldest stock first" allocates by.)"""
    day = [AT + timedelta(days=n) for n in range(5)]

    def post(*moves: StockMove) -> None:
        with uow_factory() as uow:
            if together:
                # Beside another SKU's move, so the batch goes the batch way.
                other = move(f"x-{moves[0].move_id}", 1, "A-02", "QC", sku="SKU-2")
                uow.ledger.post_many([*moves, other])
            else:
                for one in moves:
                    uow.ledger.post(one)
            uow.commit()

    with uow_factory() as uow:
        uow.ledger.post(move("seed-1", 9, VIRTUAL_SUPPLIER, "RCV"))
        uow.ledger.post(move("seed-2", 9, VIRTUAL_SUPPLIER, "A-02", sku="SKU-2"))
        uow.commit()
    post(replace(move("in-1", 5, VIRTUAL_SUPPLIER, "A-01"), at=day[0]))
    post(replace(move("in-2", 3, VIRTUAL_SUPPLIER, "A-01"), at=day[1]))
    assert _since(uow_factory, "A-01") == day[0]
    post(replace(move("out-1", 8, "A-01", VIRTUAL_CUSTOMER), at=day[2]))
    post(replace(move("in-3", 2, "RCV", "A-01"), at=day[3]))  # refilled from receiving
    assert _since(uow_factory, "A-01") == day[3]
    assert _since(uow_factory, VIRTUAL_SUPPLIER) is None  # drawn below zero: no stock, no age
    assert rebuild_stock_cache(uow_factory.engine) == []
    with uow_factory.engine.begin() as connection:  # a cache gone wrong ...
        connection.execute(text("UPDATE stock_level SET qty = 7, since = NULL"))
    assert rebuild_stock_cache(uow_factory.engine)  # ... is put right, since included
    assert _since(uow_factory, "A-01") == day[3]
