"""The order desk on both engines: one box finds an order by any of its keys, newest paid
first, a page at a time; the detail tells its whole life; reads take no write lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.handover.dock import Dock, waybill
from tests.unit.imports.helpers import table
from wms_tui.core.errors import InvalidValue, UnknownOrder
from wms_tui.core.imports import ImportKind
from wms_tui.core.imports.service import import_table
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.orders.desk import (
    OrderQuery,
    checked,
    order_detail,
    stock_glance,
)
from wms_tui.core.orders.words import detail_lines

DAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BUYERS = ["张三", "张三丰", "李四", "a*b?[c", "a%b_c", "张三"]


@pytest.fixture
def desk(factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    with factory() as uow:
        for n, buyer in enumerate(BUYERS, start=1):
            uow.orders.add(
                Order(
                    f"D{n:04d}",
                    "taobao",
                    "旗舰店" if n % 2 else "二店",
                    OrderStatus.PENDING,
                    [OrderLine(1, "TEE", n)],
                    buyer=buyer,
                    platform_order_no=f"T{n:019d}",
                    waybill=f"JD{n:010d}",
                    paid_at=DAY + timedelta(hours=n),
                )
            )
        uow.commit()
    return factory


def _find(factory: SqlUnitOfWorkFactory, text: str, **filters: object) -> list[tuple[str, str]]:
    with factory.for_reading()() as uow:
        hits = uow.order_desk.find(checked(OrderQuery(text, **filters)))  # type: ignore[arg-type]
    return [(hit.order_no, hit.matched.value) for hit in hits]


def test_one_box_finds_by_every_key(desk: SqlUnitOfWorkFactory) -> None:
    assert _find(desk, "D0003") == [("D0003", "order_no")]
    assert _find(desk, "JD0000000004") == [("D0004", "waybill")]
    assert _find(desk, "T0000000000000000002") == [("D0002", "platform_order_no")]
    assert _find(desk, waybill(3, "SF")) == [("H0003", "waybill")]
    # A two-character name whole, and as the beginning of a three-character one; newest
    # paid first.
    assert _find(desk, "张三") == [("D0006", "buyer"), ("D0002", "buyer"), ("D0001", "buyer")]
    assert _find(desk, "张三丰") == [("D0002", "buyer")]
    assert _find(desk, "张") == [("D0006", "buyer"), ("D0002", "buyer"), ("D0001", "buyer")]
    # Pattern characters are only characters.
    assert _find(desk, "a*b?[") == [("D0004", "buyer")]
    assert _find(desk, "a%b_") == [("D0005", "buyer")]
    assert _find(desk, "a%") == [("D0005", "buyer")]
    assert _find(desk, "nobody") == []


def test_filters_dates_and_pages(desk: SqlUnitOfWorkFactory) -> None:
    every = [no for no, _by in _find(desk, "TEE", limit=50)]
    assert every[:6] == ["D0006", "D0005", "D0004", "D0003", "D0002", "D0001"]
    assert every[6:] == ["H0006", "H0005", "H0004", "H0003", "H0002", "H0001"]  # unpaid last
    assert _find(desk, "TEE", limit=2, offset=2) == [("D0004", "sku"), ("D0003", "sku")]
    in_range = _find(desk, "TEE", paid_from=DAY + timedelta(hours=2),
                     paid_to=DAY + timedelta(hours=4))  # fmt: skip
    assert in_range == [("D0003", "sku"), ("D0002", "sku")]
    assert [no for no, _ in _find(desk, "TEE", shop="二店")] == ["D0006", "D0004", "D0002"]
    verified = _find(desk, "TEE", statuses=(OrderStatus.VERIFIED,), limit=3)
    assert [no for no, _ in verified] == ["H0006", "H0005", "H0004"]


def test_a_query_that_cannot_be_run_is_refused_clearly() -> None:
    for bad in (OrderQuery("  "), OrderQuery("x\x1b[2J"), OrderQuery("x", limit=0),
                OrderQuery("x", paid_from=DAY, paid_to=DAY)):  # fmt: skip
        with pytest.raises(InvalidValue):
            checked(bad)


def test_the_detail_tells_the_orders_life(factory: SqlUnitOfWorkFactory) -> None:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    dock.scan(waybill(1))
    assert dock.key("CLOSE", "张师傅").msgid == "handover.closed"
    with factory.for_reading()() as uow:
        detail = order_detail(uow, waybill(1))  # found by its waybill too
        with pytest.raises(UnknownOrder):
            order_detail(uow, "NO-SUCH")
    assert detail.order.order_no == "H0001" and detail.skus["TEE"].name("zh_CN") == "白色T恤"
    whats = [entry.what for entry in detail.timeline]
    assert "verified" in whats and "handover_scanned" in whats and "move_handover" in whats
    moved = next(e for e in detail.timeline if e.what == "move_handover")
    assert moved.detail == "TEE ×2 DOCK-01 → @customer"
    assert [e.at for e in detail.timeline] == sorted(e.at for e in detail.timeline)


def test_stock_at_a_glance(factory: SqlUnitOfWorkFactory) -> None:
    with factory.for_reading()() as uow:
        glance = stock_glance(uow, "TEE")
    assert [(lv.location, lv.on_hand) for lv in glance.levels] == [("DOCK-01", 12)]
    assert (glance.reserved, glance.quarantined) == (0, 0)


def test_the_desk_reads_while_another_process_holds_the_write_lock(
    desk: SqlUnitOfWorkFactory,
) -> None:
    url = desk.engine.url
    if url.get_backend_name() != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    holder = sqlite3.connect(str(make_url(url).database), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert _find(desk, "张三丰") == [("D0002", "buyer")]
        with desk.for_reading()() as uow:
            assert order_detail(uow, "D0002").order.buyer == "张三丰"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_receiver_phone_and_address_come_in_and_find_the_order(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """Exports name them 收货人 / 联系电话 / 收货地址 (a masked phone too): they were dropped;
    now they are kept, the phone's last four digits find the order, and the detail shows
    where the parcel goes."""
    header = ["订单号", "平台", "店铺", "商家编码", "数量", "收货人", "联系电话", "收货地址"]
    data = table(header, ["IM-1", "淘宝", "旗舰店", "TEE", "1", "王小明", "138****5678",
                          "浙江省杭州市西湖区文三路 1 号"],
                 ["IM-2", "淘宝", "旗舰店", "TEE", "2", "王小红", "13900001234", ""])  # fmt: skip
    import_table(factory, FixedClock(), ImportKind.ORDERS, data, "OP-ADM-1", "PACK-01")
    assert _find(factory, "5678") == [("IM-1", "phone")]
    assert _find(factory, "王小") == [("IM-2", "receiver"), ("IM-1", "receiver")]
    with factory.for_reading()() as uow:
        shown = detail_lines(order_detail(uow, "IM-1"))
    assert any(
        line.endswith("王小明 · 138****5678 · 浙江省杭州市西湖区文三路 1 号") for line in shown
    )
