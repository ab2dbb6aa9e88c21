"""One picker per wave: the lease checks shared by the step, the services and `db/`."""

from __future__ import annotations

from datetime import datetime

from wms_tui.core.leases import Lease, LeaseKind, holds
from wms_tui.core.picking.errors import WaveLeaseHeld
from wms_tui.core.picking.records import Wave


def lease_held(
    wave_no: str, station: str, operator: str, name: str, since: datetime | None
) -> WaveLeaseHeld:
    return WaveLeaseHeld(
        wave=wave_no,
        station=station,
        operator=operator,
        name=name or operator,
        since=f"{since:%H:%M}" if since else "-",
    )


def wave_lease(wave: Wave) -> Lease | None:
    """The wave's lease as the one lease rule sees it (core/leases.py)."""
    if not wave.lease_station:
        return None
    since = wave.lease_since or wave.created_at or datetime.min
    return Lease(LeaseKind.WAVE, wave.wave_no, wave.lease_station, wave.lease_operator, since)


def leased_to(wave: Wave, station_id: str, operator: str) -> bool:
    """A wave belongs to its picker at their station, not to whoever stands there."""
    return holds(wave_lease(wave), station_id, operator)


def check_lease(wave: Wave, station_id: str, operator: str, holder_name: str = "") -> None:
    """One picker per wave: anyone else is told who has it, by name and station."""
    if wave_lease(wave) is not None and not leased_to(wave, station_id, operator):
        raise lease_held(
            wave.wave_no, wave.lease_station, wave.lease_operator, holder_name, wave.lease_since
        )
