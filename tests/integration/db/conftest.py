"""A unit-of-work factory on a fresh migrated database, with a little master data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core.model import Location, LocationKind, Sku


@pytest.fixture
def uow_factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    factory = make_uow_factory(migrated_url)
    with factory() as uow:
        uow.skus.add(Sku("SKU-1", "袜子", "Socks"))
        uow.skus.add(Sku("SKU-2", "帽子", "Hat"))
        uow.locations.add(Location("A-01", LocationKind.BIN, walk_order=1))
        uow.locations.add(Location("A-02", LocationKind.BIN, walk_order=2))
        uow.locations.add(Location("RCV", LocationKind.RECEIVING))
        uow.locations.add(Location("QC", LocationKind.QUARANTINE))
        uow.commit()
    try:
        yield factory
    finally:
        factory.dispose()


@pytest.fixture
def sqlite_planner(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    """An empty migrated database, for tests that read SQLite's query plans (skipped on
    PostgreSQL, whose planner they do not speak for)."""
    if not migrated_url.startswith("sqlite"):
        pytest.skip("SQLite's planner and its statistics")
    made = make_uow_factory(migrated_url)
    try:
        yield made
    finally:
        made.dispose()
