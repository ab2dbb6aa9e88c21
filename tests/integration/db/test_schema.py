"""The schema comes from the migrations and equals the models; the ledger is append-only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from db import migrate
from db.engine import make_engine
from db.schema import metadata


def test_upgrade_from_empty_reaches_head(db_url: str) -> None:
    assert migrate.current(db_url) is None
    migrate.upgrade(db_url)
    assert migrate.current(db_url) == migrate.head() is not None
    migrate.upgrade(db_url)  # a second upgrade is a no-op
    assert migrate.current(db_url) == migrate.head()


def test_migrations_produce_exactly_the_models(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diffs = compare_metadata(context, metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert diffs == []
    assert tables == set(metadata.tables) | {"alembic_version"}


def _insert_move(connection_url: str) -> None:
    engine = make_engine(connection_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO skus (code, name_zh, name_en, spec, unit_weight_g, is_kit,"
                     " kit_mode, requires_lot, requires_serial, unit_price_cents, active)"
                     " VALUES ('S1', '袜子', 'socks', '', 0, false, 'kit_barcode', false, false,"
                     " 0, true)")
            )  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO stock_move (move_id, sku_code, qty, from_location, to_location,"
                    " reason, reference, operator, station_id, at)"
                    " VALUES ('m1', 'S1', 3, '@supplier', '@scrap', 'receipt', '', '', '', :at)"
                ),
                {"at": datetime(2026, 1, 1, tzinfo=UTC)},
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE stock_move SET qty = 4 WHERE move_id = 'm1'", "DELETE FROM stock_move"],
)
def test_database_refuses_to_change_the_ledger(migrated_url: str, statement: str) -> None:
    _insert_move(migrated_url)
    engine = make_engine(migrated_url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT qty FROM stock_move")).scalar_one() == 3
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET operator = 'someone-else'", "DELETE FROM audit_log"],
)
def test_database_refuses_to_change_the_audit_log(migrated_url: str, statement: str) -> None:
    """Who did what is append-only too: a station's own role cannot rewrite it."""
    engine = make_engine(migrated_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO audit_log (at, action, operator, station_id, subject, detail)"
                    " VALUES (:at, 'login', 'OP-ADM-1', 'S1', 'OP-ADM-1', '')"
                ),
                {"at": datetime(2026, 1, 1, tzinfo=UTC)},
            )
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
        with engine.connect() as connection:
            who = connection.execute(text("SELECT operator FROM audit_log")).scalar_one()
        assert who == "OP-ADM-1"
    finally:
        engine.dispose()


def test_virtual_locations_are_seeded(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT code, kind FROM locations ORDER BY code"))
            assert [tuple(r) for r in rows] == [
                ("@adjustment", "virtual"),
                ("@customer", "virtual"),
                ("@scrap", "virtual"),
                ("@supplier", "virtual"),
            ]
    finally:
        engine.dispose()
