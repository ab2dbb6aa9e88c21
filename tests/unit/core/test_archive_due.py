"""Archiving by the station's upkeep (`[orders] archive_after_days`) and its config key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.fakes import FakeDatabase, FixedClock
from wms_tui.config import load_settings
from wms_tui.core.errors import ConfigError
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.orders.archive import UPKEEP, archive_due


def test_orders_done_with_long_enough_ago_are_archived_by_the_upkeep() -> None:
    db, clock = FakeDatabase(), FixedClock()
    with db.uow() as uow:
        for n, (status, days) in enumerate(
            ((OrderStatus.HANDED_OVER, 40), (OrderStatus.CANCELLED, 40),
             (OrderStatus.HANDED_OVER, 2), (OrderStatus.VERIFIED, 40)),
            start=1,
        ):  # fmt: skip
            uow.orders.add(
                Order(f"A{n}", "jd", "店", status, [OrderLine(1, "TEE", 1)],
                      paid_at=clock.now() - timedelta(days=days))
            )  # fmt: skip
        uow.commit()
    with db.uow() as uow:
        done = archive_due(uow, clock, days=30, station_id="S1")
        uow.commit()
    assert done.archived == ("A1", "A2")
    with db.uow() as uow:
        statuses = {n: o.status for n in ("A1", "A2", "A3", "A4") if (o := uow.orders.get(n))}
    assert statuses == {
        "A1": OrderStatus.ARCHIVED,
        "A2": OrderStatus.ARCHIVED,
        "A3": OrderStatus.HANDED_OVER,
        "A4": OrderStatus.VERIFIED,
    }
    (event,) = [a for a in db.store.audit if a.action == "orders_archived_automatically"]
    assert event.operator == UPKEEP


def test_the_config_key_is_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[station]\nid = "S1"\n[orders]\narchive_after_days = 90\n', "utf-8")
    assert load_settings(config).orders.archive_after_days == 90
    config.write_text('[station]\nid = "S1"\n[orders]\narchive_after_days = -1\n', "utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(config)
    assert refused.value.params["key"] == "orders.archive_after_days"
