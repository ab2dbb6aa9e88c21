"""What the desk reads of an order while it is inspected, on SQLite and PostgreSQL.

A scan of an open order reads the order's version; its lines only when that moved. Status
changes are guarded by the version the scan read.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.uow import SqlUnitOfWorkFactory
from tests.integration.inspection.harness import Station
from tests.integration.inspection.seed import TEE_EAN
from tests.sql_log import statements
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import OrderStatus


def test_scans_of_an_open_order_read_its_lines_once(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory)
    assert station.scan("YT1").msgid == "inspect.opened"
    with statements(factory.engine) as seen:
        assert station.scan(TEE_EAN).msgid == "inspect.counted"
        assert station.scan(TEE_EAN).msgid == "inspect.counted"
        assert station.scan(TEE_EAN).msgid == "inspect.passed"
    assert not [s for s in seen if "FROM order_lines" in s]
    status_updates = [s for s in seen if s.startswith("UPDATE orders SET status")]
    assert len(status_updates) == 1  # the pass: guarded by the version read, not re-read
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and (order.status, order.version) == (OrderStatus.VERIFIED, 2)


def test_an_order_changed_between_scans_is_read_again(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory)
    station.scan("YT1")
    station.scan(TEE_EAN)
    with factory() as uow:  # customer service adds a remark meanwhile
        uow.session.execute(
            text(
                "UPDATE orders SET seller_remark = '易碎', version = version + 1"
                " WHERE order_no = 'T1'"
            )
        )
        uow.commit()
    station.scan(TEE_EAN)
    # The old sheet had no remark and would have passed here.
    assert station.scan(TEE_EAN).msgid == "inspect.ack_to_pass"
    assert station.scan("CMD:ACK").msgid == "inspect.passed"
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and (order.status, order.version) == (OrderStatus.VERIFIED, 3)


def test_a_status_change_on_a_moved_version_is_refused(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        assert uow.orders.version("T1") == 1
        with pytest.raises(ConcurrentChange):
            uow.orders.change_status("T1", OrderStatus.PICKED, 0, OrderStatus.VERIFIED)
        uow.orders.change_status("T1", OrderStatus.PICKED, 1, OrderStatus.ON_HOLD, "缺货")
        uow.commit()
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None
        assert (order.status, order.version, order.hold_reason) == (OrderStatus.ON_HOLD, 2, "缺货")
        assert uow.orders.version("missing") is None
