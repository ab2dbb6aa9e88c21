"""Shared set-up for benchmarks: a throw-away database of either engine, figures printing."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event, text

from db import migrate
from tests.pgcluster import PgCluster


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A migrated, empty database URL: a SQLite file, or a durable throw-away PostgreSQL."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="wms-bench-") as directory:
            url = f"sqlite:///{directory}/bench.sqlite3"
            migrate.upgrade(url)
            yield url
        return
    cluster = PgCluster(durable=True).start()
    try:
        url = cluster.url()
        migrate.upgrade(url)
        yield url
    finally:
        cluster.stop()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def figure(name: str, value: float | int, unit: str) -> None:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text} {unit}", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def settle(engine: Engine) -> None:
    """What a database in use has and one just loaded by a benchmark has not: statistics
    and, on PostgreSQL, the visibility map that lets an index alone answer a count
    (autovacuum makes both within a minute of a bulk load, inserts alone included), and
    no checkpoint of the load still being written behind the timed work."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("VACUUM ANALYZE"))
            connection.execute(text("CHECKPOINT"))
        return
    # SQLite: outside any transaction (the engine's BEGIN IMMEDIATE would lock the table).
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("ANALYZE")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()


class Statements:
    """SQL statements the station sends (every one, transaction control included)."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._one)

    def _one(self, *_args: object) -> None:
        self.count += 1
