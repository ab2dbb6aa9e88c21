"""Handover (出库登记) on the real database, both engines, through the scan pipeline: every
refusal names why and what to do; closing hands the orders over and ships their stock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.handover.dock import AT, DOCK, Dock, waybill
from wms_tui.core.model import OrderStatus
from wms_tui.core.stock import cancel_order
from wms_tui.i18n import set_language


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


def test_scan_before_a_manifest_is_open_says_to_choose_a_courier(
    factory: SqlUnitOfWorkFactory,
) -> None:
    outcome = Dock(factory).scan(waybill(1))
    assert outcome.error_code == "E951"


def test_a_manifest_takes_its_couriers_parcels_and_closing_hands_them_over(
    factory: SqlUnitOfWorkFactory,
) -> None:
    dock = Dock(factory)
    opened = dock.key("COURIER", "顺丰")
    assert opened.msgid == "handover.opened", opened
    added = dock.scan(waybill(1))
    assert (added.msgid, added.params["count"]) == ("handover.added", 1)
    assert dock.scan("H0003").params["count"] == 2  # the order number works too
    other = dock.scan(waybill(2, "YT"))
    # Named by its code; the message says it in words (圆通速递 / YTO Express).
    assert (other.error_code, other.params["courier"]) == ("E954", "YTO")
    set_language("zh_CN")
    assert "圆通速递" in other.text() and "顺丰速运" in other.text()
    again = dock.scan(waybill(1))
    assert (again.error_code, again.params["by"]) == ("E955", "DOCK-1")
    assert dock.scan("NOPE123").error_code == "E952"
    refused = dock.key("CLOSE", "")
    assert refused.error_code == "E962"  # who collected it must be said
    closed = dock.key("CLOSE", "张师傅")
    assert (closed.msgid, closed.params["count"]) == ("handover.closed", 2), closed
    for order_no in ("H0001", "H0003"):
        assert _status(factory, order_no) is OrderStatus.HANDED_OVER
    with factory() as uow:
        assert uow.ledger.level("TEE", DOCK) == 12 - 4
        assert uow.ledger.level("TEE", "@customer") == 4
        manifest = uow.handovers.get(str(closed.params["manifest"]))
        assert manifest is not None
        assert (manifest.parcels, manifest.collected_by) == (2, "张师傅")
        assert [p.order_no for p in uow.handovers.handed_over(AT, AT.replace(year=2027))] == []
    # A handed-over parcel scanned again names the manifest it left on.
    dock.key("COURIER", "顺丰")
    assert dock.scan(waybill(1)).error_code == "E955"


def test_a_cancelled_parcel_is_intercepted_and_flagged(factory: SqlUnitOfWorkFactory) -> None:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    with factory() as uow:
        cancel_order(uow, "H0005", "buyer cancelled")
        uow.commit()
    stopped = dock.scan(waybill(5))
    assert (stopped.error_code, stopped.params["status"]) == ("E956", "cancelled")
    assert "returns shelf" in stopped.text() or "退货架" in stopped.text()
    with factory() as uow:
        assert uow.handovers.parcel_of("H0005") is None
        actions = list(uow.session.scalars(select(AuditRow.action)))
    assert "handover_intercepted" in actions


def test_cancelled_after_it_was_scanned_must_come_off_before_closing(
    factory: SqlUnitOfWorkFactory,
) -> None:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    dock.scan(waybill(1))
    dock.scan(waybill(5))
    with factory() as uow:
        cancel_order(uow, "H0005", "buyer cancelled")
        uow.commit()
    refused = dock.key("CLOSE", "张师傅")
    assert (refused.error_code, refused.params["order"]) == ("E957", "H0005")
    assert _status(factory, "H0001") is OrderStatus.VERIFIED  # nothing closed
    assert dock.key("REMOVE", "H0005", "other").msgid == "handover.removed"
    assert dock.key("CLOSE", "张师傅").params["count"] == 1
    with factory() as uow:
        pending = {p.order_no: p for p in uow.handovers.at_dock()}
    assert pending["H0005"].status is OrderStatus.CANCELLED  # still at the dock
    assert "H0001" not in pending


def test_undo_takes_the_last_parcel_off(factory: SqlUnitOfWorkFactory) -> None:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    dock.scan(waybill(1))
    dock.scan(waybill(3))
    undone = dock.key("UNDO")
    assert (undone.msgid, undone.params["order"]) == ("handover.removed", "H0003")
    with factory() as uow:
        assert uow.handovers.parcel_of("H0003") is None
        assert uow.handovers.parcel_of("H0001") is not None
    # Taken off, it can go on again.
    assert dock.scan(waybill(3)).msgid == "handover.added"


def test_one_open_manifest_per_courier_and_dock_and_the_dock_chooses(
    factory: SqlUnitOfWorkFactory,
) -> None:
    dock = Dock(factory)
    first = dock.key("COURIER", "顺丰").params["manifest"]
    second = dock.key("COURIER", "圆通").params["manifest"]
    assert first != second
    assert dock.scan(waybill(2, "YT")).msgid == "handover.added"  # the last chosen
    back = dock.key("COURIER", "顺丰")
    assert (back.msgid, back.params["manifest"]) == ("handover.chosen", first)
    other_dock = Dock(factory, "DOCK-B")
    assert other_dock.key("COURIER", "顺丰").params["manifest"] not in (first, second)


@pytest.mark.parametrize("code", ["H0002", "YT000000000002"])
def test_a_parcel_on_another_docks_manifest_is_refused(
    factory: SqlUnitOfWorkFactory, code: str
) -> None:
    a, b = Dock(factory, "DOCK-A"), Dock(factory, "DOCK-B")
    a.key("COURIER", "圆通")
    b.key("COURIER", "圆通")
    assert a.scan(code).msgid == "handover.added"
    refused = b.scan(code)
    assert (refused.error_code, refused.params["station"]) == ("E955", "DOCK-A")
