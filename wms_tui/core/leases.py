"""The one lease rule: one station at a time works an order, a wave or a location.

A lease names who works a subject (station and operator) and since when. Whoever holds
it may go on, after a crash too (the same station takes its own lease back); anyone else
is refused with the holder's name, until the work is done (the lease is released) or a
supervisor takes it over (audited by the workflow that does it). There is no expiry: an
inspector's lunch break does not hand the order to the next bench.

Every workflow's leases live in one table (db/leases.py): orders at inspection, waves at
picking, locations at counting, returned parcels at returns, and receipts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class LeaseKind(StrEnum):
    ORDER = "order"  # an order on an inspection desk
    WAVE = "wave"  # a wave with its picker
    LOCATION = "location"  # a location with its stocktaker
    RETURN = "return"  # a returned order at a returns station
    RETURN_PARCEL = "return_parcel"  # a parcel that matches no order (无主件), by its code


@dataclass(frozen=True)
class Lease:
    kind: str
    subject: str
    station_id: str
    operator: str
    since: datetime


def holds(lease: Lease | None, station_id: str, operator: str | None = None) -> bool:
    """The rule: a lease is this station's (and, where `operator` is given, this operator's
    too: a wave belongs to its picker, not to whoever stands at the station)."""
    if lease is None or lease.station_id != station_id:
        return False
    return operator is None or lease.operator == operator


class Leases(Protocol):
    """Storage of the one rule. Nothing here decides by a read: taking a lease is an insert
    the database refuses when another is open on the same subject."""

    def holder(self, kind: str, subject: str, *, lock: bool = False) -> Lease | None:
        """The open lease, if any; `lock` holds its row until commit (a takeover waits)."""
        ...

    def take(self, kind: str, subject: str, station_id: str, operator: str, now: datetime) -> Lease:
        """The lease after trying to take it: ours (new, or already ours: its `since` kept),
        or the holder's when somebody else has it. The caller applies `holds`."""
        ...

    def hand_over(
        self, kind: str, subject: str, station_id: str, operator: str, now: datetime
    ) -> Lease:
        """A takeover: whoever holds it loses it, this station and operator get it now."""
        ...

    def release(self, kind: str, subject: str) -> None:
        """The work is done (or set free): nobody holds it."""
        ...

    def held_by(self, kind: str, station_id: str, operator: str | None = None) -> list[str]:
        """The subjects this station (and operator) holds, oldest first."""
        ...
