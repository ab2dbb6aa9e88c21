"""The day's figures agree with what is stored: the model test and the station race ask
this of the read side after every step, on both engines."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from db.handover.models import ParcelRow
from db.inspection.models import InspectionSessionRow
from db.models import OrderRow
from db.picking.models import PickRecordRow
from db.receiving.models import ReceiptRow
from db.returns.models import ReturnRow
from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.reports.daily import figures, window_of
from wms_tui.core.reports.shops import Rules
from wms_tui.core.reports.tallies import keep_tallies


def figures_agree(factory: SqlUnitOfWorkFactory, first: date, last: date) -> None:
    """Read in a unit of work that only reads, as the dashboard does: orders shipped per
    shop, orders passed per inspector, units picked per picker, parcels per dock worker,
    returns per clerk and receipts per receiver add up to the stored records of the same
    days, each counted once."""
    window = window_of(first, last, UTC)

    def within(column: Any) -> ColumnElement[bool]:
        return and_(column >= window.start, column < window.end)

    with factory.for_reading()() as uow:
        found = figures(uow, first, last, Rules(), UTC)
        count = uow.session.execute
        shipped = count(select(func.count()).where(within(OrderRow.verified_at))).scalar_one()
        passed = count(
            select(func.count(func.distinct(InspectionSessionRow.order_no))).where(
                within(InspectionSessionRow.ended_at), InspectionSessionRow.result == "passed"
            )
        ).scalar_one()
        picked = count(
            select(func.coalesce(func.sum(PickRecordRow.qty), 0)).where(within(PickRecordRow.at))
        ).scalar_one()
        parcels = count(
            select(func.count()).where(within(ParcelRow.scanned_at), ParcelRow.removed.is_(False))
        ).scalar_one()
        returned = count(
            select(func.count()).where(
                within(ReturnRow.closed_at), ReturnRow.status.in_(("closed", "scrapped"))
            )
        ).scalar_one()
        received = count(
            select(func.count()).where(within(ReceiptRow.closed_at), ReceiptRow.status == "closed")
        ).scalar_one()
    assert sum(shop.shipped for shop in found.shops) == shipped, (found.shops, shipped)
    assert sum(row.passed for row in found.inspectors) == passed, (found.inspectors, passed)
    assert sum(row.units for row in found.pickers) == picked, (found.pickers, picked)
    assert sum(row.parcels for row in found.dock) == parcels, (found.dock, parcels)
    assert sum(row.returns for row in found.returns) == returned, (found.returns, returned)
    assert sum(row.receipts for row in found.receivers) == received, (found.receivers, received)
    _kept_days_agree(factory, first, last, found)


def _kept_days_agree(factory: SqlUnitOfWorkFactory, first: date, last: date, found: Any) -> None:
    """The days tallied from the journal, kept (as if over), give the same workers' figures
    when read back; a day kept earlier whose journal has grown since was tallied again."""
    keep_tallies(factory, found.tallied, today=last + timedelta(days=1))
    with factory.for_reading()() as uow:
        again = figures(uow, first, last, Rules(), UTC)
        for tally in uow.reports.kept_tallies(window_of(first, last, UTC)):
            assert tally.mark == uow.reports.journal_mark(tally.window), tally.day
    for table in ("inspectors", "pickers", "stocktakers", "dock", "returns", "receivers"):
        assert getattr(again, table) == getattr(found, table), table
