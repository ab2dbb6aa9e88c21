"""Locations, stock, orders and SKU imports on a real database of each engine: a second
import of the same file changes no row, kits expand and confirmed orders reserve."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, select

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.unit.imports.helpers import GOOD
from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import ImportKind, Table
from wms_tui.core.imports.service import ImportReport, import_table
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, OrderLine, OrderStatus
from wms_tui.i18n import set_language

Snapshot = dict[str, list[tuple[object, ...]]]


def _import(factory: SqlUnitOfWorkFactory, kind: ImportKind, data: Table) -> ImportReport:
    return import_table(factory, FixedClock(), kind, data, "OP-ADM-1", "PACK-01")


def _snapshot(factory: SqlUnitOfWorkFactory) -> Snapshot:
    """Every row of every table but the audit log (which records each import)."""
    metadata = MetaData()
    metadata.reflect(factory.engine)
    found: Snapshot = {}
    with factory.engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            if name in ("audit_log", "alembic_version"):
                continue
            rows = connection.execute(select(table)).all()
            found[name] = sorted((tuple(row) for row in rows), key=repr)
    return found


@pytest.mark.parametrize(("kind", "data"), GOOD, ids=[k.value for k, _t in GOOD])
def test_import_twice_changes_nothing(
    factory: SqlUnitOfWorkFactory, kind: ImportKind, data: Table
) -> None:
    first = _import(factory, kind, data)
    assert first.created == (1 if kind is ImportKind.ORDERS else 2)
    before = _snapshot(factory)
    second = _import(factory, kind, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert _snapshot(factory) == before


@pytest.mark.parametrize(("kind", "data"), GOOD, ids=[k.value for k, _t in GOOD])
def test_a_rejected_file_writes_nothing(
    factory: SqlUnitOfWorkFactory, kind: ImportKind, data: Table
) -> None:
    bad = Table(data.file, data.header, [*data.rows, (9, {h: "\x00" for h in data.header})])
    before = _snapshot(factory)
    with pytest.raises(ImportRejected):
        _import(factory, kind, bad)
    assert _snapshot(factory) == before


def test_stock_is_set_against_adjustment_and_replays_are_noops(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _import(factory, *GOOD[2])
    renamed = Table("other-name.csv", GOOD[2][1].header, GOOD[2][1].rows)
    assert _import(factory, ImportKind.STOCK, renamed).unchanged == 2
    with factory() as uow:
        assert uow.ledger.level("MUG-1", "A-01-1") == 5
        assert uow.ledger.level("MUG-1", "A-01-2") == 5
        assert uow.ledger.level("MUG-1", VIRTUAL_ADJUSTMENT) == -10


def test_kits_expand_and_confirmed_orders_reserve(factory: SqlUnitOfWorkFactory) -> None:
    _import(factory, *GOOD[3])
    with factory() as uow:
        order = uow.orders.get("SO-9")
        assert order is not None and order.status is OrderStatus.CONFIRMED
        assert order.lines == [
            OrderLine(1, "MUG-1", 1),
            OrderLine(2, "MUG-1", 4, kit_code="KIT-1"),
            OrderLine(3, "TEE-W-XL", 2, kit_code="KIT-1"),
        ]
        assert uow.ledger.reserved("MUG-1") == 5
        assert uow.ledger.reserved("TEE-W-XL") == 2


def test_locations_are_created_with_kind_zone_and_walk_order(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _import(factory, *GOOD[1])
    with factory() as uow:
        bin_ = uow.locations.get("B-01-1")
        quarantine = uow.locations.get("QUA-01")
    assert bin_ is not None and (bin_.kind.value, bin_.zone, bin_.walk_order) == ("bin", "B", 30)
    assert quarantine is not None and quarantine.kind.value == "quarantine"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_stock_for_a_location_frozen_for_a_count_is_refused_by_name(
    factory: SqlUnitOfWorkFactory, language: str
) -> None:
    set_language(language)
    kind, data = GOOD[2]  # row 2 into A-01-1, row 3 into A-01-2
    with factory() as uow:
        uow.locations.set_frozen("A-01-1", True)
        uow.commit()
    with pytest.raises(ImportRejected) as caught:
        _import(factory, kind, data)
    problems = caught.value.params["problems"]
    assert [(p.row, p.column, p.value) for p in problems] == [  # type: ignore[attr-defined]
        (2, "location", "A-01-1")
    ]
    assert ("盘点" in problems[0].message()) == (language == "zh_CN")  # type: ignore[index]
    with factory() as uow:
        assert uow.ledger.level("MUG-1", "A-01-1") == 0  # the count decides, not the file
