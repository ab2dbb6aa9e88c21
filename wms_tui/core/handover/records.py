"""Handover to the courier (出库登记): manifests, the parcels on them, the port `db/` implements
and the errors (E95x).

A manifest (交接单) is one courier's collection at one dock. Each parcel scanned onto it is a
row; a parcel taken off keeps its row, marked removed with why, by whom and when. The
database, not a read, makes sure an order is on one manifest at most (a partial unique index
over the parcels not removed) and a courier has one open manifest per dock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Protocol

from wms_tui.core.errors import WmsError
from wms_tui.core.model import OrderStatus


class ManifestStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Manifest:
    manifest_id: str
    courier: str
    dock: str  # the station it is open at
    opened_by: str
    opened_at: datetime
    status: ManifestStatus = ManifestStatus.OPEN
    selected_at: datetime | None = None  # the dock's parcels go to the one chosen last
    closed_by: str = ""
    closed_at: datetime | None = None
    collected_by: str = ""  # the courier's person who took the parcels
    parcels: int = 0  # counted when it is closed
    version: int = 1


@dataclass(frozen=True)
class Parcel:
    manifest_id: str
    order_no: str
    waybill: str
    scanned_by: str
    station_id: str
    scanned_at: datetime
    seq: int = 0  # the order scanned on the manifest, 1 first
    removed: bool = False
    removed_reason: str = ""
    removed_by: str = ""
    removed_at: datetime | None = None


@dataclass(frozen=True)
class ParcelFacts:
    """What the dock needs of an order to take its parcel (or to refuse it)."""

    order_no: str
    status: OrderStatus
    courier: str
    waybill: str
    version: int
    archived_at: datetime | None = None


@dataclass(frozen=True)
class DockParcel:
    """A parcel at the dock for `wms handover pending` and the shops' export."""

    order_no: str
    platform_order_no: str
    shop: str
    courier: str
    waybill: str
    status: OrderStatus
    handed_over_at: datetime | None = None
    manifest_id: str = ""


class HandoverRepository(Protocol):
    def get(self, manifest_id: str) -> Manifest | None: ...

    def open_at_dock(self, dock: str) -> list[Manifest]:
        """The dock's open manifests, the one chosen last first."""
        ...

    def add(self, manifest: Manifest) -> None:
        """Raises ConcurrentChange when the courier already has an open manifest here."""
        ...

    def count_with_prefix(self, prefix: str) -> int:
        """Manifests whose id starts with `prefix` (a dock's of one day)."""
        ...

    def select(self, manifest_id: str, at: datetime) -> None: ...

    def close(self, manifest: Manifest) -> None:
        """Store closed_*, collected_by and parcels; ConcurrentChange when the version moved."""
        ...

    def parcels(self, manifest_id: str) -> list[Parcel]:
        """Every parcel row of the manifest, removed ones too, in scan order."""
        ...

    def recent(self, manifest_id: str, limit: int) -> list[Parcel]:
        """The last `limit` parcels on the manifest (not removed), last first."""
        ...

    def live_count(self, manifest_id: str) -> int:
        """Parcels on the manifest, removed ones not counted."""
        ...

    def next_seq(self, manifest_id: str) -> int: ...

    def parcel_of(self, order_no: str) -> Parcel | None:
        """The order's parcel on a manifest (not removed), wherever it is."""
        ...

    def add_parcel(self, parcel: Parcel) -> None:
        """Raises ConcurrentChange when the order is already on a manifest (another dock
        scanned it at the same moment)."""
        ...

    def remove_parcel(
        self, manifest_id: str, order_no: str, reason: str, by: str, at: datetime
    ) -> None: ...

    def at_dock(self) -> list[DockParcel]:
        """Parcels that passed inspection and have not left: verified ones on no closed
        manifest, and ones held or cancelled after they passed (to the returns shelf)."""
        ...

    def waiting_by_courier(self) -> list[tuple[str, int]]:
        """Verified parcels on no manifest, counted per courier (one aggregate read)."""
        ...

    def handed_over(self, start: datetime, end: datetime) -> list[DockParcel]:
        """Orders whose manifest was closed in [start, end), by handover time."""
        ...


# --- errors: E95x is handover's range; codes are stable, never reuse one -----------------
class HandoverError(WmsError):
    code = "E950"
    msgid = "handover.error.generic"


class NoManifestOpen(HandoverError):
    code = "E951"
    msgid = "handover.error.no_manifest"


class ParcelUnknown(HandoverError):
    code = "E952"
    msgid = "handover.error.unknown"


class ParcelNotVerified(HandoverError):
    code = "E953"
    msgid = "handover.error.not_verified"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status."}


class ParcelOtherCourier(HandoverError):
    code = "E954"
    msgid = "handover.error.other_courier"
    translated_params: ClassVar[dict[str, str]] = {
        "courier": "courier.", "manifest_courier": "courier."
    }  # fmt: skip


class ParcelOnManifest(HandoverError):
    code = "E955"
    msgid = "handover.error.on_manifest"


class Intercepted(HandoverError):
    """Held or cancelled after it passed: never shipped. Recorded (audit), not rolled back."""

    code = "E956"
    msgid = "handover.intercepted"
    translated_params: ClassVar[dict[str, str]] = {"status": "order.status."}


class InterceptedOnManifest(HandoverError):
    code = "E957"
    msgid = "handover.error.intercepted_on_manifest"


class NothingToUndo(HandoverError):
    code = "E958"
    msgid = "handover.error.nothing_to_undo"


class ParcelNotOnManifest(HandoverError):
    code = "E959"
    msgid = "handover.error.not_on_manifest"


class EmptyManifest(HandoverError):
    code = "E960"
    msgid = "handover.error.empty"


class ManifestClosed(HandoverError):
    code = "E961"
    msgid = "handover.error.closed"


class CollectorNeeded(HandoverError):
    code = "E962"
    msgid = "handover.error.collector"


class ParcelArchived(HandoverError):
    code = "E963"
    msgid = "handover.error.archived"


class ManifestUnknown(HandoverError):
    code = "E964"
    msgid = "handover.error.no_such_manifest"


class BadDate(HandoverError):
    code = "E965"
    msgid = "handover.error.bad_date"


class ParcelHandedOver(HandoverError):
    code = "E966"
    msgid = "handover.error.handed_over"
