"""Put-away (上架), the one way every workflow shelves: scan the item, take it to the bin
suggested or any other, scan the bin.

Where the units wait is the workflow's (`PutAwayFrom`): received goods in the receiving
area, returned goods fit to sell in the returns area (less the unidentified ones, kept
there until matched). Each scan of the item adds its units (a pack its multiple) to what
the person carries, never more than waits; carrying all takes what waits at once. The carry
is a row per station, so a crash between the item and the bin loses nothing. Another SKU,
or units from another area, start a new carry: one SKU goes to one bin at a time.

The suggestion is the bin the SKU already lives in (first by walk order, never a frozen
one), else the first empty bin by walk order. The person scans the bin they really use;
the ledger refuses a frozen one (E305) as it refuses every move into one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import WmsError
from wms_tui.core.model import Location, LocationKind, Sku
from wms_tui.core.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Carry:
    """What a person carries to put away: units of one SKU from one area, until the bin is
    scanned."""

    station_id: str
    sku_code: str
    qty: int
    suggested: str  # the bin the station suggested; "" when it knows none
    area: str  # where the units wait: the receiving area, the returns area


class PutAwayFrom(Protocol):
    """Where units wait to be put away, and what shelving some of them books."""

    @property
    def area(self) -> str: ...

    def waiting(self, uow: UnitOfWork, station_id: str, sku_code: str) -> int:
        """Units of the SKU that wait here to be put away by this station."""
        ...

    def take(
        self, uow: UnitOfWork, station_id: str, carried: Carry, bin_code: str,
        new_id: Callable[[], str],
    ) -> list[object]:  # fmt: skip
        """The effects that move what is carried into `bin_code` (and mark what the
        workflow keeps of it); the ledger then refuses a frozen bin or a shortfall."""
        ...


# --- errors: codes from receiving's range, where put-away was first; never reuse one ----
class NothingWaiting(WmsError):
    code = "E891"
    msgid = "putaway.error.nothing_waiting"


class CarryNothing(WmsError):
    code = "E892"
    msgid = "putaway.error.carry_nothing"


class NotABin(WmsError):
    code = "E893"
    msgid = "putaway.error.not_a_bin"
    translated_params: ClassVar[dict[str, str]] = {"kind": "location.kind."}


def suggest(uow: UnitOfWork, sku_codes: list[str]) -> dict[str, str]:
    """A bin for each SKU; an SKU is left out only when no bin holds it and none is empty.
    One read, whatever the number of SKUs."""
    if not sku_codes:
        return {}
    homes, empty = uow.locations.shelves(sku_codes)
    if empty is not None:
        for sku in sku_codes:
            homes.setdefault(sku, empty)
    return homes


def carried(uow: UnitOfWork, station_id: str, area: str) -> Carry | None:
    """What this station carries from `area`; a carry from another area (the other desk's,
    at a station that both receives and takes returns) is not."""
    held = uow.locations.carried(station_id)
    return held if held is not None and held.area == area else None


def carry(
    uow: UnitOfWork, station_id: str, source: PutAwayFrom, sku: Sku, qty: int | None
) -> Carry:
    """`qty` more units of `sku` carried (None: all that waits); what is carried now."""
    waiting = source.waiting(uow, station_id, sku.code)
    if waiting <= 0:
        raise NothingWaiting(sku=sku.code, area=source.area)
    before = carried(uow, station_id, source.area)
    same = before is not None and before.sku_code == sku.code
    held = before.qty if before is not None and same else 0
    total = waiting if qty is None else min(held + qty, waiting)
    if before is not None and same:
        suggested = before.suggested
    else:
        suggested = suggest(uow, [sku.code]).get(sku.code, "")
    now = Carry(station_id, sku.code, total, suggested, source.area)
    uow.locations.set_carried(station_id, now)
    return now


def put_away(
    uow: UnitOfWork, clock: Clock, source: PutAwayFrom, location: Location, actor: Actor,
    new_id: Callable[[], str],
) -> Carry:  # fmt: skip
    """What is carried goes into `location`. Another person may have shelved some of the
    units since: what goes is at most what still waits, and nothing left is said so (the
    carry is put down)."""
    held = carried(uow, actor.station_id, source.area)
    if held is None:
        raise CarryNothing(bin=location.code)
    if location.kind is not LocationKind.BIN:
        raise NotABin(location=location.code, kind=location.kind.value)
    waiting = source.waiting(uow, actor.station_id, held.sku_code)
    if waiting <= 0:
        uow.locations.set_carried(actor.station_id, None)
        raise NothingWaiting(sku=held.sku_code, area=source.area)
    held = replace(held, qty=min(held.qty, waiting))
    effects = source.take(uow, actor.station_id, held, location.code, new_id)
    detail = f"{held.sku_code} x{held.qty} from {source.area} (suggested {held.suggested or '-'})"
    effects.append(Audit("put_away", location.code, detail))
    apply_effects(uow, clock, effects, actor)
    uow.locations.set_carried(actor.station_id, None)
    return held
