"""On both engines: a supervisor's takeover of a half-picked wave (audited), and a short that
takes the missing units out of the bin so the next build does not allocate them again."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from db.models import AuditRow, StockLevelRow, StockMoveRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from wms_tui.core.errors import ConcurrentChange, LeaseHeld
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, OrderStatus
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    PickEvent,
    SlotScan,
    WaveScan,
)
from wms_tui.core.picking.service import apply_event, open_session, release_waves
from wms_tui.core.picking.takeover import take_over_here, take_over_wave
from wms_tui.core.picking.waves import WaveLimits

_ids = itertools.count(1)


def _do(
    factory: SqlUnitOfWorkFactory, clock: FixedClock, event: PickEvent, station: str = "ST1"
) -> str:
    with factory() as uow:
        outcome = apply_event(uow, clock, station, event, f"db-{next(_ids)}")
        uow.commit()
    return outcome.msgid


def _started(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> str:
    with factory() as uow:
        (wave,) = release_waves(
            uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1"
        ).waves
        open_session(uow, "ST1", "P1")
        open_session(uow, "ST2", "P2")
        uow.commit()
    assert _do(factory, clock, WaveScan(wave.wave_no)) == "pick.wave.started"
    return wave.wave_no


def test_takeover_moves_the_lease_and_audits_it(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    wave_no = _started(factory, clock)
    for event in (LocationScan("A-01"), ItemScan("TEE", 2), SlotScan(1)):
        _do(factory, clock, event)
    with pytest.raises(LeaseHeld) as held, factory() as uow:
        apply_event(uow, clock, "ST2", WaveScan(wave_no), "refused")
    assert (held.value.params["station"], held.value.params["name"]) == ("ST1", "Li")
    assert "Li" in held.value.message()

    with factory() as uow:
        outcome = take_over_here(uow, clock, wave_no=wave_no, supervisor="SUP", station_id="ST2")
        uow.commit()
    assert (outcome.msgid, outcome.params["station"], outcome.params["name"]) == (
        "pick.takeover.done",
        "ST1",
        "Li",
    )
    with factory() as uow:
        wave = uow.waves.get(wave_no)
        assert wave is not None and (wave.lease_station, wave.lease_operator) == ("ST2", "P2")
        audit = uow.session.execute(
            select(AuditRow.action, AuditRow.operator, AuditRow.station_id, AuditRow.detail)
        ).all()
        stale = wave.version - 1
    assert [tuple(a) for a in audit if a.action == "wave.takeover"] == [
        ("wave.takeover", "SUP", "ST2", "from ST1/P1 to ST2/P2 by SUP")
    ]
    with pytest.raises(LeaseHeld) as refused, factory() as uow:
        apply_event(uow, clock, "ST1", ItemScan("TEE"), "late")
    assert (refused.value.params["station"], refused.value.params["name"]) == ("ST2", "Zhao")
    assert _do(factory, clock, LocationScan("A-01"), "ST2") == "pick.location.ok"
    assert _do(factory, clock, ItemScan("TEE"), "ST2") == "pick.item.to_slot"
    assert _do(factory, clock, SlotScan(2), "ST2") == "pick.stop.done"
    with factory() as uow:
        assert uow.ledger.level("TEE", "PACK-1") == 2
        assert uow.ledger.level("TEE", "PACK-2") == 1
    # A takeover decided on a wave that moved meanwhile is refused, not applied blindly.
    with pytest.raises(ConcurrentChange), factory() as uow:
        uow.waves.move_lease(wave_no, stale, "ST1", "P1", clock.now())
    with factory() as uow:
        freed = take_over_wave(
            uow, clock, wave_no=wave_no, supervisor="SUP", station_id="ST9",
            to_station="", to_operator="",
        )  # fmt: skip
        uow.commit()
    assert (freed.from_station, freed.from_name) == ("ST2", "Zhao")
    assert _do(factory, clock, WaveScan(wave_no)) == "pick.wave.resumed"


def test_a_short_leaves_the_bin_through_the_ledger(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    _started(factory, clock)
    for event in (LocationScan("A-01"), Command.SHORT):
        _do(factory, clock, event)
    assert _do(factory, clock, KeyedQty(1)) == "pick.short.recorded"
    with factory() as uow:
        shorts = uow.session.execute(
            select(StockMoveRow.qty, StockMoveRow.from_location, StockMoveRow.to_location).where(
                StockMoveRow.reason == MoveReason.SHORT_PICK.value
            )
        ).all()
        # The one found goes to M2, which it completes; M1's two are the units not found.
        assert [tuple(s) for s in shorts] == [(2, "A-01", VIRTUAL_ADJUSTMENT)]
        assert uow.ledger.level("TEE", "A-01") == 3
        sums = dict(
            uow.session.execute(
                select(StockLevelRow.sku_code, func.sum(StockLevelRow.qty)).group_by(
                    StockLevelRow.sku_code
                )
            ).all()
        )
        assert {sku: int(total) for sku, total in sums.items()} == {"TEE": 0, "CAP": 0}
        available = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE"})}
        held, kept = uow.orders.get("M1"), uow.orders.get("M2")
    # A-01 offers its 3 real units, not 5, less the one still allocated to M2.
    assert available == {("TEE", "A-01"): 2}
    assert held is not None and held.status is OrderStatus.ON_HOLD
    assert kept is not None and kept.status is OrderStatus.RELEASED
