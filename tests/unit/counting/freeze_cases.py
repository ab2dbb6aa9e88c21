"""What a freeze does to stock around it, recounts on open plans, and the plan scopes.

Not a test module itself: tests/unit/counting/test_freeze_rules.py runs these functions
on the in-memory fake, tests/integration/counting/test_freeze_rules_db.py on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.counting.helpers import (
    ANN,
    BOB,
    CLOCK,
    DONE,
    SUE,
    CountDb,
    commit_scan,
    count_location,
)
from wms_tui.core import stock
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import (
    BadPlanNumber,
    CountScope,
    EmptyPlan,
    PlanCriteria,
    StockChangedDuringCount,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import MoveReason, StockMove

_PUTAWAY = MoveReason.PUTAWAY
# What A-01 holds (10 tees, 4 socks), counted right.
EXACT = (QuantityKeyed(10), ItemScan("SKU-1"), QuantityKeyed(4), ItemScan("SKU-2"), DONE)


def _open_plan_on_b01(db: CountDb) -> None:
    with db.uow() as uow:
        stock.receive(
            uow, CLOCK, sku_code="SKU-2", qty=3, location="B-01", operator="SV", station_id="S"
        )
        svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="ST0", name="open B",
            criteria=PlanCriteria(CountScope.LOCATIONS, ("B-01",)), blind=False, plan_id="PB",
        )  # fmt: skip
        uow.commit()


def test_recount_on_an_open_plan_is_blind(db: CountDb) -> None:
    _open_plan_on_b01(db)
    commit_scan(db, ANN, "B-01")
    first = commit_scan(db, ANN, ItemScan("SKU-2"))
    assert first.params["system"] == 3  # round 1 of an open plan shows it
    assert commit_scan(db, ANN, DONE).msgid == "count.closed_recount"
    commit_scan(db, BOB, "B-01")
    with db.uow() as uow:
        view = svc.count_view(uow, BOB.badge)
    assert view.task is not None and view.task.round == 2 and view.system is None
    again = commit_scan(db, BOB, ItemScan("SKU-2"))
    assert again.msgid == "count.item" and "system" not in again.params


def test_pick_that_raced_the_freeze_gets_a_fresh_recount_then_approves(db: CountDb) -> None:
    # The levels are read, then a pick commits before the freeze does (the race the row
    # lock now prevents): the snapshot says 10 where the shelf holds 9.
    with db.uow() as uow:
        stale = svc.location_event(uow, "A-01")
    with db.uow() as uow:
        uow.ledger.post(StockMove("pick-1", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK))
        uow.commit()
    commit_scan(db, ANN, stale)
    for event in (QuantityKeyed(9), ItemScan("SKU-1"), *EXACT[2:]):
        commit_scan(db, ANN, event)
    with db.uow() as uow, pytest.raises(StockChangedDuringCount):
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S")
    with db.uow() as uow:
        recount = appr.reject(
            uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S"
        )
        uow.commit()
    assert recount.snapshot == (("SKU-1", 9), ("SKU-2", 4))
    count_location(db, BOB, "A-01", QuantityKeyed(9), ItemScan("SKU-1"), *EXACT[2:])
    with db.uow() as uow:
        assert (
            appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S")
            == []
        )
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 9
        assert not uow.locations.get("A-01").frozen  # type: ignore[union-attr]


def _on_hand_sums(db: CountDb) -> set[int]:
    with db.uow() as uow:
        return {sum(lvl.on_hand for lvl in uow.ledger.levels(sku)) for sku in ("SKU-1", "SKU-2")}


def test_stock_from_outside_waits_for_the_count_and_posts_once_on_approval(db: CountDb) -> None:
    commit_scan(db, ANN, "A-01")
    into = StockMove("in-1", "SKU-1", 2, "@supplier", "A-01", MoveReason.RECEIPT, operator="SV")
    with db.uow() as uow:
        assert stock.post_move(uow, into, CLOCK)
        notice = svc.held_notice(uow, into)
        uow.commit()
    assert notice is not None and notice.msgid == "count.move_held"
    assert notice.params == {
        "location": "A-01", "plan": "Zone A", "operator": "Ann", "sku": "SKU-1", "qty": 2,
    }  # fmt: skip
    with db.uow() as uow:
        assert not stock.post_move(uow, into, CLOCK)  # a replayed scan is not held twice
        elsewhere = StockMove("other", "SKU-1", 1, "@supplier", "B-01", MoveReason.RECEIPT)
        assert svc.held_notice(uow, elsewhere) is None
        with pytest.raises(LocationFrozen):
            uow.ledger.post(StockMove("out-1", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK))
        assert [m.move_id for m in uow.counts.held_moves("A-01")] == ["in-1"]
        # Waiting, not applied: the stock is still where it was.
        assert uow.ledger.level("SKU-1", "A-01") == 10
    assert _on_hand_sums(db) == {0}
    for event in EXACT:
        commit_scan(db, ANN, event)
    with db.uow() as uow:
        moves = appr.approve(
            uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S"
        )
        assert moves == []
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 12
        assert uow.counts.held_moves("A-01") == []
        assert appr.release_held(uow, CLOCK, "A-01", "SV", "S") == (0, 0)  # never twice
        moved = uow.ledger.get("in-1")
    assert moved is not None and (moved.qty, moved.to_location) == (2, "A-01")
    assert _on_hand_sums(db) == {0}
    assert "count.audit.held_released" in db.audit_actions()


def test_stock_from_another_bin_is_refused_not_held(db: CountDb) -> None:
    """Held, a transfer would leave its units spendable at the source until approval; the
    goods wait on the floor instead, and the refusal names the count they wait for."""
    commit_scan(db, ANN, "A-01")
    with db.uow() as uow, pytest.raises(LocationFrozen) as refused:
        stock.post_move(uow, StockMove("in-1", "SKU-1", 2, "A-02", "A-01", _PUTAWAY), CLOCK)
    assert refused.value.params["location"] == "A-01"
    with db.uow() as uow:
        assert uow.counts.held_moves("A-01") == []
        assert (uow.ledger.level("SKU-1", "A-01"), uow.ledger.level("SKU-1", "A-02")) == (10, 2)
    assert _on_hand_sums(db) == {0}


def test_plan_of_the_locations_holding_a_sku(db: CountDb) -> None:
    with db.uow() as uow, pytest.raises(EmptyPlan):  # A-01, the only one with SKU-2, is busy
        svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="ST0", name="socks",
            criteria=PlanCriteria(CountScope.SKU, sku_code="SKU-2"),
        )  # fmt: skip
    count_location(db, ANN, "A-01", *EXACT)
    with db.uow() as uow:
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S")
        stock.receive(
            uow, CLOCK, sku_code="SKU-2", qty=1, location="B-01", operator="SV", station_id="S"
        )
        _plan, tasks = svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="ST0", name="socks",
            criteria=PlanCriteria(CountScope.SKU, sku_code="SKU-2"),
        )  # fmt: skip
    assert [t.location for t in tasks] == ["A-01", "B-01"]


def test_plan_of_the_locations_not_counted_in_n_days(db: CountDb) -> None:
    count_location(db, ANN, "A-01", *EXACT)
    with db.uow() as uow:
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S")
        uow.commit()
    with db.uow() as uow:
        last = uow.counts.last_counted()
    assert set(last) == {"A-01"} and last["A-01"] == CLOCK.now()
    with db.uow() as uow:
        _plan, tasks = svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="ST0", name="stale",
            criteria=PlanCriteria(CountScope.NOT_COUNTED_SINCE, days=7),
        )  # fmt: skip
    # A-02 is still busy in P1; A-01 was counted just now; B-01 never was.
    assert [t.location for t in tasks] == ["B-01"]
    CLOCK.advance(timedelta(days=8).total_seconds())
    try:
        with db.uow() as uow:
            _plan, tasks = svc.create_plan(
                uow, CLOCK, supervisor=SUE, station_id="ST0", name="stale",
                criteria=PlanCriteria(CountScope.NOT_COUNTED_SINCE, days=7),
            )  # fmt: skip
    finally:
        CLOCK.advance(-timedelta(days=8).total_seconds())
    assert [t.location for t in tasks] == ["A-01", "B-01"]


@pytest.mark.parametrize(
    ("criteria", "threshold"),
    [
        (PlanCriteria(CountScope.NOT_COUNTED_SINCE, days=-1), Threshold()),
        (PlanCriteria(CountScope.ZONE, zone="B"), Threshold(ThresholdKind.UNITS, -2)),
    ],
)
def test_negative_days_or_threshold_are_refused_in_words(
    db: CountDb, criteria: PlanCriteria, threshold: Threshold
) -> None:
    with db.uow() as uow, pytest.raises(BadPlanNumber) as refused:
        svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="ST0", name="bad", criteria=criteria,
            threshold=threshold,
        )  # fmt: skip
    assert refused.value.message() != refused.value.msgid
