"""Applying checked files: all or nothing, replays change nothing, kits expand."""

from __future__ import annotations

import copy

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork, FixedClock
from tests.unit.imports.helpers import (
    GOOD,
    ORDER_HEADER,
    SKU_HEADER,
    factory,
    order_row,
    seeded,
    sku_row,
    table,
)
from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import ImportKind, Table
from wms_tui.core.imports.service import ImportReport, import_table
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, BarcodeKind, OrderLine, OrderStatus, Sku


def _import(db: FakeDatabase, kind: ImportKind, data: Table) -> ImportReport:
    return import_table(factory(db), FixedClock(), kind, data, "OP-ADM-1", "PACK-01")


@pytest.mark.parametrize(("kind", "data"), GOOD, ids=[k.value for k, _t in GOOD])
def test_import_twice_changes_nothing(kind: ImportKind, data: Table) -> None:
    db = seeded()
    first = _import(db, kind, data)
    assert first.created == 2 if kind is not ImportKind.ORDERS else first.created == 1
    before = copy.deepcopy(db.store)
    second = _import(db, kind, data)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert second.rows == len(data.rows)
    before.audit = db.store.audit
    assert db.store == before
    assert db.store.audit[-1].action == f"import.{kind.value}"


@pytest.mark.parametrize(("kind", "data"), GOOD, ids=[k.value for k, _t in GOOD])
def test_a_rejected_file_writes_nothing(kind: ImportKind, data: Table) -> None:
    db = seeded()
    bad = Table(data.file, data.header, [*data.rows, (9, {h: "\x00" for h in data.header})])
    before, commits = copy.deepcopy(db.store), db.commits
    with pytest.raises(ImportRejected):
        _import(db, kind, bad)
    assert db.store == before
    assert db.commits == commits


def test_skus_are_created_with_barcodes_and_kits() -> None:
    db = seeded()
    _import(db, *GOOD[0])
    with factory(db)() as uow:
        sku = uow.skus.get("NEW-1")
        assert sku is not None and sku.unit_price_cents == 1250
        pack = uow.skus.barcode("16930000000018")
        assert pack is not None and (pack.kind, pack.multiplier) == (BarcodeKind.PACKAGING, 6)
        kit = uow.skus.get("NEW-2")
        assert kit is not None and kit.is_kit
        assert {(c.component_code, c.qty) for c in uow.skus.components("NEW-2")} == {
            ("NEW-1", 2),
            ("MUG-1", 1),
        }


def test_changed_sku_is_updated() -> None:
    db = seeded()
    report = _import(db, ImportKind.SKUS, table(SKU_HEADER, sku_row(sku="MUG-1", spec="350ml")))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    with factory(db)() as uow:
        sku = uow.skus.get("MUG-1")
        assert sku is not None and sku.spec == "350ml"


def test_stock_is_set_against_adjustment_and_replays_are_noops() -> None:
    db = seeded()
    _import(db, *GOOD[2])
    renamed = Table("other-name.csv", GOOD[2][1].header, GOOD[2][1].rows)
    assert _import(db, ImportKind.STOCK, renamed).unchanged == 2
    with factory(db)() as uow:
        assert uow.ledger.level("MUG-1", "A-01-1") == 5
        assert uow.ledger.level("MUG-1", VIRTUAL_ADJUSTMENT) == -10


def test_kits_expand_and_confirmed_orders_reserve() -> None:
    db = seeded()
    _import(db, *GOOD[3])
    with factory(db)() as uow:
        order = uow.orders.get("SO-9")
        assert order is not None
        assert order.status is OrderStatus.CONFIRMED
        assert order.lines == [
            OrderLine(1, "MUG-1", 1),
            OrderLine(2, "MUG-1", 4, kit_code="KIT-1"),
            OrderLine(3, "TEE-W-XL", 2, kit_code="KIT-1"),
        ]
        assert uow.ledger.reserved("MUG-1") == 5
        assert uow.ledger.reserved("TEE-W-XL") == 2


def test_pending_orders_reserve_nothing_and_progressed_orders_stay_unchanged() -> None:
    db = seeded()
    data = table(ORDER_HEADER, order_row(order_no="SO-8"))
    _import(db, ImportKind.ORDERS, data)
    with factory(db)() as uow:
        order = uow.orders.get("SO-8")
        assert order is not None and order.status is OrderStatus.PENDING
        assert uow.ledger.reserved("MUG-1") == 0
        uow.orders.set_status(order, OrderStatus.CONFIRMED)
        uow.commit()
    assert _import(db, ImportKind.ORDERS, data).unchanged == 1


def test_the_english_spec_is_imported_under_either_header() -> None:
    db = seeded()
    for header in ("spec_en", "英文规格"):
        row = ["MUG-1", "陶瓷马克杯", "Ceramic mug", "白色 350ml", "white 350ml"]
        data = table(["sku", "name_zh", "name_en", "spec", header], row)
        _import(db, ImportKind.SKUS, data)
        with factory(db)() as uow:
            sku = uow.skus.get("MUG-1")
        assert sku is not None
        assert (sku.spec_in("zh_CN"), sku.spec_in("en")) == ("白色 350ml", "white 350ml")


def test_either_spec_stands_in_for_a_missing_one() -> None:
    assert Sku("A", "甲", "a", "白色").spec_in("en") == "白色"
    assert Sku("A", "甲", "a", spec_en="white").spec_in("zh_CN") == "white"
    assert Sku("A", "甲", "a").spec_in("en") == ""


def test_a_po_another_import_adds_meanwhile_is_checked_again() -> None:
    """The write is decided from the check; a PO that appears between the two (another
    import of the same file) makes the import check again, never insert it twice."""
    db = seeded()
    (data,) = [t for k, t in GOOD if k is ImportKind.PURCHASE_ORDERS]
    one_po = Table(data.file, data.header, [r for r in data.rows if r[1]["po_no"] == "PO-1"])
    writes = 0

    def write_unit() -> FakeUnitOfWork:
        nonlocal writes
        writes += 1
        if writes == 1:  # the other import commits PO-1 just before this write begins
            _import(db, ImportKind.PURCHASE_ORDERS, one_po)
        return db.uow()

    report = import_table(write_unit, FixedClock(), ImportKind.PURCHASE_ORDERS, data,
                          "OP-ADM-1", "PACK-01", read=db.uow)  # fmt: skip
    assert (report.created, report.unchanged, writes) == (1, 1, 2)
    with db.uow() as uow:
        assert [x.sku_code for x in uow.receiving.lines("PO-1")] == ["TEE-W-XL", "MUG-1"]


def _shelf_days(db: FakeDatabase, code: str) -> int | None:
    with factory(db)() as uow:
        sku = uow.skus.get(code)
    assert sku is not None
    return sku.min_shelf_days


def test_a_skus_minimum_shelf_life_is_set_cleared_or_kept() -> None:
    """允收期: the column's cell decides (empty: the station's setting); a file without
    the column leaves what a SKU already has."""
    db = seeded()
    for header, days in (("min_shelf_days", 120), ("允收天数", 90)):
        row = ["MUG-1", "陶瓷马克杯", "Mug", str(days)]
        assert _import(
            db, ImportKind.SKUS, table(["sku", "name_zh", "name_en", header], row)
        ).updated
        assert _shelf_days(db, "MUG-1") == days
    without = table(["sku", "name_zh", "name_en"], ["MUG-1", "陶瓷马克杯", "Mug"])
    assert _import(db, ImportKind.SKUS, without).unchanged == 1
    assert _shelf_days(db, "MUG-1") == 90
    none = table(["sku", "name_zh", "name_en", "允收期"], ["MUG-1", "陶瓷马克杯", "Mug", ""])
    assert _import(db, ImportKind.SKUS, none).updated == 1
    assert _shelf_days(db, "MUG-1") is None
    zero = table(["sku", "name_zh", "name_en", "允收期"], ["NEW-2", "新品", "New", "0"])
    assert _import(db, ImportKind.SKUS, zero).created == 1
    assert _shelf_days(db, "NEW-2") == 0
