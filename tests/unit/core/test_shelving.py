"""The one put-away (core/shelving.py) over two areas at one station: a station that both
receives and takes returns never puts one desk's carry into the other's bin; and totes,
loaded at a desk and put away SKU by SKU."""

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
from wms_tui.core.shelving import (
    Carry,
    CarryNothing,
    NotABin,
    NothingWaiting,
    Shelved,
    StockAt,
    ToteEmpty,
    carried,
    carry,
    location_scanned,
    put_away,
    said,
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
    receiving, returns = StockAt("RCV"), Counted("RET", units=2)
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
    receiving = StockAt("RCV")
    with db.uow() as uow:
        assert carry(uow, "S1", receiving, TEE, None).qty == 3
        assert carry(uow, "S2", receiving, TEE, 2).qty == 2
        actor = Actor("OP-2", "S2", FixedClock().now())
        put_away(uow, FixedClock(), receiving, BIN, actor, _ids())
        first = Actor("OP-1", "S1", FixedClock().now())
        assert put_away(uow, FixedClock(), receiving, BIN, first, _ids()).qty == 1
        assert uow.ledger.level("TEE", "A-01") == 3 and uow.ledger.level("TEE", "RCV") == 0


CAP = Sku("CAP", "棒球帽", "Cap", "")
TOTE = Location("TOTE-1", LocationKind.TOTE)
BIN_B = Location("B-01", LocationKind.BIN, 2)


def _scan(db: FakeDatabase, location: Location, station: str = "S1") -> Shelved:
    with db.uow() as uow:
        actor = Actor("OP-1", station, FixedClock().now())
        shelved = location_scanned(uow, FixedClock(), StockAt("RCV"), location, actor, _ids())
        uow.commit()
    return shelved


def test_a_tote_is_loaded_then_put_away_sku_by_sku_in_any_bins_order(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.locations.add(TOTE)
        uow.locations.add(BIN_B)
        uow.skus.add(CAP)
        apply_effects(
            uow, FixedClock(),
            [Move("m3", "CAP", 2, VIRTUAL_SUPPLIER, "RCV", MoveReason.RECEIPT, "R2"),
             Move("m4", "CAP", 1, VIRTUAL_SUPPLIER, "B-01", MoveReason.RECEIPT, "R0")],
            Actor("seed", "S0", FixedClock().now()),
        )  # fmt: skip
        uow.commit()
    for sku, qty in ((TEE, 3), (CAP, 2)):  # the receiver loads the tote at the desk
        with db.uow() as uow:
            carry(uow, "S1", StockAt("RCV"), sku, None)
            uow.commit()
        loaded = said(_scan(db, TOTE))
        assert loaded == ("putaway.into_tote", {"sku": sku.code, "qty": qty, "tote": "TOTE-1"})
    with db.uow() as uow:
        assert uow.ledger.levels_at("TOTE-1") == [("CAP", 2), ("TEE", 3)]
        assert uow.ledger.level("TEE", "RCV") == 0 and uow.ledger.available("TEE") == 0
    started = _scan(db, TOTE, "S2")  # at the shelves, another station's scanner
    assert said(started) == ("putaway.from_tote", {
        "tote": "TOTE-1", "skus": 2, "sku": "CAP", "qty": 2, "bin": "B-01",
    })  # fmt: skip
    with db.uow() as uow, pytest.raises(NotABin):  # never from a tote into a tote
        put_away(uow, FixedClock(), StockAt("TOTE-1"), TOTE,
                 Actor("OP-1", "S2", FixedClock().now()), _ids())  # fmt: skip
    # The tee's bin first, though the cap is carried: the tee goes where it was scanned.
    first = _scan(db, BIN, "S2")
    assert said(first) == ("putaway.done_next", {
        "sku": "TEE", "qty": 3, "bin": "A-01", "next": "CAP", "next_qty": 2, "next_bin": "B-01",
    })  # fmt: skip
    last = _scan(db, BIN_B, "S2")
    assert said(last) == ("putaway.tote_done", {"sku": "CAP", "qty": 2, "bin": "B-01",
                                                 "tote": "TOTE-1"})  # fmt: skip
    with db.uow() as uow:
        assert uow.ledger.levels_at("TOTE-1") == []
        assert uow.ledger.level("TEE", "A-01") == 3 and uow.ledger.level("CAP", "B-01") == 3
        assert uow.locations.carried("S2") is None
    with pytest.raises(ToteEmpty):
        _scan(db, TOTE, "S2")


def test_a_totes_carry_is_any_desks(db: FakeDatabase) -> None:
    """Loaded at receiving, a tote is put away from the returns desk as well: the carry
    from a tote shows at every desk, and an item scanned there starts the desk's own."""
    with db.uow() as uow:
        uow.locations.add(TOTE)
        carry(uow, "S1", StockAt("RCV"), TEE, 2)
        uow.commit()
    _scan(db, TOTE)
    _scan(db, TOTE)  # scanned again, nothing carried: the tote is put away
    with db.uow() as uow:
        held = carried(uow, "S1", "RET")
        assert held is not None and held.tote and (held.sku_code, held.qty) == ("TEE", 2)
        mine = carry(uow, "S1", Counted("RET", units=2), TEE, 1)
        assert (mine.area, mine.qty, mine.tote) == ("RET", 1, False)  # not the tote's two


def test_with_no_bin_to_suggest_the_tote_says_to_scan_the_one_used() -> None:
    cap = Carry("S1", "CAP", 2, "", "TOTE-1", tote=True)
    assert said(Shelved(TOTE, next=cap, left=1)) == ("putaway.from_tote_no_bin", {
        "tote": "TOTE-1", "skus": 1, "sku": "CAP", "qty": 2, "bin": "",
    })  # fmt: skip
    tee = Carry("S1", "TEE", 3, "A-01", "TOTE-1", tote=True)
    msgid, params = said(Shelved(BIN, done=tee, next=cap, left=1))
    assert (msgid, params["next"], params["next_bin"]) == ("putaway.done_next_no_bin", "CAP", "")
