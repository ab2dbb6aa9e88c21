"""Put-away (上架) of returned units fit to sell: from the returns area to a bin.

After a return closes, its resaleable units wait in the returns area. The clerk takes them
to the shelf and scans the bin: every waiting unit of one SKU goes there (the SKU that
already lives in that bin, else the one waiting longest, whose home it becomes). The desk
suggests, per SKU, the bin it lives in (first by walk order, never a frozen one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.model import Location, LocationKind
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.returns.records import NotABin, NothingToPutAway
from wms_tui.core.returns.rules import Places, put_away_effects, to_shelve


@dataclass(frozen=True)
class Waiting:
    """Units of one SKU waiting in the returns area, and where they belong."""

    sku_code: str
    qty: int
    home: str = ""  # the bin the SKU lives in; "" when it lives in none


def home_of(uow: UnitOfWork, sku_code: str) -> str:
    bins: list[Location] = []
    for level in uow.ledger.levels(sku_code):
        where = uow.locations.get(level.location) if level.on_hand > 0 else None
        if where is not None and where.kind is LocationKind.BIN and not where.frozen:
            bins.append(where)
    return min(bins, key=lambda b: (b.walk_order, b.code)).code if bins else ""


def waiting(uow: UnitOfWork, station_id: str) -> tuple[Waiting, ...]:
    counts: dict[str, int] = {}
    for unit in uow.returns.waiting_put_away(station_id):
        counts[unit.sku_code] = counts.get(unit.sku_code, 0) + 1
    return tuple(Waiting(sku, qty, home_of(uow, sku)) for sku, qty in counts.items())


def put_away(
    uow: UnitOfWork, clock: Clock, location: Location, places: Places, actor: Actor,
    new_id: Callable[[], str],
) -> tuple[str, int]:  # fmt: skip
    """Shelves one SKU's waiting units in `location`; (SKU, units). The ledger refuses a
    frozen bin (E305) as it refuses every move into one."""
    if location.kind is not LocationKind.BIN:
        raise NotABin(location=location.code, kind=location.kind.value)
    units = uow.returns.waiting_put_away(actor.station_id)
    if not units:
        raise NothingToPutAway()
    chosen = to_shelve(units, lambda sku: uow.ledger.level(sku, location.code) > 0)
    effects: list[object] = put_away_effects(chosen, places, location.code, new_id)
    sku = chosen[0].sku_code
    effects.append(Audit("return_put_away", location.code, f"{sku} x{len(chosen)}"))
    apply_effects(uow, clock, effects, actor)
    by_return: dict[str, list[int]] = {}
    for unit in chosen:
        by_return.setdefault(unit.return_id, []).append(unit.seq)
    for return_id, seqs in by_return.items():
        uow.returns.put_away(return_id, seqs, location.code)
    return sku, len(chosen)
