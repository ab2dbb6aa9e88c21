from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.picking.errors import WaveNotCancellable
from wms_tui.core.picking.progress import check_cancellable, finished_orders, next_stop, stops
from wms_tui.core.picking.records import (
    BinStock,
    PickRecord,
    Wave,
    WaveKind,
    WaveStatus,
    is_wave_code,
    parse_slot_code,
    slot_code,
)
from wms_tui.core.picking.waves import (
    GroupBy,
    WaveLimits,
    WavePlan,
    build_waves,
    format_wave_no,
    walk_key,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _order(
    no: str,
    *lines: tuple[str, int],
    hours: int = 0,
    priority: int = 0,
    courier: str = "SF",
    shop: str = "A",
) -> Order:
    return Order(
        no,
        "taobao",
        shop,
        OrderStatus.CONFIRMED,
        [OrderLine(i, sku, qty) for i, (sku, qty) in enumerate(lines, start=1)],
        courier=courier,
        paid_at=T0 + timedelta(hours=hours),
        priority=priority,
    )


def _bin(sku: str, loc: str, qty: int, walk: int = 0, days: int | None = 0) -> BinStock:
    return BinStock(sku, loc, walk, qty, None if days is None else T0 + timedelta(days=days))


def _plan(orders: list[Order], stock: list[BinStock], limits: WaveLimits | None = None) -> WavePlan:
    counter = iter(range(1, 10_000))
    return build_waves(
        orders,
        stock,
        limits or WaveLimits(),
        wave_no=lambda: format_wave_no(date(2026, 11, 23), next(counter)),
    )


@pytest.mark.parametrize(
    ("stock", "qty", "expected"),
    [
        pytest.param(
            [_bin("S", "A", 5, days=2), _bin("S", "B", 5, days=1)],
            3,
            [("B", 3)],
            id="one-stop-prefers-oldest",
        ),
        pytest.param(
            [_bin("S", "A", 2, days=1), _bin("S", "B", 10, days=2)],
            5,
            [("B", 5)],
            id="fewest-stops-beats-oldest",
        ),
        pytest.param(
            [_bin("S", "A", 3, days=1), _bin("S", "B", 3, days=2), _bin("S", "C", 4, days=3)],
            6,
            [("A", 3), ("B", 3)],
            id="two-stops-oldest-pair",
        ),
        pytest.param(
            [_bin("S", "A", 1, days=1), _bin("S", "B", 4, days=2), _bin("S", "C", 4, days=3)],
            7,
            [("B", 4), ("C", 3)],
            id="skips-oldest-when-it-costs-a-stop",
        ),
        pytest.param(
            [_bin("S", "A", 5, days=None), _bin("S", "B", 5, days=9)],
            2,
            [("B", 2)],
            id="unknown-receipt-date-is-youngest",
        ),
        pytest.param(
            [_bin("S", "A", 5, walk=9, days=1), _bin("S", "B", 5, walk=1, days=1)],
            2,
            [("B", 2)],
            id="same-age-nearest-walk",
        ),
    ],
)
def test_allocation_fewest_stops_then_oldest(
    stock: list[BinStock], qty: int, expected: list[tuple[str, int]]
) -> None:
    plan = _plan([_order("T1", ("S", qty))], stock)
    assert plan.not_allocated == ()
    (wave,) = plan.waves
    assert [(a.location, a.qty) for a in wave.allocations] == expected


def test_orders_that_cannot_be_covered_stay_confirmed_with_the_reason() -> None:
    orders = [_order("T1", ("S", 4), hours=1), _order("T2", ("S", 3), ("X", 1), hours=2)]
    plan = _plan(orders, [_bin("S", "A", 6), _bin("X", "B", 1)])
    assert [w.orders for w in plan.waves] == [("T1",)]
    (missing,) = plan.not_allocated
    assert missing.order_no == "T2"
    assert [(s.sku_code, s.wanted, s.available, s.missing) for s in missing.shortages] == [
        ("S", 3, 2, 1)
    ]
    assert "S" in missing.shortages[0].message()


def test_priority_then_oldest_paid_get_the_stock_first() -> None:
    orders = [
        _order("OLD", ("S", 1), hours=1),
        _order("NEW", ("S", 1), hours=5),
        _order("VIP", ("S", 1), hours=9, priority=1),
    ]
    plan = _plan(orders, [_bin("S", "A", 2)])
    assert plan.waves[0].orders == ("VIP", "OLD")
    assert [n.order_no for n in plan.not_allocated] == ["NEW"]


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        pytest.param(WaveLimits(), [("T1", "T2", "T3", "T4")], id="one-wave"),
        pytest.param(WaveLimits(max_orders=3), [("T1", "T2", "T3"), ("T4",)], id="max-orders"),
        pytest.param(WaveLimits(max_items=4), [("T1", "T2"), ("T3", "T4")], id="max-items"),
        pytest.param(
            WaveLimits(group_by=GroupBy.COURIER), [("T1", "T3"), ("T2", "T4")], id="by-courier"
        ),
        pytest.param(WaveLimits(group_by=GroupBy.SHOP), [("T1", "T2", "T4"), ("T3",)], id="shop"),
    ],
)
def test_multi_item_waves_respect_limits(
    limits: WaveLimits, expected: list[tuple[str, ...]]
) -> None:
    orders = [
        _order("T1", ("S", 1), ("X", 1), hours=1, courier="SF"),
        _order("T2", ("S", 1), ("X", 1), hours=2, courier="YTO"),
        _order("T3", ("S", 1), ("X", 1), hours=3, courier="SF", shop="B"),
        _order("T4", ("S", 1), ("X", 1), hours=4, courier="YTO"),
    ]
    plan = _plan(orders, [_bin("S", "A", 10), _bin("X", "B", 10)], limits)
    assert [w.orders for w in plan.waves] == expected
    for wave in plan.waves:
        assert wave.kind is WaveKind.MULTI
        assert {a.slot for a in wave.allocations} == set(range(1, len(wave.orders) + 1))


def test_single_item_orders_are_grouped_by_sku_without_slots() -> None:
    orders = [
        _order("A1", ("A", 1), hours=1),
        _order("B1", ("B", 1), hours=2),
        _order("A2", ("A", 2), hours=3),
        _order("M1", ("A", 1), ("B", 1), hours=0),
    ]
    plan = _plan(orders, [_bin("A", "L1", 10), _bin("B", "L2", 10)])
    kinds = {w.kind: w for w in plan.waves}
    assert kinds[WaveKind.SINGLE].orders == ("A1", "A2", "B1")
    assert {a.slot for a in kinds[WaveKind.SINGLE].allocations} == {0}
    assert kinds[WaveKind.MULTI].orders == ("M1",)
    only_single = _plan(
        orders, [_bin("A", "L1", 10)], WaveLimits(kinds=frozenset({WaveKind.SINGLE}))
    )
    assert [w.orders for w in only_single.waves] == [("A1", "A2")]


def test_orders_not_confirmed_are_ignored_and_big_orders_get_their_own_wave() -> None:
    held = _order("H", ("S", 1))
    held.status = OrderStatus.ON_HOLD
    big = _order("BIG", ("S", 5), ("X", 5), hours=1)
    small = _order("SM", ("S", 1), ("X", 1), hours=2)
    plan = _plan(
        [held, big, small], [_bin("S", "A", 10), _bin("X", "B", 10)], WaveLimits(max_items=4)
    )
    assert [w.orders for w in plan.waves] == [("BIG",), ("SM",)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [("B-01", 2), ("A-01", 2), ("C-01", 1)],
            ["C-01", "A-01", "B-01"],
            id="walk-order-first",
        ),
        pytest.param([("B-01", 0), ("A-10", 0), ("A-02", 0)], ["A-02", "A-10", "B-01"], id="code"),
        pytest.param([("Z", 1), ("A", 3)], ["Z", "A"], id="walk-beats-code"),
    ],
)
def test_stops_sorted_by_walk_order_then_code(
    rows: list[tuple[str, int]], expected: list[str]
) -> None:
    assert [loc for loc, walk in sorted(rows, key=lambda r: walk_key(r[0], r[1]))] == expected
    orders = [_order(f"T{i}", (f"S{i}", 1), ("Q", 1)) for i in range(len(rows))]
    stock = [_bin(f"S{i}", loc, 1, walk=walk) for i, (loc, walk) in enumerate(rows)]
    plan = _plan(orders, [*stock, _bin("Q", "ZZZ", 9, walk=99)])
    walked = [s.location for s in stops(plan.waves[0])]
    assert walked == [*expected, "ZZZ"]


def _wave() -> Wave:
    plan = _plan(
        [_order("T1", ("S", 2), ("X", 1), hours=1), _order("T2", ("S", 1), ("X", 1), hours=2)],
        [_bin("S", "A", 9, walk=1), _bin("X", "B", 9, walk=2)],
    )
    return plan.waves[0]


def test_progress_is_derived_from_picks_shorts_and_held_orders() -> None:
    wave = _wave()
    first, second = stops(wave)
    assert (second.location, second.open) == ("B", 2)
    assert (first.location, first.qty, first.open) == ("A", 3, 3)
    picked = {0: 2}  # T1's two S
    short = {2: 1}  # T2's S
    a, b = stops(wave, picked, short, inactive_orders={"T2"})
    assert (a.open, a.picked, b.open) == (0, 2, 1)
    assert next_stop((a, b)) is b
    assert finished_orders((a, b)) == set()
    done = stops(wave, {0: 2, 1: 1}, short, {"T2"})
    assert finished_orders(done) == {"T1"}
    assert next_stop(done) is None


@pytest.mark.parametrize(
    ("status", "picks", "ok"),
    [
        pytest.param(WaveStatus.RELEASED, [], True, id="released"),
        pytest.param(WaveStatus.PICKING, [], False, id="picking"),
        pytest.param(
            WaveStatus.RELEASED, [PickRecord("W", 0, 1, "m", "op", "S1")], False, id="picked-one"
        ),
        pytest.param(WaveStatus.CANCELLED, [], False, id="cancelled"),
    ],
)
def test_cancel_only_before_picking(status: WaveStatus, picks: list[PickRecord], ok: bool) -> None:
    from dataclasses import replace

    wave = replace(_wave(), status=status)
    if ok:
        check_cancellable(wave, picks, [])
    else:
        with pytest.raises(WaveNotCancellable):
            check_cancellable(wave, picks, [])


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        pytest.param("SLOT-07", 7, id="two-digits"),
        pytest.param("slot-120", 120, id="lower-three"),
        pytest.param("SLOT-00", None, id="zero"),
        pytest.param("SLOT-1234", None, id="too-long"),
        pytest.param("SLOT-１２", None, id="fullwidth"),
        pytest.param("S07", None, id="short-form"),
        pytest.param("A-01-1", None, id="location"),
    ],
)
def test_slot_codes(text: str, slot: int | None) -> None:
    assert parse_slot_code(text) == slot
    if slot is not None:
        assert parse_slot_code(slot_code(slot)) == slot


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        pytest.param("W261123-007", True, id="wave"),
        pytest.param("W261123-1234", True, id="four-digit-seq"),
        pytest.param("W26112-007", False, id="short-date"),
        pytest.param("X261123-007", False, id="prefix"),
        pytest.param("W261123-", False, id="no-seq"),
        pytest.param("W２61123-007", False, id="fullwidth"),
    ],
)
def test_wave_codes(text: str, ok: bool) -> None:
    assert is_wave_code(text) is ok
    assert is_wave_code(format_wave_no(date(2026, 11, 23), 7))


def test_priority_orders_of_every_sku_come_first_in_single_item_waves() -> None:
    """A's SKU group once went out whole before B's priority order: with three orders a wave,
    PB waited for the last wave. Priority first across SKU groups, then oldest paid."""
    orders = [
        _order("PA", ("A", 1), hours=1, priority=1),
        _order("NA1", ("A", 1), hours=0),
        _order("NA2", ("A", 1), hours=2),
        _order("NA3", ("A", 1), hours=3),
        _order("NB1", ("B", 1), hours=4),
        _order("PB", ("B", 1), hours=5, priority=1),
    ]
    stock = [_bin("A", "A-01", 10), _bin("B", "B-01", 10, walk=1)]
    plan = _plan(orders, stock, WaveLimits(max_orders=3))
    assert [w.orders for w in plan.waves] == [
        ("PA", "PB", "NA1"),  # both priority orders, then the oldest-paid SKU group
        ("NA2", "NA3", "NB1"),
    ]
    assert [w.priority for w in plan.waves] == [1, 0]


def test_single_item_waves_keep_to_one_courier_when_asked() -> None:
    """Single-item orders grouped by SKU and, when asked, by courier too: each wave is one
    courier's parcels, ready for its handover."""
    orders = [
        _order("U1", ("S", 1), hours=1, courier="SF"),
        _order("U2", ("S", 1), hours=2, courier="YTO"),
        _order("U3", ("S", 1), hours=3, courier="SF"),
    ]
    plan = _plan(orders, [_bin("S", "A", 9)], WaveLimits(group_by=GroupBy.COURIER))
    assert sorted(w.orders for w in plan.waves) == [("U1", "U3"), ("U2",)]
    assert {w.kind for w in plan.waves} == {WaveKind.SINGLE}


def test_orders_without_a_payment_time_come_after_the_paid_ones() -> None:
    paid = _order("PAID", ("S", 1), hours=9)
    unpaid = replace(_order("UNPAID", ("S", 1), hours=0), paid_at=None)
    plan = _plan([unpaid, paid], [_bin("S", "A", 1)])
    assert plan.waves[0].orders == ("PAID",)
    assert [n.order_no for n in plan.not_allocated] == ["UNPAID"]
