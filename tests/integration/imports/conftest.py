"""The import tests' database: migrated, with the import unit tests' shop seeded in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.unit.imports.helpers import seed
from wms_tui.core.model import Location, LocationKind


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    with made() as uow:
        add = uow.locations.add

        def add_real(location: Location) -> None:
            # The migrations already made the virtual locations the fakes are seeded with.
            if location.kind is not LocationKind.VIRTUAL:
                add(location)

        uow.locations.add = add_real  # type: ignore[method-assign]
        seed(uow)
        uow.commit()
    try:
        yield made
    finally:
        made.dispose()
