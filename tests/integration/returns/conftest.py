"""A migrated database on both engines with handed-over orders to return."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.returns.desk import seed_returns


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed_returns(made)
    try:
        yield made
    finally:
        made.dispose()
