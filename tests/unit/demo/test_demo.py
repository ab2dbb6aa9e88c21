"""The demo warehouse: idempotent, every status, a balanced ledger, valid codes."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.fakes import FakeDatabase, FixedClock, PlainPinHasher
from tests.unit.imports.helpers import factory
from wms_tui.bootstrap.demo import DemoInfo, build_demo, demo_barcode_items, demo_files
from wms_tui.bootstrap.imports import import_file, read_table
from wms_tui.core.imports import ImportKind, is_valid_gs1
from wms_tui.core.model import BarcodeKind, LocationKind, OrderStatus, Role


@pytest.fixture(scope="module")
def built() -> tuple[FakeDatabase, DemoInfo]:
    db = FakeDatabase()
    info = build_demo(factory(db), FixedClock(), PlainPinHasher())
    return db, info


def test_building_twice_changes_nothing(built: tuple[FakeDatabase, DemoInfo]) -> None:
    db, first = built
    again = copy.deepcopy(db)
    before = copy.deepcopy(again.store)
    second = build_demo(factory(again), FixedClock(), PlainPinHasher())
    assert first.created and not second.created
    assert again.store == before
    assert second == DemoInfo(**{**first.__dict__, "created": False})


def test_every_status_and_realistic_size(built: tuple[FakeDatabase, DemoInfo]) -> None:
    store = built[0].store
    counts = defaultdict(int, {s: 0 for s in OrderStatus})
    for order in store.orders.values():
        counts[order.status] += 1
    assert all(counts[s] > 0 for s in OrderStatus)
    assert len(store.orders) == 300
    assert 180 <= len(store.skus) <= 220
    assert 55 <= len(store.locations) <= 65
    held = [o for o in store.orders.values() if o.status is OrderStatus.ON_HOLD]
    assert all(o.hold_reason for o in held)
    assert any(line.is_gift for o in store.orders.values() for line in o.lines)
    assert any(line.kit_code for o in store.orders.values() for line in o.lines)
    assert any(o.merged_from for o in store.orders.values())


def test_ledger_balances_and_nothing_is_negative(built: tuple[FakeDatabase, DemoInfo]) -> None:
    store = built[0].store
    totals: dict[str, int] = defaultdict(int)
    for (sku, location), qty in store.levels.items():
        totals[sku] += qty
        if store.locations[location].kind is not LocationKind.VIRTUAL:
            assert qty >= 0, (sku, location)
    assert set(totals.values()) == {0}


def test_stock_sits_where_the_status_says(built: tuple[FakeDatabase, DemoInfo]) -> None:
    db, info = built
    with factory(db)() as uow:
        picked = uow.orders.find_by_code(info.inspect_waybill)
        assert picked is not None and picked.status is OrderStatus.PICKED
        for sku, qty in picked.quantities().items():
            packing = [loc for loc in ("PACK-01", "PACK-02") if uow.ledger.level(sku, loc) >= qty]
            assert packing
        released = uow.orders.get(info.released_order)
        assert released is not None and released.status is OrderStatus.RELEASED
        for sku in released.quantities():
            assert uow.ledger.reserved(sku) > 0
        assert any(uow.ledger.level(s, "RET-01") > 0 for s in uow.skus.codes())
        assert any(uow.ledger.level(s, "DOCK-01") > 0 for s in uow.skus.codes())


def test_every_barcode_is_valid_and_operators_match(built: tuple[FakeDatabase, DemoInfo]) -> None:
    db, info = built
    store = db.store
    assert all(is_valid_gs1(code) for code in store.barcodes)
    assert all(code.startswith("69") for code, b in store.barcodes.items() if len(code) == 13)
    packs = [b for b in store.barcodes.values() if b.kind is BarcodeKind.PACKAGING]
    assert len(packs) >= 15 and all(b.multiplier == 6 for b in packs)
    assert sum(len([b for b in store.barcodes.values() if b.sku_code == s]) > 1
               for s in store.skus) >= 30  # fmt: skip
    for person in info.operators:
        operator = store.operators[person.badge]
        assert operator.roles == {person.role}
        floor = person.role not in (Role.SUPERVISOR, Role.ADMIN, Role.SERVICE)  # PINs
        assert (operator.pin_hash is None) is floor
    assert {info.sku_barcode, info.packaging_barcode, info.kit_barcode} <= set(store.barcodes)


def test_barcode_sheet_items(built: tuple[FakeDatabase, DemoInfo]) -> None:
    db, info = built
    items = demo_barcode_items(factory(db))
    values = [v for _c, v in items]
    assert "OP-INS-1" in values and "A-01-1" in values and info.inspect_waybill in values
    assert info.sku_barcode in values
    assert not any(v.startswith("@") for v in values)
    assert all(caption for caption, _v in items)


def test_demo_files_import_into_an_empty_database(
    built: tuple[FakeDatabase, DemoInfo], tmp_path: Path
) -> None:
    skus, locations, orders = demo_files(tmp_path, FixedClock().now())
    assert read_table(skus).encoding == "gb18030"
    assert read_table(locations).encoding == "utf-8-bom"
    db = FakeDatabase()
    for kind, path in ((ImportKind.SKUS, skus), (ImportKind.LOCATIONS, locations)):
        import_file(factory(db), FixedClock(), kind, path, operator="t", station_id="S")
    report = import_file(
        factory(db), FixedClock(), ImportKind.ORDERS, orders, operator="t", station_id="S"
    )
    demo = built[0].store
    assert db.store.skus == demo.skus
    assert db.store.barcodes == demo.barcodes
    assert sorted(map(repr, db.store.components)) == sorted(map(repr, demo.components))
    real = {c: loc for c, loc in demo.locations.items() if loc.kind is not LocationKind.VIRTUAL}
    assert db.store.locations == real
    assert report.created == 70
    for order_no, order in db.store.orders.items():
        assert order.lines == demo.orders[order_no].lines
        assert order.status is demo.orders[order_no].status
    # the same orders file is unchanged when imported into the demo itself
    again = copy.deepcopy(built[0])
    replay = import_file(
        factory(again), FixedClock(), ImportKind.ORDERS, orders, operator="t", station_id="S"
    )
    assert (replay.created, replay.unchanged) == (0, 70)


def test_every_sku_has_its_spec_in_both_languages(built: tuple[FakeDatabase, DemoInfo]) -> None:
    skus = list(built[0].store.skus.values())
    with_spec = [s for s in skus if s.spec]
    assert len(with_spec) >= 0.9 * len(skus)
    for sku in with_spec:
        assert sku.spec_en, sku.code
        assert not re.search(r"[\u4e00-\u9fff]", sku.spec_en), (sku.code, sku.spec_en)
        assert sku.spec_in("zh_CN") == sku.spec and sku.spec_in("en") == sku.spec_en
    tee = next(s for s in skus if s.spec == "白色 XL")
    assert tee.spec_en == "white XL"
