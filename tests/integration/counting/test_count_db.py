"""What only a real database can show: its own refusals, and two stations at once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from db.uow import SqlUnitOfWorkFactory
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
from tests.unit.counting.helpers import EMPTY as DONE_EMPTY
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import TaskStatus
from wms_tui.core.counting.rules import ItemScan, QuantityKeyed
from wms_tui.core.errors import LeaseHeld, LocationFrozen, StorageError
from wms_tui.core.model import MoveReason, Operator, Role, StockMove

_APPROVAL = (
    "INSERT INTO count_approval (approval_id, plan_id, location, task_id, decision, reason,"
    " approver, counter, at) VALUES (:id, 'P1', 'A-01', :task, 'approved', NULL, :approver,"
    " :counter, :at)"
)


def _counted_task(db: CountDb) -> str:
    count_location(
        db, ANN, "A-01", QuantityKeyed(10), ItemScan("SKU-1"), QuantityKeyed(4), ItemScan("SKU-2"),
        DONE,
    )  # fmt: skip
    with db.uow() as uow:
        (task,) = uow.counts.tasks("P1", "A-01")
    assert (task.status, task.counter) == (TaskStatus.COUNTED, "S1")
    return task.task_id


def test_database_refuses_an_approval_by_the_counter(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    task_id = _counted_task(db)
    params = {"task": task_id, "counter": "S1", "at": datetime(2026, 1, 1, tzinfo=UTC)}
    with (
        # The CHECK or the trigger, whichever the engine runs first.
        pytest.raises(
            IntegrityError, match=r"ck_count_approval_not_self|approver counted this location"
        ),
        factory.engine.begin() as connection,
    ):
        connection.execute(text(_APPROVAL), {"id": "a1", "approver": "S1", **params})
    # The same row by somebody else is a valid row: only the approver refused the first.
    with factory.engine.begin() as connection:
        connection.execute(text(_APPROVAL), {"id": "a2", "approver": "SV", **params})


def test_database_refuses_a_counter_as_approver_behind_a_false_counter(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    """The row's own `counter` is a copy anyone writing past the application can fake: the
    trigger reads who really counted any round of the location from count_task."""
    task_id = _counted_task(db)
    params = {"task": task_id, "at": datetime(2026, 1, 1, tzinfo=UTC)}
    faked = {"id": "a1", "approver": "S1", "counter": "SV", **params}
    with (
        pytest.raises(DBAPIError, match="approver counted this location"),
        factory.engine.begin() as connection,
    ):
        connection.execute(text(_APPROVAL), faked)
    with factory.engine.begin() as connection:
        connection.execute(text(_APPROVAL), {**faked, "approver": "SV", "counter": "S1"})
        # Nor can the stored decision be re-pointed at the counter afterwards.
        with pytest.raises(DBAPIError, match="approver counted this location"):
            connection.execute(text("UPDATE count_approval SET approver = 'S1', counter = 'S2'"))


def test_database_refuses_an_earlier_rounds_counter_as_approver(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    count_location(db, ANN, "A-02", DONE_EMPTY)
    count_location(db, BOB, "A-02", ItemScan("SKU-1", 2), DONE)
    with db.uow() as uow:
        final = uow.counts.tasks("P1", "A-02")[-1]
    row = {"id": "a1", "task": final.task_id, "approver": "S1", "counter": "S2"}
    with (
        pytest.raises(DBAPIError, match="approver counted this location"),
        factory.engine.begin() as connection,
    ):
        connection.execute(
            text(_APPROVAL.replace("'A-01'", "'A-02'")),
            {**row, "at": datetime(2026, 1, 1, tzinfo=UTC)},
        )


def test_count_entries_cannot_be_rewritten(db: CountDb, factory: SqlUnitOfWorkFactory) -> None:
    _counted_task(db)
    for statement in ("UPDATE count_entry SET qty = 99", "DELETE FROM count_entry"):
        with pytest.raises(DBAPIError, match="append-only"), factory.engine.begin() as conn:
            conn.execute(text(statement))
    with db.uow() as uow:
        view = appr.approval_data(uow, "P1", "A-01")
    assert [(line.sku_code, line.counted) for line in view] == [("SKU-1", 10), ("SKU-2", 4)]


def test_frozen_location_refuses_picks_until_the_count_is_approved(db: CountDb) -> None:
    pick = StockMove("pick-1", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK)
    count_location(db, ANN, "A-01", QuantityKeyed(10), ItemScan("SKU-1"), QuantityKeyed(4))
    with db.uow() as uow:
        with pytest.raises(LocationFrozen) as raised:
            svc.check_not_counting(uow, "A-01")
        assert raised.value.params == {"location": "A-01", "plan": "Zone A", "operator": "Ann"}
        with pytest.raises(LocationFrozen):
            uow.ledger.post(pick)
    commit_scan(db, ANN, ItemScan("SKU-2"))
    commit_scan(db, ANN, DONE)
    with db.uow() as uow:
        # Counted but not approved: still frozen, still the count's.
        with pytest.raises(LocationFrozen):
            svc.check_not_counting(uow, "A-01")
        appr.approve(uow, CLOCK, plan_id="P1", location="A-01", approver=SUE, station_id="ST0")
        uow.commit()
    with db.uow() as uow:
        svc.check_not_counting(uow, "A-01")
        assert uow.ledger.post(pick)
        uow.commit()
    with db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-01") == 9


def _in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """Runs `work` in a thread; the list gets its result or the error it raised."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(work())
        except Exception as error:
            result.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.parametrize("db_backend", ["postgresql"])
def test_second_station_waits_for_the_first_freeze_then_is_refused(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    """READ COMMITTED: the freeze locks the location's row before it reads, so a second
    station's scan waits for the first to commit and then sees the location taken."""
    with factory() as first:
        seen = svc.location_event(first, "A-01")
        thread, result = _in_thread(lambda: commit_scan(db, BOB, "A-01"))
        thread.join(0.5)
        assert thread.is_alive()  # waiting on the row lock, not reading around it
        svc.apply_event(first, CLOCK, station_id="ST-1", operator=ANN, event=seen)
        first.commit()
    thread.join(10)
    assert len(result) == 1 and isinstance(result[0], LeaseHeld)
    with factory() as uow:
        (task,) = uow.counts.tasks("P1", "A-01")
        assert (task.status, task.counter, task.station_id) == (TaskStatus.COUNTING, "S1", "ST-1")


@pytest.mark.parametrize("db_backend", ["postgresql"])
def test_a_pick_racing_the_freeze_waits_and_is_refused_naming_the_count(
    db: CountDb, factory: SqlUnitOfWorkFactory
) -> None:
    """The freeze's levels are the stock it freezes at: a pick cannot slip in between."""
    pick = StockMove("pick-race", "SKU-1", 1, "A-01", "B-01", MoveReason.PICK)

    def picking() -> bool:
        with factory() as uow:
            posted = uow.ledger.post(pick)
            uow.commit()
            return posted

    with factory() as freezing:
        seen = svc.location_event(freezing, "A-01")
        thread, result = _in_thread(picking)
        thread.join(0.5)
        assert thread.is_alive()
        svc.apply_event(freezing, CLOCK, station_id="ST-1", operator=ANN, event=seen)
        freezing.commit()
    thread.join(10)
    assert len(result) == 1 and isinstance(result[0], LocationFrozen)
    assert result[0].params == {"location": "A-01", "plan": "Zone A", "operator": "Ann"}
    with factory() as uow:
        (task,) = uow.counts.tasks("P1", "A-01")
        assert (
            task.snapshot == (("SKU-1", 10), ("SKU-2", 4))
            and uow.ledger.level("SKU-1", "A-01") == 10
        )


def _race(db: CountDb, who: Operator, barrier: threading.Barrier, results: list[str]) -> None:
    barrier.wait()
    for _attempt in range(10):  # what the scan pipeline does with a StorageError
        try:
            with db.uow() as uow:
                event = svc.location_event(uow, "A-01")
                outcome = svc.apply_event(
                    uow, CLOCK, station_id="ST-" + who.badge, operator=who, event=event,
                    scan_id=str(uuid.uuid4()),
                )  # fmt: skip
                uow.commit()
            results.append(outcome.msgid)
            return
        except StorageError:
            continue
        except LeaseHeld:
            results.append("lease_held")
            return
    results.append("gave_up")


def test_stations_racing_for_one_location_freeze_it_once(db: CountDb) -> None:
    people = [Operator(f"R{n}", f"R{n}", frozenset({Role.STOCKTAKER})) for n in range(6)]
    with db.uow() as uow:
        for person in people:
            uow.operators.add(person)
        uow.commit()
    barrier = threading.Barrier(len(people))
    results: list[str] = []
    threads = [threading.Thread(target=_race, args=(db, p, barrier, results)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["count.started"] + ["lease_held"] * (len(people) - 1)
    with db.uow() as uow:
        (task,) = uow.counts.tasks("P1", "A-01")
        assert task.status is TaskStatus.COUNTING and task.counter.startswith("R")
