"""Picking services over the in-memory fakes: waves, guided and paper picking, restarts."""

from __future__ import annotations

import gc
import itertools

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.unit.picking.helpers import open_pick_session, release_wave
from tests.unit.picking.seed import PAID
from wms_tui.core import stock
from wms_tui.core.errors import LeaseHeld, NotAllowed, OverPick, WmsError
from wms_tui.core.model import (
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
)
from wms_tui.core.picking.errors import (
    NoWaveWaiting,
    WaveNotCancellable,
    WrongItem,
    WrongLocation,
    WrongSlot,
)
from wms_tui.core.picking.picklist import render_text
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    PickEvent,
    PickSession,
    SlotScan,
    WaveKind,
    WaveScan,
    WaveStatus,
)
from wms_tui.core.picking.service import (
    apply_event,
    cancel_wave,
    confirm_paper_pick,
    load_pick_list,
    load_view,
    release_waves,
)
from wms_tui.core.picking.step import PickStep, expected
from wms_tui.core.picking.waves import WaveLimits

_ids = itertools.count(1)


def _do(db: FakeDatabase, clock: FixedClock, event: PickEvent, station: str = "ST1") -> str:
    """One scan in its own transaction, like the pipeline: rejected scans roll back."""
    with db.uow() as uow:
        outcome = apply_event(uow, clock, station, event, f"scan-{next(_ids)}")
        uow.commit()
    return outcome.msgid


def _step(db: FakeDatabase, station: str = "ST1") -> PickStep:
    with db.uow() as uow:
        session = uow.pick_sessions.get(station)
        assert session is not None
        view = load_view(uow, session.wave_no) if session.wave_no else None
        return expected(session, view)


def _status(db: FakeDatabase, order_no: str) -> OrderStatus:
    order = db.store.orders[order_no]
    return order.status


def test_release_allocates_and_releases_orders(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    assert wave_no == "W261123-001"
    assert [_status(db, o) for o in ("M1", "M2", "M3")] == [
        OrderStatus.RELEASED,
        OrderStatus.RELEASED,
        OrderStatus.CONFIRMED,
    ]
    with db.uow() as uow:
        rows = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE", "CAP"})}
        text = render_text(load_pick_list(uow, wave_no, "en"))
    # The wave holds its bins: a second build cannot take the same units.
    assert rows == {("TEE", "A-01"): 2, ("CAP", "B-01"): 3, ("CAP", "C-01"): 5}
    assert "SLOT-02" in text and "6901234567892" in text


def test_guided_multi_item_wave_to_picked(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    open_pick_session(db)
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
        assert _do(db, clock, event) == msgid, event
    assert db.store.levels[("TEE", "PACK-1")] == 3
    assert db.store.levels[("CAP", "PACK-1")] == 2
    assert {m.reason for m in db.store.moves.values() if m.to_location == "PACK-1"} == {
        MoveReason.PICK
    }
    assert [_status(db, o) for o in ("M1", "M2")] == [OrderStatus.PICKED, OrderStatus.PICKED]
    assert ("M1", "TEE") not in db.store.reservations
    assert db.picking.waves[wave_no].status is WaveStatus.PICKED
    assert db.picking.waves[wave_no].lease_station == ""


def _session(db: FakeDatabase) -> PickSession | None:
    with db.uow() as uow:
        return uow.pick_sessions.get("ST1")


def test_rejected_scans_change_nothing(db: FakeDatabase, clock: FixedClock) -> None:
    """Wrong location, wrong item, one too many, a slot that wants nothing: no move, no pick,
    and the picker's place (location, units in hand) is as it was."""
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    _do(db, clock, WaveScan(wave_no))
    with db.uow() as uow, pytest.raises(WrongLocation):
        apply_event(uow, clock, "ST1", LocationScan("B-01"), "bad")
    assert _step(db) is PickStep.LOCATION
    _do(db, clock, LocationScan("A-01"))
    _do(db, clock, ItemScan("TEE"))  # one of M1's two in hand
    moves, picks, session = dict(db.store.moves), list(db.picking.picks), _session(db)
    refusals: list[tuple[PickEvent, type[WmsError]]] = [
        (ItemScan("CAP"), WrongItem),
        (ItemScan("TEE", qty=3), OverPick),  # 1 in hand + 3 > the 3 wanted here
        (SlotScan(9), WrongSlot),
        (LocationScan("B-01"), WrongLocation),
    ]
    for event, error in refusals:
        with db.uow() as uow, pytest.raises(error):
            apply_event(uow, clock, "ST1", event, "bad")
    assert (dict(db.store.moves), list(db.picking.picks), _session(db)) == (
        moves,
        picks,
        session,
    )
    assert _step(db) is PickStep.SLOT


def test_restart_recomputes_the_same_progress(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE"), ItemScan("TEE")):
        _do(db, clock, event)
    _do(db, clock, SlotScan(1))
    _do(db, clock, ItemScan("TEE"))
    # A "crash": only committed rows survive; a fresh unit of work finds the same place.
    with db.uow() as uow:
        session = uow.pick_sessions.get("ST1")
        assert session is not None
        view = load_view(uow, wave_no)
    assert (session.at_location, session.in_hand) == ("A-01", 1)
    assert expected(session, view) is PickStep.SLOT
    assert [s.open for s in view.stops()] == [1, 2]
    # Logging in again as the same picker keeps the session; the wave barcode resumes it.
    open_pick_session(db)
    assert _do(db, clock, WaveScan(wave_no)) == "pick.wave.resumed"
    assert _do(db, clock, SlotScan(2)) == "pick.stop.done"


def test_short_puts_orders_on_hold_and_the_wave_goes_on(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), Command.SHORT):
        _do(db, clock, event)
    assert _do(db, clock, KeyedQty(2)) == "pick.short.recorded"
    assert _status(db, "M2") is OrderStatus.ON_HOLD
    assert db.store.orders["M2"].hold_reason == "short:TEE:1:A-01"
    (short,) = db.picking.shorts
    assert (short.order_no, short.sku_code, short.qty, short.location) == ("M2", "TEE", 1, "A-01")
    # M2 is held: its CAP is no longer picked; M1 finishes the wave.
    rest: tuple[PickEvent, ...] = (
        ItemScan("TEE", 2),
        SlotScan(1),
        LocationScan("B-01"),
        ItemScan("CAP"),
    )
    for later in rest:
        _do(db, clock, later)
    assert _do(db, clock, SlotScan(1)) == "pick.wave.done"
    assert _status(db, "M1") is OrderStatus.PICKED
    assert db.picking.waves[wave_no].status is WaveStatus.PICKED


def test_one_picker_per_wave(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    open_pick_session(db, "ST2", "P2")
    assert _do(db, clock, Command.NEXT) == "pick.wave.started"
    with db.uow() as uow, pytest.raises(LeaseHeld) as caught:
        apply_event(uow, clock, "ST2", WaveScan(wave_no), "x")
    assert caught.value.params["station"] == "ST1"
    with db.uow() as uow, pytest.raises(WmsError) as none_left:
        apply_event(uow, clock, "ST2", Command.NEXT, "y")
    assert none_left.value.msgid == "pick.error.none_waiting"


def test_paper_picking_posts_the_same_moves(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    with db.uow() as uow:
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
    assert (outcome.msgid, outcome.params["picked"], outcome.params["short"]) == (
        "pick.paper.done",
        4,
        1,
    )
    assert db.store.levels[("TEE", "PACK-1")] == 3
    assert [_status(db, o) for o in ("M1", "M2")] == [OrderStatus.PICKED, OrderStatus.ON_HOLD]
    assert db.picking.waves[wave_no].status is WaveStatus.PICKED


def test_cancel_wave_frees_orders_and_bins(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    with db.uow() as uow, pytest.raises(NotAllowed):
        cancel_wave(uow, clock, wave_no=wave_no, operator="P1", station_id="ST1")
    with db.uow() as uow:
        cancel_wave(uow, clock, wave_no=wave_no, operator="SUP", station_id="ST1")
        uow.commit()
        rows = {(r.sku_code, r.location): r.available for r in uow.waves.bin_stock({"TEE"})}
    assert rows == {("TEE", "A-01"): 5}
    assert _status(db, "M1") is OrderStatus.CONFIRMED
    assert db.picking.waves[wave_no].status is WaveStatus.CANCELLED


def test_cancel_refused_once_picking_started(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE"), SlotScan(1)):
        _do(db, clock, event)
    with db.uow() as uow, pytest.raises(WaveNotCancellable):
        cancel_wave(uow, clock, wave_no=wave_no, operator="SUP", station_id="ST1")


def test_single_item_wave_kind(db: FakeDatabase, clock: FixedClock) -> None:
    with db.uow() as uow:
        for n in range(3):
            uow.orders.add(
                Order(
                    f"S{n}",
                    "taobao",
                    "店A",
                    OrderStatus.PENDING,
                    [OrderLine(1, "CAP", 1)],
                    paid_at=PAID,
                )
            )
            stock.confirm_order(uow, f"S{n}")
        plan = release_waves(
            uow,
            clock,
            limits=WaveLimits(kinds=frozenset({WaveKind.SINGLE})),
            operator="SUP",
            station_id="ST1",
        )
        uow.commit()
    (wave,) = plan.waves
    assert (wave.kind, wave.orders) == (WaveKind.SINGLE, ("S0", "S1", "S2"))
    open_pick_session(db)
    for event in (WaveScan(wave.wave_no), LocationScan("B-01")):
        _do(db, clock, event)
    assert _do(db, clock, ItemScan("CAP", 3)) == "pick.wave.done"
    assert {_status(db, f"S{n}") for n in range(3)} == {OrderStatus.PICKED}


def test_pipeline_handler_resolves_scans(db: FakeDatabase, clock: FixedClock) -> None:
    from wms_tui.core.picking.service import make_pick_handler
    from wms_tui.core.scans import Scan

    wave_no = release_wave(db, clock)
    open_pick_session(db)
    handle = make_pick_handler(clock, "ST1")
    got = []
    for n, text in enumerate([wave_no, "A-01", "QTY:2", "6901234567892", "SLOT-01", "T9"]):
        with db.uow() as uow:
            try:
                got.append(handle(uow, Scan(f"h{n}", "test", text, received_at=clock.now())).msgid)
                uow.commit()
            except WmsError as error:
                got.append(error.msgid)
    assert got == [
        "pick.wave.started",
        "pick.location.ok",
        "pick.qty.pending",
        "pick.item.to_slot",
        "pick.item.ok",
        "error.scan.unknown",
    ]


def test_release_runs_without_cycle_collection(
    db: FakeDatabase, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    with db.uow() as uow:
        waves = uow.waves
        original = waves.confirmed_orders

        def confirmed_orders() -> list[Order]:
            seen.append(gc.isenabled())
            return original()

        monkeypatch.setattr(waves, "confirmed_orders", confirmed_orders)
        gc.enable()
        release_waves(uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1")
    assert seen == [False]  # the release read its orders with the collector paused
    assert gc.isenabled()


def test_a_wave_whose_orders_all_went_on_hold_is_closed_and_the_units_go_back(
    db: FakeDatabase, clock: FixedClock
) -> None:
    """Customer service holds M1 and M2 while a tee is in the picker's hand: NEXT first says
    where the tee goes, closes the emptied wave, and never hands it out again."""
    wave_no = release_wave(db, clock)
    open_pick_session(db)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE")):
        _do(db, clock, event)
    with db.uow() as uow:
        for order_no in ("M1", "M2"):
            order = uow.orders.get(order_no)
            assert order is not None
            uow.orders.set_status(order, OrderStatus.ON_HOLD, "customer asked")
        uow.commit()
    assert _do(db, clock, Command.NEXT) == "pick.put_back"
    assert db.picking.waves[wave_no].status is WaveStatus.PICKED
    assert db.picking.waves[wave_no].lease_station == ""
    with db.uow() as uow:
        session = uow.pick_sessions.get("ST1")
        assert session is not None and session.in_hand == 0
    with pytest.raises(NoWaveWaiting):  # nothing left to pick: W1 is not offered again
        _do(db, clock, Command.NEXT)


def test_a_scan_goes_on_in_the_session_of_who_made_it(db: FakeDatabase, clock: FixedClock) -> None:
    """P1 picked a tee, then the station died; P2 logs in. P1's slot scan, applied after the
    restart, goes on in P1's session; P2's scans are P2's, not a continuation of P1's."""
    wave_no = release_wave(db, clock)
    for event in (WaveScan(wave_no), LocationScan("A-01"), ItemScan("TEE")):
        with db.uow() as uow:
            apply_event(uow, clock, "ST1", event, f"p1-{next(_ids)}", "P1")
            uow.commit()
    with db.uow() as uow:
        outcome = apply_event(uow, clock, "ST1", SlotScan(1), "p1-recovered", "P1")
        uow.commit()
    assert outcome.ok and db.store.levels[("TEE", "PACK-1")] == 1
    # P2's first scan is theirs: the wave is P1's, so P2 is told who has it.
    with db.uow() as uow, pytest.raises(LeaseHeld) as held:
        apply_event(uow, clock, "ST1", WaveScan(wave_no), "p2-first", "P2")
    assert held.value.params["operator"] == "P1"
