"""In-memory fake of handover's port (core/handover/records.py): the same refusals as the
tables' unique indexes, so a screen test over the fakes meets what a dock meets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from tests.fakes.store import _Store
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.handover.records import DockParcel, Manifest, ManifestStatus, Parcel
from wms_tui.core.model import OrderStatus

_AT_DOCK = (OrderStatus.VERIFIED, OrderStatus.ON_HOLD, OrderStatus.CANCELLED)


@dataclass
class HandoverStore:
    manifests: dict[str, Manifest] = field(default_factory=dict)
    parcels: list[Parcel] = field(default_factory=list)
    # Held or cancelled orders that had passed inspection (a verified one is at the dock).
    verified: set[str] = field(default_factory=set)


class FakeHandovers:
    def __init__(self, store: HandoverStore, orders: _Store) -> None:
        self.s = store
        self.orders = orders

    def get(self, manifest_id: str) -> Manifest | None:
        return self.s.manifests.get(manifest_id)

    def open_at_dock(self, dock: str) -> list[Manifest]:
        found = [
            m
            for m in self.s.manifests.values()
            if m.dock == dock and m.status is ManifestStatus.OPEN
        ]
        return sorted(found, key=lambda m: m.selected_at or m.opened_at, reverse=True)

    def add(self, manifest: Manifest) -> None:
        if any(m.courier == manifest.courier for m in self.open_at_dock(manifest.dock)):
            raise ConcurrentChange(subject=manifest.courier)
        self.s.manifests[manifest.manifest_id] = manifest

    def count_with_prefix(self, prefix: str) -> int:
        return sum(1 for m in self.s.manifests if m.startswith(prefix))

    def select(self, manifest_id: str, at: datetime) -> None:
        self.s.manifests[manifest_id] = replace(self.s.manifests[manifest_id], selected_at=at)

    def close(self, manifest: Manifest) -> None:
        stored = self.s.manifests[manifest.manifest_id]
        if stored.version != manifest.version or stored.status is not ManifestStatus.OPEN:
            raise ConcurrentChange(subject=manifest.manifest_id)
        self.s.manifests[manifest.manifest_id] = replace(manifest, version=manifest.version + 1)

    def parcels(self, manifest_id: str) -> list[Parcel]:
        return sorted((p for p in self.s.parcels if p.manifest_id == manifest_id), key=_seq)

    def recent(self, manifest_id: str, limit: int) -> list[Parcel]:
        live = [p for p in self.parcels(manifest_id) if not p.removed]
        return list(reversed(live))[:limit]

    def live_count(self, manifest_id: str) -> int:
        return sum(1 for p in self.parcels(manifest_id) if not p.removed)

    def next_seq(self, manifest_id: str) -> int:
        return max((p.seq for p in self.parcels(manifest_id)), default=0) + 1

    def parcel_of(self, order_no: str) -> Parcel | None:
        return next((p for p in self.s.parcels if p.order_no == order_no and not p.removed), None)

    def add_parcel(self, parcel: Parcel) -> None:
        if self.parcel_of(parcel.order_no) is not None:
            raise ConcurrentChange(subject=parcel.order_no)
        self.s.parcels.append(parcel)

    def remove_parcel(
        self, manifest_id: str, order_no: str, reason: str, by: str, at: datetime
    ) -> None:
        for n, p in enumerate(self.s.parcels):
            if p.manifest_id == manifest_id and p.order_no == order_no and not p.removed:
                self.s.parcels[n] = replace(
                    p, removed=True, removed_reason=reason, removed_by=by, removed_at=at
                )
                return
        raise ConcurrentChange(subject=order_no)

    def at_dock(self) -> list[DockParcel]:
        found: list[DockParcel] = []
        for order in self.orders.orders.values():
            passed = order.status is OrderStatus.VERIFIED or order.order_no in self.s.verified
            if order.status not in _AT_DOCK or not passed:
                continue
            on = self.parcel_of(order.order_no)
            manifest = self.s.manifests.get(on.manifest_id) if on is not None else None
            if manifest is not None and manifest.status is ManifestStatus.CLOSED:
                continue
            found.append(
                DockParcel(
                    order.order_no, order.platform_order_no, order.shop, order.courier,
                    order.waybill, order.status, manifest_id=on.manifest_id if on else "",
                )
            )  # fmt: skip
        return sorted(found, key=lambda p: (p.courier, p.order_no))

    def waiting_by_courier(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for p in self.at_dock():
            if p.status is OrderStatus.VERIFIED and not p.manifest_id:
                counts[p.courier] = counts.get(p.courier, 0) + 1
        return sorted(counts.items())

    def handed_over(self, start: datetime, end: datetime) -> list[DockParcel]:
        found: list[DockParcel] = []
        for p in self.s.parcels:
            manifest = self.s.manifests[p.manifest_id]
            closed = manifest.closed_at
            if p.removed or closed is None or not start <= closed < end:
                continue
            order = self.orders.orders[p.order_no]
            found.append(
                DockParcel(
                    order.order_no, order.platform_order_no, order.shop, order.courier,
                    order.waybill, order.status, closed, manifest.manifest_id,
                )
            )  # fmt: skip
        return found


def _seq(parcel: Parcel) -> int:
    return parcel.seq
