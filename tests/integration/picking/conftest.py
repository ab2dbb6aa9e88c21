"""A migrated database on both engines with picking's master data and confirmed orders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.fakes import FixedClock
from tests.integration.picking.seed import seed


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def factory(migrated_url: str, clock: FixedClock) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed(made, clock)
    try:
        yield made
    finally:
        made.dispose()
