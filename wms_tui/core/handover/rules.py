"""Handover rules, pure: may this parcel go on this manifest, and what closing a manifest does.

`check_parcel` names the first reason a parcel must not be taken (the order of the checks is
what a dock worker needs to hear first: never ship an intercepted parcel). `close_effects`
turns a manifest's parcels into the status changes and stock moves that ship them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wms_tui.core.clock import day_and_time
from wms_tui.core.couriers import courier_code
from wms_tui.core.couriers import same_courier as same_courier
from wms_tui.core.effects import Audit, Move, SetOrderStatus
from wms_tui.core.handover.records import (
    Intercepted,
    Manifest,
    ParcelArchived,
    ParcelFacts,
    ParcelHandedOver,
    ParcelNotVerified,
    ParcelOnManifest,
    ParcelOtherCourier,
)
from wms_tui.core.handover.records import Parcel as Parcel
from wms_tui.core.model import VIRTUAL_CUSTOMER, MoveReason, OrderLine, OrderStatus

INTERCEPTED = frozenset({OrderStatus.CANCELLED, OrderStatus.ON_HOLD})


def check_parcel(facts: ParcelFacts, manifest: Manifest, on: Parcel | None) -> None:
    """Raises the reason the parcel may not go on `manifest`; `on`: where it already is."""
    if facts.status in INTERCEPTED:
        raise Intercepted(order=facts.order_no, status=facts.status.value)
    if facts.status is OrderStatus.ARCHIVED:
        at = facts.archived_at
        raise ParcelArchived(
            order=facts.order_no, at=at.astimezone().strftime("%Y-%m-%d") if at else "-"
        )
    if on is not None:
        raise ParcelOnManifest(
            order=facts.order_no,
            manifest=on.manifest_id,
            at=day_and_time(on.scanned_at),
            by=on.scanned_by,
            station=on.station_id,
        )
    if facts.status is OrderStatus.HANDED_OVER:
        raise ParcelHandedOver(order=facts.order_no)
    if facts.status is not OrderStatus.VERIFIED:
        raise ParcelNotVerified(order=facts.order_no, status=facts.status.value)
    if facts.courier and not same_courier(facts.courier, manifest.courier):
        raise ParcelOtherCourier(
            order=facts.order_no,
            courier=courier_code(facts.courier),
            manifest_courier=courier_code(manifest.courier),
        )


@dataclass(frozen=True)
class Shipped:
    """One order leaving on a manifest: its lines, as stored."""

    facts: ParcelFacts
    lines: Sequence[OrderLine]


def close_effects(
    manifest: Manifest, shipped: Sequence[Shipped], dock_location: str, new_id: object
) -> list[object]:
    """Every order handed over, its units from the dock to the customer, one audit line."""
    assert callable(new_id)
    # Every status first, then every move: moves in a row are posted together (a few
    # statements for the whole manifest instead of a few per order).
    effects: list[object] = [
        SetOrderStatus(parcel.facts.order_no, OrderStatus.HANDED_OVER) for parcel in shipped
    ]
    for parcel in shipped:
        order_no = parcel.facts.order_no
        for line in parcel.lines:
            effects.append(
                Move(
                    str(new_id()),
                    line.sku_code,
                    line.qty,
                    dock_location,
                    VIRTUAL_CUSTOMER,
                    MoveReason.HANDOVER,
                    f"{order_no}/{line.line_no}",
                )
            )
    detail = f"{manifest.courier}: {len(shipped)} parcels"
    effects.append(Audit("handover_closed", manifest.manifest_id, detail))
    return effects
