"""Handover rules, pure: which parcel may go on which manifest, and what closing does."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from wms_tui.core.effects import Audit, Move, SetOrderStatus
from wms_tui.core.errors import WmsError
from wms_tui.core.handover.records import (
    Intercepted,
    Manifest,
    Parcel,
    ParcelArchived,
    ParcelFacts,
    ParcelHandedOver,
    ParcelNotVerified,
    ParcelOnManifest,
    ParcelOtherCourier,
)
from wms_tui.core.handover.rules import Shipped, check_parcel, close_effects, same_courier
from wms_tui.core.model import MoveReason, OrderLine, OrderStatus

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
SF = Manifest("HM1", "顺丰", "DOCK-A", "DOC-1", AT)


def facts(status: OrderStatus = OrderStatus.VERIFIED, courier: str = "顺丰") -> ParcelFacts:
    return ParcelFacts("SO1", status, courier, "SF1", 3)


ON_OTHER = Parcel("HM9", "SO1", "SF1", "DOC-2", "DOCK-B", AT)


@pytest.mark.parametrize(
    ("given", "on", "refused"),
    [
        (facts(), None, None),
        (facts(courier=""), None, None),  # no courier imported: any manifest takes it
        (facts(courier="顺丰速运"), None, None),
        (facts(courier="圆通"), None, ParcelOtherCourier),
        (facts(OrderStatus.PICKED), None, ParcelNotVerified),
        (facts(OrderStatus.HANDED_OVER), ON_OTHER, ParcelOnManifest),
        (facts(OrderStatus.HANDED_OVER), None, ParcelHandedOver),
        (facts(), ON_OTHER, ParcelOnManifest),
        (facts(OrderStatus.ARCHIVED), None, ParcelArchived),
        # Intercepted comes first, whatever else is true: it must never ship.
        (facts(OrderStatus.CANCELLED, courier="圆通"), ON_OTHER, Intercepted),
        (facts(OrderStatus.ON_HOLD), None, Intercepted),
    ],
)
def test_which_parcel_goes_on_which_manifest(
    given: ParcelFacts, on: Parcel | None, refused: type[WmsError] | None
) -> None:
    if refused is None:
        check_parcel(given, SF, on)
    else:
        with pytest.raises(refused):
            check_parcel(given, SF, on)


def test_a_parcel_on_another_manifest_says_where_when_and_by_whom() -> None:
    with pytest.raises(ParcelOnManifest) as refused:
        check_parcel(facts(), SF, ON_OTHER)
    assert {k: refused.value.params[k] for k in ("manifest", "by", "station")} == {
        "manifest": "HM9",
        "by": "DOC-2",
        "station": "DOCK-B",
    }


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("顺丰", "顺丰速运", True), ("SF", "sf", True), ("圆通", "顺丰", False), ("", "顺丰", False)],
)
def test_couriers_are_compared_as_people_write_them(a: str, b: str, same: bool) -> None:
    assert same_courier(a, b) is same


def test_closing_hands_every_order_over_and_ships_each_line_from_the_dock() -> None:
    ids = itertools.count(1)
    shipped = [
        Shipped(facts(), [OrderLine(1, "TEE", 2), OrderLine(2, "MUG", 1, is_gift=True)]),
        Shipped(
            ParcelFacts("SO2", OrderStatus.VERIFIED, "顺丰", "SF2", 1), [OrderLine(1, "TEE", 1)]
        ),
    ]
    effects = close_effects(SF, shipped, "DOCK-01", lambda: f"m{next(ids)}")
    assert [e for e in effects if isinstance(e, SetOrderStatus)] == [
        SetOrderStatus("SO1", OrderStatus.HANDED_OVER),
        SetOrderStatus("SO2", OrderStatus.HANDED_OVER),
    ]
    moves = [e for e in effects if isinstance(e, Move)]
    assert [(m.sku_code, m.qty, m.from_location, m.to_location, m.reference) for m in moves] == [
        ("TEE", 2, "DOCK-01", "@customer", "SO1/1"),
        ("MUG", 1, "DOCK-01", "@customer", "SO1/2"),
        ("TEE", 1, "DOCK-01", "@customer", "SO2/1"),
    ]
    assert {m.reason for m in moves} == {MoveReason.HANDOVER}
    assert [e for e in effects if isinstance(e, Audit)] == [
        Audit("handover_closed", "HM1", "顺丰: 2 parcels")
    ]
