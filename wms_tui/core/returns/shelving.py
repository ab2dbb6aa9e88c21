"""Put-away (上架) of returned units fit to sell: from the returns area to a bin.

After a return closes, its resaleable units wait in the returns area (an unidentified
return's stay there until a supervisor matches it to its order or scraps it). The clerk takes them
to the shelf and scans the bin: every waiting unit of one SKU goes there (the SKU that
already lives in that bin, else the one waiting longest, whose home it becomes). The desk
suggests, per SKU, where it goes (core/shelving.py: the bin it lives in, else an empty one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.model import Location, LocationKind
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.returns.records import Condition, NotABin, NothingToPutAway, ReturnUnit
from wms_tui.core.returns.rules import Places, put_away_effects, sku_to_shelve
from wms_tui.core.shelving import suggest


@dataclass(frozen=True)
class Waiting:
    """Units of one SKU waiting in the returns area, and where they belong."""

    sku_code: str
    qty: int
    home: str = ""  # the bin suggested (its home, else an empty one); "" when none is


SHOWN = 3  # SKUs waiting that the screen names, each with its home (a line at 80 columns)


def waiting(uow: UnitOfWork, station_id: str) -> tuple[Waiting, ...]:
    skus = uow.returns.waiting_skus(station_id)[:SHOWN]
    homes = suggest(uow, [sku for sku, _qty in skus])
    return tuple(Waiting(sku, qty, homes.get(sku, "")) for sku, qty in skus)


def just_closed(uow: UnitOfWork, units: Sequence[ReturnUnit]) -> tuple[Waiting, ...]:
    """What a return just closed brings to the shelf: its resaleable units per SKU, with
    their homes. Known from the step itself: closing never reads what else waits, a read
    that grows with every unit nobody has shelved yet."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.condition is Condition.RESALEABLE:
            counts[unit.sku_code] = counts.get(unit.sku_code, 0) + 1
    skus = list(counts)[:SHOWN]
    homes = suggest(uow, skus)
    return tuple(Waiting(sku, counts[sku], homes.get(sku, "")) for sku in skus)


def put_away(
    uow: UnitOfWork, clock: Clock, location: Location, places: Places, actor: Actor,
    new_id: Callable[[], str],
) -> tuple[str, int]:  # fmt: skip
    """Shelves one SKU's waiting units in `location`; (SKU, units). The ledger refuses a
    frozen bin (E305) as it refuses every move into one."""
    if location.kind is not LocationKind.BIN:
        raise NotABin(location=location.code, kind=location.kind.value)
    skus = [sku for sku, _qty in uow.returns.waiting_skus(actor.station_id)]
    if not skus:
        raise NothingToPutAway()
    sku = sku_to_shelve(skus, lambda code: uow.ledger.level(code, location.code) > 0)
    chosen = uow.returns.waiting_put_away(actor.station_id, sku)
    effects: list[object] = put_away_effects(chosen, places, location.code, new_id)
    effects.append(Audit("return_put_away", location.code, f"{sku} x{len(chosen)}"))
    apply_effects(uow, clock, effects, actor)
    by_return: dict[str, list[int]] = {}
    for unit in chosen:
        by_return.setdefault(unit.return_id, []).append(unit.seq)
    for return_id, seqs in by_return.items():
        uow.returns.put_away(return_id, seqs, location.code)
    return sku, len(chosen)
