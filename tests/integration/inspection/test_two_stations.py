"""Two stations scan the same waybill at the same moment: exactly one gets the order."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from db.models import AuditRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.inspection.seed import RULES, RULES_2, SUPERVISOR, TEE_EAN
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, load_state, scan_resolver
from wms_tui.core.inspection.inputs import ResolvedLike
from wms_tui.core.inspection.records import SessionResult
from wms_tui.core.inspection.rules import hhmm
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import Catalog
from wms_tui.core.scans import Scan

AT = datetime(2026, 11, 23, 6, 2, tzinfo=UTC)
Resolver = Callable[[str, Catalog, str], ResolvedLike]


def _meeting(barrier: threading.Barrier) -> Resolver:
    """Resolves, then waits for the other station: both look for a holder before either
    has inserted its session, so the database's unique index has to decide."""
    resolve = scan_resolver()

    def resolver(text: str, catalog: Catalog, symbology: str) -> ResolvedLike:
        found = resolve(text, catalog, symbology)
        if text == "YT1":
            barrier.wait(timeout=10)
        return found

    return resolver


def _scan(scan_id: str, station: str, text: str) -> Scan:
    """A scan made at `station` by its inspector, op-<station>."""
    return Scan(scan_id, station, text, received_at=AT, operator=f"op-{station}")


def _station(
    factory: SqlUnitOfWorkFactory, rules: StationRules, resolver: Resolver
) -> ScanPipeline:
    desk = InspectionDesk(rules, FixedClock(AT), resolver=resolver)
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(AT), rules.station_id)
    pipeline.register(CONTEXT, desk.handle_scan)
    pipeline.activate(CONTEXT)
    return pipeline


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_both_scan_the_same_waybill_at_once(factory: SqlUnitOfWorkFactory) -> None:
    barrier = threading.Barrier(2)
    pipelines = [_station(factory, rules, _meeting(barrier)) for rules in (RULES, RULES_2)]
    outcomes: dict[str, Outcome] = {}

    def scan(pipeline: ScanPipeline, station: str) -> None:
        outcomes[station] = pipeline.process(_scan(str(uuid.uuid4()), station, "YT1"))

    threads = [
        threading.Thread(target=scan, args=(pipeline, station))
        for pipeline, station in zip(pipelines, ("S1", "S2"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    opened = [s for s, o in outcomes.items() if o.msgid == "inspect.opened"]
    refused = [s for s, o in outcomes.items() if o.error_code == "E710"]
    assert len(opened) == 1 and len(refused) == 1, outcomes
    winner, loser = opened[0], refused[0]
    held = outcomes[loser]
    assert held.params == {"station": winner, "operator": f"op-{winner}", "since": hhmm(AT)}
    with factory() as uow:
        (session,) = uow.inspections.history("T1")
        assert (session.station_id, session.result) == (winner, SessionResult.OPEN)

    # The winner counts one unit; a supervisor moves the order to the other station.
    winning = pipelines[0 if winner == "S1" else 1]
    assert winning.process(_scan("w-1", winner, TEE_EAN)).ok
    loser_rules = RULES if loser == "S1" else RULES_2
    taker = InspectionDesk(loser_rules, FixedClock(AT), resolver=scan_resolver())
    with factory() as uow:
        assert (
            taker.take_over(uow, "YT1", SUPERVISOR, operator=SUPERVISOR.badge).msgid
            == "inspect.opened"
        )
        uow.commit()
    with factory() as uow:
        assert load_state(uow, loser).progress.line(1).counted == 1
        assert load_state(uow, winner).session is None
        results = {s.station_id: s.result for s in uow.inspections.history("T1")}
        assert results == {winner: SessionResult.TAKEN_OVER, loser: SessionResult.OPEN}
        audit = uow.session.execute(
            select(AuditRow.action, AuditRow.operator, AuditRow.station_id, AuditRow.detail)
        ).all()
        assert [tuple(a) for a in audit if a.action == "inspection_takeover"] == [
            (
                "inspection_takeover",
                SUPERVISOR.badge,
                loser,
                f"from {winner}/op-{winner} by {SUPERVISOR.badge}",
            )
        ]


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_an_order_passed_while_another_station_opens_it_is_refused_there(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """S2 reads the order as picked; before it can open it, S1 passes it and commits. S2 must
    then refuse it as verified (who, where), not leave a session open on a shipped order.
    (On SQLite the write unit's BEGIN IMMEDIATE keeps S1 from committing in that window.)"""
    first = _station(factory, RULES, scan_resolver())
    assert first.process(_scan("s1-open", "S1", "YT1")).ok
    assert first.process(_scan("s1-unit-1", "S1", TEE_EAN)).ok
    assert first.process(_scan("s1-unit-2", "S1", TEE_EAN)).ok
    resolve = scan_resolver()

    def pass_it_meanwhile(text: str, catalog: Catalog, symbology: str) -> ResolvedLike:
        found = resolve(text, catalog, symbology)  # S2 has read T1 as picked
        if text == "YT1":
            passed = first.process(_scan("s1-unit-3", "S1", TEE_EAN))
            assert passed.msgid == "inspect.passed", passed
        return found

    second = _station(factory, RULES_2, pass_it_meanwhile)
    outcome = second.process(_scan("s2-open", "S2", "YT1"))

    assert outcome.error_code == "E803", outcome
    assert (outcome.params["station"], outcome.params["operator"]) == ("S1", "op-S1")
    with factory() as uow:
        results = [(s.station_id, s.result) for s in uow.inspections.history("T1")]
        assert results == [("S1", SessionResult.PASSED)]
        assert load_state(uow, "S2").session is None


def _waits_on_a_lock(factory: SqlUnitOfWorkFactory) -> bool:
    with factory.engine.connect() as connection:
        waiting = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        ).scalar_one()
    return int(waiting) > 0


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_a_takeover_waits_for_the_holders_scan_in_flight(factory: SqlUnitOfWorkFactory) -> None:
    """S1 counts a unit; before that scan commits, a supervisor takes the order over to S2.
    Either the takeover comes first and the scan finds no open order, or the scan comes
    first and the takeover carries its unit along: a unit S1 was told is counted is never
    left behind on a closed session. (SQLite's write units run one at a time.)"""
    holder = _station(factory, RULES, scan_resolver())
    assert holder.process(_scan("s1-open", "S1", "YT1")).ok
    assert holder.process(_scan("s1-unit-1", "S1", TEE_EAN)).ok
    taker = InspectionDesk(RULES_2, FixedClock(AT), resolver=scan_resolver())
    took: list[Outcome] = []

    def take_over() -> None:
        with factory() as uow:
            took.append(taker.take_over(uow, "YT1", SUPERVISOR, operator=SUPERVISOR.badge))
            uow.commit()

    resolve = scan_resolver()
    thread = threading.Thread(target=take_over)

    def take_over_meanwhile(text_: str, catalog: Catalog, symbology: str) -> ResolvedLike:
        found = resolve(text_, catalog, symbology)  # S1 has read its session and events
        if not thread.is_alive() and not took:
            thread.start()
            deadline = time.monotonic() + 10
            while thread.is_alive() and not _waits_on_a_lock(factory):
                assert time.monotonic() < deadline, "the takeover neither ended nor waited"
                time.sleep(0.01)
        return found

    scanning = _station(factory, RULES, take_over_meanwhile)
    counted = scanning.process(_scan("s1-unit-2", "S1", TEE_EAN))
    thread.join(timeout=30)
    assert not thread.is_alive() and took and took[0].msgid == "inspect.opened", took

    with factory() as uow:
        moved = load_state(uow, "S2").progress.line(1).counted
        sessions = {s.station_id: s for s in uow.inspections.history("T1")}
        late = [
            e for e in uow.inspections.events(sessions["S1"].session_id) if e.scan_id == "s1-unit-2"
        ]
    if counted.ok:
        assert moved == 2, (counted, moved)
    else:
        assert moved == 1 and not late, (counted, moved, late)
