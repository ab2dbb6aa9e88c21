"""The one put-away (core/shelving.py) over two areas at one station: a station that both
receives and takes returns never puts one desk's carry into the other's bin."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.fakes import FakeDatabase, FixedClock
from wms_tui.core.effects import Actor, Move, apply_effects
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_SUPPLIER,
    Location,
    LocationKind,
    MoveReason,
    Sku,
)
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.receiving.putaway import ReceivingArea
from wms_tui.core.shelving import (
    Carry,
    CarryNothing,
    NotABin,
    NothingWaiting,
    carried,
    carry,
    put_away,
)

TEE = Sku("TEE", "白色T恤", "White tee", "XL")
BIN, DOCK = Location("A-01", LocationKind.BIN, 1), Location("DOCK", LocationKind.DOCK)


@dataclass
class Counted:
    """A source whose units are counted by hand, as returned units are per unit row."""

    area: str
    units: int
    taken: int = 0

    def waiting(self, uow: UnitOfWork, station_id: str, sku_code: str) -> int:
        return self.units - self.taken

    def take(
        self, uow: UnitOfWork, station_id: str, held: Carry, bin_code: str,
        new_id: Callable[[], str],
    ) -> list[object]:  # fmt: skip
        self.taken += held.qty
        return [Move(new_id(), held.sku_code, held.qty, self.area, bin_code,
                     MoveReason.PUTAWAY, self.area)]  # fmt: skip


@pytest.fixture
def db() -> FakeDatabase:
    db = FakeDatabase()
    with db.uow() as uow:
        uow.locations.add(Location("RCV", LocationKind.RECEIVING))
        uow.locations.add(Location("RET", LocationKind.RETURNS))
        uow.locations.add(DOCK)
        for virtual in (VIRTUAL_SUPPLIER, VIRTUAL_CUSTOMER):
            uow.locations.add(Location(virtual, LocationKind.VIRTUAL))
        uow.locations.add(BIN)
        uow.skus.add(TEE)
        arrived = [
            Move("m1", "TEE", 3, VIRTUAL_SUPPLIER, "RCV", MoveReason.RECEIPT, "R1"),
            Move("m2", "TEE", 2, VIRTUAL_CUSTOMER, "RET", MoveReason.RETURN, "T1"),
        ]
        apply_effects(uow, FixedClock(), arrived, Actor("seed", "S0", FixedClock().now()))
        uow.commit()
    return db


def _ids() -> Callable[[], str]:
    return lambda: uuid.uuid4().hex


def test_a_carry_is_its_areas_only(db: FakeDatabase) -> None:
    receiving, returns = ReceivingArea("RCV"), Counted("RET", units=2)
    actor = Actor("OP-1", "S1", FixedClock().now())
    with db.uow() as uow:
        assert carry(uow, "S1", receiving, TEE, 2).qty == 2
        assert carried(uow, "S1", "RET") is None  # the returns desk carries nothing
        with pytest.raises(CarryNothing):
            put_away(uow, FixedClock(), returns, BIN, actor, _ids())
        held = carry(uow, "S1", returns, TEE, None)  # the returns desk's carry replaces it
        assert (held.area, held.qty) == ("RET", 2)
        assert carried(uow, "S1", "RCV") is None
        with pytest.raises(NotABin):
            put_away(uow, FixedClock(), returns, DOCK, actor, _ids())
        done = put_away(uow, FixedClock(), returns, BIN, actor, _ids())
        assert (done.sku_code, done.qty) == ("TEE", 2) and returns.taken == 2
        assert uow.ledger.level("TEE", "A-01") == 2 and uow.ledger.level("TEE", "RCV") == 3
        assert carried(uow, "S1", "RET") is None
        with pytest.raises(NothingWaiting):
            carry(uow, "S1", returns, TEE, 1)


def test_units_shelved_by_another_meanwhile_are_not_put_away_twice(db: FakeDatabase) -> None:
    receiving = ReceivingArea("RCV")
    with db.uow() as uow:
        assert carry(uow, "S1", receiving, TEE, None).qty == 3
        assert carry(uow, "S2", receiving, TEE, 2).qty == 2
        actor = Actor("OP-2", "S2", FixedClock().now())
        put_away(uow, FixedClock(), receiving, BIN, actor, _ids())
        first = Actor("OP-1", "S1", FixedClock().now())
        assert put_away(uow, FixedClock(), receiving, BIN, first, _ids()).qty == 1
        assert uow.ledger.level("TEE", "A-01") == 3 and uow.ledger.level("TEE", "RCV") == 0
