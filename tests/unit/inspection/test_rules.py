"""Table tests of the pure inspection rules: every outcome the issue lists."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.unit.inspection.helpers import (
    KIT,
    NOW,
    RULES,
    SHEET,
    SIMPLE,
    Bench,
    all_items,
    item,
)
from wms_tui.core.errors import NotAllowed, UnknownOrder, WmsError
from wms_tui.core.inspection.records import (
    EventKind,
    InputPending,
    InspectionLeaseHeld,
    InspectionSession,
    NoOrderOpen,
    NoReplacementSource,
    NotComplete,
    NothingToOverride,
    NothingToRemove,
    NothingToUndo,
    OrderAlreadyVerified,
    OrderArchived,
    OrderCancelled,
    OrderHandedOver,
    OrderNotPicked,
    OrderOnHold,
    OrderReturned,
    OtherOrderOpen,
    ProblemsOpen,
    RemarksNotAcknowledged,
    SerialQuantity,
    SerialRepeated,
    SessionResult,
    WeightBlocked,
)
from wms_tui.core.inspection.rules import (
    Audit,
    Candidate,
    CloseSession,
    CodeValue,
    Command,
    Input,
    InspectionState,
    KeyQuantity,
    LocationScan,
    MarkVerified,
    Move,
    OpenOrder,
    RemoveUnit,
    Reverse,
    SetOrderStatus,
    SheetLine,
    StationRules,
    SupervisorBadge,
    TakeOver,
    Undo,
    WeightRule,
    expected_weight,
)
from wms_tui.core.model import KitMode, LocationKind, MoveReason, Operator, OrderStatus, Role
from wms_tui.core.outcome import OutcomeStatus
from wms_tui.core.ports import SoundClass

SUPERVISOR = Operator("B-SUP", "Boss", frozenset({Role.SUPERVISOR}))
INSPECTOR = Operator("B-INS", "Ann", frozenset({Role.INSPECTOR}))
EACH_KIT = replace(SHEET, kits=(replace(KIT, mode=KitMode.EACH_COMPONENT),))
REMARKS = replace(SHEET, buyer_remark="请用礼盒包装")
PHONES = replace(SIMPLE, lines=(SheetLine(1, "PHONE", "Phone", 2, requires_serial=True),))


# --- one scan, one outcome -------------------------------------------------------------
@pytest.mark.parametrize(
    ("inputs", "msgid", "sound", "counts"),
    [
        pytest.param([item("TEE")], "inspect.counted", SoundClass.OK, {1: 1}, id="counted"),
        pytest.param(
            [item("SOCK")], "inspect.wrong_item", SoundClass.ERROR, {1: 0}, id="wrong-item"
        ),
        pytest.param(
            [item("TEE"), item("TEE"), item("TEE")],
            "inspect.too_many",
            SoundClass.ERROR,
            {1: 2},
            id="too-many",
        ),
        pytest.param(
            [item("PHONE")],
            "inspect.needs_serial",
            SoundClass.NEEDS_INPUT,
            {3: 0},
            id="needs-serial",
        ),
        pytest.param(
            [item("PHONE"), CodeValue("SN9")],
            "inspect.counted",
            SoundClass.OK,
            {3: 1},
            id="serial-given",
        ),
        pytest.param(
            [item("PHONE", serial="SN1")],
            "inspect.counted",
            SoundClass.OK,
            {3: 1},
            id="serial-in-gs1",
        ),
        pytest.param(
            [item("SET")], "inspect.counted", SoundClass.OK, {4: 1, 5: 1}, id="kit-barcode"
        ),
        pytest.param(
            [item("CUP")], "inspect.counted", SoundClass.OK, {4: 1, 5: 0}, id="kit-component"
        ),
        pytest.param(
            [item("SET"), item("SET")],
            "inspect.too_many",
            SoundClass.ERROR,
            {4: 1},
            id="kit-too-many",
        ),
        pytest.param(
            [item("TEE", multiplier=2)], "inspect.counted", SoundClass.OK, {1: 2}, id="packaging"
        ),
        pytest.param(
            [item("TEE", multiplier=3)],
            "inspect.too_many",
            SoundClass.ERROR,
            {1: 0},
            id="packaging-too-many",
        ),
        pytest.param(
            [KeyQuantity(2), item("TEE")],
            "inspect.counted",
            SoundClass.OK,
            {1: 2},
            id="keyed-quantity",
        ),
        pytest.param(
            [KeyQuantity(2)], "inspect.qty_armed", SoundClass.NEEDS_INPUT, {1: 0}, id="qty-armed"
        ),
        pytest.param(
            [KeyQuantity(2), Command("CMD:CANCEL"), item("TEE")],
            "inspect.counted",
            SoundClass.OK,
            {1: 1},
            id="cancel-drops-keyed-qty",
        ),
        pytest.param(
            [item("TEE"), Undo("mis-scan")],
            "inspect.undone",
            SoundClass.WARNING,
            {1: 0},
            id="undo",
        ),
        pytest.param(
            [item("SET"), Command("UNDO")],
            "inspect.undone",
            SoundClass.WARNING,
            {4: 0, 5: 0},
            id="undo-kit-whole",
        ),
        pytest.param(
            [KeyQuantity(2), item("TEE"), RemoveUnit(1, "broken seal")],
            "inspect.removed",
            SoundClass.WARNING,
            {1: 1},
            id="remove-one",
        ),
        pytest.param(
            [item("TEE"), RemoveUnit(1, "x"), Undo("oops")],
            "inspect.undone",
            SoundClass.WARNING,
            {1: 1},
            id="undo-a-remove",
        ),
        pytest.param(
            [Command("DAMAGED")],
            "inspect.problem_armed.damaged",
            SoundClass.NEEDS_INPUT,
            {1: 0},
            id="problem-armed",
        ),
        pytest.param(
            [Command("WRONG_SPEC"), item("TEE")],
            "inspect.quarantined.wrong_spec",
            SoundClass.WARNING,
            {1: 0},
            id="problem-quarantined",
        ),
        pytest.param(
            [LocationScan("A-01-1", LocationKind.BIN)],
            "inspect.replacement_from",
            SoundClass.OK,
            {1: 0},
            id="replacement-location",
        ),
        pytest.param(
            [Command("ACK")], "inspect.no_remarks", SoundClass.WARNING, {1: 0}, id="ack-no-remarks"
        ),
    ],
)
def test_scan_outcomes(
    inputs: list[Input], msgid: str, sound: SoundClass, counts: dict[int, int]
) -> None:
    bench = Bench()
    bench.open()
    outcome = bench.feed(*inputs).outcome
    assert (outcome.msgid, outcome.sound) == (msgid, sound)
    assert outcome.status is OutcomeStatus.ACCEPTED
    assert {n: bench.counted(n) for n in counts} == counts


def test_wrong_and_too_many_are_recorded_and_named() -> None:
    bench = Bench()
    bench.open()
    wrong = bench.feed(item("SOCK")).outcome
    assert wrong.params == {"scanned": "69SOCK", "name": "sock"}
    assert wrong.error_code == "E830"
    bench.feed(item("TEE"), item("TEE"))
    too_many = bench.feed(item("TEE")).outcome
    assert too_many.params == {"line": 1, "name": "White tee", "expected": 2}
    assert bench.state.progress.wrong_scans == 2


@pytest.mark.parametrize(
    ("sheet", "rules", "setup", "given", "error"),
    [
        pytest.param(SHEET, RULES, None, item("TEE"), NoOrderOpen, id="no-order-open"),
        pytest.param(SHEET, RULES, [item("PHONE")], item("TEE"), InputPending, id="serial-first"),
        pytest.param(
            PHONES,
            RULES,
            [item("PHONE", serial="SN1")],
            item("PHONE", serial="SN1"),
            SerialRepeated,
            id="serial-repeated",
        ),
        pytest.param(
            PHONES, RULES, [KeyQuantity(2)], item("PHONE"), SerialQuantity, id="serial-qty-keyed"
        ),
        pytest.param(SHEET, RULES, [], Undo("x"), NothingToUndo, id="nothing-to-undo"),
        pytest.param(SHEET, RULES, [], RemoveUnit(1, "x"), NothingToRemove, id="nothing-to-remove"),
        pytest.param(SHEET, RULES, [], Command("DONE"), NotComplete, id="done-incomplete"),
        pytest.param(
            REMARKS, RULES, all_items(), Command("DONE"), RemarksNotAcknowledged, id="remarks"
        ),
        pytest.param(
            SHEET,
            RULES,
            [Command("DAMAGED"), item("TEE")],
            Command("CANCEL"),
            ProblemsOpen,
            id="cancel-with-quarantine",
        ),
        pytest.param(
            SHEET,
            replace(RULES, replacement_location=""),
            [item("TEE"), item("TEE"), Command("DAMAGED"), item("TEE")],
            item("TEE"),
            NoReplacementSource,
            id="replacement-source-unknown",
        ),
        pytest.param(
            SHEET, RULES, [], SupervisorBadge(SUPERVISOR), NothingToOverride, id="no-override"
        ),
        pytest.param(
            SIMPLE,
            replace(RULES, auto_pass=False, weight=WeightRule(50)),
            [item("TEE"), item("TEE")],
            Command("DONE"),
            WeightBlocked,
            id="no-stable-weight",
        ),
        pytest.param(
            SHEET,
            RULES,
            [item("TEE")],
            OpenOrder("T2", Candidate(SIMPLE)),
            OtherOrderOpen,
            id="other-order-open",
        ),
        pytest.param(SHEET, RULES, None, OpenOrder("NOPE", None), UnknownOrder, id="unknown"),
    ],
)
def test_refusals_change_nothing(
    sheet: object,
    rules: StationRules,
    setup: list[Input] | None,
    given: Input,
    error: type[WmsError],
) -> None:
    bench = Bench(rules)
    if setup is not None:
        assert isinstance(sheet, type(SHEET))
        bench.open(sheet)
        bench.feed(*setup)
    before = bench.state
    with pytest.raises(error):
        bench.feed(given)
    assert bench.state == before


# --- opening: the order's status decides -------------------------------------------
PASSED_BEFORE = InspectionSession(
    "old", "T1", "S7", "zhang", NOW, SessionResult.PASSED, ended_at=NOW, version=2
)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        pytest.param(OrderStatus.CANCELLED, OrderCancelled, id="cancelled"),
        pytest.param(OrderStatus.ON_HOLD, OrderOnHold, id="on-hold"),
        pytest.param(OrderStatus.VERIFIED, OrderAlreadyVerified, id="verified"),
        pytest.param(OrderStatus.HANDED_OVER, OrderHandedOver, id="handed-over"),
        pytest.param(OrderStatus.ARCHIVED, OrderArchived, id="archived"),
        pytest.param(OrderStatus.RETURNED, OrderReturned, id="returned"),
        pytest.param(OrderStatus.PENDING, OrderNotPicked, id="pending"),
        pytest.param(OrderStatus.CONFIRMED, OrderNotPicked, id="confirmed"),
        pytest.param(OrderStatus.RELEASED, OrderNotPicked, id="released"),
    ],
)
def test_only_picked_orders_open(status: OrderStatus, error: type[WmsError]) -> None:
    sheet = replace(SHEET, status=status, hold_reason="缺货")
    with pytest.raises(error) as raised:
        Bench().open(candidate=Candidate(sheet, last_passed=PASSED_BEFORE))
    if status is OrderStatus.VERIFIED:
        assert raised.value.params["operator"] == "zhang"
        assert raised.value.params["station"] == "S7"
        assert raised.value.params["at"] == NOW.astimezone().strftime("%Y-%m-%d %H:%M")
    if status is OrderStatus.ON_HOLD:
        assert raised.value.params["reason"] == "缺货"


def test_released_opens_at_a_pick_at_pack_station_and_picks_on_pass() -> None:
    rules = replace(RULES, pick_at_pack=True, pick_location="A-01-1")
    bench = Bench(rules)
    bench.open(replace(SIMPLE, status=OrderStatus.RELEASED))
    decision = bench.feed(item("TEE"), item("TEE"))
    moves = [e for e in decision.effects if isinstance(e, Move)]
    assert [(m.from_location, m.to_location, m.reason) for m in moves] == [
        ("A-01-1", "PACK-1", MoveReason.PICK),
        ("PACK-1", "DOCK", MoveReason.SHIP),
    ]
    targets = [e.target for e in decision.effects if isinstance(e, SetOrderStatus)]
    assert targets == [OrderStatus.PICKED, OrderStatus.VERIFIED]


def test_opening_shows_remarks_as_needing_acknowledgement() -> None:
    outcome = Bench().open(REMARKS).outcome
    assert (outcome.msgid, outcome.sound) == ("inspect.opened_remarks", SoundClass.NEEDS_INPUT)
    assert outcome.params == {"order": "T1", "items": 6}


# --- passing ---------------------------------------------------------------------------
def test_last_matching_scan_passes_and_ships_to_the_dock() -> None:
    bench = Bench()
    bench.open()
    decision = bench.feed(*all_items())
    assert decision.outcome.msgid == "inspect.passed"
    moves = [e for e in decision.effects if isinstance(e, Move)]
    assert {(m.sku_code, m.qty, m.from_location, m.to_location) for m in moves} == {
        ("TEE", 2, "PACK-1", "DOCK"),
        ("MUG", 1, "PACK-1", "DOCK"),
        ("PHONE", 1, "PACK-1", "DOCK"),
        ("CUP", 1, "PACK-1", "DOCK"),
        ("SAUCER", 1, "PACK-1", "DOCK"),
    }
    assert SetOrderStatus("T1", OrderStatus.VERIFIED) in decision.effects
    assert MarkVerified("T1", NOW, "op1", "S1") in decision.effects
    closed = [e.session for e in decision.effects if isinstance(e, CloseSession)]
    assert [(s.result, s.ended_at) for s in closed] == [(SessionResult.PASSED, NOW)]
    assert bench.state == InspectionState()


def test_done_mode_waits_for_the_command() -> None:
    bench = Bench(replace(RULES, auto_pass=False))
    bench.open()
    assert bench.feed(*all_items()).outcome.msgid == "inspect.all_matched"
    assert bench.feed(Command("CMD:DONE")).outcome.msgid == "inspect.passed"


def test_remarks_block_the_pass_until_acknowledged() -> None:
    bench = Bench()
    bench.open(REMARKS)
    assert bench.feed(*all_items()).outcome.msgid == "inspect.ack_to_pass"
    assert bench.feed(Command("ACK")).outcome.msgid == "inspect.passed"


def test_next_waybill_passes_a_complete_order_and_opens_the_next() -> None:
    bench = Bench(replace(RULES, auto_pass=False))
    bench.open()
    bench.feed(*all_items())
    decision = bench.feed(OpenOrder("T2", Candidate(SIMPLE)))
    assert decision.outcome.msgid == "inspect.opened_after_pass"
    assert decision.outcome.params["passed"] == "T1"
    assert bench.state.session is not None and bench.state.session.order_no == "T2"


def test_same_waybill_again_is_harmless() -> None:
    bench = Bench()
    bench.open()
    bench.feed(item("TEE"))
    assert bench.open().outcome.msgid == "inspect.already_open"
    assert bench.counted(1) == 1


# --- weight ----------------------------------------------------------------------------
WEIGHED = replace(RULES, weight=WeightRule(packaging_g=50, tolerance_g=20, tolerance_pct=5))


@pytest.mark.parametrize(
    ("grams", "msgid", "sound"),
    [
        pytest.param(450, "inspect.passed", SoundClass.OK, id="exact"),
        pytest.param(472, "inspect.passed", SoundClass.OK, id="at-tolerance"),  # 5% > 20 g
        pytest.param(473, "inspect.weight.fail", SoundClass.ERROR, id="heavy"),
        pytest.param(300, "inspect.weight.fail", SoundClass.ERROR, id="light"),
        pytest.param(None, "inspect.weight.place", SoundClass.NEEDS_INPUT, id="no-reading"),
    ],
)
def test_weight_check(grams: int | None, msgid: str, sound: SoundClass) -> None:
    assert expected_weight(SIMPLE.lines, WEIGHED.weight or WeightRule(0)) == 450
    bench = Bench(WEIGHED, weight_g=grams)
    bench.open(SIMPLE)
    outcome = bench.feed(item("TEE"), item("TEE")).outcome
    assert (outcome.msgid, outcome.sound) == (msgid, sound)


def test_weight_failure_needs_recheck_or_supervisor() -> None:
    bench = Bench(WEIGHED, weight_g=600)
    bench.open(SIMPLE)
    bench.feed(item("TEE"), item("TEE"))
    assert bench.state.progress.weight_failed
    assert bench.feed(Command("WEIGHT")).outcome.msgid == "inspect.weight.fail"
    with pytest.raises(NotAllowed):
        bench.feed(SupervisorBadge(INSPECTOR))
    assert bench.feed(SupervisorBadge(SUPERVISOR)).outcome.msgid == "inspect.passed"


def test_a_scale_without_a_reading_does_not_stop_the_station() -> None:
    """Unplugged or never settling: the order waits, and a supervisor lets it go (audited);
    an order not complete yet has nothing to let go."""
    bench = Bench(WEIGHED, weight_g=None)
    bench.open(SIMPLE)
    assert bench.feed(item("TEE")).outcome.msgid == "inspect.counted"
    with pytest.raises(NothingToOverride):
        bench.feed(SupervisorBadge(SUPERVISOR))
    assert bench.feed(item("TEE")).outcome.msgid == "inspect.weight.place"
    with pytest.raises(NotAllowed):
        bench.feed(SupervisorBadge(INSPECTOR))
    passed = bench.feed(SupervisorBadge(SUPERVISOR))
    assert passed.outcome.msgid == "inspect.passed"
    assert [e.detail for e in passed.effects if isinstance(e, Audit)] == [
        f"{SUPERVISOR.badge}: no_reading"
    ]


def test_no_override_where_no_weight_check_applies() -> None:
    """Unit weights unknown: the order passes without the scale, and a supervisor's badge
    has nothing to let through."""
    sheet = replace(SIMPLE, lines=(replace(SIMPLE.lines[0], unit_weight_g=0),))
    bench = Bench(replace(WEIGHED, auto_pass=False), weight_g=None)
    bench.open(sheet)
    bench.feed(item("TEE"), item("TEE"))
    with pytest.raises(NothingToOverride):
        bench.feed(SupervisorBadge(SUPERVISOR))


def test_recheck_passes_once_the_weight_is_right() -> None:
    bench = Bench(WEIGHED, weight_g=600)
    bench.open(SIMPLE)
    bench.feed(item("TEE"), item("TEE"))
    bench.weight_g = 455
    assert bench.feed(Command("WEIGHT")).outcome.msgid == "inspect.passed"


def test_unknown_unit_weight_skips_the_check() -> None:
    sheet = replace(SIMPLE, lines=(replace(SIMPLE.lines[0], unit_weight_g=0),))
    bench = Bench(WEIGHED, weight_g=None)
    bench.open(sheet)
    assert bench.feed(item("TEE"), item("TEE")).outcome.msgid == "inspect.passed"


# --- problem goods -------------------------------------------------------------------
def test_damaged_unit_goes_to_quarantine_and_a_good_one_replaces_it() -> None:
    bench = Bench(replace(RULES, auto_pass=False))
    bench.open(SIMPLE)
    bench.feed(item("TEE"), item("TEE"))
    problem = bench.feed(Command("DAMAGED"), item("TEE"))
    moves = [e for e in problem.effects if isinstance(e, Move)]
    assert [(m.qty, m.from_location, m.to_location, m.reason) for m in moves] == [
        (1, "PACK-1", "QUAR", MoveReason.QUARANTINE)
    ]
    assert bench.counted(1) == 1  # the bad unit had been counted
    replaced = bench.feed(item("TEE"))
    assert [(m.from_location, m.to_location) for m in replaced.effects if isinstance(m, Move)] == [
        ("SPARE-1", "PACK-1")
    ]
    assert bench.state.progress.open_problems == 0
    assert bench.feed(Command("DONE")).outcome.msgid == "inspect.passed"


def test_undo_of_a_problem_reverses_the_quarantine_move() -> None:
    bench = Bench()
    bench.open(SIMPLE)
    problem = bench.feed(Command("MISSING_PART"), item("TEE"))
    move = next(e for e in problem.effects if isinstance(e, Move))
    undo = bench.feed(Undo("wrong unit"))
    assert [e.move_id for e in undo.effects if isinstance(e, Reverse)] == [move.move_id]
    assert bench.state.progress.open_problems == 0


def test_unreplaced_problem_puts_the_order_on_hold() -> None:
    bench = Bench()
    bench.open(SIMPLE)
    bench.feed(item("TEE"), Command("DAMAGED"), item("TEE"))
    decision = bench.feed(Command("DONE"))
    assert decision.outcome.msgid == "inspect.on_hold"
    hold = next(e for e in decision.effects if isinstance(e, SetOrderStatus))
    assert hold.target is OrderStatus.ON_HOLD
    assert hold.reason == "inspection: damaged TEE x1; short TEE x1"
    closed = next(e.session for e in decision.effects if isinstance(e, CloseSession))
    assert closed.result is SessionResult.ON_HOLD


def test_cancel_abandons_and_records_wrong_scans() -> None:
    bench = Bench()
    bench.open()
    bench.feed(item("SOCK"), item("TEE"))
    decision = bench.feed(Command("CMD:CANCEL"))
    assert decision.outcome.msgid == "inspect.abandoned"
    closed = next(e.session for e in decision.effects if isinstance(e, CloseSession))
    assert (closed.result, closed.wrong_scans) == (SessionResult.ABANDONED, 1)


def test_order_cancelled_while_on_the_bench_stops_scanning() -> None:
    bench = Bench()
    bench.open()
    assert bench.state.sheet is not None
    bench.state = replace(
        bench.state, sheet=replace(bench.state.sheet, status=OrderStatus.CANCELLED)
    )
    with pytest.raises(OrderCancelled):
        bench.feed(item("TEE"))
    assert bench.feed(Command("CANCEL")).outcome.msgid == "inspect.abandoned"


def test_kit_in_each_component_mode_refuses_the_kit_barcode() -> None:
    bench = Bench()
    bench.open(EACH_KIT)
    assert bench.feed(item("SET")).outcome.msgid == "inspect.kit_each"
    assert bench.feed(item("CUP"), item("SAUCER")).outcome.msgid == "inspect.counted"


# --- one order, one station ----------------------------------------------------------
HOLDER = InspectionSession("h1", "T1", "S2", "li", NOW)


def test_second_station_gets_lease_held() -> None:
    with pytest.raises(InspectionLeaseHeld) as raised:
        Bench().open(candidate=Candidate(SHEET, holder=HOLDER))
    assert raised.value.params["station"] == "S2"
    assert raised.value.params["operator"] == "li"
    assert raised.value.code == "E710"


def test_supervisor_takes_over_with_the_counts() -> None:
    other = Bench(replace(RULES, station_id="S2"), operator="li")
    other.open()
    other.feed(item("TEE"), item("SOCK"))
    assert other.state.session is not None
    holder, events = other.state.session, other.state.events
    bench = Bench()
    with pytest.raises(NotAllowed):
        bench.feed(TakeOver(Candidate(SHEET, holder, events), INSPECTOR))
    decision = bench.feed(TakeOver(Candidate(SHEET, holder, events), SUPERVISOR))
    closed = next(e.session for e in decision.effects if isinstance(e, CloseSession))
    assert (closed.result, closed.wrong_scans, closed.note) == (
        SessionResult.TAKEN_OVER,
        1,
        "S2/li",
    )
    assert bench.counted(1) == 1
    assert bench.state.events[-1].kind is EventKind.TAKEOVER


# --- restart: stored events rebuild exactly the live state ---------------------------
@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param([item("TEE"), item("SOCK"), item("PHONE")], id="pending-serial"),
        pytest.param([KeyQuantity(2)], id="armed-qty"),
        pytest.param([item("TEE"), item("TEE"), Command("DAMAGED"), item("TEE")], id="problem"),
        pytest.param([item("SET"), Undo("x"), item("CUP"), RemoveUnit(4, "y")], id="corrections"),
        pytest.param([item("MUG"), Command("WRONG_SPEC")], id="armed-problem"),
    ],
)
def test_rebuild_from_events_equals_live_state(inputs: list[Input]) -> None:
    bench = Bench()
    bench.open(REMARKS)
    bench.feed(Command("ACK"), *inputs)
    live = bench.state
    assert live.session is not None and live.sheet is not None
    assert InspectionState.of(live.session, live.sheet, live.events) == live


WINE = replace(
    SIMPLE,
    lines=(
        SheetLine(1, "WINE", "Red wine", 2, requires_lot=True),
        SheetLine(2, "WATCH", "Watch", 1, requires_lot=True, requires_serial=True),
    ),
)


@pytest.mark.parametrize(
    ("inputs", "msgid", "counted", "lots", "serials"),
    [
        pytest.param([item("WINE")], "inspect.needs_lot", {1: 0}, (), (), id="asks-for-lot"),
        pytest.param(
            [item("WINE"), CodeValue("L2411")],
            "inspect.counted",
            {1: 1},
            ("L2411",),
            (),
            id="lot-given",
        ),
        pytest.param(
            [item("WINE", lot="L7")], "inspect.counted", {1: 1}, ("L7",), (), id="lot-in-gs1"
        ),
        pytest.param([item("WATCH")], "inspect.needs_lot", {2: 0}, (), (), id="lot-before-serial"),
        pytest.param(
            [item("WATCH"), CodeValue("L9")],
            "inspect.needs_serial",
            {2: 0},
            (),
            (),
            id="then-asks-for-serial",
        ),
        pytest.param(
            [item("WATCH"), CodeValue("L9"), CodeValue("SN42")],
            "inspect.counted",
            {2: 1},
            ("L9",),
            ("SN42",),
            id="lot-then-serial",
        ),
        pytest.param(
            [item("WINE"), Undo("double_scan"), item("WINE", lot="L1")],
            "inspect.counted",
            {1: 1},
            ("L1",),
            (),
            id="undo-drops-the-question",
        ),
    ],
)
def test_lots_and_serials_are_asked_for_in_turn(
    inputs: list[Input],
    msgid: str,
    counted: dict[int, int],
    lots: tuple[str, ...],
    serials: tuple[str, ...],
) -> None:
    bench = Bench()
    bench.open(WINE)
    outcome = bench.feed(*inputs).outcome
    assert outcome.msgid == msgid
    assert {n: bench.counted(n) for n in counted} == counted
    line = next(iter(counted))
    assert bench.state.progress.line(line).lots == lots
    assert bench.state.progress.line(line).serials == serials


def test_while_a_lot_is_asked_for_the_next_item_waits() -> None:
    bench = Bench()
    bench.open(WINE)
    bench.feed(item("WINE"))
    # Whatever is scanned now is the lot: a product barcode becomes the lot text.
    bench.feed(CodeValue("69WINE"))
    assert bench.state.progress.line(1).lots == ("69WINE",)
    with pytest.raises(InputPending):
        bench.feed(item("WINE"), RemoveUnit(1, "x"))
