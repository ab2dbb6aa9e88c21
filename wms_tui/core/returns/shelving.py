"""Put-away (上架) of returned units fit to sell: from the returns area to a bin.

After a return closes, its resaleable units wait in the returns area (an unidentified
return's stay there until a supervisor matches it to its order or scraps it). The clerk
puts them away as received goods are (core/shelving.py): scans the item (or carries all of
the SKU that waits), takes it to the bin suggested or any other, and scans the bin. The
desk shows what waits, per SKU, with the bin suggested (the one it lives in, else an empty
one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wms_tui.core.ports import UnitOfWork
from wms_tui.core.returns.records import Condition, ReturnUnit
from wms_tui.core.returns.rules import Places, put_away_effects
from wms_tui.core.shelving import Carry, suggest


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


@dataclass(frozen=True)
class ReturnedUnits:
    """Put-away from the returns area, through the one put-away (core/shelving.py): what
    waits is this station's returned units fit to sell, not yet shelved, of returns
    matched to their order (an unidentified return's stay in the area)."""

    places: Places

    @property
    def area(self) -> str:
        return self.places.returns_area

    def waiting(self, uow: UnitOfWork, station_id: str, sku_code: str) -> int:
        return len(uow.returns.waiting_put_away(station_id, sku_code))

    def take(
        self, uow: UnitOfWork, station_id: str, carried: Carry, bin_code: str,
        new_id: Callable[[], str],
    ) -> list[object]:  # fmt: skip
        """The units waiting longest go first; each is marked with its bin."""
        chosen = uow.returns.waiting_put_away(station_id, carried.sku_code)[: carried.qty]
        by_return: dict[str, list[int]] = {}
        for unit in chosen:
            by_return.setdefault(unit.return_id, []).append(unit.seq)
        for return_id, seqs in by_return.items():
            uow.returns.put_away(return_id, seqs, bin_code)
        return put_away_effects(chosen, self.places, bin_code, new_id)
