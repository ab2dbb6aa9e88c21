"""The inspection service on the real database, SQLite and PostgreSQL, through the pipeline."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from db.models import AuditRow, OrderRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.inspection.harness import AT, Station
from tests.integration.inspection.seed import MUG_EAN, RULES_2, SUPERVISOR, TEE_EAN, TEE_PACK
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.inspection.records import InspectionSession, SessionResult
from wms_tui.core.model import OrderStatus


def test_waybill_then_items_pass_and_ship(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory)
    assert station.scan("YT1").msgid == "inspect.opened"
    assert station.scan(MUG_EAN).msgid == "inspect.wrong_item"
    assert station.scan(TEE_PACK).msgid == "inspect.counted"
    assert station.scan(TEE_EAN).msgid == "inspect.passed"
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.VERIFIED
        assert uow.ledger.level("TEE", "PACK-1") == 7
        assert uow.ledger.level("TEE", "DOCK") == 3
        (session,) = uow.inspections.history("T1")
        assert (session.result, session.wrong_scans) == (SessionResult.PASSED, 1)
        row = uow.session.get(OrderRow, "T1")
        assert row is not None and (row.verified_by, row.verified_station) == ("op1", "S1")
        assert row.verified_at == FixedClock().now()


def test_restart_reopens_with_the_exact_counts(factory: SqlUnitOfWorkFactory) -> None:
    Station(factory).scan("YT1")
    Station(factory).scan(TEE_EAN)
    with factory() as uow:
        state = load_state(uow, "S1")
    assert state.progress.line(1).counted == 1
    assert [e.text for e in state.recent()] == [TEE_EAN]
    outcome = Station(factory).scan(TEE_EAN)
    assert (outcome.params["counted"], outcome.params["expected"]) == (2, 3)


def test_second_station_is_refused_and_a_supervisor_takes_over(
    factory: SqlUnitOfWorkFactory,
) -> None:
    first = Station(factory)
    first.scan("YT1")
    first.scan(TEE_EAN)
    second = Station(factory, RULES_2)
    refused = second.scan("YT1")
    assert (refused.error_code, refused.params["station"]) == ("E710", "S1")
    with factory() as uow:
        second.desk.take_over(uow, "YT1", SUPERVISOR, operator="op1")
        uow.commit()
    with factory() as uow:
        assert load_state(uow, "S2").progress.line(1).counted == 1
        assert load_state(uow, "S1").session is None
        results = [s.result for s in uow.inspections.history("T1")]
        assert sorted(results) == [SessionResult.OPEN, SessionResult.TAKEN_OVER]
        actions = uow.session.scalars(select(AuditRow.action)).all()
        assert "inspection_takeover" in actions
    assert first.scan(TEE_EAN).error_code == "E810"  # S1 has no order any more


def test_problem_unit_goes_to_quarantine_and_undo_brings_it_back(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = Station(factory)
    station.scan("YT1")
    assert station.scan("CMD:DAMAGED").msgid == "inspect.problem_armed.damaged"
    assert station.scan(TEE_EAN).msgid == "inspect.quarantined.damaged"
    with factory() as uow:
        assert uow.ledger.level("TEE", "QUAR") == 1
    station.scan("CMD:UNDO")
    with factory() as uow:
        assert uow.ledger.level("TEE", "QUAR") == 0
        assert uow.ledger.level("TEE", "PACK-1") == 10


def test_unreplaced_problem_holds_the_order(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory)
    station.scan("YT1")
    station.scan("CMD:DAMAGED")
    station.scan(TEE_EAN)
    assert station.scan("CMD:DONE").msgid == "inspect.on_hold"
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.ON_HOLD
        assert order.hold_reason.startswith("inspection: damaged TEE x1")
        (session,) = uow.inspections.history("T1")
        assert session.result is SessionResult.ON_HOLD


def test_keyed_quantity_counts_the_next_scan(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory)
    station.scan("YT1")
    assert station.scan("CMD:QTY:3").msgid == "inspect.qty_armed"
    assert station.scan(TEE_EAN).msgid == "inspect.passed"


def _session(session_id: str, station: str) -> InspectionSession:
    return InspectionSession(session_id, "T1", station, "op", AT)


def test_the_database_lets_one_open_session_per_order(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        uow.inspections.add(_session("a", "S1"))
        with pytest.raises(ConcurrentChange):
            uow.inspections.add(_session("b", "S2"))
        uow.commit()
    with factory() as uow:
        assert [s.session_id for s in uow.inspections.history("T1")] == ["a"]
        stale = uow.inspections.get("a")
        assert stale is not None
        uow.inspections.close(
            InspectionSession("a", "T1", "S1", "op", AT, SessionResult.ABANDONED, AT)
        )
        with pytest.raises(ConcurrentChange):
            uow.inspections.close(stale)  # already closed: the version moved on
        uow.commit()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE inspection_event SET qty = 5", "DELETE FROM inspection_event"],
)
def test_events_are_append_only(factory: SqlUnitOfWorkFactory, statement: str) -> None:
    Station(factory).scan("YT1")
    with factory() as uow, pytest.raises(DBAPIError, match="append-only"):
        uow.session.execute(text(statement))
