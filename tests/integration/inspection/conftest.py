"""A migrated database on both engines with inspection's master data and one picked order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.inspection.seed import seed


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    seed(made)
    try:
        yield made
    finally:
        made.dispose()
