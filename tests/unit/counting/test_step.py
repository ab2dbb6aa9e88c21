"""The count screen's state machine, one row per outcome the issue lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from wms_tui.core.counting.records import (
    CountEntry,
    CountTask,
    EntryKind,
    FinishLocationFirst,
    LocationNotEmpty,
    NoCountTask,
    NothingCounted,
    NothingToUndo,
    QuantityPending,
    RecountNeedsOtherCounter,
    ScanLocationFirst,
    TaskStatus,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.counting.rules import (
    CommandScan,
    CountCommand,
    CountEvent,
    CountState,
    ItemScan,
    LocationScan,
    QuantityKeyed,
    StepContext,
    UnknownScan,
    step,
    tally,
)
from wms_tui.core.errors import LeaseHeld, NotAllowed, WmsError
from wms_tui.core.model import Operator, Role
from wms_tui.core.ports import SoundClass

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ANN = Operator("S1", "Ann", frozenset({Role.STOCKTAKER}))
BOB = Operator("S2", "Bob", frozenset({Role.STOCKTAKER}))
PICKER = Operator("P1", "Pia", frozenset({Role.PICKER}))
CTX = StepContext(ANN, "ST1", NOW, "scan-1", "text", "recount-1")
OPEN = CountTask("t1", "plan", "A-01")
LEVELS = (("SKU-1", 5), ("SKU-2", 0))
COUNTING = replace(
    OPEN,
    status=TaskStatus.COUNTING,
    counter="S1",
    station_id="ST1",
    started_at=NOW,
    snapshot=(("SKU-1", 5),),
)


def _e(seq: int, kind: EntryKind, sku: str = "", qty: int = 0) -> CountEntry:
    return CountEntry("t1", seq, kind, sku_code=sku, qty=qty, operator="S1")


FIVE = (_e(1, EntryKind.ITEM, "SKU-1", 5),)
KEYED = (_e(1, EntryKind.KEYED, qty=6),)


@pytest.mark.parametrize(
    ("state", "event", "msgid", "sound", "params"),
    [
        pytest.param(
            CountState(),
            LocationScan("A-01", OPEN, LEVELS),
            "count.started",
            SoundClass.NEEDS_INPUT,
            {"location": "A-01", "units": 0},
            id="freeze",
        ),
        pytest.param(
            CountState(),
            LocationScan("A-01", COUNTING),
            "count.resumed",
            SoundClass.NEEDS_INPUT,
            {"location": "A-01", "units": 0},
            id="resume",
        ),
        pytest.param(
            CountState(COUNTING, FIVE),
            LocationScan("A-01", COUNTING),
            "count.same_location",
            SoundClass.WARNING,
            {"location": "A-01", "units": 5},
            id="same-location-again",
        ),
        pytest.param(
            CountState(COUNTING),
            ItemScan("SKU-1"),
            "count.item",
            SoundClass.OK,
            {"sku": "SKU-1", "qty": 1, "total": 1},
            id="item-adds-one",
        ),
        pytest.param(
            CountState(COUNTING, FIVE),
            ItemScan("SKU-1", 12),
            "count.item",
            SoundClass.OK,
            {"sku": "SKU-1", "qty": 12, "total": 17},
            id="pack-adds-pack",
        ),
        pytest.param(
            CountState(COUNTING, KEYED),
            ItemScan("SKU-1"),
            "count.item",
            SoundClass.OK,
            {"sku": "SKU-1", "qty": 6, "total": 6},
            id="keyed-then-item",
        ),
        pytest.param(
            CountState(COUNTING, KEYED),
            ItemScan("SKU-1", 12),
            "count.item",
            SoundClass.OK,
            {"sku": "SKU-1", "qty": 72, "total": 72},
            id="keyed-then-packs",
        ),
        pytest.param(
            CountState(COUNTING),
            QuantityKeyed(40),
            "count.qty_keyed",
            SoundClass.NEEDS_INPUT,
            {"qty": 40},
            id="key-quantity",
        ),
        pytest.param(
            CountState(COUNTING),
            UnknownScan("999"),
            "count.unknown_recorded",
            SoundClass.WARNING,
            {"code": "999"},
            id="unknown-recorded",
        ),
        pytest.param(
            CountState(COUNTING, FIVE),
            CommandScan(CountCommand.UNDO),
            "count.undone",
            SoundClass.WARNING,
            {"units": 0},
            id="undo",
        ),
        pytest.param(
            CountState(COUNTING),
            CommandScan(CountCommand.EMPTY),
            "count.closed_recount",
            SoundClass.WARNING,
            {"location": "A-01", "units": 0, "skus": 0},
            id="empty-but-system-had-5",
        ),
        pytest.param(
            CountState(COUNTING, FIVE),
            CommandScan(CountCommand.DONE),
            "count.closed",
            SoundClass.OK,
            {"location": "A-01", "units": 5, "skus": 1},
            id="done-matches",
        ),
    ],
)
def test_accepted(
    state: CountState, event: CountEvent, msgid: str, sound: SoundClass, params: dict[str, object]
) -> None:
    result = step(state, event, CTX, Threshold())
    assert (result.outcome.msgid, result.outcome.sound, result.outcome.params) == (
        msgid,
        sound,
        params,
    )
    assert result.outcome.ok


@pytest.mark.parametrize(
    ("state", "event", "ctx", "error"),
    [
        pytest.param(CountState(), ItemScan("SKU-1"), CTX, ScanLocationFirst, id="item-first"),
        pytest.param(
            CountState(), CommandScan(CountCommand.DONE), CTX, ScanLocationFirst, id="done-first"
        ),
        pytest.param(CountState(), LocationScan("B-09", None), CTX, NoCountTask, id="no-task"),
        pytest.param(
            CountState(),
            LocationScan("A-01", replace(OPEN, status=TaskStatus.COUNTED)),
            CTX,
            NoCountTask,
            id="awaits-approval",
        ),
        pytest.param(
            CountState(),
            LocationScan("A-01", COUNTING),
            replace(CTX, operator=BOB),
            LeaseHeld,
            id="lease-held",
        ),
        pytest.param(
            CountState(),
            LocationScan("A-01", replace(OPEN, round=2, excluded=frozenset({"S1"}))),
            CTX,
            RecountNeedsOtherCounter,
            id="recount-same-person",
        ),
        pytest.param(
            CountState(),
            LocationScan("A-01", OPEN),
            replace(CTX, operator=PICKER),
            NotAllowed,
            id="not-a-stocktaker",
        ),
        pytest.param(
            CountState(COUNTING),
            LocationScan("B-01", None),
            CTX,
            FinishLocationFirst,
            id="other-location",
        ),
        pytest.param(
            CountState(COUNTING, FIVE),
            CommandScan(CountCommand.EMPTY),
            CTX,
            LocationNotEmpty,
            id="empty-after-items",
        ),
        pytest.param(
            CountState(COUNTING),
            CommandScan(CountCommand.DONE),
            CTX,
            NothingCounted,
            id="done-with-nothing",
        ),
        pytest.param(
            CountState(COUNTING, KEYED),
            CommandScan(CountCommand.DONE),
            CTX,
            QuantityPending,
            id="done-with-keyed-qty",
        ),
        pytest.param(
            CountState(COUNTING),
            CommandScan(CountCommand.UNDO),
            CTX,
            NothingToUndo,
            id="undo-nothing",
        ),
    ],
)
def test_refused(
    state: CountState, event: CountEvent, ctx: StepContext, error: type[WmsError]
) -> None:
    with pytest.raises(error) as raised:
        step(state, event, ctx, Threshold())
    assert raised.value.message() != raised.value.msgid  # translated, placeholders filled


def test_freeze_snapshots_nonzero_levels_and_leases_the_task() -> None:
    result = step(CountState(), LocationScan("A-01", OPEN, LEVELS), CTX, Threshold())
    assert result.state.task == replace(COUNTING, snapshot=(("SKU-1", 5),))
    assert result.entry is None


def test_recount_keeps_the_first_snapshot_and_is_blind_even_on_an_open_plan() -> None:
    recount = replace(OPEN, round=2, excluded=frozenset({"S1"}), snapshot=(("SKU-1", 5),))
    bob = replace(CTX, operator=BOB)
    result = step(
        CountState(), LocationScan("A-01", recount, (("SKU-1", 5),)), bob, Threshold(), blind=False
    )
    assert result.state.task is not None
    assert result.state.task.snapshot == (("SKU-1", 5),)
    assert result.state.task.counter == "S2"
    item = step(result.state, ItemScan("SKU-1"), bob, Threshold(), blind=False)
    assert item.outcome.msgid == "count.item"
    assert "system" not in item.outcome.params and 5 not in item.outcome.params.values()


def test_recount_after_stock_moved_counts_against_the_stock_now() -> None:
    """A pick that raced the first freeze left the snapshot unapprovable: start afresh."""
    recount = replace(OPEN, round=2, excluded=frozenset({"S1"}), snapshot=(("SKU-1", 5),))
    result = step(
        CountState(),
        LocationScan("A-01", recount, (("SKU-1", 4), ("SKU-2", 0))),
        replace(CTX, operator=BOB),
        Threshold(),
    )
    assert result.state.task is not None
    assert result.state.task.snapshot == (("SKU-1", 4),)


def test_lease_message_names_station_and_counter() -> None:
    with pytest.raises(LeaseHeld) as raised:
        step(CountState(), LocationScan("A-01", COUNTING), replace(CTX, operator=BOB), Threshold())
    assert raised.value.params == {
        "station": "ST1",
        "operator": "S1",
        "since": "2026-11-23T08:00+00:00",
    }


def test_blind_outcomes_never_carry_the_system_quantity() -> None:
    blind = step(CountState(COUNTING), ItemScan("SKU-1"), CTX, Threshold())
    open_ = step(CountState(COUNTING), ItemScan("SKU-1"), CTX, Threshold(), blind=False)
    assert "system" not in blind.outcome.params
    assert (open_.outcome.msgid, open_.outcome.params["system"]) == ("count.item_open", 5)


@pytest.mark.parametrize(
    ("entries", "threshold", "recount"),
    [
        pytest.param(FIVE, Threshold(), False, id="exact"),
        pytest.param((_e(1, EntryKind.ITEM, "SKU-1", 6),), Threshold(), True, id="one-over-0"),
        pytest.param(
            (_e(1, EntryKind.ITEM, "SKU-1", 6),),
            Threshold(ThresholdKind.UNITS, 1),
            False,
            id="one-over-within-1-unit",
        ),
        pytest.param(
            (_e(1, EntryKind.ITEM, "SKU-1", 7),),
            Threshold(ThresholdKind.UNITS, 1),
            True,
            id="two-over-1-unit",
        ),
        pytest.param(
            (_e(1, EntryKind.ITEM, "SKU-1", 4),),
            Threshold(ThresholdKind.PERCENT, 20),
            False,
            id="20pct-at-20pct",
        ),
        pytest.param(
            (_e(1, EntryKind.ITEM, "SKU-1", 3),),
            Threshold(ThresholdKind.PERCENT, 20),
            True,
            id="40pct-over-20pct",
        ),
        pytest.param(
            (*FIVE, _e(2, EntryKind.ITEM, "SKU-9", 1)),
            Threshold(ThresholdKind.PERCENT, 50),
            True,
            id="unexpected-sku",
        ),
    ],
)
def test_close_decides_recount(
    entries: tuple[CountEntry, ...], threshold: Threshold, recount: bool
) -> None:
    result = step(CountState(COUNTING, entries), CommandScan(CountCommand.DONE), CTX, threshold)
    assert result.state == CountState()
    assert result.entry is not None and result.entry.kind is EntryKind.DONE
    assert result.closed is not None
    if recount:
        assert result.closed.status is TaskStatus.SUPERSEDED
        assert result.recount == CountTask(
            "recount-1",
            "plan",
            "A-01",
            round=2,
            excluded=frozenset({"S1"}),
            snapshot=(("SKU-1", 5),),
        )
    else:
        assert (result.closed.status, result.recount) == (TaskStatus.COUNTED, None)
        assert result.closed.finished_at == NOW


def test_a_recount_never_triggers_another_recount_by_itself() -> None:
    second = replace(COUNTING, round=2, counter="S2")
    result = step(
        CountState(second), CommandScan(CountCommand.EMPTY), replace(CTX, operator=BOB), Threshold()
    )
    assert result.recount is None
    assert result.closed is not None and result.closed.status is TaskStatus.COUNTED


def test_entries_number_on_and_tally_follows_them() -> None:
    state = CountState(COUNTING)
    for event in (
        ItemScan("SKU-1"),
        QuantityKeyed(3),
        ItemScan("SKU-2", 2),
        UnknownScan("X"),
        ItemScan("SKU-1"),
        CommandScan(CountCommand.UNDO),
    ):
        result = step(state, event, CTX, Threshold())
        state = result.state
    assert [e.seq for e in state.entries] == [1, 2, 3, 4, 5, 6]
    current = tally(state.entries)
    assert (current.counted, current.pending_qty, current.unknown) == (
        {"SKU-1": 1, "SKU-2": 6},
        None,
        ("X",),
    )
