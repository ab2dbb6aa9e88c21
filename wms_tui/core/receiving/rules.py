"""Receiving rules, pure: which PO line a unit counts against, how far a line may go, whether
a date keeps a unit out of stock, and what closing a receipt posts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from wms_tui.core.effects import Audit, Move
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason
from wms_tui.core.receiving.records import (
    FailReason,
    NotOnPo,
    PoLine,
    Receipt,
    ReceiptUnit,
)


@dataclass(frozen=True)
class Places:
    """Where a receipt's units go: passed ones to the receiving area, failed ones to
    quarantine with their reason (until the supplier collects them)."""

    receiving_area: str
    quarantine: str


@dataclass(frozen=True)
class Rules:
    places: Places
    over_percent: int = 0  # more than ordered a line may take without a supervisor
    min_shelf_days: int = 0  # a unit expiring sooner fails as short-dated


def limit(ordered: int, over_percent: int) -> int:
    """The most a line may receive: what it ordered plus the tolerance, rounded down (a
    10 % tolerance lets 10 ordered take 11, 5 ordered take 5)."""
    return ordered + ordered * over_percent // 100


def line_for(lines: Sequence[PoLine], sku_code: str, qty: int, po_no: str) -> PoLine:
    """The line a unit counts against: the first of the SKU's lines still short, else its
    last line (where a tolerance or a supervisor's allowance lets it go over)."""
    theirs = [line for line in lines if line.sku_code == sku_code]
    if not theirs:
        raise NotOnPo(sku=sku_code, po=po_no)
    return next((line for line in theirs if line.received + qty <= line.ordered), theirs[-1])


def date_fails(expiry: date | None, today: date, min_shelf_days: int) -> bool:
    """Expired, or expiring within the shelf life the warehouse asks for: it fails
    inspection as short-dated instead of going into stock."""
    return expiry is not None and expiry < today + timedelta(days=min_shelf_days)


def close_effects(
    receipt: Receipt, units: Sequence[ReceiptUnit], places: Places, new_id: Callable[[], str]
) -> list[object]:
    """Passed units from the supplier to the receiving area, failed ones to quarantine, a
    move per SKU and reason; one audit line."""
    grouped: dict[tuple[str, str], int] = {}
    for unit in units:
        key = (unit.sku_code, unit.reason)
        grouped[key] = grouped.get(key, 0) + unit.qty
    effects: list[object] = []
    for (sku, reason), qty in sorted(grouped.items()):
        to = places.quarantine if reason else places.receiving_area
        ref = f"{receipt.receipt_id}/{reason}" if reason else receipt.receipt_id
        why = MoveReason.QUARANTINE if reason else MoveReason.RECEIPT
        effects.append(Move(new_id(), sku, qty, VIRTUAL_SUPPLIER, to, why, ref))
    passed = sum(u.qty for u in units if u.passed)
    failed = sum(u.qty for u in units if not u.passed)
    detail = f"{receipt.po_no or receipt.supplier}: passed {passed}, failed {failed}"
    effects.append(Audit("receipt_closed", receipt.receipt_id, detail))
    return effects


def fully_received(lines: Sequence[PoLine]) -> bool:
    return bool(lines) and all(line.received >= line.ordered for line in lines)


def fail_reason(name: str) -> FailReason | None:
    try:
        return FailReason(name)
    except ValueError:
        return None
