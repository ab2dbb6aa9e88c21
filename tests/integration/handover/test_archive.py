"""Archiving (归档) on both engines: `wms orders archive` for a verified supervisor archives
what was done with; the database refuses any change to an archived order or its lines; the
dock and the inspection desk say "archived on D, read-only"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.uow import SqlUnitOfWorkFactory
from tests.integration.cli.helpers import SUPERVISOR, run_as, seed_people, write_config
from tests.integration.handover.dock import Dock, waybill
from wms_tui.core.lookup import lookup
from wms_tui.core.model import OrderStatus
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.core.stock import cancel_order

CONFIG = ResolverConfig()


def _hand_over_and_cancel(factory: SqlUnitOfWorkFactory) -> str:
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    dock.scan(waybill(1))
    closed = dock.key("CLOSE", "张师傅")
    assert closed.msgid == "handover.closed"
    with factory() as uow:
        cancel_order(uow, "H0004", "buyer cancelled")
        uow.commit()
        manifest = uow.handovers.get(str(closed.params["manifest"]))
        assert manifest is not None and manifest.closed_at is not None
        return (manifest.closed_at + timedelta(days=1)).astimezone().date().isoformat()


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


@pytest.fixture
def archived(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path
) -> SqlUnitOfWorkFactory:
    tomorrow = _hand_over_and_cancel(factory)
    seed_people(migrated_url)
    config = write_config(tmp_path, migrated_url)
    assert run_as(config, SUPERVISOR, "orders", "archive", "--before", tomorrow, "--yes") == 0
    return factory


def test_a_supervisor_archives_what_was_done_with(archived: SqlUnitOfWorkFactory) -> None:
    assert _status(archived, "H0001") is OrderStatus.ARCHIVED  # handed over
    assert _status(archived, "H0004") is OrderStatus.ARCHIVED  # cancelled
    assert _status(archived, "H0003") is OrderStatus.VERIFIED  # still at the dock
    with archived() as uow:
        order = uow.orders.get("H0001")
        assert order is not None and order.archived_at is not None
        assert [a for a in uow.session.execute(text("SELECT action FROM audit_log")).scalars()
                if a == "orders_archived"] == ["orders_archived"]  # fmt: skip


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE orders SET buyer = 'x' WHERE order_no = 'H0001'",
        "DELETE FROM orders WHERE order_no = 'H0001'",
        "UPDATE order_lines SET qty = 9 WHERE order_no = 'H0001'",
        "DELETE FROM order_lines WHERE order_no = 'H0001'",
        "INSERT INTO order_lines (order_no, line_no, sku_code, qty, is_gift) "
        "VALUES ('H0001', 9, 'TEE', 1, false)",
    ],
)
def test_the_database_refuses_any_change_to_an_archived_order(
    archived: SqlUnitOfWorkFactory, statement: str
) -> None:
    with archived() as uow, pytest.raises(DBAPIError, match="archived order is read-only"):
        uow.session.execute(text(statement))
        uow.session.flush()


def test_an_archived_parcel_scanned_at_the_dock_says_archived_on_which_day(
    archived: SqlUnitOfWorkFactory,
) -> None:
    dock = Dock(archived, "DOCK-B")
    dock.key("COURIER", "顺丰")
    refused = dock.scan(waybill(1))
    assert refused.error_code == "E963" and refused.params["at"] != "-"
    assert "read-only" in refused.text()


def test_archiving_asks_once_more_and_a_no_archives_nothing(
    factory: SqlUnitOfWorkFactory,
    migrated_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tomorrow = _hand_over_and_cancel(factory)
    seed_people(migrated_url)
    config = write_config(tmp_path, migrated_url)
    monkeypatch.setattr("sys.stdin", _Answer("n\n"))
    assert run_as(config, SUPERVISOR, "orders", "archive", "--before", tomorrow) == 1
    assert _status(factory, "H0001") is OrderStatus.HANDED_OVER


class _Answer:
    def __init__(self, line: str) -> None:
        self.line = line

    def readline(self) -> str:
        return self.line


def test_an_archived_order_looked_up_says_archived_on_which_day(
    archived: SqlUnitOfWorkFactory,
) -> None:
    with archived() as uow:
        said = lookup(uow, Scan("s1", "test", waybill(1), received_at=datetime.now(UTC)), CONFIG)
    assert said.msgid == "lookup.kind.order_archived" and "read-only" in said.text()
