"""The database's catalog (`uow.catalog()`) means what the repositories mean, in fewer trips.

Every case of the resolver table is resolved twice: over the in-memory catalog the table was
written for, and over a real database holding the same master data through SqlCatalog. Both
must agree case by case, error for error. Then the round trips a scan costs are counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, event

from db.catalog import SqlCatalog
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.unit.scans.catalog import (
    BARCODES,
    LOCATIONS,
    OPERATORS,
    ORDERS,
    SKUS,
    SOCKS_MERCHANT,
    TSHIRT_EAN13,
    WAYBILL,
    FakeCatalog,
)
from tests.unit.scans.resolve_cases import CASES
from wms_tui.core.errors import ScanError
from wms_tui.core.model import LocationKind, OrderStatus
from wms_tui.core.ports import UowCatalog
from wms_tui.core.scans import Resolved, ResolverConfig, ScanKind, resolve

# The in-memory catalog holds a barcode whose SKU was never imported; a database's foreign
# key cannot hold one, so that case means nothing here.
_STORABLE = [case for case in CASES if case.id != "dangling-barcode"]


@pytest.fixture
def shop(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    factory = make_uow_factory(migrated_url)
    skus = {barcode.sku_code for barcode in BARCODES} - {sku.code for sku in SKUS}
    with factory() as uow:
        for sku in SKUS:
            uow.skus.add(sku)
        for barcode in BARCODES:
            if barcode.sku_code not in skus:
                uow.skus.add_barcode(barcode)
        for operator in OPERATORS:
            uow.operators.add(operator)
        for location in LOCATIONS:
            uow.locations.add(location)
        for order in ORDERS:
            uow.orders.add(order)
        uow.commit()
    try:
        yield factory
    finally:
        factory.dispose()


def _meaning(text: str, catalog: Any, config: ResolverConfig | None, symbology: str) -> object:
    try:
        found = resolve(text, catalog, config, symbology)
    except ScanError as error:
        return (type(error).__name__, error.params)
    return _fields(found)


def _fields(found: Resolved) -> tuple[object, ...]:
    return (
        found.kind,
        found.sku,
        found.barcode,
        found.location,
        found.operator.badge if found.operator else None,
        found.order.order_no if found.order else None,
        found.order.lines if found.order else None,
        found.quantity,
        found.command,
        found.gtin,
        found.sscc,
        found.lot,
        found.serial,
        found.expiry,
        found.weight_g,
    )


def test_every_table_case_means_the_same_from_the_database(
    shop: SqlUnitOfWorkFactory,
) -> None:
    assert len(_STORABLE) == len(CASES) - 1
    with shop() as uow:
        for case in _STORABLE:
            text, symbology, config, _want = case.values
            assert isinstance(text, str) and isinstance(symbology, str)
            assert config is None or isinstance(config, ResolverConfig)
            expected = _meaning(text, FakeCatalog(), config, symbology)
            assert _meaning(text, uow.catalog(), config, symbology) == expected, case.id
            # The repositories one by one (what the fakes do) agree as well.
            assert _meaning(text, UowCatalog(uow), config, symbology) == expected, case.id


class _Trips:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement.split()[0].upper())


def _trips(factory: SqlUnitOfWorkFactory, text: str) -> tuple[ScanKind | str, list[str]]:
    with factory() as uow:
        uow.session.connection()  # the transaction's BEGIN is not the resolver's
        trips = _Trips()
        event.listen(factory.engine, "before_cursor_execute", trips)
        try:
            kind: ScanKind | str = resolve(text, uow.catalog()).kind
        except ScanError as error:
            kind = type(error).__name__
        finally:
            event.remove(factory.engine, "before_cursor_execute", trips)
    return kind, trips.statements


def test_a_product_scan_costs_one_read_and_nothing_is_written(
    shop: SqlUnitOfWorkFactory,
) -> None:
    # Asked table by table, a product costs five reads (badge, location, order, barcode,
    # SKU), an order four (badge, location, order, its lines).
    assert _trips(shop, TSHIRT_EAN13) == (ScanKind.PRODUCT, ["SELECT"])
    assert _trips(shop, SOCKS_MERCHANT) == (ScanKind.PRODUCT, ["SELECT"])
    assert _trips(shop, "A-01-02") == (ScanKind.LOCATION, ["SELECT", "SELECT"])
    assert _trips(shop, "B1001") == (ScanKind.BADGE, ["SELECT", "SELECT"])
    assert _trips(shop, WAYBILL) == (ScanKind.ORDER, ["SELECT", "SELECT", "SELECT"])
    # Unknown: one question answers every table, and nothing is written.
    assert _trips(shop, "NOT-A-CODE-7") == ("UnknownCode", ["SELECT"])


def test_what_the_catalog_read_is_the_database_now(shop: SqlUnitOfWorkFactory) -> None:
    """A location frozen by a count, an order's new status: a new scan sees them."""
    with shop() as uow:
        assert resolve("A-01-02", uow.catalog()).location is not None
        uow.locations.set_frozen("A-01-02", True)
        order = uow.orders.find_by_code(WAYBILL)
        assert order is not None
        uow.orders.set_status(order, OrderStatus.ON_HOLD, "buyer asked")
        location = resolve("A-01-02", uow.catalog()).location
        assert location is not None and location.frozen and location.kind is LocationKind.BIN
        found = resolve(WAYBILL, uow.catalog()).order
        assert found is not None and found.status is OrderStatus.ON_HOLD


def test_one_catalog_asks_about_a_code_once(shop: SqlUnitOfWorkFactory) -> None:
    with shop() as uow:
        catalog = SqlCatalog(uow.session)
        uow.session.connection()  # the transaction's BEGIN is not the catalog's
        trips = _Trips()
        event.listen(shop.engine, "before_cursor_execute", trips)
        try:
            assert catalog.operator(TSHIRT_EAN13) is None
            assert catalog.location(TSHIRT_EAN13) is None
            assert catalog.order(TSHIRT_EAN13) is None
            barcode = catalog.barcode(TSHIRT_EAN13)
            assert barcode is not None
            sku = catalog.sku(barcode.sku_code)
            assert sku is not None and sku.code == "TSHIRT-BLU-XL"
        finally:
            event.remove(shop.engine, "before_cursor_execute", trips)
        assert trips.statements == ["SELECT"]
