"""Repositories and the unit of work on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.errors import (
    ConcurrentChange,
    DuplicateEntry,
    IllegalTransition,
    UnknownLocation,
    UnknownOperator,
)
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import (
    AuditEvent,
    Barcode,
    BarcodeKind,
    KitComponent,
    Location,
    LocationKind,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)

PAID = datetime(2026, 11, 22, 21, 5, tzinfo=UTC)


def _order(order_no: str = "O-1", **extra: object) -> Order:
    fields: dict[str, object] = {
        "platform": "tmall",
        "shop": "旗舰店",
        "status": OrderStatus.PENDING,
        "lines": [OrderLine(1, "SKU-1", 2), OrderLine(2, "SKU-2", 1, is_gift=True)],
        "platform_order_no": f"TM{order_no}",
        "waybill": f"SF{order_no}",
        "buyer": "张三",
        "courier": "SF",
        "buyer_remark": "[b]别放发票[/b]",
        "paid_at": PAID,
        "priority": 2,
    }
    fields.update(extra)
    return Order(order_no, **fields)  # type: ignore[arg-type]


def test_master_data_round_trips(uow_factory: SqlUnitOfWorkFactory) -> None:
    kit = Sku("KIT-1", "礼盒", "Gift box", is_kit=True, unit_price_cents=9900)
    with uow_factory() as uow:
        uow.skus.add(kit)
        uow.skus.add_barcode(Barcode("6901234567892", "SKU-1"))
        uow.skus.add_barcode(Barcode("16901234567899", "SKU-1", BarcodeKind.PACKAGING, 12))
        uow.skus.add_component(KitComponent("KIT-1", "SKU-1", 2))
        uow.skus.add_component(KitComponent("KIT-1", "SKU-2", 1))
        with pytest.raises(DuplicateEntry):
            uow.skus.add(kit)
        uow.commit()
    with uow_factory() as uow:
        assert uow.skus.get("KIT-1") == kit
        assert uow.skus.get("nope") is None
        assert uow.skus.barcode("16901234567899") == Barcode(
            "16901234567899", "SKU-1", BarcodeKind.PACKAGING, 12
        )
        assert [b.code for b in uow.skus.barcodes_of("SKU-1")] == [
            "16901234567899",
            "6901234567892",
        ]
        assert uow.skus.components("KIT-1") == [
            KitComponent("KIT-1", "SKU-1", 2),
            KitComponent("KIT-1", "SKU-2", 1),
        ]
        assert uow.skus.codes() == {"SKU-1", "SKU-2", "KIT-1"}
        codes = [loc.code for loc in uow.locations.all()]
        assert codes[-2:] == ["A-01", "A-02"]
        assert uow.locations.get("RCV") == Location("RCV", LocationKind.RECEIVING)
        with pytest.raises(UnknownLocation):
            uow.locations.set_frozen("Z-9", True)


def test_many_skus_are_read_at_once_and_unknown_ones_left_out(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    many = [Sku(f"BULK-{n:04d}", f"商品{n}", f"Item {n}") for n in range(1, 1201)]
    with uow_factory() as uow:
        for sku in many:
            uow.skus.add(sku)
        uow.commit()
    with uow_factory() as uow:
        # More codes than one IN list takes, repeats and unknown codes among them.
        wanted = [s.code for s in many] + ["BULK-0001", "nope", "SKU-1"]
        found = uow.skus.get_many(wanted)
        assert found == {**{s.code: s for s in many}, "SKU-1": uow.skus.get("SKU-1")}
        assert uow.skus.get_many([]) == {}


def test_skus_are_found_by_part_of_a_name_or_the_start_of_a_code(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.skus.add(Sku("SCARF-R", "真丝围巾 红色", "Silk scarf, red", "90x90"))
        uow.skus.add(Sku("SCARF-B", "真丝围巾 蓝色", "Silk Scarf, blue", spec_en="90% silk"))
        uow.skus.add(Sku("TEE-1", "纯棉T恤", "Cotton tee", "XL"))
        uow.skus.add(Sku("OLD-SCARF", "旧款围巾", "Old scarf", active=False))
        uow.commit()
    with uow_factory.for_reading()() as uow:

        def found(text: str, limit: int = 8) -> list[str]:
            return [sku.code for sku in uow.skus.search(text, limit)]

        assert found("围巾") == ["SCARF-B", "SCARF-R"]  # by code; the inactive one left out
        assert found("SCARF") == ["SCARF-B", "SCARF-R"]  # any case, either language
        assert found("scarf-r") == ["SCARF-R"]  # the start of a code, typed in lower case
        assert found("蓝色") == ["SCARF-B"] and found("xl") == ["TEE-1"]
        assert found("90%") == ["SCARF-B"]  # taken literally: % is no wildcard
        assert found("_") == [] and found("围巾", 1) == ["SCARF-B"]


def test_uncommitted_work_is_rolled_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.skus.add(Sku("SKU-3", "杯子", "Cup"))
    with uow_factory() as uow:
        assert uow.skus.get("SKU-3") is None


def test_orders_are_found_by_any_number(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.orders.add(_order("O-1"))
        uow.orders.add(_order("O-2", status=OrderStatus.CONFIRMED))
        with pytest.raises(DuplicateEntry):
            uow.orders.add(_order("O-1"))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.orders.get("O-1")
        assert stored == _order("O-1")
        for code in ("O-1", "SFO-1", "TMO-1"):
            found = uow.orders.find_by_code(code)
            assert found is not None and found.order_no == "O-1"
        assert uow.orders.find_by_code("") is None
        assert uow.orders.find_by_code("SF-nope") is None
        assert uow.orders.count_by_status() == {
            OrderStatus.PENDING: 1,
            OrderStatus.CONFIRMED: 1,
        }
        assert uow.orders.existing_numbers(["O-2", "O-9", "O-1"]) == {"O-1", "O-2"}


def test_set_status_checks_edge_and_version(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.orders.add(_order("O-1"))
        uow.commit()
    with uow_factory() as first, uow_factory() as second:
        mine = first.orders.get("O-1")
        assert mine is not None
        with pytest.raises(IllegalTransition):
            first.orders.set_status(mine, OrderStatus.VERIFIED)
        first.orders.set_status(mine, OrderStatus.ON_HOLD, "地址不全")
        assert (mine.status, mine.version, mine.hold_reason) == (
            OrderStatus.ON_HOLD,
            2,
            "地址不全",
        )
        first.commit()
        stale = second.orders.get("O-1")
    # A second station read version 1 before the commit above: its change must not win.
    assert stale is not None
    stale.status, stale.version = OrderStatus.PENDING, 1
    with uow_factory() as uow:
        with pytest.raises(ConcurrentChange):
            uow.orders.set_status(stale, OrderStatus.CONFIRMED)
        fresh = uow.orders.get("O-1")
        assert fresh is not None and fresh.version == 2
        uow.orders.set_status(fresh, OrderStatus.CONFIRMED)
        uow.commit()
    with uow_factory() as uow:
        final = uow.orders.get("O-1")
        assert final is not None
        assert (final.status, final.version, final.hold_reason) == (OrderStatus.CONFIRMED, 3, "")


def test_change_status_is_guarded_by_the_status_read_too(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """A writer that changed the status without moving the version (none of ours does) must
    not let a change decided on the old status through."""
    with uow_factory() as uow:
        uow.orders.add(_order("O-1"))
        uow.commit()
    with uow_factory.engine.begin() as connection:
        connection.execute(text("UPDATE orders SET status = 'cancelled' WHERE order_no = 'O-1'"))
    with uow_factory() as uow, pytest.raises(ConcurrentChange):
        uow.orders.change_status("O-1", OrderStatus.PENDING, 1, OrderStatus.CONFIRMED)


def test_operators_save_and_verify_pins(uow_factory: SqlUnitOfWorkFactory) -> None:
    hasher = Argon2PinHasher(time_cost=1, memory_cost=8192)
    pin_hash = hasher.hash("4821")
    alice = Operator("B-1", "王芳", frozenset({Role.INSPECTOR, Role.PICKER}), pin_hash)
    with uow_factory() as uow:
        uow.operators.add(alice)
        uow.operators.add(Operator("B-0", "Boss", frozenset({Role.SUPERVISOR})))
        uow.commit()
    with uow_factory() as uow:
        stored = uow.operators.get("B-1")
        assert stored == alice
        assert stored.pin_hash is not None and stored.pin_hash.startswith("$argon2id$")
        assert hasher.verify(stored.pin_hash, "4821")
        assert not hasher.verify(stored.pin_hash, "4822")
        assert not hasher.verify("garbage", "4821")
        locked = Operator("B-1", "王芳", frozenset({Role.PICKER}), None, True, 5, True)
        uow.operators.save(locked)
        with pytest.raises(UnknownOperator):
            uow.operators.save(Operator("B-9", "x", frozenset()))
        uow.commit()
    with uow_factory() as uow:
        assert uow.operators.get("B-1") == locked
        assert [o.badge for o in uow.operators.all()] == ["B-0", "B-1"]


def test_scan_journal_records_once_and_keeps_order(uow_factory: SqlUnitOfWorkFactory) -> None:
    def entry(scan_id: str, station: str = "ST1") -> JournalEntry:
        return JournalEntry(scan_id, station, "serial:/dev/ttyACM0", "6901234567892", "]E0", PAID)

    with uow_factory() as uow:
        assert uow.journal.record(entry("s-1"))
        assert uow.journal.record(entry("s-2"))
        assert uow.journal.record(entry("s-3", "ST2"))
        assert not uow.journal.record(entry("s-1"))
        uow.commit()
    with uow_factory() as uow:
        assert not uow.journal.record(entry("s-2"))
        uow.journal.finish("s-1", "rejected", "E204", "unknown code")
        uow.audit.record(AuditEvent("scan_rejected", "B-1", "ST1", "s-1", "E204"))
        uow.commit()
    with uow_factory() as uow:
        assert [e.scan_id for e in uow.journal.pending("ST1")] == ["s-2"]
        done = uow.journal.get("s-1")
        assert done is not None
        assert (done.status, done.error_code, done.outcome) == ("rejected", "E204", "unknown code")
        assert done.received_at == PAID
        assert uow.journal.get("s-9") is None


def test_times_come_back_aware_in_utc_to_the_microsecond(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """Stored as UTC (naive text on SQLite); read back as aware UTC datetimes whatever the
    zone they were given in, with or without a fraction of a second in the stored text."""
    shanghai = timezone(timedelta(hours=8))
    paid = datetime(2026, 12, 7, 17, 30, 5, 123456, tzinfo=shanghai)
    with uow_factory() as uow:
        uow.orders.add(Order("T0001", "taobao", "店", OrderStatus.PENDING, [], paid_at=paid))
        uow.commit()
    with uow_factory.for_reading()() as uow:
        order = uow.orders.get("T0001")
    assert order is not None and order.paid_at == paid
    assert order.paid_at.utcoffset() == timedelta(0) and order.paid_at.hour == 9
    if uow_factory.engine.dialect.name == "sqlite":
        with uow_factory.engine.begin() as connection:  # as another tool might have written it
            connection.execute(text("UPDATE orders SET paid_at = '2026-12-07 09:30:05'"))
        with uow_factory.for_reading()() as uow:
            order = uow.orders.get("T0001")
        assert order is not None and order.paid_at == datetime(2026, 12, 7, 9, 30, 5, tzinfo=UTC)
