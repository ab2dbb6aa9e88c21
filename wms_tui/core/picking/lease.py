"""One picker per wave: the lease checks shared by the step, the services and `db/`."""

from __future__ import annotations

from datetime import datetime

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


def leased_to(wave: Wave, station_id: str, operator: str) -> bool:
    return (wave.lease_station, wave.lease_operator) == (station_id, operator)


def check_lease(wave: Wave, station_id: str, operator: str, holder_name: str = "") -> None:
    """One picker per wave: anyone else is told who has it, by name and station."""
    if wave.lease_station and not leased_to(wave, station_id, operator):
        raise lease_held(
            wave.wave_no, wave.lease_station, wave.lease_operator, holder_name, wave.lease_since
        )
