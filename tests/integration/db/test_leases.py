"""Work-session leases: one station at a time, resume after a crash, supervisor takeover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.leases import SqlLeases
from db.models import AuditRow
from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.errors import LeaseHeld, NotAllowed
from wms_tui.core.model import Operator, Order, OrderStatus, Role

BOSS = Operator("B-0", "Boss", frozenset({Role.SUPERVISOR}))
PICKER = Operator("B-2", "Li", frozenset({Role.PICKER}))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_one_station_at_a_time(uow_factory: SqlUnitOfWorkFactory) -> None:
    clock = Clock()
    with uow_factory() as uow:
        leases = SqlLeases(uow.session, clock, timedelta(minutes=2))
        first = leases.acquire("inspection", "O-1", station_id="ST1", operator="B-1")
        uow.commit()
    with uow_factory() as uow:
        leases = SqlLeases(uow.session, clock, timedelta(minutes=2))
        with pytest.raises(LeaseHeld) as held:
            leases.acquire("inspection", "O-1", station_id="ST2", operator="B-2")
        assert held.value.params == {
            "station": "ST1",
            "operator": "B-1",
            "since": "2026-11-23T08:00+00:00",
        }
        # Other subjects and other kinds are free.
        leases.acquire("inspection", "O-2", station_id="ST2", operator="B-2")
        leases.acquire("picking", "O-1", station_id="ST2", operator="B-2")
        # The same station comes back to its lease after a crash.
        clock.now += timedelta(minutes=1)
        again = leases.acquire("inspection", "O-1", station_id="ST1", operator="B-1")
        assert again.session_id == first.session_id and again.version == 2
        renewed = leases.renew(again)
        assert renewed.lease_until == clock.now + timedelta(minutes=2)
        uow.commit()
    with uow_factory() as uow:
        leases = SqlLeases(uow.session, clock, timedelta(minutes=2))
        # Lease runs out: another station may carry on, and the first one has lost it.
        clock.now += timedelta(minutes=5)
        moved = leases.acquire("inspection", "O-1", station_id="ST2", operator="B-2")
        assert (moved.station_id, moved.started_at) == ("ST2", clock.now)
        with pytest.raises(LeaseHeld):
            leases.renew(first)
        leases.release(moved)
        assert leases.holder("inspection", "O-1") is None
        uow.commit()


def test_supervisor_takeover_is_audited(uow_factory: SqlUnitOfWorkFactory) -> None:
    clock = Clock()
    with uow_factory() as uow:
        leases = SqlLeases(uow.session, clock)
        leases.acquire("count", "A-01", station_id="ST1", operator="B-1")
        with pytest.raises(NotAllowed):
            leases.takeover("count", "A-01", station_id="ST2", supervisor=PICKER)
        taken = leases.takeover("count", "A-01", station_id="ST9", supervisor=BOSS)
        uow.commit()
    with uow_factory() as uow:
        holder = SqlLeases(uow.session, clock).holder("count", "A-01")
        assert holder == taken and holder.station_id == "ST9"
        audit = uow.session.scalars(select(AuditRow)).one()
        assert (audit.action, audit.operator, audit.subject) == (
            "lease_takeover",
            "B-0",
            "count:A-01",
        )
        assert "ST1" in audit.detail


def test_claim_next_hands_out_free_work(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for order_no in ("O-1", "O-2", "O-3"):
            uow.orders.add(Order(order_no, "jd", "shop", OrderStatus.PICKED))
        uow.commit()
    with uow_factory() as uow:
        uow.leases.acquire("inspection", "O-1", station_id="ST1", operator="B-1")
        uow.commit()
    with uow_factory() as uow:
        got = uow.leases.claim_next(
            "inspection", ["O-1", "O-2", "O-3"], station_id="ST2", operator="B-2"
        )
        assert got is not None and got.subject == "O-2"
        uow.commit()
    with uow_factory() as uow:
        got = uow.leases.claim_next("inspection", ["O-1", "O-2"], station_id="ST3", operator="B-3")
        assert got is None
