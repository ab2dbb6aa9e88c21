"""The count service tests: plan, freeze, count, recount, approve, report.

Not a test module itself: tests/unit/counting/test_services.py runs these functions on
the in-memory fake, tests/integration/counting/test_services_db.py on SQLite and
PostgreSQL (the `count_db` fixture of each package's conftest decides).
"""

from __future__ import annotations

import pytest

from tests.unit.counting.helpers import (
    ANN,
    BOB,
    CAT,
    CLOCK,
    DONE,
    EMPTY,
    SUE,
    CountDb,
    commit_scan,
    count_location,
)
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import (
    CountScope,
    PlanCriteria,
    ReasonCode,
    RecountNeedsOtherCounter,
    SelfApproval,
    StockChangedDuringCount,
    TaskStatus,
)
from wms_tui.core.counting.rules import (
    ItemScan,
    QuantityKeyed,
    UnknownScan,
)
from wms_tui.core.errors import LeaseHeld, LocationFrozen, NotAllowed, WmsError
from wms_tui.core.model import (
    VIRTUAL_ADJUSTMENT,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Role,
    StockMove,
)


def test_plan_makes_one_task_per_location_and_skips_busy_ones(db: CountDb) -> None:
    with db.uow() as uow:
        assert [t.location for t in uow.counts.tasks("P1")] == ["A-01", "A-02"]
        with pytest.raises(WmsError):
            svc.create_plan(
                uow,
                CLOCK,
                supervisor=SUE,
                station_id="ST0",
                name="again",
                criteria=PlanCriteria(CountScope.ZONE, zone="A"),
            )
        with pytest.raises(WmsError):
            svc.create_plan(
                uow,
                CLOCK,
                supervisor=ANN,
                station_id="ST0",
                name="not allowed",
                criteria=PlanCriteria(CountScope.ZONE, zone="B"),
            )


def test_freeze_refuses_picking_and_names_the_count(db: CountDb) -> None:
    assert commit_scan(db, ANN, "A-01").msgid == "count.started"
    with db.uow() as uow:
        assert uow.locations.get("A-01") is not None and uow.locations.get("A-01").frozen  # type: ignore[union-attr]
        with pytest.raises(LocationFrozen) as raised:
            svc.check_not_counting(uow, "A-01")
        assert raised.value.params == {"location": "A-01", "plan": "Zone A", "operator": "Ann"}
        with pytest.raises(LocationFrozen):
            uow.ledger.post(StockMove("m-pick", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK))
        svc.check_not_counting(uow, "B-01")


def test_one_stocktaker_per_location(db: CountDb) -> None:
    commit_scan(db, ANN, "A-01")
    with pytest.raises(LeaseHeld):
        commit_scan(db, BOB, "A-01")


def test_restart_midway_recomputes_the_same_progress(db: CountDb) -> None:
    commit_scan(db, ANN, "A-01")
    for event in (ItemScan("SKU-1"), QuantityKeyed(3), ItemScan("SKU-2"), UnknownScan("X9")):
        commit_scan(db, ANN, event)
    with db.uow() as uow:
        before = svc.count_view(uow, "S1")
    # A new process: nothing but the stored rows; the stocktaker scans the location again.
    assert commit_scan(db, ANN, "A-01").params == {"location": "A-01", "units": 4}
    with db.uow() as uow:
        after = svc.count_view(uow, "S1")
    assert after.tally == before.tally
    assert after.tally.counted == {"SKU-1": 1, "SKU-2": 3}
    assert after.system is None  # blind plan
    assert after.task is not None and after.task.snapshot == (("SKU-1", 10), ("SKU-2", 4))


def test_count_within_threshold_then_approve_posts_exact_variance(
    db: CountDb,
) -> None:
    msgid = count_location(
        db,
        ANN,
        "A-01",
        QuantityKeyed(9),
        ItemScan("SKU-1"),
        QuantityKeyed(4),
        ItemScan("SKU-2"),
        DONE,
    )
    assert msgid == "count.closed"
    with db.uow() as uow:
        data = appr.approval_data(uow, "P1", "A-01")
        assert [
            (ln.sku_code, ln.system, ln.counts, ln.variance, ln.value_cents) for ln in data
        ] == [
            ("SKU-1", 10, (9,), -1, -2500),
            ("SKU-2", 4, (4,), 0, 0),
        ]
        moves = appr.approve(
            uow,
            CLOCK,
            plan_id="P1",
            location="A-01",
            approver=SUE,
            station_id="ST0",
            reason=ReasonCode.LOST,
        )
        uow.commit()
    assert [(m.sku_code, m.qty, m.found) for m in moves] == [("SKU-1", 1, False)]
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 9
        assert uow.ledger.level("SKU-1", VIRTUAL_ADJUSTMENT) == 1
        assert sum(lvl.on_hand for lvl in uow.ledger.levels("SKU-1")) == 0
        location = uow.locations.get("A-01")
        assert location is not None and not location.frozen
        assert uow.counts.tasks("P1", "A-01")[0].status is TaskStatus.APPROVED
    actions = db.audit_actions()
    with db.uow() as uow:
        assert actions[-1] == "count.audit.approved" and "count.audit.started" in actions
        line = appr.approval_data(uow, "P1", "A-01")[0]
        assert (line.decision, line.reason, line.approver) == ("approved", "lost", "SV")


def test_variance_above_threshold_gets_a_blind_recount_by_someone_else(
    db: CountDb,
) -> None:
    assert count_location(db, ANN, "A-02", EMPTY) == "count.closed_recount"
    with pytest.raises(RecountNeedsOtherCounter):
        commit_scan(db, ANN, "A-02")
    with db.uow() as uow:
        location = uow.locations.get("A-02")
        assert location is not None and location.frozen  # frozen until approval
    assert count_location(db, BOB, "A-02", ItemScan("SKU-1", 3), DONE) == "count.closed"
    with db.uow() as uow, pytest.raises(NotAllowed):
        appr.approve(uow, CLOCK, plan_id="P1", location="A-02", approver=BOB, station_id="ST0")
    with db.uow() as uow:
        moves = appr.approve(
            uow,
            CLOCK,
            plan_id="P1",
            location="A-02",
            approver=SUE,
            station_id="ST0",
            reason=ReasonCode.FOUND,
        )
        uow.commit()
    # The recount (3) is final, not the first count (0): one unit found.
    assert [(m.sku_code, m.qty, m.found) for m in moves] == [("SKU-1", 1, True)]
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-02") == 3
        by_location, by_person = appr.accuracy(uow, ["P1"])
    assert [(a.key, a.matching, a.lines) for a in by_location] == [("A-02", 0, 1)]
    assert [(a.key, a.matching, a.lines) for a in by_person] == [("S1", 0, 1), ("S2", 1, 1)]


def test_supervisor_who_counted_cannot_approve(count_db: CountDb) -> None:
    db = count_db
    boss = Operator("SV2", "Max", frozenset({Role.SUPERVISOR}))
    with db.uow() as uow:
        uow.operators.add(boss)
        uow.locations.add(Location("A-01", LocationKind.BIN, 1))
        svc.create_plan(
            uow,
            CLOCK,
            supervisor=boss,
            station_id="ST0",
            name="one",
            criteria=PlanCriteria(CountScope.LOCATIONS, ("A-01",)),
            plan_id="P",
        )
        uow.commit()
    assert count_location(db, boss, "A-01", EMPTY) == "count.closed"
    with db.uow() as uow, pytest.raises(SelfApproval):
        appr.approve(uow, CLOCK, plan_id="P", location="A-01", approver=boss, station_id="ST0")


def test_reject_orders_a_recount_by_a_third_stocktaker(db: CountDb) -> None:
    count_location(db, ANN, "A-02", EMPTY)
    count_location(db, BOB, "A-02", ItemScan("SKU-1", 5), DONE)
    with db.uow() as uow:
        recount = appr.reject(
            uow, CLOCK, plan_id="P1", location="A-02", approver=SUE, station_id="ST0"
        )
        uow.commit()
    assert (recount.round, recount.excluded) == (3, frozenset({"S1", "S2"}))
    with pytest.raises(RecountNeedsOtherCounter):
        commit_scan(db, BOB, "A-02")
    assert (
        count_location(db, CAT, "A-02", ItemScan("SKU-1"), ItemScan("SKU-1"), DONE)
        == "count.closed"
    )
    with db.uow() as uow:
        moves = appr.approve(
            uow, CLOCK, plan_id="P1", location="A-02", approver=SUE, station_id="ST0"
        )
        assert moves == []  # the third count matches the system
        csv_text = appr.variance_report_csv(uow, "P1")
    assert "0/5/2" in csv_text


def test_stock_changed_during_count_is_refused(db: CountDb) -> None:
    count_location(
        db,
        ANN,
        "A-01",
        QuantityKeyed(10),
        ItemScan("SKU-1"),
        QuantityKeyed(4),
        ItemScan("SKU-2"),
        DONE,
    )
    with db.uow() as uow:
        uow.ledger.post(
            StockMove("m-x", "SKU-2", 1, "A-01", VIRTUAL_ADJUSTMENT, MoveReason.COUNT_ADJUSTMENT)
        )
        with pytest.raises(StockChangedDuringCount):
            appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="S")


def test_unknown_codes_are_listed_for_the_supervisor(db: CountDb) -> None:
    count_location(db, ANN, "A-01", UnknownScan("6901234567892"), ItemScan("SKU-1"), DONE)
    with db.uow() as uow:
        assert appr.unknown_codes(uow, "P1") == [("A-01", "6901234567892", "S1")]
