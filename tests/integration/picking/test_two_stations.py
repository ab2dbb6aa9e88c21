"""Two stations scan the same wave barcode at the same moment (PostgreSQL): exactly one gets
it, the other is told who has it; and a wave row another transaction holds is skipped by
`claim_next_wave`, not waited for (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime
from types import TracebackType
from typing import Any

import pytest
from sqlalchemy import text

from db.engine import make_engine
from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.picking.seed import released_waves
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.service import make_pick_handler, open_session, release_waves
from wms_tui.core.picking.step import CONTEXT
from wms_tui.core.picking.waves import WaveLimits
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan


class _MeetingWaves:
    """Both stations have read the lease as free before either takes it: only the guarded
    UPDATE can then decide."""

    def __init__(self, waves: Any, barrier: threading.Barrier) -> None:
        self._waves = waves
        self._barrier = barrier

    def set_lease(self, wave_no: str, station_id: str, operator: str, since: datetime) -> None:
        self._barrier.wait(timeout=10)
        self._waves.set_lease(wave_no, station_id, operator, since)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._waves, name)


class _MeetingUnitOfWork:
    def __init__(self, uow: SqlUnitOfWork, barrier: threading.Barrier) -> None:
        self._uow = uow
        self._barrier = barrier

    @property
    def waves(self) -> _MeetingWaves:
        return _MeetingWaves(self._uow.waves, self._barrier)

    def __enter__(self) -> _MeetingUnitOfWork:
        self._uow.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._uow.__exit__(kind, error, trace)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)


def _station(
    factory: SqlUnitOfWorkFactory, station: str, barrier: threading.Barrier, clock: FixedClock
) -> ScanPipeline:
    scans = factory.for_scans()  # the units of work a station's pipeline runs on
    pipeline = ScanPipeline(
        lambda: _MeetingUnitOfWork(scans(), barrier),
        clock,
        station,
    )
    pipeline.register(CONTEXT, make_pick_handler(clock, station))
    pipeline.activate(CONTEXT)
    return pipeline


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_both_scan_the_same_wave_at_once(factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    with factory() as uow:
        (wave,) = release_waves(
            uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1"
        ).waves
        open_session(uow, "ST1", "P1")
        open_session(uow, "ST2", "P2")
        uow.commit()
    barrier = threading.Barrier(2)
    outcomes: dict[str, Outcome] = {}

    def scan(station: str) -> None:
        pipeline = _station(factory, station, barrier, clock)
        outcomes[station] = pipeline.process(
            Scan(str(uuid.uuid4()), station, wave.wave_no, received_at=clock.now())
        )

    threads = [threading.Thread(target=scan, args=(s,)) for s in ("ST1", "ST2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    started = [s for s, o in outcomes.items() if o.msgid == "pick.wave.started"]
    refused = [s for s, o in outcomes.items() if o.error_code == "E710"]
    assert len(started) == 1 and len(refused) == 1, outcomes
    winner, loser = started[0], refused[0]
    held = outcomes[loser].params
    name = {"ST1": "Li", "ST2": "Zhao"}[winner]
    assert (held["wave"], held["station"], held["name"]) == (wave.wave_no, winner, name)
    with factory() as uow:
        stored = uow.waves.get(wave.wave_no)
        assert stored is not None and stored.lease_station == winner
        loser_session = uow.pick_sessions.get(loser)
        assert loser_session is not None and loser_session.wave_no == ""


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_a_wave_locked_by_another_transaction_is_skipped_not_waited_for(
    factory: SqlUnitOfWorkFactory, migrated_url: str, clock: FixedClock
) -> None:
    numbers = released_waves(factory)
    with factory() as uow:
        first = uow.waves.claim_next_wave("PROBE", "P1", clock.now())
        assert first is not None
        uow.rollback()  # only to learn which wave comes first
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as other:
            other.begin()
            other.execute(
                text("SELECT wave_no FROM pick_wave WHERE wave_no = :w FOR UPDATE"),
                {"w": first.wave_no},
            )
            with factory() as uow:
                # Waiting would hit this at once; SKIP LOCKED never waits.
                uow.session.execute(text("SET LOCAL lock_timeout = '5s'"))
                claimed = uow.waves.claim_next_wave("ST1", "P1", clock.now())
                uow.commit()
            other.rollback()
    finally:
        engine.dispose()
    assert claimed is not None and claimed.wave_no != first.wave_no
    assert claimed.wave_no in numbers
