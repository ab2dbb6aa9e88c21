"""Table tests of the pure picking step: every outcome and every refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from wms_tui.core.errors import InvalidQuantity, LeaseHeld, OverPick, WmsError
from wms_tui.core.orders.hold_reasons import describe_hold, short_pick
from wms_tui.core.picking.errors import (
    BadShortQty,
    FinishWaveFirst,
    NoneToTake,
    NoSlotsInWave,
    NotForPicking,
    NoWave,
    QtyNotExpected,
    ScanItemFirst,
    ScanLocationFirst,
    WaveAlreadyPicked,
    WaveCancelled,
    WrongItem,
    WrongLocation,
    WrongSlot,
)
from wms_tui.core.picking.records import (
    Allocation,
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    OtherScan,
    PickEvent,
    PickSession,
    SlotScan,
    Wave,
    WaveKind,
    WaveScan,
    WaveStatus,
)
from wms_tui.core.picking.shorts import Effect, paper_effects
from wms_tui.core.picking.step import (
    PickStep,
    WaveView,
    check_lease,
    classify_text,
    enter_wave,
    expected,
    step,
    view_after,
)
from wms_tui.i18n import _, set_language

# Multi-item wave: stop A/S (T1 slot 1 x2, T2 slot 2 x1), then stop B/X (T1 x1, T2 x1).
MULTI = Wave(
    "W261123-001",
    WaveKind.MULTI,
    WaveStatus.RELEASED,
    ("T1", "T2"),
    (
        Allocation(0, "T1", 1, "S", "A", 1, 2, 1),
        Allocation(1, "T1", 2, "X", "B", 2, 1, 1),
        Allocation(2, "T2", 1, "S", "A", 1, 1, 2),
        Allocation(3, "T2", 2, "X", "B", 2, 1, 2),
    ),
)
# Single-item wave: three orders of S at A.
SINGLE = Wave(
    "W261123-002",
    WaveKind.SINGLE,
    WaveStatus.RELEASED,
    ("U1", "U2", "U3"),
    tuple(Allocation(i, f"U{i + 1}", 1, "S", "A", 1, 1) for i in range(3)),
)

S0 = PickSession("ST1", "op1")
MV = WaveView(MULTI)
SV = WaveView(SINGLE)
IN_MULTI = replace(S0, wave_no=MULTI.wave_no)
AT_A = replace(IN_MULTI, at_location="A")
AT_A_SINGLE = replace(S0, wave_no=SINGLE.wave_no, at_location="A")
HOLDING = replace(AT_A, in_hand=2)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        pytest.param("CMD:SHORT", Command.SHORT, id="short"),
        pytest.param("cmd:next", Command.NEXT, id="next-lowercase"),
        pytest.param("CMD:CANCEL", Command.CANCEL, id="cancel"),
        pytest.param("QTY:12", KeyedQty(12), id="qty"),
        pytest.param("QTY:0", KeyedQty(0), id="qty-zero"),
        pytest.param("W261123-001", WaveScan("W261123-001"), id="wave"),
        pytest.param("SLOT-03", SlotScan(3), id="slot"),
        pytest.param("6901234567892", None, id="product-goes-to-resolver"),
        pytest.param("CMD:DONE", None, id="other-command-goes-to-resolver"),
    ],
)
def test_classify_text(text: str, event: PickEvent | None) -> None:
    assert classify_text(text) == event


@pytest.mark.parametrize("text", ["QTY:", "QTY:1_0", "QTY:１２", "QTY: 3"])
def test_classify_rejects_bad_keyed_quantities(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        classify_text(text)


@pytest.mark.parametrize(
    ("session", "view", "step_"),
    [
        pytest.param(S0, None, PickStep.WAVE, id="no-wave"),
        pytest.param(IN_MULTI, MV, PickStep.LOCATION, id="location"),
        pytest.param(AT_A, MV, PickStep.ITEM, id="item"),
        pytest.param(HOLDING, MV, PickStep.SLOT, id="slot"),
        pytest.param(replace(AT_A, awaiting_short_qty=True), MV, PickStep.SHORT_QTY, id="short"),
        pytest.param(AT_A, WaveView(MULTI, {0: 2, 2: 1}), PickStep.LOCATION, id="next-stop"),
        pytest.param(AT_A, WaveView(MULTI, {0: 2, 1: 1, 2: 1, 3: 1}), PickStep.WAVE, id="done"),
    ],
)
def test_expected_step(session: PickSession, view: WaveView | None, step_: PickStep) -> None:
    assert expected(session, view) is step_


@pytest.mark.parametrize(
    ("session", "view", "event", "msgid", "picks", "shorts", "after"),
    [
        pytest.param(
            IN_MULTI,
            MV,
            LocationScan("A"),
            "pick.location.ok",
            (),
            (),
            {"at_location": "A"},
            id="right-location",
        ),
        pytest.param(
            AT_A,
            MV,
            ItemScan("S"),
            "pick.item.to_slot",
            (),
            (),
            {"in_hand": 1, "in_hand_sku": "S"},
            id="multi-item-in-hand",
        ),
        pytest.param(
            replace(AT_A, pending_qty=3),
            MV,
            ItemScan("S"),
            "pick.item.to_slot",
            (),
            (),
            {"in_hand": 3, "in_hand_sku": "S", "pending_qty": 0},
            id="keyed-qty-multiplies",
        ),
        pytest.param(
            HOLDING,
            MV,
            SlotScan(1),
            "pick.item.ok",
            (Effect(0, 2),),
            (),
            {"in_hand": 0},
            id="slot-takes-what-it-needs",
        ),
        pytest.param(
            replace(AT_A, in_hand=3),
            MV,
            SlotScan(1),
            "pick.item.to_slot",
            (Effect(0, 2),),
            (),
            {"in_hand": 1},
            id="slot-then-next-slot",
        ),
        pytest.param(
            replace(AT_A, in_hand=1),
            MV,
            SlotScan(2),
            "pick.item.ok",
            (Effect(2, 1),),
            (),
            {"in_hand": 0},
            id="any-slot-that-needs-it",
        ),
        pytest.param(
            AT_A_SINGLE,
            SV,
            ItemScan("S"),
            "pick.item.ok",
            (Effect(0, 1),),
            (),
            {},
            id="single-item-picked-at-once",
        ),
        pytest.param(
            AT_A_SINGLE,
            SV,
            ItemScan("S", qty=3),
            "pick.wave.done",
            (Effect(0, 1), Effect(1, 1), Effect(2, 1)),
            (),
            {"wave_no": "", "at_location": ""},
            id="single-packaging-finishes-wave",
        ),
        pytest.param(
            AT_A,
            MV,
            KeyedQty(2),
            "pick.qty.pending",
            (),
            (),
            {"pending_qty": 2},
            id="keyed-qty",
        ),
        pytest.param(
            AT_A,
            MV,
            Command.SHORT,
            "pick.short.ask",
            (),
            (),
            {"awaiting_short_qty": True},
            id="declare-short",
        ),
        pytest.param(
            replace(AT_A, awaiting_short_qty=True),
            MV,
            KeyedQty(2),
            "pick.short.recorded",
            (),
            (Effect(2, 1),),
            {"awaiting_short_qty": False},
            id="short-hits-last-order",
        ),
        pytest.param(
            replace(AT_A, awaiting_short_qty=True),
            MV,
            KeyedQty(0),
            "pick.short.recorded",
            (),
            (Effect(2, 1), Effect(0, 2)),
            {"awaiting_short_qty": False},
            id="nothing-found",
        ),
        pytest.param(
            replace(AT_A, pending_qty=4, awaiting_short_qty=True),
            MV,
            Command.CANCEL,
            "pick.input.cleared",
            (),
            (),
            {"pending_qty": 0, "awaiting_short_qty": False},
            id="cancel-input",
        ),
        pytest.param(
            AT_A,
            MV,
            LocationScan("A"),
            "pick.location.ok",
            (),
            (),
            {},
            id="rescan-location",
        ),
        pytest.param(
            replace(AT_A, in_hand=1),
            WaveView(MULTI, {0: 2}),
            SlotScan(2),
            "pick.stop.done",
            (Effect(2, 1),),
            (),
            {"in_hand": 0},
            id="stop-done-shows-next",
        ),
    ],
)
def test_step_outcomes(
    session: PickSession,
    view: WaveView,
    event: PickEvent,
    msgid: str,
    picks: tuple[Effect, ...],
    shorts: tuple[Effect, ...],
    after: dict[str, object],
) -> None:
    result = step(session, view, event)
    assert result.outcome.ok
    assert result.outcome.msgid == msgid
    assert (result.picks, result.shorts) == (picks, shorts)
    assert result.session == replace(session, **after)  # type: ignore[arg-type]
    assert result.outcome.text()  # the catalog has it


@pytest.mark.parametrize(
    ("session", "view", "event", "error"),
    [
        pytest.param(S0, None, LocationScan("A"), NoWave, id="no-wave"),
        pytest.param(IN_MULTI, MV, LocationScan("B"), WrongLocation, id="wrong-location"),
        pytest.param(IN_MULTI, MV, ItemScan("S"), ScanLocationFirst, id="item-before-location"),
        pytest.param(IN_MULTI, MV, Command.SHORT, ScanLocationFirst, id="short-before-location"),
        pytest.param(AT_A, MV, ItemScan("X"), WrongItem, id="wrong-item"),
        pytest.param(AT_A, MV, ItemScan("S", qty=4), OverPick, id="too-many"),
        pytest.param(HOLDING, MV, ItemScan("S", qty=2), OverPick, id="too-many-with-hand"),
        pytest.param(AT_A, MV, SlotScan(1), ScanItemFirst, id="slot-before-item"),
        pytest.param(HOLDING, MV, SlotScan(9), WrongSlot, id="wrong-slot"),
        pytest.param(AT_A_SINGLE, SV, SlotScan(1), NoSlotsInWave, id="slot-in-single"),
        pytest.param(AT_A, MV, KeyedQty(0), QtyNotExpected, id="keyed-zero"),
        pytest.param(AT_A, MV, OtherScan("order", "T9"), NotForPicking, id="order-scan"),
        pytest.param(AT_A, MV, Command.NEXT, NotForPicking, id="next-inside-step"),
        pytest.param(
            replace(AT_A, awaiting_short_qty=True), MV, KeyedQty(3), BadShortQty, id="found-all"
        ),
        pytest.param(
            replace(AT_A, awaiting_short_qty=True),
            MV,
            ItemScan("S"),
            BadShortQty,
            id="scan-while-asked",
        ),
        pytest.param(
            replace(HOLDING, awaiting_short_qty=True),
            MV,
            KeyedQty(1),
            BadShortQty,
            id="found-less-than-in-hand",
        ),
    ],
)
def test_step_refusals(
    session: PickSession, view: WaveView | None, event: PickEvent, error: type[WmsError]
) -> None:
    with pytest.raises(error) as caught:
        step(session, view, event)
    assert caught.value.message()


@pytest.mark.parametrize(
    ("session", "view", "current", "result"),
    [
        pytest.param(S0, MV, None, "pick.wave.started", id="start"),
        pytest.param(AT_A, MV, MV, "pick.wave.resumed", id="resume-keeps-place"),
        pytest.param(AT_A, SV, MV, FinishWaveFirst, id="other-wave-unfinished"),
        pytest.param(
            AT_A,
            SV,
            WaveView(MULTI, {0: 2, 1: 1, 2: 1, 3: 1}),
            "pick.wave.started",
            id="other-wave-after-finishing",
        ),
        pytest.param(
            S0,
            WaveView(replace(MULTI, status=WaveStatus.CANCELLED)),
            None,
            WaveCancelled,
            id="cancelled",
        ),
        pytest.param(
            S0,
            WaveView(replace(MULTI, status=WaveStatus.PICKED)),
            None,
            WaveAlreadyPicked,
            id="picked",
        ),
    ],
)
def test_enter_wave(
    session: PickSession,
    view: WaveView,
    current: WaveView | None,
    result: str | type[WmsError],
) -> None:
    if isinstance(result, str):
        entered = enter_wave(session, view, current)
        assert entered.outcome.msgid == result
        assert entered.session.wave_no == view.wave.wave_no
        if result == "pick.wave.resumed":
            assert entered.session == session
    else:
        with pytest.raises(result):
            enter_wave(session, view, current)


SINCE = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("station", "operator", "held"),
    [
        pytest.param("", "", False, id="free"),
        pytest.param("ST1", "op1", False, id="mine"),
        pytest.param("ST2", "op2", True, id="other-station"),
        pytest.param("ST1", "op2", True, id="other-operator"),
    ],
)
def test_lease(station: str, operator: str, held: bool) -> None:
    wave = replace(MULTI, lease_station=station, lease_operator=operator, lease_since=SINCE)
    if held:
        with pytest.raises(LeaseHeld) as caught:
            check_lease(wave, "ST1", "op1", "赵拣货")
        assert caught.value.params == {
            "wave": MULTI.wave_no,
            "station": station,
            "operator": operator,
            "name": "赵拣货",
            "since": "08:30",
        }
        assert "赵拣货" in caught.value.message()
    else:
        check_lease(wave, "ST1", "op1")


def test_a_step_on_a_wave_leased_elsewhere_is_refused_naming_the_holder() -> None:
    """A supervisor handed the wave to ST2: ST1's session still points at it, picks nothing."""
    taken = WaveView(
        replace(MULTI, lease_station="ST2", lease_operator="op2", lease_since=SINCE),
        holder_name="赵拣货",
    )
    with pytest.raises(LeaseHeld) as caught:
        step(AT_A, taken, ItemScan("S"))
    assert (caught.value.params["station"], caught.value.params["name"]) == ("ST2", "赵拣货")
    ours = WaveView(replace(MULTI, lease_station="ST1", lease_operator="op1", lease_since=SINCE))
    assert step(AT_A, ours, ItemScan("S")).outcome.msgid == "pick.item.to_slot"


@pytest.mark.parametrize(
    ("found", "picks", "shorts"),
    [
        pytest.param({}, ((0, 2), (2, 1), (1, 1), (3, 1)), (), id="all-picked"),
        pytest.param({("A", "S"): 2}, ((0, 2), (1, 1), (3, 1)), ((2, 1),), id="short-one"),
        pytest.param(
            {("A", "S"): 0, ("B", "X"): 1}, ((1, 1),), ((2, 1), (0, 2), (3, 1)), id="shorts"
        ),
    ],
)
def test_paper_effects(
    found: dict[tuple[str, str], int],
    picks: tuple[tuple[int, int], ...],
    shorts: tuple[tuple[int, int], ...],
) -> None:
    got_picks, got_shorts = paper_effects(MULTI, MV.stops(), found)
    assert tuple((e.allocation, e.qty) for e in got_picks) == picks
    assert tuple((e.allocation, e.qty) for e in got_shorts) == shorts


def test_paper_refuses_more_than_open() -> None:
    with pytest.raises(OverPick):
        paper_effects(MULTI, MV.stops(), {("A", "S"): 4})


def test_hold_reason_is_stored_neutral_and_shown_translated() -> None:
    reason = short_pick("S", 2, "A-01")
    assert reason == "short:S:2:A-01"
    assert "S" in describe_hold(reason) and "A-01" in describe_hold(reason)
    assert describe_hold("checked by phone") == "checked by phone"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("zh_CN", "验货异常：TEE ×1 破损；TEE ×2 少件"),
        ("en", "problem at inspection: TEE ×1 damaged; TEE ×2 missing from the parcel"),
    ],
)
def test_an_inspection_hold_is_shown_in_the_readers_language(language: str, shown: str) -> None:
    set_language(language)
    assert describe_hold("inspection: damaged TEE x1; short TEE x2") == shown
    assert describe_hold("inspection: held by inspector") == _(
        "inspect.hold.inspection", parts=_("inspect.hold.by_inspector")
    )


def test_a_short_gives_the_found_units_to_an_order_they_complete() -> None:
    """At A, T1 wants 2 and T2 wants 1; one found, in hand. Shorting half of T1 and T2 would
    hold both and leave the unit with nowhere to go: T2 keeps it, T1 goes on hold."""
    asked = replace(AT_A, in_hand=1, in_hand_sku="S", awaiting_short_qty=True)
    result = step(asked, MV, KeyedQty(1))
    assert result.outcome.msgid == "pick.short.recorded"
    assert result.outcome.params["orders"] == 1
    assert result.shorts == (Effect(0, 2),)  # T1's two, written off
    assert result.session.in_hand == 1
    slotted = step(result.session, view_after(MV, (), result.shorts), SlotScan(2))
    assert slotted.picks == (Effect(2, 1),)  # T2's slot


def test_found_units_no_order_can_use_go_back_and_never_reach_the_next_stop() -> None:
    """Only T1 is open at A (T2's unit is in its slot): it wants 2, one is found, in hand. T1
    goes on hold, so the unit goes back to A; at B a slot scan has nothing to put."""
    view = WaveView(MULTI, picked={2: 1})
    asked = replace(AT_A, in_hand=1, in_hand_sku="S", awaiting_short_qty=True)
    result = step(asked, view, KeyedQty(1))
    assert result.outcome.msgid == "pick.short.recorded_put_back"
    assert result.outcome.params["back"] == 1
    assert result.outcome.text()  # the catalog has it
    assert result.shorts == (Effect(0, 1),)  # the one not found; the found one stays at A
    assert (result.session.in_hand, result.session.in_hand_sku) == (0, "")
    after = view_after(view, (), result.shorts)
    at_b = step(result.session, after, LocationScan("B")).session
    with pytest.raises(ScanItemFirst):
        step(at_b, after, SlotScan(2))


# Two SKUs at one location: stop A/S (V1 x1), then stop A/Y (V2 x1).
TWO_AT_A = Wave(
    "W261123-003",
    WaveKind.MULTI,
    WaveStatus.RELEASED,
    ("V1", "V2"),
    (Allocation(0, "V1", 1, "S", "A", 1, 1, 1), Allocation(1, "V2", 1, "Y", "A", 1, 1, 2)),
)


@pytest.mark.parametrize(
    ("wave", "session", "inactive", "back", "kept"),
    [
        pytest.param(MULTI, replace(AT_A, in_hand=2), {"T1"}, 1, 1, id="fewer-wanted"),
        pytest.param(
            MULTI, replace(AT_A, in_hand=1, in_hand_sku="S"), {"T1", "T2"}, 1, 0, id="none-left"
        ),
        pytest.param(
            TWO_AT_A,
            replace(S0, wave_no=TWO_AT_A.wave_no, at_location="A", in_hand=1, in_hand_sku="S"),
            {"V1"},
            1,
            0,
            id="same-location-other-sku",
        ),
    ],
)
def test_units_in_hand_of_orders_held_meanwhile_go_back_first(
    wave: Wave, session: PickSession, inactive: set[str], back: int, kept: int
) -> None:
    """Customer service held an order while its units were in the picker's hand: the next
    scan is answered with where to put them back, not taken as a pick of another stop."""
    view = WaveView(wave, inactive=frozenset(inactive))
    result = step(session, view, SlotScan(1))
    assert result.outcome.msgid == "pick.put_back"
    assert result.outcome.params == {"qty": back, "sku": "S", "location": "A"}
    assert (result.picks, result.shorts) == ((), ())
    assert result.session.in_hand == kept


def test_paper_gives_found_units_to_whole_orders_and_books_the_rest_to_held_ones() -> None:
    """A/S: one of three found: T2 (one) gets it, T1 (two) is short and held. B/X: both
    found; T2's goes to T2, T1's was carried to the station too and is booked to T1."""
    picks, shorts = paper_effects(MULTI, MV.stops(), {("A", "S"): 1})
    assert picks == (Effect(2, 1), Effect(3, 1), Effect(1, 1))
    assert shorts == (Effect(0, 2),)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_short_on_the_last_unit_asks_for_0_not_between_0_and_0(language: str) -> None:
    set_language(language)
    last_one = WaveView(SINGLE, {0: 1, 1: 1})  # two of three taken: one unit open at A
    asked = step(AT_A_SINGLE, last_one, Command.SHORT)
    assert asked.outcome.msgid == "pick.short.ask_none"
    assert "0 to 0" not in asked.outcome.text() and "0 到 0" not in asked.outcome.text()
    waiting = replace(AT_A_SINGLE, awaiting_short_qty=True)
    with pytest.raises(NoneToTake) as refused:
        step(waiting, last_one, KeyedQty(1))
    assert "0 to 0" not in refused.value.message() and "0 到 0" not in refused.value.message()
    assert step(waiting, last_one, KeyedQty(0)).outcome.msgid == "pick.short.recorded"
