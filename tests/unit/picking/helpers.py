"""Steps the picking unit tests share, each in its own committed unit of work."""

from __future__ import annotations

from tests.fakes import FakeDatabase, FixedClock
from wms_tui.core.picking.service import open_session, release_waves
from wms_tui.core.picking.waves import WaveLimits


def release_wave(db: FakeDatabase, clock: FixedClock) -> str:
    """Release M1 and M2 as one wave (M3 does not fit the bins); the wave's number."""
    with db.uow() as uow:
        plan = release_waves(uow, clock, limits=WaveLimits(), operator="SUP", station_id="ST1")
        uow.commit()
    assert [n.order_no for n in plan.not_allocated] == ["M3"]
    (wave,) = plan.waves
    return wave.wave_no


def open_pick_session(db: FakeDatabase, station: str = "ST1", badge: str = "P1") -> None:
    """Log `badge` in to picking at `station`."""
    with db.uow() as uow:
        open_session(uow, station, badge)
        uow.commit()
