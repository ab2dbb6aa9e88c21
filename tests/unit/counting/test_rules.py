"""Plans, variance, approval rules, CSV and accuracy: pure functions over plain values."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from wms_tui.core.counting.records import (
    CountEntry,
    CountScope,
    CountTask,
    EmptyPlan,
    EntryKind,
    NothingToApprove,
    PlanCriteria,
    RecountPending,
    SelfApproval,
    TaskStatus,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.counting.reports import (
    VarianceLine,
    location_accuracy,
    neutralise,
    stocktaker_accuracy,
    to_csv,
    variance_csv,
    variance_lines,
)
from wms_tui.core.counting.rules import (
    Adjustment,
    adjustments,
    check_approver,
    final_task,
    needs_recount,
    select_locations,
    tally,
)
from wms_tui.core.errors import NotAllowed, UnknownLocation, WmsError
from wms_tui.core.model import Location, LocationKind, Operator, Role, StockLevel
from wms_tui.i18n import current_language, set_language

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LOCATIONS = [
    Location("B-01", LocationKind.BIN, 3, zone="B"),
    Location("A-02", LocationKind.BIN, 2, zone="A"),
    Location("A-01", LocationKind.BIN, 1, zone="A"),
    Location("@adjustment", LocationKind.VIRTUAL),
]
LEVELS = [
    StockLevel("SKU-1", "A-01", 4),
    StockLevel("SKU-1", "B-01", 0),
    StockLevel("SKU-1", "@adjustment", -4),
    StockLevel("SKU-2", "A-02", 1),
]
LAST = {"A-01": NOW - timedelta(days=3), "A-02": NOW - timedelta(days=40)}


@pytest.mark.parametrize(
    ("criteria", "busy", "expected"),
    [
        pytest.param(
            PlanCriteria(CountScope.LOCATIONS, ("B-01", "A-01")),
            (),
            ["A-01", "B-01"],
            id="chosen-in-walk-order",
        ),
        pytest.param(PlanCriteria(CountScope.ZONE, zone="A"), (), ["A-01", "A-02"], id="zone"),
        pytest.param(
            PlanCriteria(CountScope.SKU, sku_code="SKU-1"),
            (),
            ["A-01"],
            id="sku-holding-locations-not-virtual-not-zero",
        ),
        pytest.param(
            PlanCriteria(CountScope.NOT_COUNTED_SINCE, days=30),
            (),
            ["A-02", "B-01"],
            id="stale-and-never-counted",
        ),
        pytest.param(
            PlanCriteria(CountScope.ZONE, zone="A"), ("A-01",), ["A-02"], id="busy-left-out"
        ),
    ],
)
def test_select_locations(
    criteria: PlanCriteria, busy: tuple[str, ...], expected: list[str]
) -> None:
    assert select_locations(criteria, LOCATIONS, LEVELS, LAST, NOW, busy) == expected


@pytest.mark.parametrize(
    ("criteria", "error"),
    [
        pytest.param(PlanCriteria(CountScope.LOCATIONS, ("Z-99",)), UnknownLocation, id="unknown"),
        pytest.param(
            PlanCriteria(CountScope.LOCATIONS, ("@adjustment",)), UnknownLocation, id="virtual"
        ),
        pytest.param(PlanCriteria(CountScope.ZONE, zone="Q"), EmptyPlan, id="empty-zone"),
        pytest.param(PlanCriteria(CountScope.SKU, sku_code="SKU-9"), EmptyPlan, id="sku-nowhere"),
    ],
)
def test_select_locations_refuses(criteria: PlanCriteria, error: type[WmsError]) -> None:
    with pytest.raises(error):
        select_locations(criteria, LOCATIONS, LEVELS, LAST, NOW)


@pytest.mark.parametrize(
    ("threshold", "system", "counted", "exceeded"),
    [
        pytest.param(Threshold(), 5, 5, False, id="no-variance"),
        pytest.param(Threshold(), 5, 4, True, id="zero-units-any-variance"),
        pytest.param(Threshold(ThresholdKind.UNITS, 2), 5, 3, False, id="units-at-limit"),
        pytest.param(Threshold(ThresholdKind.UNITS, 2), 5, 8, True, id="units-above"),
        pytest.param(Threshold(ThresholdKind.PERCENT, 10), 100, 110, False, id="pct-at-limit"),
        pytest.param(Threshold(ThresholdKind.PERCENT, 10), 100, 89, True, id="pct-above"),
        pytest.param(Threshold(ThresholdKind.PERCENT, 500), 0, 1, True, id="pct-from-zero"),
        pytest.param(Threshold(ThresholdKind.PERCENT, 10), 0, 0, False, id="pct-zero-zero"),
    ],
)
def test_threshold(threshold: Threshold, system: int, counted: int, exceeded: bool) -> None:
    assert threshold.exceeded(system, counted) is exceeded
    assert needs_recount({"S": system}, {"S": counted}, threshold) is exceeded


def _entry(seq: int, kind: EntryKind, sku: str = "", qty: int = 0, text: str = "") -> CountEntry:
    return CountEntry("t", seq, kind, sku_code=sku, qty=qty, text=text)


@pytest.mark.parametrize(
    ("entries", "counted", "pending", "closed"),
    [
        pytest.param([], {}, None, False, id="nothing"),
        pytest.param(
            [_entry(2, EntryKind.ITEM, "A", 1), _entry(1, EntryKind.KEYED, qty=4)],
            {"A": 1},
            None,
            False,
            id="seq-order-not-list-order",
        ),
        pytest.param(
            [_entry(1, EntryKind.ITEM, "A", 2), _entry(2, EntryKind.KEYED, qty=4)],
            {"A": 2},
            4,
            False,
            id="keyed-pending",
        ),
        pytest.param(
            [
                _entry(1, EntryKind.KEYED, qty=4),
                _entry(2, EntryKind.ITEM, "A", 4),
                _entry(3, EntryKind.UNDO),
            ],
            {},
            4,
            False,
            id="undo-item-keeps-keyed",
        ),
        pytest.param(
            [_entry(1, EntryKind.UNDO), _entry(2, EntryKind.ITEM, "A", 1)],
            {"A": 1},
            None,
            False,
            id="undo-of-nothing-ignored",
        ),
        pytest.param(
            [_entry(1, EntryKind.UNKNOWN, text="X"), _entry(2, EntryKind.EMPTY)],
            {},
            None,
            True,
            id="empty-closes",
        ),
    ],
)
def test_tally(
    entries: list[CountEntry], counted: dict[str, int], pending: int | None, closed: bool
) -> None:
    result = tally(entries)
    assert (result.counted, result.pending_qty, result.closed) == (counted, pending, closed)


def test_adjustments_are_exactly_the_variance() -> None:
    assert adjustments({"A": 5, "B": 2, "C": 1}, {"A": 3, "B": 2, "D": 4}) == [
        Adjustment("A", 2, found=False),
        Adjustment("C", 1, found=False),
        Adjustment("D", 4, found=True),
    ]


T1 = CountTask("t1", "p", "A-01", 1, TaskStatus.SUPERSEDED, counter="S1", snapshot=(("X", 5),))
T2 = CountTask("t2", "p", "A-01", 2, TaskStatus.COUNTED, counter="S2", snapshot=(("X", 5),))
SUP = Operator("SV", "Sue", frozenset({Role.SUPERVISOR}))


@pytest.mark.parametrize(
    ("rounds", "expected"),
    [
        pytest.param([replace(T1, status=TaskStatus.COUNTED)], "t1", id="single-count"),
        pytest.param([T2, T1], "t2", id="recount-is-final"),
    ],
)
def test_final_task(rounds: list[CountTask], expected: str) -> None:
    assert final_task(rounds).task_id == expected


@pytest.mark.parametrize(
    ("rounds", "error"),
    [
        pytest.param([], NothingToApprove, id="none"),
        pytest.param([T1, replace(T2, status=TaskStatus.OPEN)], RecountPending, id="recount-open"),
        pytest.param(
            [T1, replace(T2, status=TaskStatus.COUNTING)], RecountPending, id="recount-counting"
        ),
        pytest.param([replace(T1, status=TaskStatus.APPROVED)], NothingToApprove, id="approved"),
    ],
)
def test_final_task_refuses(rounds: list[CountTask], error: type[WmsError]) -> None:
    with pytest.raises(error):
        final_task(rounds)


@pytest.mark.parametrize(
    ("approver", "error"),
    [
        pytest.param(SUP, None, id="supervisor-who-did-not-count"),
        pytest.param(replace(SUP, badge="S2"), SelfApproval, id="counted-final-round"),
        pytest.param(replace(SUP, badge="S1"), SelfApproval, id="counted-first-round"),
        pytest.param(
            Operator("S3", "Sam", frozenset({Role.STOCKTAKER})), NotAllowed, id="not-a-supervisor"
        ),
    ],
)
def test_check_approver(approver: Operator, error: type[WmsError] | None) -> None:
    if error is None:
        check_approver(approver, [T1, T2])
    else:
        with pytest.raises(error):
            check_approver(approver, [T1, T2])


def test_variance_lines_show_every_round_and_value() -> None:
    lines = variance_lines([(T1, {"X": 9}), (T2, {"X": 4, "Y": 1})], {"X": 250, "Y": 100})
    assert [(ln.sku_code, ln.system, ln.counts, ln.variance, ln.value_cents) for ln in lines] == [
        ("X", 5, (9, 4), -1, -250),
        ("Y", 0, (0, 1), 1, 100),
    ]
    assert lines[0].counters == ("S1", "S2")
    assert variance_lines([(replace(T1, status=TaskStatus.OPEN), {})], {}) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("=HYPERLINK(1)", "'=HYPERLINK(1)", id="equals"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-1+2", "'-1+2", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tX", "'\tX", id="tab"),
        pytest.param("A-01", "A-01", id="plain"),
        pytest.param(-3, -3, id="negative-number-stays-a-number"),
    ],
)
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_variance_csv_neutralises_text_and_keeps_numbers() -> None:
    before = current_language()
    set_language("en")
    line = VarianceLine(
        "p",
        "A-01",
        "=cmd|' /C calc'!A0",
        5,
        (3,),
        ("S1",),
        199,
        "approved",
        "approved",
        "lost",
        "SV",
    )
    try:
        rows = list(csv.reader(io.StringIO(variance_csv([line]))))
    finally:
        set_language(before)
    assert rows[0][:3] == ["Plan", "Location", "SKU"]
    assert rows[1] == [
        "p",
        "A-01",
        "'=cmd|' /C calc'!A0",
        "5",
        "3",
        "3",
        "-2",
        "1.99",
        "-3.98",
        "approved",
        "lost",
        "SV",
    ]
    assert to_csv(["h"], [[Decimal("-1.50")]]) == "h\r\n-1.50\r\n"


def test_accuracy_per_location_and_stocktaker() -> None:
    approved = "approved"
    lines = [
        VarianceLine("p", "A-01", "X", 5, (9, 5), ("S1", "S2"), status=approved),
        VarianceLine("p", "A-01", "Y", 2, (2, 2), ("S1", "S2"), status=approved),
        VarianceLine("p", "A-02", "X", 1, (0,), ("S2",), status=approved),
        VarianceLine("p", "A-03", "X", 1, (0,), ("S3",), status="counted"),
    ]
    assert [(a.key, a.lines, a.matching) for a in location_accuracy(lines)] == [
        ("A-01", 2, 2),
        ("A-02", 1, 0),
    ]
    by_person = stocktaker_accuracy(lines)
    assert [(a.key, a.lines, a.matching) for a in by_person] == [("S1", 2, 1), ("S2", 3, 3)]
    assert by_person[0].percent == 50.0
