"""Returns rules as tables: which line a unit counts on and every refusal, which orders can
come back, the reasons a condition needs, what closing, matching, scrapping and a reship
do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from wms_tui.core.effects import Audit, Move, SetOrderStatus
from wms_tui.core.errors import WmsError
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_SCRAP,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
)
from wms_tui.core.returns.acts import reship_lines
from wms_tui.core.returns.records import Condition, ReturnRecord, ReturnStatus, ReturnUnit
from wms_tui.core.returns.rules import (
    Places,
    check_condition,
    check_returnable,
    close_effects,
    fully_returned,
    match_units,
    place_unit,
    return_lines,
    scrap_effects,
)

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PLACES = Places("RET-01", "QUA-01")
# Two lines of the same SKU (a kit part and a loose unit) and one of another.
ORDER = Order(
    "R1", "taobao", "店", OrderStatus.HANDED_OVER,
    [OrderLine(1, "TEE", 2), OrderLine(2, "CAP", 1), OrderLine(3, "TEE", 1, kit_code="SET")],
)  # fmt: skip


def unit(seq: int, sku: str, line_no: int, condition: Condition = Condition.RESALEABLE,
         reason: str = "") -> ReturnUnit:  # fmt: skip
    return ReturnUnit("RT1", seq, sku, line_no, "RET-1", AT, condition, reason)


def record(order_no: str = "R1", status: ReturnStatus = ReturnStatus.OPEN) -> ReturnRecord:
    return ReturnRecord("RT1", order_no, "YT1", "RET-A", "RET-1", AT, status)


@pytest.mark.parametrize(
    ("before", "now", "sku", "expected"),
    [
        ({}, [], "TEE", 1),  # the first line of the SKU with room
        ({}, [unit(1, "TEE", 1), unit(2, "TEE", 1)], "TEE", 3),  # line 1 full: the kit part
        ({1: 2}, [], "TEE", 3),  # an earlier return took line 1 back
        ({1: 2, 3: 1}, [], "TEE", "E935"),  # every tee shipped is back: the 4th is refused
        ({1: 1}, [unit(1, "TEE", 1), unit(2, "TEE", 3)], "TEE", "E935"),  # across returns
        ({}, [], "CAP", 2),
        ({2: 1}, [], "CAP", "E935"),
        ({}, [], "MUG", "E934"),  # never in the order
    ],
)
def test_a_unit_counts_on_a_line_with_room_or_is_refused(
    before: dict[int, int], now: list[ReturnUnit], sku: str, expected: int | str
) -> None:
    lines = return_lines(ORDER, before, now)
    if isinstance(expected, int):
        assert place_unit(lines, sku) == expected
        return
    with pytest.raises(WmsError) as refused:
        place_unit(lines, sku, "XL")
    assert refused.value.code == expected
    if expected == "E935":
        shipped = sum(line.qty for line in ORDER.lines if line.sku_code == sku)
        assert refused.value.params == {"sku": sku, "shipped": shipped, "nth": shipped + 1}


@pytest.mark.parametrize(
    ("status", "shipped_archived", "allowed"),
    [
        (OrderStatus.HANDED_OVER, False, True),
        (OrderStatus.RETURNED, False, True),  # a second return adds to the first
        (OrderStatus.ARCHIVED, True, True),  # booked against, never changed
        (OrderStatus.ARCHIVED, False, False),  # archived after a cancel: it never left
        (OrderStatus.VERIFIED, False, False),  # at the dock: interception, not a return
        (OrderStatus.CANCELLED, False, False),
        (OrderStatus.PENDING, False, False),
    ],
)
def test_only_an_order_that_left_can_come_back(
    status: OrderStatus, shipped_archived: bool, allowed: bool
) -> None:
    order = Order("R9", "jd", "店", status, [OrderLine(1, "TEE", 1)])
    if allowed:
        check_returnable(order, shipped_archived)
        return
    with pytest.raises(WmsError) as refused:
        check_returnable(order, shipped_archived)
    assert (refused.value.code, refused.value.params["status"]) == ("E932", status.value)


@pytest.mark.parametrize(
    ("condition", "reason", "ok"),
    [
        (Condition.RESALEABLE, "", True),
        (Condition.DAMAGED, "屏幕碎了", True),
        (Condition.DAMAGED, "  ", False),
        (Condition.WRONG_ITEM, "", False),
        (Condition.MISSING_PARTS, "no charger", True),
    ],
)
def test_every_unit_not_fit_to_sell_says_why(condition: Condition, reason: str, ok: bool) -> None:
    if ok:
        check_condition(condition, reason)
        return
    with pytest.raises(WmsError) as refused:
        check_condition(condition, reason)
    assert refused.value.code == "E938"


def _ids() -> Callable[[], str]:
    counter = iter(range(1, 100))
    return lambda: f"m{next(counter)}"


def test_closing_moves_each_unit_by_its_condition_and_returns_the_order() -> None:
    units = [
        unit(1, "TEE", 1), unit(2, "TEE", 1), unit(3, "TEE", 3, Condition.DAMAGED, "破"),
        unit(4, "CAP", 2, Condition.WRONG_ITEM, "发错颜色"),
    ]  # fmt: skip
    effects = close_effects(record(), units, ORDER, PLACES, _ids())
    assert effects[0] == SetOrderStatus("R1", OrderStatus.RETURNED, "RT1")
    moves = [e for e in effects if isinstance(e, Move)]
    assert [(m.sku_code, m.qty, m.from_location, m.to_location, m.reference) for m in moves] == [
        ("TEE", 2, VIRTUAL_CUSTOMER, "RET-01", "RT1/1"),
        ("TEE", 1, VIRTUAL_CUSTOMER, "QUA-01", "RT1/3"),
        ("CAP", 1, VIRTUAL_CUSTOMER, "QUA-01", "RT1/2"),
    ]
    assert all(m.reason is MoveReason.RETURN for m in moves)
    assert effects[-1] == Audit("return_closed", "RT1", "R1: resaleable 2, damaged 1, wrong_item 1")


@pytest.mark.parametrize(
    ("status", "changes"),
    [(OrderStatus.HANDED_OVER, True), (OrderStatus.RETURNED, False),
     (OrderStatus.ARCHIVED, False)],
)  # fmt: skip
def test_only_a_handed_over_order_changes_status(status: OrderStatus, changes: bool) -> None:
    order = Order("R1", "taobao", "店", status, ORDER.lines)
    effects = close_effects(record(), [unit(1, "TEE", 1)], order, PLACES, _ids())
    assert any(isinstance(e, SetOrderStatus) for e in effects) is changes


def test_fully_returned_is_every_line_back() -> None:
    assert not fully_returned(return_lines(ORDER, {1: 2, 2: 1}, []))
    assert fully_returned(return_lines(ORDER, {1: 2, 2: 1}, [unit(1, "TEE", 3)]))


def test_matching_places_each_unit_as_a_scan_would_or_refuses() -> None:
    units = [unit(1, "TEE", 0), unit(2, "TEE", 0), unit(3, "TEE", 0), unit(4, "CAP", 0)]
    assert match_units(ORDER, {}, units) == [1, 1, 3, 2]
    with pytest.raises(WmsError) as refused:
        match_units(ORDER, {2: 1}, units)
    assert refused.value.code == "E935"


def test_scrapping_takes_each_unit_from_where_closing_put_it() -> None:
    units = [unit(1, "MUG", 0), unit(2, "MUG", 0, Condition.DAMAGED, "碎")]
    effects = scrap_effects(record(""), units, PLACES, _ids())
    moves = [e for e in effects if isinstance(e, Move)]
    assert {(m.from_location, m.to_location, m.qty) for m in moves} == {
        ("RET-01", VIRTUAL_SCRAP, 1), ("QUA-01", VIRTUAL_SCRAP, 1),
    }  # fmt: skip
    assert all(m.reason is MoveReason.SCRAP for m in moves)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [((), [("CAP", 1), ("TEE", 1)]), ((1,), [("TEE", 2)]), ((2,), [("CAP", 1)])],
)
def test_a_reship_sends_the_chosen_lines_or_what_came_back_unfit(
    chosen: tuple[int, ...], expected: list[tuple[str, int]]
) -> None:
    units = [
        unit(1, "TEE", 1), unit(2, "TEE", 1, Condition.DAMAGED, "破"),
        unit(3, "CAP", 2, Condition.MISSING_PARTS, "少帽绳"),
    ]  # fmt: skip
    closed = record(status=ReturnStatus.CLOSED)
    lines = reship_lines(closed, units, chosen)
    assert sorted((line.sku_code, line.qty) for line in lines) == expected


@pytest.mark.parametrize("which", ["open", "unidentified", "nothing_unfit"])
def test_a_reship_needs_a_closed_return_of_an_order_and_something_to_send(which: str) -> None:
    closed = record("" if which == "unidentified" else "R1",
                    ReturnStatus.OPEN if which == "open" else ReturnStatus.CLOSED)  # fmt: skip
    with pytest.raises(WmsError) as refused:
        reship_lines(closed, [unit(1, "TEE", 1)])
    assert refused.value.code == "E946"
