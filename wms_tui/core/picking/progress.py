"""A wave's progress, derived from its stored picks and shorts: stops, what each still
wants, which orders are finished, whether the wave may still be cancelled."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from wms_tui.core.picking.errors import WaveNotCancellable
from wms_tui.core.picking.records import (
    Allocation,
    PickRecord,
    ShortRecord,
    Wave,
    WaveStatus,
)
from wms_tui.core.picking.waves import walk_key


@dataclass(frozen=True)
class LineProgress:
    allocation: Allocation
    picked: int = 0
    short: int = 0
    active: bool = True  # False once the order is held or cancelled: nothing more to pick

    @property
    def open(self) -> int:
        return self.allocation.qty - self.picked - self.short if self.active else 0


@dataclass(frozen=True)
class Stop:
    location: str
    walk_order: int
    sku_code: str
    lines: tuple[LineProgress, ...]

    @property
    def open(self) -> int:
        return sum(line.open for line in self.lines)

    @property
    def picked(self) -> int:
        return sum(line.picked for line in self.lines)

    @property
    def qty(self) -> int:
        return sum(line.allocation.qty for line in self.lines)


def tally(records: Iterable[PickRecord] | Iterable[ShortRecord]) -> dict[int, int]:
    """Quantity per allocation index, summed over stored pick or short rows."""
    totals: dict[int, int] = {}
    for r in records:
        totals[r.allocation] = totals.get(r.allocation, 0) + r.qty
    return totals


def stops(
    wave: Wave,
    picked: Mapping[int, int] | None = None,
    short: Mapping[int, int] | None = None,
    inactive_orders: Collection[str] = (),
) -> tuple[Stop, ...]:
    """The wave's stops in walk order, each with what is picked, short and still open."""
    picked = picked or {}
    short = short or {}
    grouped: dict[tuple[int, str, str], list[LineProgress]] = {}
    for a in wave.allocations:
        grouped.setdefault(walk_key(a.location, a.walk_order, a.sku_code), []).append(
            LineProgress(
                a, picked.get(a.index, 0), short.get(a.index, 0), a.order_no not in inactive_orders
            )
        )
    return tuple(
        Stop(key[1], key[0], key[2], tuple(lines)) for key, lines in sorted(grouped.items())
    )


def next_stop(all_stops: Iterable[Stop]) -> Stop | None:
    return next((s for s in all_stops if s.open > 0), None)


def finished_orders(all_stops: Iterable[Stop]) -> set[str]:
    """Orders whose every allocation is picked in full."""
    done: dict[str, bool] = {}
    for stop in all_stops:
        for line in stop.lines:
            order = line.allocation.order_no
            full = line.active and line.picked == line.allocation.qty
            done[order] = done.get(order, True) and full
    return {order for order, ok in done.items() if ok}


def check_cancellable(
    wave: Wave, picks: Collection[PickRecord], shorts: Collection[ShortRecord]
) -> None:
    if wave.status is not WaveStatus.RELEASED or picks or shorts:
        raise WaveNotCancellable(wave=wave.wave_no, status=wave.status.value)
