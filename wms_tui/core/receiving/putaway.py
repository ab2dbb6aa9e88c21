"""Put-away from the receiving area: received goods, through the one put-away
(core/shelving.py). What waits is what the ledger holds in the area."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wms_tui.core.effects import Move
from wms_tui.core.model import MoveReason
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.shelving import Carry


@dataclass(frozen=True)
class ReceivingArea:
    area: str

    def waiting(self, uow: UnitOfWork, station_id: str, sku_code: str) -> int:
        return uow.ledger.level(sku_code, self.area)

    def take(
        self, uow: UnitOfWork, station_id: str, carried: Carry, bin_code: str,
        new_id: Callable[[], str],
    ) -> list[object]:  # fmt: skip
        return [
            Move(new_id(), carried.sku_code, carried.qty, self.area, bin_code,
                 MoveReason.PUTAWAY, self.area)
        ]  # fmt: skip
