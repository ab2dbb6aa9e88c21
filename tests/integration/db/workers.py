"""Code run in spawned processes by the concurrency tests (importable, not a test module)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.engine import run_in_transaction
from db.uow import make_uow_factory
from wms_tui.core.model import VIRTUAL_CUSTOMER, MoveReason, StockMove


def pick_many(url: str, worker: int, count: int, sku: str, location: str) -> int:
    """Post `count` one-unit picks, each in its own short transaction; returns how many applied."""
    factory = make_uow_factory(url)
    applied = 0
    try:
        for n in range(count):
            pick = StockMove(
                f"w{worker}-{n}",
                sku,
                1,
                location,
                VIRTUAL_CUSTOMER,
                MoveReason.PICK,
                operator=f"P{worker}",
                station_id=f"ST{worker}",
                at=datetime.now(UTC),
            )

            def post(pick: StockMove = pick) -> bool:
                with factory() as uow:
                    done = uow.ledger.post(pick)
                    uow.commit()
                    return done

            applied += run_in_transaction(post, attempts=20)
    finally:
        factory.dispose()
    return applied
