"""Per-shop figures, per local day, one definition each; and the warehouse's day.

The on-time rate follows the shops' rule (订单按时完成率): an order paid before the
cut-off time on a working day is due that day; one paid after it, or on a day off, is due
the next working day. Cut-off and working days come from `[reports]` in config.toml.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from wms_tui.core.orders.hold_reasons import hold_kinds
from wms_tui.core.reports.records import (
    Adjustment,
    AuditSeen,
    InspectionRun,
    ManifestHanded,
    OrderDates,
    ShortDone,
)
from wms_tui.core.reports.scans import HOURS, day_of
from wms_tui.core.reports.workers import rate

CONFIRMED = "order_confirm"
HELD_AT_DESK = "order_hold"
NOT_DUE = ("cancelled",)
LONGEST_WAIT = timedelta(days=14)  # the longest an order can wait for its due day


@dataclass(frozen=True)
class Rules:
    """When an order is due: the cut-off time and the working days (1 Monday .. 7 Sunday)."""

    cutoff: time = time(16, 0)
    working_days: frozenset[int] = frozenset(range(1, 8))


def due_day(paid_at: datetime, rules: Rules, tz: tzinfo) -> date:
    """Paid before the cut-off on a working day: that day; otherwise the next working day."""
    local = paid_at.astimezone(tz)
    day = local.date()
    if local.time() >= rules.cutoff:
        day += timedelta(days=1)
    for _n in range(7):
        if day.isoweekday() in rules.working_days:
            return day
        day += timedelta(days=1)
    return day  # no working day at all: every day is as good as the next


def paid_since(first: date, rules: Rules, tz: tzinfo) -> datetime:
    """The earliest payment that can be due on `first` or later: the cut-off of the last
    working day before it (paid earlier, an order was due that day or before). So a day's
    report reads the orders of a day or two, not of a fortnight."""
    day = first - timedelta(days=1)
    for _n in range(7):
        if day.isoweekday() in rules.working_days:
            return datetime.combine(day, rules.cutoff, tz)
        day -= timedelta(days=1)
    return datetime.combine(first, time.min, tz) - LONGEST_WAIT


@dataclass(frozen=True)
class ShopDay:
    """A shop's day.

    - imported: orders imported that day (or typed in as manual orders);
    - confirmed: orders confirmed at the order desk (审单);
    - shipped: orders verified (inspection passed), the ship date;
    - handed_over: parcels on manifests closed that day (handed to the courier);
    - due / on_time / on_time_rate: orders due that day (Rules; cancelled ones are not
      due), those shipped by the end of it, and their share;
    - inspected / passed_first / pass_rate: orders whose inspection attempt ended that day,
      those whose first attempt passed, and their share (订单合格率);
    - held: orders held that day, at inspection, by a short pick or at the desk."""

    day: date
    shop: str
    imported: int
    confirmed: int
    shipped: int
    handed_over: int
    due: int
    on_time: int
    on_time_rate: float | None
    inspected: int
    passed_first: int
    pass_rate: float | None
    held: int


@dataclass(frozen=True)
class HeldWhy:
    """How many orders were held that day for one kind of reason (hold_kinds)."""

    day: date
    kind: str
    orders: int


@dataclass(frozen=True)
class AdjustmentDay:
    """Stock adjustments approved after counts that day: units found and lost, and their
    value where SKUs carry a unit price (cents, found less lost)."""

    day: date
    found: int
    lost: int
    value_cents: int


class _Tally:
    """Orders counted once per figure (a set of numbers), or counted already (parcels)."""

    def __init__(self) -> None:
        self.sets: dict[str, set[str]] = defaultdict(set)
        self.counted: dict[str, int] = defaultdict(int)

    def add(self, figure: str, order_no: str) -> None:
        self.sets[figure].add(order_no)

    def n(self, figure: str) -> int:
        return len(self.sets.get(figure, ())) + self.counted.get(figure, 0)


def shop_days(
    days: Iterable[date],
    orders: Iterable[OrderDates],
    runs: Iterable[InspectionRun],
    audits: Iterable[AuditSeen],
    shorts: Iterable[ShortDone],
    handed: Iterable[ManifestHanded],
    rules: Rules,
    tz: tzinfo,
) -> list[ShopDay]:
    wanted = set(days)
    tallies: dict[tuple[date, str], _Tally] = defaultdict(_Tally)

    def add(at: datetime | date | None, shop: str, figure: str, order_no: str) -> None:
        if at is None:
            return
        day = at if not isinstance(at, datetime) else day_of(at, tz)
        if day in wanted:
            tallies[(day, shop)].add(figure, order_no)

    # The two loops below see a month's hundred thousand orders and attempts: each day
    # is found once per record, not once per figure.
    for order in orders:
        shop, order_no = order.shop, order.order_no
        if order.imported_at is not None:
            add(day_of(order.imported_at, tz), shop, "imported", order_no)
        shipped = None if order.verified_at is None else day_of(order.verified_at, tz)
        if shipped is not None:
            add(shipped, shop, "shipped", order_no)
        if order.paid_at is not None and order.status not in NOT_DUE:
            due = due_day(order.paid_at, rules, tz)
            add(due, shop, "due", order_no)
            if shipped is not None and shipped <= due:
                add(due, shop, "on_time", order_no)
    for run in runs:
        ended = day_of(run.ended_at, tz)
        add(ended, run.shop, "inspected", run.order_no)
        if run.result == "passed" and run.earlier_attempts == 0:
            add(ended, run.shop, "passed_first", run.order_no)
        if run.result == "on_hold":
            add(ended, run.shop, "held", run.order_no)
    for line in audits:
        if line.action in (CONFIRMED, HELD_AT_DESK):
            add(
                line.at,
                line.shop,
                "confirmed" if line.action == CONFIRMED else "held",
                line.subject,
            )
    for short in shorts:
        add(short.at, short.shop, "held", short.order_no)
    for manifest in handed:
        day = day_of(manifest.closed_at, tz)
        if day in wanted:
            tallies[(day, manifest.shop)].counted["handed_over"] += manifest.parcels
    return [
        ShopDay(
            day,
            shop,
            t.n("imported"),
            t.n("confirmed"),
            t.n("shipped"),
            t.n("handed_over"),
            t.n("due"),
            t.n("on_time"),
            rate(t.n("on_time"), t.n("due")),
            t.n("inspected"),
            t.n("passed_first"),
            rate(t.n("passed_first"), t.n("inspected")),
            t.n("held"),
        )
        for (day, shop), t in sorted(tallies.items())
    ]


def held_why(
    days: Iterable[date],
    runs: Iterable[InspectionRun],
    audits: Iterable[AuditSeen],
    shorts: Iterable[ShortDone],
    tz: tzinfo,
) -> list[HeldWhy]:
    """Orders held per day and kind of reason; an order held twice for one kind counts once."""
    wanted = set(days)
    seen: dict[tuple[date, str], set[str]] = defaultdict(set)
    for run in runs:
        if run.result == "on_hold":
            for kind in hold_kinds(run.note):
                seen[(day_of(run.ended_at, tz), kind)].add(run.order_no)
    for line in audits:
        if line.action == HELD_AT_DESK:
            seen[(day_of(line.at, tz), "desk")].add(line.subject)
    for short in shorts:
        seen[(day_of(short.at, tz), "short_pick")].add(short.order_no)
    return [
        HeldWhy(day, kind, len(orders))
        for (day, kind), orders in sorted(seen.items(), key=lambda kv: (kv[0][0], -len(kv[1])))
        if day in wanted
    ]


def adjustment_days(adjustments: Iterable[Adjustment], tz: tzinfo) -> list[AdjustmentDay]:
    by_day: dict[date, list[Adjustment]] = defaultdict(list)
    for adjustment in adjustments:
        by_day[day_of(adjustment.at, tz)].append(adjustment)
    return [
        AdjustmentDay(
            day,
            sum(a.qty for a in group if a.qty > 0),
            -sum(a.qty for a in group if a.qty < 0),
            sum(a.value_cents for a in group),
        )
        for day, group in sorted(by_day.items())
    ]


def shipped_per_hour(day: date, orders: Iterable[OrderDates], tz: tzinfo) -> tuple[int, ...]:
    """Orders verified (shipped) in each local hour of `day`: the dashboard's bars."""
    bars = [0] * HOURS
    for order in orders:
        if order.verified_at is not None:
            local = order.verified_at.astimezone(tz)
            if local.date() == day:
                bars[local.hour] += 1
    return tuple(bars)
