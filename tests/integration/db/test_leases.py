"""The one lease table: one station at a time, resume after a crash, hand-over, release.

Orders at inspection, waves at picking and locations at counting all lease through it
(their own tests cover each workflow's use); here the table and the rule themselves.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.leases import SqlLeases
from db.models import WorkSessionRow
from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.leases import Lease, holds

AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_one_station_at_a_time(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.leases.take("order", "O-1", "ST1", "B-1", AT)
        uow.commit()
    assert first == Lease("order", "O-1", "ST1", "B-1", AT)
    with uow_factory() as uow:
        # Somebody else is told who holds it, and since when.
        other = uow.leases.take("order", "O-1", "ST2", "B-2", AT + timedelta(minutes=1))
        assert other == first and not holds(other, "ST2", "B-2")
        # Other subjects and other kinds are free.
        assert holds(uow.leases.take("order", "O-2", "ST2", "B-2", AT), "ST2", "B-2")
        assert holds(uow.leases.take("wave", "O-1", "ST2", "B-2", AT), "ST2")
        # The same station comes back to its lease after a crash, its `since` kept.
        again = uow.leases.take("order", "O-1", "ST1", "B-1", AT + timedelta(hours=1))
        assert again == first
        uow.commit()
    with uow_factory() as uow:
        assert uow.leases.held_by("order", "ST2") == ["O-2"]
        assert uow.leases.held_by("order", "ST1", "B-1") == ["O-1"]
        assert uow.leases.held_by("order", "ST1", "B-9") == []


def test_hand_over_and_release_keep_the_history(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.leases.take("location", "A-01", "ST1", "B-1", AT)
        moved = uow.leases.hand_over("location", "A-01", "ST9", "B-9", AT + timedelta(minutes=5))
        uow.commit()
    assert (moved.station_id, moved.operator, moved.since) == (
        "ST9", "B-9", AT + timedelta(minutes=5),
    )  # fmt: skip
    with uow_factory() as uow:
        assert uow.leases.holder("location", "A-01") == moved
        uow.leases.release("location", "A-01")
        assert uow.leases.holder("location", "A-01") is None
        uow.commit()
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(WorkSessionRow.station_id, WorkSessionRow.status)
            .where(WorkSessionRow.subject == "A-01")
            .order_by(WorkSessionRow.id)
        ).all()
    assert [tuple(r) for r in rows] == [("ST1", "taken_over"), ("ST9", "closed")]


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_stations_taking_one_subject_at_once_get_one_holder(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """The database decides, not a read: of eight stations taking the same wave in the
    same instant, exactly one holds it and the other seven are told it is that one's."""
    barrier = threading.Barrier(8)
    got: dict[str, Lease] = {}

    def take(station: str) -> None:
        with uow_factory() as uow:
            SqlLeases(uow.session).holder("wave", "W-1")  # connected before the start line
            barrier.wait(timeout=30)
            got[station] = uow.leases.take("wave", "W-1", station, "P", AT)
            uow.commit()

    threads = [threading.Thread(target=take, args=(f"ST{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = {station for station, lease in got.items() if holds(lease, station)}
    assert len(got) == 8 and len(winners) == 1
    (winner,) = winners
    assert all(lease.station_id == winner for lease in got.values())
