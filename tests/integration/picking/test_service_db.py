"""Picking's services on a real database, both engines: guided, short and paper picks."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.picking.models import PickRecordRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.picking.seed import TEE_EAN
from wms_tui.core.errors import ConcurrentChange, LeaseHeld, WmsError
from wms_tui.core.model import OrderStatus
from wms_tui.core.picking.errors import WaveNotCancellable
from wms_tui.core.picking.picklist import render_text
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    PickEvent,
    PickRecord,
    SlotScan,
    WaveScan,
    WaveStatus,
)
from wms_tui.core.picking.service import (
    apply_event,
    cancel_wave,
    confirm_paper_pick,
    load_pick_list,
    load_view,
    make_pick_handler,
    open_session,
    release_waves,
)
from wms_tui.core.picking.step import CONTEXT, PickStep, expected
from wms_tui.core.picking.waves import WaveLimits
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan

_ids = itertools.count(1)


def _release(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> str:
    with factory() as uow:
        plan = release_waves(uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1")
        uow.commit()
    assert [n.order_no for n in plan.not_allocated] == ["M3"]
    (wave,) = plan.waves
    return wave.wave_no


def _open(factory: SqlUnitOfWorkFactory, station: str = "ST1", badge: str = "P1") -> None:
    with factory() as uow:
        open_session(uow, station, badge)
        uow.commit()


def _do(
    factory: SqlUnitOfWorkFactory, clock: FixedClock, event: PickEvent, station: str = "ST1"
) -> str:
    with factory() as uow:
        outcome = apply_event(uow, clock, station, event, f"scan-{next(_ids)}")
        uow.commit()
    return outcome.msgid


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


def _wave_status(factory: SqlUnitOfWorkFactory, wave_no: str) -> tuple[WaveStatus, str]:
    with factory() as uow:
        wave = uow.waves.get(wave_no)
        assert wave is not None
        return wave.status, wave.lease_station


def test_release_allocates_numbers_and_holds_the_bins(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    wave_no = _release(factory, clock)
    assert wave_no == "W261123-001"
    assert [_status(factory, o) for o in ("M1", "M2", "M3")] == [
        OrderStatus.RELEASED,
        OrderStatus.RELEASED,
        OrderStatus.CONFIRMED,
    ]
    with factory() as uow:
        rows = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE", "CAP"})}
        since = {r.since for r in uow.waves.bin_stock({"TEE"})}
        text = render_text(load_pick_list(uow, wave_no, "en"))
        wave = uow.waves.get(wave_no)
        assert uow.waves.next_seq(clock.now().date()) == 2
        assert [w.wave_no for w in uow.waves.by_status({WaveStatus.RELEASED})] == [wave_no]
    assert rows == {("TEE", "A-01"): 2, ("CAP", "B-01"): 3, ("CAP", "C-01"): 5}
    assert since == {clock.now()}  # the receipt stocked A-01
    assert "SLOT-02" in text and TEE_EAN in text
    assert wave is not None and wave.orders == ("M1", "M2")
    assert [(a.location, a.qty, a.slot) for a in wave.allocations] == [
        ("A-01", 2, 1),
        ("B-01", 1, 1),
        ("A-01", 1, 2),
        ("B-01", 1, 2),
    ]


def test_guided_multi_item_wave_to_picked(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    script: list[tuple[PickEvent, str]] = [
        (WaveScan(wave_no), "pick.wave.started"),
        (LocationScan("A-01"), "pick.location.ok"),
        (KeyedQty(2), "pick.qty.pending"),
        (ItemScan("TEE"), "pick.item.to_slot"),
        (SlotScan(1), "pick.item.ok"),
        (ItemScan("TEE"), "pick.item.to_slot"),
        (SlotScan(2), "pick.stop.done"),
        (LocationScan("B-01"), "pick.location.ok"),
        (ItemScan("CAP"), "pick.item.to_slot"),
        (SlotScan(1), "pick.item.ok"),
        (ItemScan("CAP"), "pick.item.to_slot"),
        (SlotScan(2), "pick.wave.done"),
    ]
    for event, msgid in script:
        assert _do(factory, clock, event) == msgid, event
    with factory() as uow:
        assert uow.ledger.level("TEE", "PACK-1") == 3
        assert uow.ledger.level("CAP", "PACK-1") == 2
        assert uow.ledger.reserved("TEE") == 9  # only M3's reservation is left
        assert len(uow.waves.picks(wave_no)) == 4
    assert [_status(factory, o) for o in ("M1", "M2")] == [OrderStatus.PICKED] * 2
    assert _wave_status(factory, wave_no) == (WaveStatus.PICKED, "")


def test_rejected_scan_moves_nothing_and_restart_resumes(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE", 2), SlotScan(1)):
        _do(factory, clock, event)
    with pytest.raises(WmsError) as wrong, factory() as uow:
        apply_event(uow, clock, "ST1", ItemScan("CAP"), "bad")
    assert wrong.value.msgid == "pick.error.wrong_item"
    _do(factory, clock, ItemScan("TEE"))
    # A "crash": a fresh unit of work finds the same place from the stored rows alone.
    with factory() as uow:
        session = uow.pick_sessions.get("ST1")
        assert session is not None
        view = load_view(uow, wave_no)
        assert uow.ledger.level("TEE", "PACK-1") == 2
    assert (session.at_location, session.in_hand, session.in_hand_sku) == ("A-01", 1, "TEE")
    assert expected(session, view) is PickStep.SLOT
    _open(factory)
    assert _do(factory, clock, WaveScan(wave_no)) == "pick.wave.resumed"
    assert _do(factory, clock, SlotScan(2)) == "pick.stop.done"


def test_short_holds_the_order_and_the_wave_goes_on(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    for event in (WaveScan(wave_no), LocationScan("A-01"), Command.SHORT):
        _do(factory, clock, event)
    assert _do(factory, clock, KeyedQty(2)) == "pick.short.recorded"
    with factory() as uow:
        held = uow.orders.get("M2")
        (short,) = uow.waves.shorts()
    assert held is not None and held.status is OrderStatus.ON_HOLD
    assert held.hold_reason == "short:TEE:1:A-01"
    assert (short.order_no, short.sku_code, short.qty, short.location) == ("M2", "TEE", 1, "A-01")
    for later in (ItemScan("TEE", 2), SlotScan(1), LocationScan("B-01"), ItemScan("CAP")):
        _do(factory, clock, later)
    assert _do(factory, clock, SlotScan(1)) == "pick.wave.done"
    assert _status(factory, "M1") is OrderStatus.PICKED
    assert _wave_status(factory, wave_no)[0] is WaveStatus.PICKED


def test_one_picker_per_wave(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    _open(factory, "ST2", "P2")
    assert _do(factory, clock, Command.NEXT) == "pick.wave.started"
    assert _wave_status(factory, wave_no) == (WaveStatus.RELEASED, "ST1")
    with pytest.raises(LeaseHeld) as caught, factory() as uow:
        apply_event(uow, clock, "ST2", WaveScan(wave_no), "x")
    assert caught.value.params["station"] == "ST1"
    with pytest.raises(WmsError) as none_left, factory() as uow:
        apply_event(uow, clock, "ST2", Command.NEXT, "y")
    assert none_left.value.msgid == "pick.error.none_waiting"


def test_paper_picking_and_cancel(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    wave_no = _release(factory, clock)
    with factory() as uow:
        outcome = confirm_paper_pick(
            uow,
            clock,
            wave_no=wave_no,
            station_id="ST1",
            operator="P1",
            found={("B-01", "CAP"): 1},
            action_id="paper-1",
        )
        uow.commit()
    assert (outcome.params["picked"], outcome.params["short"]) == (4, 1)
    assert [_status(factory, o) for o in ("M1", "M2")] == [OrderStatus.PICKED, OrderStatus.ON_HOLD]
    assert _wave_status(factory, wave_no)[0] is WaveStatus.PICKED
    with pytest.raises(WaveNotCancellable), factory() as uow:
        cancel_wave(uow, clock, wave_no=wave_no, operator="SUP", station_id="ST1")


def test_cancel_frees_orders_and_bins(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    wave_no = _release(factory, clock)
    with factory() as uow:
        cancel_wave(uow, clock, wave_no=wave_no, operator="SUP", station_id="ST1")
        uow.commit()
    with factory() as uow:
        rows = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE"})}
    assert rows == {("TEE", "A-01"): 5}
    assert _status(factory, "M1") is OrderStatus.CONFIRMED
    assert _wave_status(factory, wave_no)[0] is WaveStatus.CANCELLED


def test_replayed_pick_rows_and_stale_sessions_are_refused(
    factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    _do(factory, clock, WaveScan(wave_no))
    _do(factory, clock, LocationScan("A-01"))
    _do(factory, clock, ItemScan("TEE", 2))
    _do(factory, clock, SlotScan(1))
    with factory() as uow:
        (done,) = uow.waves.picks(wave_no)
        uow.waves.add_pick(replace(done, operator="again"))  # same move id: a no-op
        stale = uow.pick_sessions.get("ST1")
        assert stale is not None
        uow.pick_sessions.save(stale)
        uow.commit()
    with factory() as uow:
        count = uow.session.scalar(select(func.count()).select_from(PickRecordRow))
        assert count == 1
        with pytest.raises(ConcurrentChange):
            uow.pick_sessions.save(stale)
    assert isinstance(done, PickRecord) and done.qty == 2


def test_scans_through_the_pipeline(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    wave_no = _release(factory, clock)
    _open(factory)
    pipeline = ScanPipeline(factory.for_scans(), clock, "ST1")
    pipeline.register(CONTEXT, make_pick_handler(clock, "ST1"))
    pipeline.activate(CONTEXT)
    got = [
        pipeline.process(Scan(str(uuid.uuid4()), "test", text, received_at=clock.now())).msgid
        for text in (wave_no, "A-01", "QTY:2", TEE_EAN, "SLOT-01", "B-01")
    ]
    assert got == [
        "pick.wave.started",
        "pick.location.ok",
        "pick.qty.pending",
        "pick.item.to_slot",
        "pick.item.ok",
        "pick.error.wrong_location",
    ]
    with factory() as uow:
        assert uow.ledger.level("TEE", "PACK-1") == 2
