"""Shared fixtures: databases on both engines.

`db_url` is a fresh, empty database (a SQLite file in tmp_path, or a new PostgreSQL database);
`migrated_url` is a fresh database at the head revision. PostgreSQL is a throw-away cluster
started once per session, or the server in WMS_TEST_PG_URL. If it cannot start, the tests
that need it fail: a skipped engine would be an untested engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgcluster import PgCluster, TestDatabases
from wms_tui.i18n import current_language, set_language

# Shared test code lives in helper modules (harness.py, helpers.py, *_cases.py), not in test
# modules or conftests, which pytest rewrites on its own: have it rewrite their asserts too,
# so a failing one still shows its values.
pytest.register_assert_rewrite("tests.unit", "tests.ui")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


class _LazyServer:
    """Starts the cluster the first time a test needs PostgreSQL."""

    def __init__(self) -> None:
        self.cluster: PgCluster | None = None
        self.url: str | None = os.environ.get("WMS_TEST_PG_URL") or None
        self.failure: str | None = None

    def __call__(self) -> str:
        if self.failure is not None:
            pytest.fail(self.failure)
        if self.url is None:
            cluster = PgCluster()
            try:
                cluster.start()
            except (OSError, RuntimeError) as exc:
                cluster.stop()
                self.failure = f"cannot start the throw-away PostgreSQL cluster: {exc}"
                pytest.fail(self.failure)
            self.cluster, self.url = cluster, cluster.url()
        return self.url

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_LazyServer]:
    server = _LazyServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_server_url(pg_server: _LazyServer) -> str:
    return pg_server()


@pytest.fixture(scope="session")
def databases(
    pg_server: _LazyServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestDatabases]:
    found = TestDatabases(pg_server, tmp_path_factory.mktemp("db-templates"))
    try:
        yield found
    finally:
        found.close()


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def db_url(db_backend: str, databases: TestDatabases, tmp_path: Path) -> Iterator[str]:
    url = databases.empty(db_backend, tmp_path / "empty.sqlite")
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def migrated_url(db_url: str, databases: TestDatabases, tmp_path: Path) -> Iterator[str]:
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    url = databases.migrated(backend, tmp_path / "wms.sqlite")
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    """Language is process-wide; a test that switches it must not leak into the next."""
    before = current_language()
    yield
    set_language(before)
