"""Over the fakes: a supervisor hands a half-picked wave on; a short takes the missing units
out of the bin, so the next wave build does not allocate them again."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork, FixedClock
from tests.unit.picking.helpers import open_pick_session, release_wave
from wms_tui.core import stock
from wms_tui.core.errors import LeaseHeld, NotAllowed
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, Order, OrderLine, OrderStatus
from wms_tui.core.picking import posting as picking_posting
from wms_tui.core.picking import service as picking_service
from wms_tui.core.picking.errors import LeaseLost, TakeoverTarget, WaveNotOpen
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    PickEvent,
    SlotScan,
    WaveScan,
)
from wms_tui.core.picking.service import apply_event, confirm_paper_pick, release_waves
from wms_tui.core.picking.takeover import take_over_here, take_over_wave
from wms_tui.core.picking.waves import WaveLimits

_ids = itertools.count(1)


def _do(db: FakeDatabase, clock: FixedClock, event: PickEvent, station: str = "ST1") -> str:
    with db.uow() as uow:
        outcome = apply_event(uow, clock, station, event, f"t-{next(_ids)}")
        uow.commit()
    return outcome.msgid


def _half_picked(db: FakeDatabase, clock: FixedClock) -> str:
    """ST1 (P1) picks M1's two TEE into slot 1 and leaves: M2's TEE and both CAPs are open."""
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE", 2), SlotScan(1)):
        _do(db, clock, event)
    return wave_no


def test_a_supervisor_hands_a_half_picked_wave_to_another_station(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = _half_picked(db, clock)
    open_pick_session(db, "ST2", "P2")
    with db.uow() as uow, pytest.raises(LeaseHeld) as held:
        apply_event(uow, clock, "ST2", WaveScan(wave_no), "x")
    assert (held.value.params["station"], held.value.params["name"]) == ("ST1", "Li")
    with db.uow() as uow, pytest.raises(NotAllowed):
        take_over_here(uow, clock, wave_no=wave_no, supervisor="P2", station_id="ST2")
    with db.uow() as uow:
        outcome = take_over_here(uow, clock, wave_no=wave_no, supervisor="SUP", station_id="ST2")
        uow.commit()
    assert outcome.msgid == "pick.takeover.done"
    assert outcome.params == {
        "wave": wave_no,
        "station": "ST1",
        "name": "Li",
        "supervisor": "Wang",
        "location": "A-01",
    }
    wave = db.picking.waves[wave_no]
    assert (wave.lease_station, wave.lease_operator) == ("ST2", "P2")
    (audit,) = [e for e in db.store.audit if e.action == "wave.takeover"]
    assert (audit.operator, audit.station_id, audit.subject) == ("SUP", "ST2", wave_no)
    assert audit.detail == "from ST1/P1 to ST2/P2 by SUP"

    # The old station picks nothing more of it, and is told who has it now ...
    with db.uow() as uow, pytest.raises(LeaseHeld) as refused:
        apply_event(uow, clock, "ST1", LocationScan("A-01"), "late")
    assert (refused.value.params["station"], refused.value.params["name"]) == ("ST2", "Zhao")
    # ... while the new one goes on from what was stored: M1's TEE stay picked.
    assert _do(db, clock, LocationScan("A-01"), "ST2") == "pick.location.ok"
    assert _do(db, clock, ItemScan("TEE"), "ST2") == "pick.item.to_slot"
    assert _do(db, clock, SlotScan(2), "ST2") == "pick.stop.done"
    assert db.store.levels[("TEE", "PACK-1")] == 2 and db.store.levels[("TEE", "PACK-2")] == 1


def test_a_released_wave_can_be_scanned_again_and_the_old_station_moves_on(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = _half_picked(db, clock)
    with db.uow() as uow:
        done = take_over_wave(
            uow, clock, wave_no=wave_no, supervisor="SUP", station_id="OFFICE",
            to_station="", to_operator="",
        )  # fmt: skip
        uow.commit()
    assert (done.from_station, done.from_name, done.to_station) == ("ST1", "Li", "")
    assert db.picking.waves[wave_no].lease_station == ""
    with db.uow() as uow, pytest.raises(LeaseLost):
        apply_event(uow, clock, "ST1", LocationScan("A-01"), "late")
    assert _do(db, clock, WaveScan(wave_no)) == "pick.wave.resumed"
    assert db.picking.waves[wave_no].lease_station == "ST1"


def test_a_takeover_names_a_station_and_a_picker_together_and_only_for_open_waves(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = _half_picked(db, clock)
    with db.uow() as uow, pytest.raises(TakeoverTarget):
        take_over_wave(
            uow, clock, wave_no=wave_no, supervisor="SUP", station_id="ST2",
            to_station="ST2", to_operator="",
        )  # fmt: skip
    with db.uow() as uow:
        confirm_paper_pick(
            uow, clock, wave_no=wave_no, station_id="ST1", operator="P1", found={},
            action_id="paper-1",
        )  # fmt: skip
        uow.commit()
    with db.uow() as uow, pytest.raises(WaveNotOpen):
        take_over_wave(
            uow, clock, wave_no=wave_no, supervisor="SUP", station_id="ST2",
            to_station="ST2", to_operator="P2",
        )  # fmt: skip


def test_paper_confirmation_of_a_wave_another_station_holds_is_refused(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = _half_picked(db, clock)
    with db.uow() as uow, pytest.raises(LeaseHeld):
        confirm_paper_pick(
            uow, clock, wave_no=wave_no, station_id="ST2", operator="P2", found={},
            action_id="paper-2",
        )  # fmt: skip
    assert ("TEE", "PACK-2") not in db.store.levels


def test_a_short_takes_the_missing_units_out_of_the_bin_for_the_next_build(
    db: FakeDatabase, clock: FixedClock
) -> None:
    """A-01 holds 5 TEE; the wave wants 3 there (M1 two, M2 one); the picker finds 1. It goes
    to M2, which it completes; M1 goes on hold. The 2 not found leave A-01 for @adjustment,
    so a new order for 4 TEE is not allocated to A-01's phantom units."""
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), Command.SHORT):
        _do(db, clock, event)
    assert _do(db, clock, KeyedQty(1)) == "pick.short.recorded"
    shorts = [m for m in db.store.moves.values() if m.reason is MoveReason.SHORT_PICK]
    assert [(m.sku_code, m.qty, m.reference) for m in shorts] == [("TEE", 2, "M1/1")]
    assert {m.from_location for m in shorts} == {"A-01"}
    assert {m.to_location for m in shorts} == {VIRTUAL_ADJUSTMENT}
    assert db.store.orders["M1"].status is OrderStatus.ON_HOLD
    assert db.store.orders["M2"].status is OrderStatus.RELEASED
    assert db.store.levels[("TEE", "A-01")] == 3
    sums: dict[str, int] = {}
    for (sku, _location), qty in db.store.levels.items():
        sums[sku] = sums.get(sku, 0) + qty
    assert sums == {"TEE": 0, "CAP": 0}  # double entry: every SKU sums to zero

    with db.uow() as uow:
        uow.orders.add(Order("N1", "jd", "店B", OrderStatus.PENDING, [OrderLine(1, "TEE", 4)]))
        stock.confirm_order(uow, "N1")
        available = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE"})}
        plan = release_waves(uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1")
    # 5 - 2 not found - 1 still allocated to M2.
    assert available == {("TEE", "A-01"): 2}
    assert "N1" in {n.order_no for n in plan.not_allocated}


def test_a_release_committed_while_a_pick_is_applied_is_obeyed(
    db: FakeDatabase, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker's step read the wave as theirs; the supervisor's release commits before the
    pick is posted. The post must refuse (LeaseLost), not quietly take the wave back."""
    wave_no = _half_picked(db, clock)
    _do(db, clock, LocationScan("A-01"))
    _do(db, clock, ItemScan("TEE", 1))  # M2's tee in hand; putting it in slot 2 posts it
    real = picking_posting.store_effects

    def release_first(uow: FakeUnitOfWork, *args: Any) -> None:
        with db.uow() as other:
            take_over_wave(
                other, clock, wave_no=wave_no, supervisor="SUP", station_id="OFFICE",
                to_station="", to_operator="",
            )  # fmt: skip
            other.commit()
        # The fake gives each unit of work a snapshot; the database's guarded statement reads
        # the committed row (READ COMMITTED), so hand this unit the released wave as it would.
        uow.picking.waves[wave_no] = copy.deepcopy(db.picking.waves[wave_no])
        real(uow, *args)

    monkeypatch.setattr(picking_service, "store_effects", release_first)
    with db.uow() as uow, pytest.raises(LeaseLost):
        apply_event(uow, clock, "ST1", SlotScan(2), "raced")
    assert db.picking.waves[wave_no].lease_station == ""
