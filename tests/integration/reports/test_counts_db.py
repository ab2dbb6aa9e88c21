"""A stocktaker's figures and the day's adjustments from a real count and its approval,
on both engines: the read side finds the approval's adjustments by their reference."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.unit.counting.helpers import ANN, CLOCK, DONE, SUE, count_location, seed_counts
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting.records import ReasonCode
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.reports.daily import figures
from wms_tui.core.reports.shops import Rules


class Counts:
    def __init__(self, factory: SqlUnitOfWorkFactory) -> None:
        self.factory = factory

    def uow(self) -> UnitOfWork:
        return self.factory()

    def audit_actions(self) -> list[str]:
        return []


@pytest.fixture
def counts(migrated_url: str) -> Iterator[Counts]:
    made = make_uow_factory(migrated_url)
    try:
        yield Counts(made)
    finally:
        made.dispose()


def test_an_approved_count_with_a_loss_is_an_adjustment_and_not_accurate(counts: Counts) -> None:
    seed_counts(counts)
    count_location(counts, ANN, "A-01", QuantityKeyed(9), ItemScan("SKU-1"), QuantityKeyed(4),
                   ItemScan("SKU-2"), DONE)  # fmt: skip
    with counts.uow() as uow:
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="ST0",
                     reason=ReasonCode.LOST)  # fmt: skip
        uow.commit()
    day = CLOCK.now().date()
    with counts.factory.for_reading()() as uow:
        found = figures(uow, day, day, Rules(), UTC)
    (row,) = found.stocktakers
    assert (row.worker.operator, row.locations, row.recount_rate) == (ANN.badge, 1, 0.0)
    assert row.accuracy == 0.0  # approved, with an adjustment
    (adjusted,) = found.adjustments
    assert (adjusted.found, adjusted.lost, adjusted.value_cents) == (0, 1, -2500)
