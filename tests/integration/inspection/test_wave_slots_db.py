"""What a wave brought to the bench, on both engines: a slot label (SLOT-07) opens the order
in that slot, the wave's barcode says which wave when slot numbers repeat across waves, and
in a single-item wave chosen by its barcode an item opens only that wave's orders."""

from __future__ import annotations

from datetime import UTC, datetime

from db.picking.models import PickWaveOrderRow, PickWaveRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.inspection.harness import Station
from tests.integration.inspection.seed import MUG_EAN, SUPERVISOR, TEE_EAN
from wms_tui.core.model import Order, OrderLine, OrderStatus

PAID = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
MULTI_1, MULTI_2 = "W261207-001", "W261207-002"
SINGLE_1, SINGLE_2 = "W261207-003", "W261207-004"


def _wave(factory: SqlUnitOfWorkFactory, wave_no: str, kind: str, orders: list[Order]) -> None:
    with factory() as uow:
        for order in orders:
            uow.orders.add(order)
        uow.commit()
        uow.session.add(
            PickWaveRow(
                wave_no=wave_no, kind=kind, status="picked", priority=0, oldest_paid_at=PAID,
                grp="", created_at=PAID, created_by=SUPERVISOR.badge, version=1,
            )
        )  # fmt: skip
        uow.session.flush()
        for position, order in enumerate(orders, start=1):
            uow.session.add(
                PickWaveOrderRow(wave_no=wave_no, position=position, order_no=order.order_no)
            )
        uow.commit()


def _order(order_no: str, lines: list[OrderLine], priority: int = 0) -> Order:
    return Order(
        order_no, "taobao", "店", OrderStatus.PICKED, lines, waybill=f"YT{order_no}",
        priority=priority, paid_at=PAID,
    )  # fmt: skip


def _multi(factory: SqlUnitOfWorkFactory) -> None:
    two = [OrderLine(1, "TEE", 1), OrderLine(2, "MUG", 1)]
    _wave(factory, MULTI_1, "multi", [_order("M1", two), _order("M2", two)])
    _wave(factory, MULTI_2, "multi", [_order("M3", two)])


def test_a_slot_label_opens_its_order_and_the_wave_barcode_tells_slots_apart(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _multi(factory)
    station = Station(factory)
    # Only wave 1 has a second slot: no wave needed.
    opened = station.scan("SLOT-02")
    assert (opened.msgid, opened.params["order"]) == ("inspect.opened", "M2"), opened
    for code in (TEE_EAN, MUG_EAN):
        station.scan(code)
    # Slot 1 waits in both waves: which one is on this bench?
    refused = station.scan("SLOT-01")
    assert refused.error_code == "E848", refused
    assert refused.params["waves"] == f"{MULTI_1}, {MULTI_2}"
    chosen = station.scan(MULTI_2)
    assert (chosen.msgid, chosen.params["waiting"], chosen.params["orders"]) == (
        "inspect.wave.chosen_multi", 1, 1,
    )  # fmt: skip
    assert station.scan("slot-01").params["order"] == "M3"
    for code in (TEE_EAN, MUG_EAN):
        station.scan(code)
    # Wave 2 has no slot 2; M2 of wave 1 passed already.
    assert station.scan(MULTI_1).params["waiting"] == 1
    assert station.scan("SLOT-02").error_code == "E803"  # verified: says when and by whom


def test_slots_and_waves_that_hold_nothing_are_refused_in_words(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _multi(factory)
    station = Station(factory)
    assert station.scan("SLOT-09").error_code == "E847"
    assert station.scan("W999999-999").error_code == "E845"
    with factory() as uow:
        assert uow.inspections.open_at_station("S1") is None  # nothing opened meanwhile


def test_a_chosen_single_item_wave_opens_only_its_own_orders(
    factory: SqlUnitOfWorkFactory,
) -> None:
    one = [OrderLine(1, "TEE", 1)]
    _wave(factory, SINGLE_1, "single", [_order("S1", one), _order("S2", one)])
    _wave(factory, SINGLE_2, "single", [_order("S9", one, priority=5)])
    station = Station(factory)
    chosen = station.scan(SINGLE_1)
    assert chosen.msgid == "inspect.wave.chosen_single" and chosen.params["waiting"] == 2
    # S9 has the higher priority, but it is in the other wave.
    assert station.scan(TEE_EAN).params["order"] == "S1"
    assert station.scan(TEE_EAN).params["order"] == "S2"
    assert station.scan(TEE_EAN).error_code == "E810"  # wave 1 done; S9 waits for its wave
    station.scan(SINGLE_2)
    assert station.scan(TEE_EAN).params["order"] == "S9"
