"""The approval screen opens where the work is: the oldest open plan with a location
counted and waiting, not the newest plan (which may be empty)."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import FixedClock
from tests.unit.counting.helpers import ANN, CLOCK, DONE, SUE, CountDb, count_location
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import CountScope, PlanCriteria
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed


def test_the_approval_screen_opens_on_the_oldest_plan_with_work_waiting(db: CountDb) -> None:
    # Plan P1: A-01 counted as the books say (10 and 4), waiting for a decision.
    count_location(
        db, ANN, "A-01", QuantityKeyed(10), ItemScan("SKU-1"), QuantityKeyed(4), ItemScan("SKU-2"),
        DONE,
    )  # fmt: skip
    later = FixedClock(CLOCK.now() + timedelta(days=1))
    with db.uow() as uow:
        svc.create_plan(
            uow, later, supervisor=SUE, station_id="ST0", name="empty, newer",
            criteria=PlanCriteria(CountScope.LOCATIONS, ("B-01",)), plan_id="PN",
        )  # fmt: skip
        uow.commit()
    with db.uow() as uow:
        data = appr.approval_screen(uow, None)
        assert [p.plan_id for p in data.plans][:2] == ["PN", "P1"]  # newest first, as listed
        assert data.plan is not None and data.plan.plan_id == "P1"
        # A plan the supervisor chose stays chosen.
        chosen = appr.approval_screen(uow, "PN").plan
        assert chosen is not None and chosen.plan_id == "PN"
