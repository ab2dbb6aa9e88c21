from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase, FixedClock
from wms_tui.core import stock
from wms_tui.core.errors import (
    AlreadyReversed,
    IllegalTransition,
    InsufficientStock,
    InvalidQuantity,
    UnknownLocation,
    UnknownSku,
)
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_LOCATIONS,
    Location,
    LocationKind,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
    StockMove,
    parse_quantity,
)

CLOCK = FixedClock()


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    with db.uow() as uow:
        uow.skus.add(Sku("SKU-1", "白色T恤", "White tee", "XL"))
        for code in VIRTUAL_LOCATIONS:
            uow.locations.add(Location(code, LocationKind.VIRTUAL))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        uow.orders.add(Order("T1", "taobao", "店", OrderStatus.PENDING, [OrderLine(1, "SKU-1", 3)]))
        uow.commit()
    return db


def _receive(db: FakeDatabase, qty: int, move_id: str = "m1") -> bool:
    with db.uow() as uow:
        applied = stock.receive(
            uow,
            CLOCK,
            sku_code="SKU-1",
            qty=qty,
            location="A-01-1",
            operator="op",
            station_id="S1",
            move_id=move_id,
        )
        uow.commit()
    return applied


def test_receive_is_idempotent_by_move_id(db: FakeDatabase) -> None:
    assert _receive(db, 5) is True
    assert _receive(db, 5) is False
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01-1") == 5
        assert uow.ledger.level("SKU-1", "@supplier") == -5


def test_unknown_sku_and_location_are_refused(db: FakeDatabase) -> None:
    with db.uow() as uow, pytest.raises(UnknownSku):
        stock.receive(
            uow, CLOCK, sku_code="NOPE", qty=1, location="A-01-1", operator="o", station_id="S1"
        )
    with db.uow() as uow, pytest.raises(UnknownLocation):
        stock.receive(
            uow, CLOCK, sku_code="SKU-1", qty=1, location="Z-99", operator="o", station_id="S1"
        )
    with db.uow() as uow, pytest.raises(InvalidQuantity):
        stock.receive(
            uow, CLOCK, sku_code="SKU-1", qty=0, location="A-01-1", operator="o", station_id="S1"
        )


def test_reversal_restores_and_happens_once(db: FakeDatabase) -> None:
    _receive(db, 5)
    with db.uow() as uow:
        stock.reverse(uow, CLOCK, move_id="m1", operator="sup", station_id="S1")
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01-1") == 0
        with pytest.raises(AlreadyReversed):
            stock.reverse(uow, CLOCK, move_id="m1", operator="sup", station_id="S1")


def test_on_hand_never_negative(db: FakeDatabase) -> None:
    _receive(db, 2)
    move = StockMove("p1", "SKU-1", 3, "A-01-1", VIRTUAL_CUSTOMER, MoveReason.SHIP)
    with db.uow() as uow, pytest.raises(InsufficientStock) as info:
        stock.post_move(uow, move, CLOCK)
    assert info.value.params == {"sku": "SKU-1", "location": "A-01-1", "wanted": 3, "on_hand": 2}


def test_confirm_reserves_and_cancel_frees(db: FakeDatabase) -> None:
    _receive(db, 5)
    with db.uow() as uow:
        stock.confirm_order(uow, "T1")
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.available("SKU-1") == 2
        stock.cancel_order(uow, "T1", "buyer cancelled")
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.available("SKU-1") == 5
        order = uow.orders.get("T1")
        assert order is not None
        with pytest.raises(IllegalTransition):
            uow.orders.set_status(order, OrderStatus.VERIFIED)


@pytest.mark.parametrize("text", ["１２", "١٢", "1_000", "-3", " 12", "12\n", "1.5", "", "0"])
def test_quantities_are_ascii_whole_numbers(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        parse_quantity(text)


def test_quantity_accepts_plain_digits() -> None:
    assert parse_quantity("12") == 12
    assert parse_quantity("0", allow_zero=True) == 0


def test_a_batch_of_move_ids_ascends_and_each_is_a_version_7_uuid() -> None:
    at = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    ids = stock.new_move_ids(5000, at)
    assert ids == sorted(ids) and len(set(ids)) == 5000
    parsed = [uuid.UUID(move_id) for move_id in ids]
    assert {p.version for p in parsed} == {7} and {p.variant for p in parsed} == {uuid.RFC_4122}
    assert {p.int >> 80 for p in parsed} == {int(at.timestamp() * 1000)}
    later = stock.new_move_ids(1, datetime(2026, 12, 7, 10, 0, 1, tzinfo=UTC))
    assert later[0] > ids[-1]  # a later batch sorts after: the index is appended to
