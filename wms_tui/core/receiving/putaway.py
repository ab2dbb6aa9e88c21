"""Put-away (上架) from the receiving area: scan the item, take the bin suggested or any
other, scan the bin.

Each scan of the item adds its units (a pack its multiple) to what the receiver carries,
never more than waits in the receiving area; CMD:ALL carries all of it. The carry is a row
per station, so a crash between the item and the bin loses nothing. Scanning another SKU
starts a new carry: one SKU goes to one bin at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from wms_tui.core.effects import Actor, Audit, Move, apply_effects
from wms_tui.core.model import Location, LocationKind, MoveReason, Sku
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.receiving.records import Carry, CarryNothing, NotABin, NothingWaiting
from wms_tui.core.shelving import suggest


def carry(uow: UnitOfWork, station_id: str, area: str, sku: Sku, qty: int | None) -> Carry:
    """`qty` more units of `sku` carried (None: all that waits); what is carried now."""
    waiting = uow.ledger.level(sku.code, area)
    if waiting <= 0:
        raise NothingWaiting(sku=sku.code, area=area)
    before = uow.receiving.carry(station_id)
    held = before.qty if before is not None and before.sku_code == sku.code else 0
    total = waiting if qty is None else min(held + qty, waiting)
    if before is not None and before.sku_code == sku.code:
        suggested = before.suggested
    else:
        suggested = suggest(uow, [sku.code]).get(sku.code, "")
    now = Carry(station_id, sku.code, total, suggested)
    uow.receiving.set_carry(station_id, now)
    return now


def put_away(
    uow: UnitOfWork, clock: Clock, area: str, location: Location, actor: Actor,
    new_id: Callable[[], str],
) -> Carry:  # fmt: skip
    """What is carried goes into `location`: the move `area → bin`. The ledger refuses a
    frozen bin, and a shortfall if somebody took units meanwhile."""
    held = uow.receiving.carry(actor.station_id)
    if held is None:
        raise CarryNothing(bin=location.code)
    if location.kind is not LocationKind.BIN:
        raise NotABin(location=location.code, kind=location.kind.value)
    # Another receiver may have shelved some of them since: what is carried is at most
    # what still waits, and nothing left is said so (the carry is put down).
    waiting = uow.ledger.level(held.sku_code, area)
    if waiting <= 0:
        uow.receiving.set_carry(actor.station_id, None)
        raise NothingWaiting(sku=held.sku_code, area=area)
    held = replace(held, qty=min(held.qty, waiting))
    move = Move(new_id(), held.sku_code, held.qty, area, location.code, MoveReason.PUTAWAY, area)
    detail = f"{held.sku_code} x{held.qty} (suggested {held.suggested or '-'})"
    apply_effects(uow, clock, [move, Audit("put_away", location.code, detail)], actor)
    uow.receiving.set_carry(actor.station_id, None)
    return held
