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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol

from wms_tui.core.effects import Actor, Audit, Move, apply_effects
from wms_tui.core.errors import WmsError
from wms_tui.core.model import Location, LocationKind, MoveReason, Sku
from wms_tui.core.ports import Clock, UnitOfWork


@dataclass(frozen=True)
class Carry:
    """What a person carries to put away: units of one SKU from one area, until the bin is
    scanned."""

    station_id: str
    sku_code: str
    qty: int
    suggested: str  # the bin the station suggested; "" when it knows none
    area: str  # where the units wait: the receiving area, the returns area, a tote
    tote: bool = False  # `area` is a tote: any desk's, as the tote is


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


class ToteEmpty(WmsError):
    code = "E853"
    msgid = "putaway.error.tote_empty"


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
    """What this station carries from `area` or from a tote; a carry from another area
    (the other desk's, at a station that both receives and takes returns) is not."""
    held = uow.locations.carried(station_id)
    return held if held is not None and (held.area == area or held.tote) else None


def carry(
    uow: UnitOfWork, station_id: str, source: PutAwayFrom, sku: Sku, qty: int | None
) -> Carry:
    """`qty` more units of `sku` carried (None: all that waits); what is carried now."""
    waiting = source.waiting(uow, station_id, sku.code)
    if waiting <= 0:
        raise NothingWaiting(sku=sku.code, area=source.area)
    before = uow.locations.carried(station_id)  # from this area only: not a tote's
    same = before is not None and before.area == source.area and before.sku_code == sku.code
    held = before.qty if before is not None and same else 0
    total = waiting if qty is None else min(held + qty, waiting)
    if before is not None and same:
        suggested = before.suggested
    else:
        suggested = suggest(uow, [sku.code]).get(sku.code, "")
    now = Carry(station_id, sku.code, total, suggested, source.area)
    uow.locations.set_carried(station_id, now)
    return now


def carry_all(uow: UnitOfWork, station_id: str, source: PutAwayFrom) -> tuple[Carry, Sku]:
    """All that waits of the SKU carried (a tote's SKU is carried whole already), and
    that SKU, which the screen names."""
    held = carried(uow, station_id, source.area)
    sku = uow.skus.get(held.sku_code) if held is not None else None
    if held is None or sku is None:
        raise CarryNothing(bin="")
    return (held if held.tote else carry(uow, station_id, source, sku, None)), sku


def put_away(
    uow: UnitOfWork, clock: Clock, source: PutAwayFrom, location: Location, actor: Actor,
    new_id: Callable[[], str], held: Carry | None = None,
) -> Carry:  # fmt: skip
    """What is carried (`held`, else what the station carries from `source`) goes into
    `location`: a bin, or a tote to take to the shelves later. Another person may have
    shelved some of the units since: what goes is at most what still waits, and nothing
    left is said so (a refused step changes nothing: the carry stays until another item
    is scanned)."""
    held = held if held is not None else carried(uow, actor.station_id, source.area)
    if held is None or held.area != source.area:
        raise CarryNothing(bin=location.code)
    into_tote = location.kind is LocationKind.TOTE and not held.tote
    if location.kind is not LocationKind.BIN and not into_tote:
        raise NotABin(location=location.code, kind=location.kind.value)
    waiting = source.waiting(uow, actor.station_id, held.sku_code)
    if waiting <= 0:
        raise NothingWaiting(sku=held.sku_code, area=source.area)
    held = replace(held, qty=min(held.qty, waiting))
    effects = source.take(uow, actor.station_id, held, location.code, new_id)
    detail = f"{held.sku_code} x{held.qty} from {source.area} (suggested {held.suggested or '-'})"
    effects.append(Audit("put_away", location.code, detail))
    apply_effects(uow, clock, effects, actor)
    uow.locations.set_carried(actor.station_id, None)
    return held


# --- totes: loaded like a bin, then put away SKU by SKU --------------------------------
@dataclass(frozen=True)
class StockAt:
    """Put-away from what the ledger holds at a location: the receiving area, a tote."""

    area: str

    def waiting(self, uow: UnitOfWork, station_id: str, sku_code: str) -> int:
        return uow.ledger.level(sku_code, self.area)

    def take(
        self, uow: UnitOfWork, station_id: str, carried: Carry, bin_code: str,
        new_id: Callable[[], str],
    ) -> list[object]:  # fmt: skip
        return [Move(new_id(), carried.sku_code, carried.qty, self.area, bin_code,
                     MoveReason.PUTAWAY, self.area)]  # fmt: skip


@dataclass(frozen=True)
class Shelved:
    """What a location scanned did: `done` went into `location` (a bin, or a tote being
    loaded); `next` is carried now (the tote's next SKU, or the first of a tote scanned
    to be put away); `left`: SKUs still in that tote."""

    location: Location
    done: Carry | None = None
    next: Carry | None = None
    left: int = 0


def _tote_next(
    uow: UnitOfWork, station_id: str, tote: str, contents: Iterable[tuple[str, int]]
) -> tuple[Carry | None, int]:
    """Carries all of the first SKU by code of what the tote holds (`contents`), its bin
    suggested like any other's; (what is carried, SKUs left in the tote)."""
    left = sorted((sku, qty) for sku, qty in contents if qty > 0)
    if not left:
        uow.locations.set_carried(station_id, None)
        return None, 0
    sku, qty = left[0]
    now = Carry(station_id, sku, qty, suggest(uow, [sku]).get(sku, ""), tote, tote=True)
    uow.locations.set_carried(station_id, now)
    return now, len(left)


def location_scanned(
    uow: UnitOfWork, clock: Clock, source: PutAwayFrom, location: Location, actor: Actor,
    new_id: Callable[[], str],
) -> Shelved:  # fmt: skip
    """A bin or a tote scanned at a desk that puts away from `source`:
    - a tote, carrying from `source`: what is carried goes into the tote;
    - a tote, else: the tote is put away, its first SKU carried (ToteEmpty when empty);
    - a bin, carrying from a tote: the tote's SKU whose bin this is (else the one carried)
      goes there, and the tote's next SKU is carried;
    - a bin, else: what is carried from `source` goes there.
    What is carried and what the tote holds are read once."""
    station = actor.station_id
    held = uow.locations.carried(station)
    if location.kind is LocationKind.TOTE:
        if held is not None and held.area == source.area and not held.tote:
            done = put_away(uow, clock, source, location, actor, new_id, held)
            return Shelved(location, done)
        following, left = _tote_next(uow, station, location.code,
                                     uow.ledger.levels_at(location.code))  # fmt: skip
        if following is None:
            raise ToteEmpty(tote=location.code)
        return Shelved(location, next=following, left=left)
    if held is None or not held.tote:
        return Shelved(location, put_away(uow, clock, source, location, actor, new_id, held))
    tote = StockAt(held.area)
    contents = dict(uow.ledger.levels_at(tote.area))
    if held.suggested != location.code:
        homes = suggest(uow, sorted(contents))
        here = next((sku for sku, home in homes.items() if home == location.code), "")
        if here and here != held.sku_code:
            held = Carry(station, here, contents[here], location.code, tote.area, tote=True)
    done = put_away(uow, clock, tote, location, actor, new_id, held)
    contents[done.sku_code] = contents.get(done.sku_code, 0) - done.qty
    following, left = _tote_next(uow, station, tote.area, contents.items())
    return Shelved(location, done, following, left)


def said(shelved: Shelved) -> tuple[str, dict[str, object]]:
    """The message of a location scanned, and its words' parameters."""
    done, following, where = shelved.done, shelved.next, shelved.location.code
    if done is None:
        assert following is not None  # a tote scanned to be put away, not empty
        msgid = "putaway.from_tote" if following.suggested else "putaway.from_tote_no_bin"
        return msgid, {
            "tote": where, "skus": shelved.left, "sku": following.sku_code,
            "qty": following.qty, "bin": following.suggested,
        }  # fmt: skip
    if shelved.location.kind is LocationKind.TOTE:
        return "putaway.into_tote", {"sku": done.sku_code, "qty": done.qty, "tote": where}
    params: dict[str, object] = {"sku": done.sku_code, "qty": done.qty, "bin": where}
    if following is not None:
        msgid = "putaway.done_next" if following.suggested else "putaway.done_next_no_bin"
        return msgid, params | {
            "next": following.sku_code, "next_qty": following.qty,
            "next_bin": following.suggested,
        }  # fmt: skip
    if done.tote:
        return "putaway.tote_done", params | {"tote": done.area}
    return "putaway.done", params
