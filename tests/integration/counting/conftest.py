"""The count service tests on a migrated database, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from db.models import AuditRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.unit.counting.helpers import CountDb, seed_counts
from wms_tui.core.ports import UnitOfWork


class SqlCountDb:
    def __init__(self, factory: SqlUnitOfWorkFactory) -> None:
        self.factory = factory

    def uow(self) -> UnitOfWork:
        return self.factory()

    def audit_actions(self) -> list[str]:
        with self.factory() as uow:
            return list(uow.session.scalars(select(AuditRow.action).order_by(AuditRow.id)))


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture
def count_db(factory: SqlUnitOfWorkFactory) -> CountDb:
    return SqlCountDb(factory)


@pytest.fixture
def db(count_db: CountDb) -> CountDb:
    """`count_db` with the count tests' warehouse and plan P1 (helpers.seed_counts)."""
    seed_counts(count_db)
    return count_db
