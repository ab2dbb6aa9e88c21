"""Packing a single-item wave (一单一件) on both engines: with no order open, an item scan
opens the next order of a single-item wave needing that SKU (priority first, then the
oldest paid), counts the item and passes it; the next scan opens the next order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.picking.models import PickWaveOrderRow, PickWaveRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.inspection.harness import Station
from tests.integration.inspection.seed import MUG_EAN, SUPERVISOR, TEE_EAN
from wms_tui.core.model import Order, OrderLine, OrderStatus

PAID = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _single_wave(factory: SqlUnitOfWorkFactory) -> None:
    """W1, single-item: S3 (priority), S1, S2 (oldest paid first) of one TEE each; S4 needs
    two TEEs, so it is no single-item order."""
    with factory() as uow:
        for n, (qty, priority, hours) in enumerate(
            ((1, 0, 1), (1, 0, 2), (1, 5, 3), (2, 0, 0)), start=1
        ):
            uow.orders.add(
                Order(
                    f"S{n}", "taobao", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", qty)],
                    waybill=f"YTS{n}", priority=priority, paid_at=PAID + timedelta(hours=hours),
                )
            )  # fmt: skip
        uow.commit()
        uow.session.add(
            PickWaveRow(
                wave_no="W1", kind="single", status="picked", priority=0, oldest_paid_at=PAID,
                grp="", created_at=PAID, created_by=SUPERVISOR.badge, version=1,
            )
        )  # fmt: skip
        uow.session.flush()
        for position, order_no in enumerate(("S1", "S2", "S3", "S4"), start=1):
            uow.session.add(PickWaveOrderRow(wave_no="W1", position=position, order_no=order_no))
        uow.commit()


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


def test_an_item_scan_opens_and_passes_the_next_single_item_order(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _single_wave(factory)
    station = Station(factory)
    first = station.scan(TEE_EAN)
    assert (first.msgid, first.params["order"]) == ("inspect.passed", "S3"), first
    assert station.scan(TEE_EAN).params["order"] == "S1"
    assert station.scan(TEE_EAN).params["order"] == "S2"
    assert [_status(factory, n) for n in ("S1", "S2", "S3")] == [OrderStatus.VERIFIED] * 3
    # No single-item order left for TEE (S4 has two units): refused as before.
    assert station.scan(TEE_EAN).error_code == "E810"
    assert _status(factory, "S4") is OrderStatus.PICKED
    # An item no single-item order needs opens nothing.
    assert station.scan(MUG_EAN).error_code == "E810"
