"""Four stations (processes) claim waves at the same moment: no wave goes to two of them."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.picking.workers import claim_all
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.picking.records import Allocation, Wave, WaveKind, WaveStatus

PROCESSES = 4
WAVES = 60
PAID = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _waves(factory: SqlUnitOfWorkFactory) -> list[str]:
    numbers = []
    with factory() as uow:
        for n in range(WAVES):
            order_no = f"R{n:03d}"
            uow.orders.add(
                Order(order_no, "jd", "店", OrderStatus.RELEASED, [OrderLine(1, "CAP", 1)])
            )
            wave_no = f"W261123-{n + 1:03d}"
            uow.waves.add(
                Wave(
                    wave_no,
                    WaveKind.SINGLE,
                    WaveStatus.RELEASED,
                    (order_no,),
                    (Allocation(0, order_no, 1, "CAP", "B-01", 2, 1),),
                    priority=n % 3,
                    oldest_paid_at=PAID + timedelta(minutes=n),
                    created_at=PAID,
                    created_by="SUP",
                )
            )
            numbers.append(wave_no)
        uow.commit()
    return numbers


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_four_stations_claim_at_once(factory: SqlUnitOfWorkFactory, migrated_url: str) -> None:
    numbers = _waves(factory)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(PROCESSES) as pool:
        # The start line: all four connected, then released at once, however slow the spawn.
        start = manager.Barrier(PROCESSES)
        running = pool.starmap_async(
            claim_all, [(migrated_url, worker, start) for worker in range(PROCESSES)]
        )
        claims = running.get(timeout=300)  # a worker that fails fails the test, never hangs
    everything = [wave_no for claimed in claims for wave_no in claimed]
    assert len(everything) == len(set(everything)), "a wave went to two stations"
    assert sorted(everything) == numbers
    with factory() as uow:
        leased = {w.wave_no: w.lease_station for w in uow.waves.by_status({WaveStatus.RELEASED})}
    for worker, claimed in enumerate(claims):
        assert all(leased[w].startswith(f"ST{worker}-") for w in claimed)
    # Each station got its claims in priority order: highest priority first.
    with factory() as uow:
        priorities = {w.wave_no: w.priority for w in uow.waves.by_status({WaveStatus.RELEASED})}
    for claimed in claims:
        got = [priorities[w] for w in claimed]
        assert got == sorted(got, reverse=True)
