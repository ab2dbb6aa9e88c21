"""Fault injection without touching shared code: SQLAlchemy events that fail the N-th
statement, a station that watches its outcomes, and pg_ctl for a cluster of our own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from db.uow import SqlUnitOfWorkFactory
from tests.pgcluster import PG_BIN, PgCluster
from tests.reliability.harness import BARCODES, CLOCK, STATION, pick_handler
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan

# kind -> (what the driver says, the error code the operator must see)
SQLITE_FAULTS = {
    "busy": ("database is locked", "E701"),
    "unavailable": ("disk I/O error", "E702"),
    "refused": ("injected: statement refused", "E700"),
}
PG_FAULTS = {
    "busy": ("40001", "E701"),
    "unavailable": ("server closed the connection unexpectedly", "E702"),
    "refused": ("injected: statement refused", "E700"),
}
PRODUCT = next(iter(BARCODES))


class StatementFault:
    """Fails statements `n` .. `n + times - 1` (counted from `arm`) as the driver would."""

    def __init__(self, engine: Engine) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.countdown: int | None = None
        self.times = 0
        self.kind = "busy"
        self.fired = 0
        self.statements = 0
        event.listen(engine, "before_cursor_execute", self._before)

    def arm(self, n: int, kind: str, times: int = 1) -> None:
        self.countdown, self.kind, self.times, self.fired = n, kind, times, 0

    def _error(self) -> Exception:
        if self.sqlite:
            return sqlite3.OperationalError(SQLITE_FAULTS[self.kind][0])
        text = PG_FAULTS[self.kind][0]
        if self.kind == "busy":
            return psycopg.errors.lookup(text)("injected: could not serialize access")
        return psycopg.OperationalError(text)

    def _before(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        self.statements += 1
        if self.countdown is None:
            return
        self.countdown -= 1
        if self.countdown > 0:
            return
        self.fired += 1
        if self.fired >= self.times:
            self.countdown = None
        raise OperationalError(statement, params, self._error())


@dataclass
class Watched:
    """A running station pipeline and every outcome it reported, per scan id."""

    pipeline: ScanPipeline
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    final: dict[str, threading.Event] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def listen(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.setdefault(outcome.scan_id, []).append(outcome)
            if not outcome.error_code.startswith("E70"):
                self.final.setdefault(outcome.scan_id, threading.Event()).set()

    def scan(self, scan_id: str, text: str = PRODUCT) -> None:
        with self.lock:
            self.final.setdefault(scan_id, threading.Event())
        self.pipeline.submit(
            Scan(scan_id=scan_id, source="fault", text=text, received_at=datetime.now(UTC))
        )

    def wait(self, scan_id: str, timeout: float = 60) -> list[Outcome]:
        with self.lock:
            done = self.final.setdefault(scan_id, threading.Event())
        assert done.wait(timeout), f"{scan_id}: no final outcome in {timeout} s"
        return self.outcomes[scan_id]

    def wait_for_message(self, scan_id: str, timeout: float = 30) -> Outcome:
        """The first 'kept, will be applied' message for this scan."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [o for o in self.outcomes.get(scan_id, []) if o.error_code]
            if found:
                return found[0]
            time.sleep(0.01)
        raise AssertionError(f"{scan_id}: the operator was never told")


def station(factory: SqlUnitOfWorkFactory) -> Watched:
    pipeline = ScanPipeline(
        factory.for_scans(), CLOCK, STATION, retry_initial_s=0.02, retry_max_s=0.2
    )
    pipeline.register("pick", pick_handler)
    pipeline.activate("pick")
    watched = Watched(pipeline)
    pipeline.add_listener(watched.listen)
    pipeline.start()
    return watched


def pg_ctl(cluster: PgCluster, *args: str) -> None:
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    options = f"-k {cluster.directory} -p {cluster.port} -c listen_addresses='' -c fsync=off"
    command = [*runner, str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-w", "-t", "60"]
    if args[0] in ("start", "restart"):
        command += ["-o", options, "-l", str(cluster.directory / "server.log")]
    result = subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
