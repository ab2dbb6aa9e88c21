"""The order desk's acts on both engines: `wms orders hold|release|cancel` for a verified
badge, audited; a held parcel is intercepted at the dock; of two desks acting on one order
at once exactly one wins; cancelling asks once more."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.cli.helpers import run_as, write_config
from tests.integration.handover.dock import Dock, waybill
from tests.integration.orders.helpers import CLERK, SERVICE, enrol
from wms_tui.core import stock
from wms_tui.core.model import (
    Location,
    LocationKind,
    Order,
    OrderLine,
    OrderStatus,
)
from wms_tui.core.orders import acts
from wms_tui.core.orders.acts import NotEnoughStock
from wms_tui.core.orders.desk import order_detail
from wms_tui.core.orders.words import detail_lines


def _status(factory: SqlUnitOfWorkFactory, order_no: str) -> OrderStatus:
    with factory() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.status


def test_a_held_parcel_is_stopped_at_the_dock_then_let_go(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path
) -> None:
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    assert run_as(config, SERVICE, "orders", "hold", waybill(1), "--reason", "买家改地址") == 0
    assert _status(factory, "H0001") is OrderStatus.ON_HOLD
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    assert dock.scan(waybill(1)).error_code == "E956"  # intercepted, in words
    assert run_as(config, SERVICE, "orders", "release", "H0001") == 0
    assert _status(factory, "H0001") is OrderStatus.VERIFIED
    assert dock.scan(waybill(1)).error_code == ""  # on the manifest now
    with factory.for_reading()() as uow:
        said = [(e.what, e.who) for e in uow.order_desk.timeline("H0001")]
    assert ("audit_order_hold", SERVICE) in said and ("audit_order_release", SERVICE) in said


def test_of_two_desks_acting_at_once_one_wins(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        order = uow.orders.get("H0002")
        assert order is not None
    was = acts.seen(order)
    with factory() as first, factory() as second:
        acts.hold(first, FixedClock(), was, "地址待确认", CLERK, "DESK-1")
        first.commit()
        with pytest.raises(acts.OrderChangedMeanwhile):
            acts.hold(second, FixedClock(), was, "买家催单", CLERK, "DESK-2")
    assert _status(factory, "H0002") is OrderStatus.ON_HOLD


def test_cancelling_asks_once_more_then_frees_the_reservation(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    with factory() as uow:
        uow.orders.add(
            Order("C0001", "taobao", "店", OrderStatus.PENDING, [OrderLine(1, "TEE", 2)])
        )
        stock.confirm_order(uow, "C0001")
        uow.commit()
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run_as(config, SERVICE, "orders", "cancel", "C0001", "--reason", "买家取消") == 1
    assert "Cancel order C0001 (confirmed)?" in capsys.readouterr().err
    assert _status(factory, "C0001") is OrderStatus.CONFIRMED
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run_as(config, SERVICE, "orders", "cancel", "C0001", "--reason", "买家取消") == 0
    assert _status(factory, "C0001") is OrderStatus.CANCELLED
    with factory() as uow:
        assert uow.ledger.reserved("TEE") == 0
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "cancel", "H0003", "--reason", "x", "--yes") == 2
    assert "E970" in capsys.readouterr().err  # packed: hold it instead, in words


def test_confirm_reserves_the_stock_or_names_what_is_short(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    with factory() as uow:
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        stock.receive(uow, FixedClock(), sku_code="TEE", qty=5, location="A-01-1",
                      operator="seed", station_id="S0")  # fmt: skip
        for no, qty in (("P0001", 3), ("P0002", 4)):
            lines = [OrderLine(1, "TEE", qty)]
            uow.orders.add(Order(no, "taobao", "店", OrderStatus.PENDING, lines))
        uow.commit()
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    assert run_as(config, SERVICE, "orders", "confirm", "P0001") == 0
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "confirm", "P0002") == 2
    assert "E973" in (said := capsys.readouterr().err) and "TEE ×4 (2)" in said
    assert _status(factory, "P0001") is OrderStatus.CONFIRMED
    assert _status(factory, "P0002") is OrderStatus.PENDING
    with factory() as uow:
        assert uow.ledger.reserved("TEE") == 3


def test_the_courier_and_waybill_change_before_the_dock(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "delivery", "H0001", "--courier", "中通",
                  "--waybill", "ZT0000000001") == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "courier and waybill changed" in said and "wms labels parcel H0001" in said
    with factory.for_reading()() as uow:
        order = uow.orders.find_by_code("ZT0000000001")
        assert order is not None and (order.order_no, order.courier) == ("H0001", "ZTO")
        said_lines = [e.detail for e in uow.order_desk.timeline("H0001")
                      if e.what == "audit_order_delivery"]  # fmt: skip
    assert said_lines == [f"顺丰 {waybill(1)} -> ZTO ZT0000000001"]
    assert run_as(config, SERVICE, "orders", "delivery", "H0003", "--waybill",
                  "ZT0000000001") == 2  # fmt: skip
    taken = capsys.readouterr().err
    assert "E976" in taken and "already on order H0001" in taken
    assert run_as(config, SERVICE, "orders", "delivery", "H0003", "--waybill", "a b") == 2
    assert run_as(config, SERVICE, "orders", "delivery", "H0003") == 2  # nothing given
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    dock.scan(waybill(3))
    assert dock.key("CLOSE", "张师傅").msgid == "handover.closed"
    capsys.readouterr()
    assert run_as(config, SERVICE, "orders", "delivery", "H0003", "--courier", "SF") == 2
    assert "E970" in capsys.readouterr().err  # handed over: the courier's now


def test_two_desks_confirming_for_the_last_units_never_reserve_them_twice(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """Five tees, two pending orders of four each, two desks confirming at the same moment:
    the second waits for the first, then sees the tees reserved and is refused."""
    with factory() as uow:
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        stock.receive(uow, FixedClock(), sku_code="TEE", qty=5, location="A-01-1",
                      operator="seed", station_id="S0")  # fmt: skip
        for no in ("P0001", "P0002"):
            uow.orders.add(Order(no, "taobao", "店", OrderStatus.PENDING, [OrderLine(1, "TEE", 4)]))
        uow.commit()
        seen = {no: acts.seen(order) for no in ("P0001", "P0002")
                if (order := uow.orders.get(no)) is not None}  # fmt: skip
    second_said: list[BaseException | None] = []
    second_done = threading.Event()

    def second_desk() -> None:
        try:
            with factory() as uow:
                acts.confirm(uow, FixedClock(), seen["P0002"], CLERK, "DESK-2")
                uow.commit()
            second_said.append(None)
        except BaseException as error:
            second_said.append(error)
        finally:
            second_done.set()

    with factory() as first:
        acts.confirm(first, FixedClock(), seen["P0001"], CLERK, "DESK-1")
        other = threading.Thread(target=second_desk)
        other.start()
        # The second desk waits on the first, which has read and reserved but not committed.
        assert not second_done.wait(0.5)
        first.commit()
    other.join(30)
    assert len(second_said) == 1 and isinstance(second_said[0], NotEnoughStock), second_said
    assert _status(factory, "P0001") is OrderStatus.CONFIRMED
    assert _status(factory, "P0002") is OrderStatus.PENDING
    with factory() as uow:
        assert uow.ledger.reserved("TEE") == 4


def test_a_refund_is_recorded_once_with_who_and_when(
    factory: SqlUnitOfWorkFactory, migrated_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    enrol(migrated_url)
    config = write_config(tmp_path, migrated_url)
    capsys.readouterr()
    args = ("orders", "refund", "H0001", "--at", "2026-12-05 10:30")
    assert run_as(config, SERVICE, *args) == 0
    said = capsys.readouterr().out
    assert "Refund recorded for H0001." in said
    assert "H0001 is still here (verified): hold it" in said  # not handed over yet
    with factory.for_reading()() as uow:
        detail = order_detail(uow, "H0001")
    refunded = detail.order.refunded_at
    assert refunded is not None
    assert refunded.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-12-05 10:30"
    assert ("refunded", refunded) in [(e.what, e.at) for e in detail.timeline]
    recorded = [(e.who, e.detail) for e in detail.timeline if e.what == "audit_order_refund"]
    assert recorded == [(SERVICE, "2026-12-05 10:30")]  # who, and the refund's time
    assert f"Refunded {refunded.astimezone().strftime('%Y-%m-%d %H:%M')}" in detail_lines(detail)
    assert run_as(config, SERVICE, *args) == 2  # once
    assert "E982" in capsys.readouterr().err
    assert run_as(config, SERVICE, "orders", "refund", "H0002", "--at", "5 Dec") == 2
    assert "5 Dec" in capsys.readouterr().err
    dock = Dock(factory)  # handed over: refunded after it left, nothing more to say
    dock.key("COURIER", "圆通")
    dock.scan(waybill(2, "YT"))
    assert dock.key("CLOSE", "张师傅").msgid == "handover.closed"
    assert run_as(config, SERVICE, "orders", "refund", "H0002") == 0
    said = capsys.readouterr().out
    assert "Refund recorded for H0002." in said and "still here" not in said
