"""A migrated database on both engines with parcels at the dock (the handover's seed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.handover.dock import seed_dock


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed_dock(made)
    try:
        yield made
    finally:
        made.dispose()
