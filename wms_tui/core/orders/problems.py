"""Problem goods (异常 / 问题商品): everything in quarantine, where it came from, and what a
supervisor decides for it.

The list is read from the ledger (levels at quarantine locations) and the moves that
brought the units there (who, when, from which order line, and the reason the inspector
gave). Each decision is one ledger move with a reason and an audit line, for a verified
supervisor: back to stock after a second check (into a bin, scanned or typed), scrapped
(`@scrap`), or returned to the vendor (`@supplier`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from wms_tui.core.effects import Actor, Audit, Move, apply_effects
from wms_tui.core.errors import InvalidQuantity, NotAllowed, UnknownLocation, WmsError
from wms_tui.core.model import (
    VIRTUAL_SCRAP,
    VIRTUAL_SUPPLIER,
    LocationKind,
    MoveReason,
    Operator,
    Role,
)
from wms_tui.core.orders.acts import reason_given
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import Scan
from wms_tui.core.stock import new_move_id
from wms_tui.i18n import current_language


@dataclass(frozen=True)
class Arrival:
    """A move that brought problem goods to quarantine."""

    at: datetime
    qty: int
    who: str
    station: str
    reference: str  # ORDER/LINE for inspection's
    why: str  # the inspector's reason (damaged, wrong_spec, missing_part) where known


@dataclass(frozen=True)
class ProblemLot:
    """Units of one SKU at one quarantine location, with the latest arrivals there."""

    sku_code: str
    name: str
    location: str
    qty: int
    arrivals: tuple[Arrival, ...]


class Disposal(StrEnum):
    TO_STOCK = "stock"  # a second check found it good: back into a bin
    SCRAP = "scrap"
    TO_VENDOR = "vendor"


class NotQuarantine(WmsError):
    code = "E974"
    msgid = "problem.not_quarantine"


class NotABin(WmsError):
    code = "E975"
    msgid = "problem.not_a_bin"


def dispose(
    uow: UnitOfWork,
    clock: Clock,
    *,
    sku_code: str,
    location: str,
    qty: int,
    to: Disposal,
    reason: str,
    by: Operator,
    station_id: str,
    bin_code: str = "",
) -> str:
    """Moves `qty` units of `sku_code` out of quarantine `location`; returns where they
    went. The ledger refuses more than is there (InsufficientStock) and a frozen bin."""
    if not by.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=by.name, role=Role.SUPERVISOR.value)
    why = reason_given(reason)
    if qty <= 0:
        raise InvalidQuantity(value=str(qty))
    source = uow.locations.get(location)
    if source is None:
        raise UnknownLocation(location=location)
    if source.kind is not LocationKind.QUARANTINE:
        raise NotQuarantine(location=location)
    if to is Disposal.TO_STOCK:
        target = uow.locations.get(bin_code)
        if target is None:
            raise UnknownLocation(location=bin_code or "-")
        if target.kind is not LocationKind.BIN:
            raise NotABin(location=bin_code)
        where, move_reason = target.code, MoveReason.TRANSFER
    elif to is Disposal.SCRAP:
        where, move_reason = VIRTUAL_SCRAP, MoveReason.SCRAP
    else:
        where, move_reason = VIRTUAL_SUPPLIER, MoveReason.RETURN
    move = Move(new_move_id(), sku_code, qty, location, where, move_reason,
                reference=f"problem:{to.value}")  # fmt: skip
    detail = f"{sku_code} ×{qty} {location} → {where}: {why}"
    apply_effects(uow, clock, [move, Audit(f"problem_goods_{to.value}", sku_code, detail)],
                  Actor(by.badge, station_id, clock.now()))  # fmt: skip
    return where


def problem_goods(uow: UnitOfWork) -> list[ProblemLot]:
    """What is in quarantine, with names in the current language."""
    lots = uow.order_desk.problem_goods()
    skus = uow.skus.get_many({lot.sku_code for lot in lots})
    language = current_language()
    return [
        replace(lot, name=skus[lot.sku_code].name(language) if lot.sku_code in skus else "")
        for lot in lots
    ]


CONTEXT = "problem_goods"


def scanned(_uow: UnitOfWork, scan: Scan) -> Outcome:
    """A code scanned at the problem-goods desk: the bin a unit goes back to, or the item
    whose lot to choose. The screen acts on it in its own worker and unit of work, as the
    order desk's search does, never in the scan's own transaction."""
    return Outcome.accepted("problem.scanned", SoundClass.OK, text=scan.text.strip())
