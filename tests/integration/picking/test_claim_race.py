"""Four stations (processes) claim waves at the same moment: no wave goes to two of them."""

from __future__ import annotations

import multiprocessing

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.integration.picking.seed import released_waves
from tests.integration.picking.workers import claim_all
from wms_tui.core.picking.records import WaveStatus

PROCESSES = 4


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_four_stations_claim_at_once(factory: SqlUnitOfWorkFactory, migrated_url: str) -> None:
    numbers = released_waves(factory)
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
