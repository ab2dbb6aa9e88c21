"""What a handover list (交接单) prints: one manifest read from storage, ready for the page."""

from __future__ import annotations

from dataclasses import dataclass

from wms_tui.core.handover.records import Manifest, ManifestUnknown, Parcel
from wms_tui.core.ports import UnitOfWork


@dataclass(frozen=True)
class ManifestSheet:
    manifest: Manifest
    parcels: tuple[Parcel, ...]  # on it (removed ones left out), in scan order
    platform_numbers: dict[str, str]  # order -> platform order number


def load_sheet(uow: UnitOfWork, manifest_id: str) -> ManifestSheet:
    manifest = uow.handovers.get(manifest_id)
    if manifest is None:
        raise ManifestUnknown(manifest=manifest_id)
    parcels = tuple(p for p in uow.handovers.parcels(manifest_id) if not p.removed)
    orders = uow.orders.get_many(p.order_no for p in parcels)
    numbers = {n: order.platform_order_no for n, order in orders.items()}
    return ManifestSheet(manifest, parcels, numbers)
