"""A migrated database on both engines with purchase orders to receive."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.receiving.desk import seed_receiving


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed_receiving(made)
    try:
        yield made
    finally:
        made.dispose()
