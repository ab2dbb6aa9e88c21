"""Stock moves for the ledger tests, at one fixed time."""

from __future__ import annotations

from datetime import UTC, datetime

from wms_tui.core.model import (
    MoveReason,
    StockMove,
)

AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def move(
    move_id: str,
    qty: int,
    source: str,
    target: str,
    sku: str = "SKU-1",
    reason: MoveReason = MoveReason.TRANSFER,
) -> StockMove:
    return StockMove(move_id, sku, qty, source, target, reason, operator="B1", at=AT)
