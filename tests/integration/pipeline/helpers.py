"""What the pipeline's crash tests share: a seeded database and the moves each scan made."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import StockMoveRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.fakes import FixedClock
from wms_tui.core import stock
from wms_tui.core.model import Location, LocationKind, Sku


def moves_by_scan(factory: SqlUnitOfWorkFactory) -> dict[str, int]:
    """How many moves each scan produced: more than one is a double apply."""
    with factory.engine.connect() as connection:
        rows = connection.execute(
            select(StockMoveRow.scan_id, func.count())
            .where(StockMoveRow.scan_id.is_not(None))
            .group_by(StockMoveRow.scan_id)
        )
        return {str(scan_id): int(count) for scan_id, count in rows}


def seeded(url: str, on_hand: int) -> SqlUnitOfWorkFactory:
    """SKU-1 with `on_hand` units in bin A-01-1 and the packing area of station S1."""
    factory = make_uow_factory(url)
    with factory() as uow:
        uow.skus.add(Sku("SKU-1", "白T恤", "White tee"))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        uow.locations.add(Location("PACK-01", LocationKind.PACKING, 100, station_id="S1"))
        stock.receive(
            uow, FixedClock(), sku_code="SKU-1", qty=on_hand, location="A-01-1", operator="t",
            station_id="S1",
        )  # fmt: skip
        uow.commit()
    return factory
