"""What a short pick decides: which orders the found units go to, which go on hold and
which allocations the missing units are booked against (guided picking and paper alike).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from wms_tui.core.errors import OverPick
from wms_tui.core.picking.errors import short_qty_error
from wms_tui.core.picking.progress import Stop
from wms_tui.core.picking.records import Wave


@dataclass(frozen=True)
class Effect:
    allocation: int
    qty: int


def fill(lines: list[tuple[int, int]], qty: int) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    for index, open_qty in lines:
        if qty == 0:
            break
        take = min(open_qty, qty)
        if take:
            effects.append(Effect(index, take))
            qty -= take
    return tuple(effects)


def share_found(
    stop: Stop, found: int, dropped_before: Collection[str] = ()
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Found units go to whole orders, in rank order (priority, then oldest paid): an order
    they can complete keeps its lines here; the others go on hold, so half an order is never
    picked while a whole one waits. Returns the kept lines and the others, as (allocation,
    open), the others last-ranked first: that is where a shortfall is booked first. Orders in
    `dropped_before` (held at an earlier stop of the same list) keep nothing here."""
    orders: dict[str, list[tuple[int, int]]] = {}
    for line in stop.lines:
        if line.open > 0:
            orders.setdefault(line.allocation.order_no, []).append(
                (line.allocation.index, line.open)
            )
    kept: list[tuple[int, int]] = []
    dropped: list[tuple[int, int]] = []
    left = found
    for order_no, lines in orders.items():
        need = sum(qty for _index, qty in lines)
        if order_no not in dropped_before and need <= left:
            kept += lines
            left -= need
        else:
            dropped += lines
    return kept, dropped[::-1]


def paper_effects(
    wave: Wave, all_stops: Iterable[Stop], found: Mapping[tuple[str, str], int]
) -> tuple[tuple[Effect, ...], tuple[Effect, ...]]:
    """Paper picking: every open stop picked in full except those in `found` ((location,
    sku) -> units actually taken), whose rest is short."""
    picks: list[Effect] = []
    shorts: list[Effect] = []
    held: set[str] = set()
    for stop in all_stops:
        if stop.open == 0:
            continue
        taken = found.get((stop.location, stop.sku_code), stop.open)
        if taken > stop.open:
            raise OverPick(sku=stop.sku_code, expected=stop.open, scanned=taken)
        if taken < 0:
            raise short_qty_error(taken, stop.open - 1)
        kept, dropped = share_found(stop, taken, held)
        picks += fill(kept, taken)
        # What no kept order takes was carried to the station all the same: it is booked
        # into the packing area against the held orders, first-ranked first, and only the
        # units not found leave the bin as short.
        extra = fill(dropped[::-1], taken - sum(qty for _index, qty in kept))
        picks += extra
        used = {e.allocation: e.qty for e in extra}
        rest = [(index, qty - used.get(index, 0)) for index, qty in dropped]
        got_short = fill(rest, stop.open - taken)
        shorts += got_short
        held |= {wave.allocations[e.allocation].order_no for e in got_short}
    return tuple(picks), tuple(shorts)
