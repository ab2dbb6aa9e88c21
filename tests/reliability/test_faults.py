"""The database refuses a statement, the disk is full, PostgreSQL restarts, SQLite stays
locked past the busy timeout: each time the operator is told, the scan is kept, and it is
applied exactly once when the fault is gone."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from db import migrate
from db.engine import BUSY_TIMEOUT_MS
from db.uow import make_uow_factory
from tests.pgcluster import PgCluster, TestDatabases
from tests.reliability.faults import PG_FAULTS, SQLITE_FAULTS, StatementFault, pg_ctl, station
from tests.reliability.harness import Report, seed, verify

ROOT = Path(__file__).resolve().parents[2]


def _statement_faults(url: str, rounds: int, times: tuple[int, ...]) -> dict[str, object]:
    factory = make_uow_factory(url)
    seed(factory)
    fault = StatementFault(factory.engine)
    watched = station(factory)
    faults = SQLITE_FAULTS if factory.engine.dialect.name == "sqlite" else PG_FAULTS
    violations: list[str] = []
    fired = told = scans = 0
    try:
        before = fault.statements
        watched.scan("probe")
        watched.wait("probe")
        per_scan = fault.statements - before  # statements one scan costs, journal + apply
        ids = itertools.count()
        for _ in range(rounds):
            for n, kind, repeat in itertools.product(range(1, per_scan + 1), faults, times):
                scan_id = f"f{next(ids)}-{kind}-{n}x{repeat}"
                fault.arm(n, kind, repeat)
                watched.scan(scan_id)
                outcomes = watched.wait(scan_id)
                scans += 1
                fired += fault.fired
                messages = [o for o in outcomes if o.error_code.startswith("E70")]
                if fault.fired:
                    told += bool(messages)
                if fault.fired and not messages:
                    violations.append(f"{scan_id}: fault at statement {n}, operator not told")
                for message in messages[:1]:
                    if message.error_code != faults[kind][1] or not message.text():
                        violations.append(f"{scan_id}: told {message.error_code} {message.text()}")
                if not outcomes[-1].ok:
                    violations.append(f"{scan_id}: ended {outcomes[-1]}")
        watched.pipeline.stop()
        verdict = verify(factory, [o for o in watched.outcomes if o])
        violations += verdict.violations
        if verdict.pending or verdict.accepted != scans + 1:
            violations.append(f"accepted {verdict.accepted} of {scans + 1}, {verdict.pending} left")
    finally:
        watched.pipeline.stop()
        factory.dispose()
    assert violations == [], "\n".join(violations[:40])
    return {
        "statements_per_scan": per_scan,
        "scans": scans,
        "faults_fired": fired,
        "operator_told": told,
        "applied_once": verdict.accepted,
        "violations": 0,
    }


def _name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_nth_statement_fault_short(migrated_url: str, report: Report) -> None:
    assert not report(
        f"fault_nth_statement_short_{_name(migrated_url)}",
        **_statement_faults(migrated_url, 1, (1,)),
    )


@pytest.mark.slow
def test_nth_statement_fault_long(migrated_url: str, report: Report) -> None:
    counts = _statement_faults(migrated_url, 2, (1, 3, 8))
    assert not report(f"fault_nth_statement_{_name(migrated_url)}", **counts)


def _disk_full(databases: TestDatabases, tmp_path: Path, rounds: int) -> dict[str, object]:
    url = databases.migrated("sqlite", tmp_path / "full.sqlite")
    factory = make_uow_factory(url)
    seed(factory)
    violations: list[str] = []
    told = scans = 0
    codes: set[str] = set()
    try:
        with factory() as uow:  # keeps the WAL and its shared memory in place
            uow.journal.get("-")
        for n, when in itertools.product(range(rounds), ("before-journal", "after-journal")):
            scan_id = f"full-{when}-{n}"
            child = subprocess.run(
                [sys.executable, "-m", "tests.reliability.diskfull", url, when, scan_id],
                cwd=ROOT, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            scans += 1
            lines = child.stdout.splitlines()
            if child.returncode != 0 or len(lines) < 2:
                violations.append(f"{scan_id}: rc {child.returncode} {lines} {child.stderr[-500:]}")
                continue
            told += 1
            message, final = lines[0].split(" ", 3), lines[-1].split(" ", 3)
            codes.add(message[1])
            if not message[1].startswith("E70") or not message[3]:
                violations.append(f"{scan_id}: told {lines[0]}")
            if final[1:3] != ["-", "accepted"]:
                violations.append(f"{scan_id}: ended {lines[-1]}")
        verdict = verify(
            factory,
            [f"full-{w}-{n}" for n in range(rounds) for w in ("before-journal", "after-journal")],
        )
        violations += verdict.violations
        if verdict.accepted != scans:
            violations.append(f"accepted {verdict.accepted} of {scans}")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations)
    return {
        "scans": scans,
        "operator_told": told,
        "codes_told": "+".join(sorted(codes)),
        "applied_once": verdict.accepted,
        "violations": 0,
    }


def test_sqlite_disk_full_short(databases: TestDatabases, tmp_path: Path, report: Report) -> None:
    assert not report("fault_disk_full_short_sqlite", **_disk_full(databases, tmp_path, 1))


@pytest.mark.slow
def test_sqlite_disk_full_long(databases: TestDatabases, tmp_path: Path, report: Report) -> None:
    assert not report("fault_disk_full_sqlite", **_disk_full(databases, tmp_path, 10))


def _pg_restart(tmp_path: Path, restarts: int, stream: int) -> dict[str, object]:
    """A cluster of our own: stop it, scan, start it; then restart it under a stream of scans."""
    cluster = PgCluster().start()
    factory = None
    violations: list[str] = []
    codes: set[str] = set()
    try:
        migrate.upgrade(cluster.url())
        factory = make_uow_factory(cluster.url())
        seed(factory)
        watched = station(factory)
        watched.scan("warm")
        watched.wait("warm")
        ids: list[str] = ["warm"]
        for n in range(restarts):
            pg_ctl(cluster, "stop", "-m", "fast")
            down = f"down-{n}"
            ids.append(down)
            watched.scan(down)
            codes.add(watched.wait_for_message(down).error_code)
            pg_ctl(cluster, "start")
            if not watched.wait(down)[-1].ok:
                violations.append(f"{down}: {watched.outcomes[down][-1]}")
            burst = [f"burst-{n}-{i}" for i in range(stream)]
            ids += burst
            for i, scan_id in enumerate(burst):
                watched.scan(scan_id)
                if i == stream // 2:
                    pg_ctl(cluster, "restart", "-m", "fast")
            for scan_id in burst:
                if not watched.wait(scan_id)[-1].ok:
                    violations.append(f"{scan_id}: {watched.outcomes[scan_id][-1]}")
        watched.pipeline.stop()
        verdict = verify(factory, ids)
        violations += verdict.violations
        if verdict.accepted != len(ids) or verdict.pending:
            violations.append(f"accepted {verdict.accepted} of {len(ids)}")
    finally:
        if factory is not None:
            factory.dispose()
        cluster.stop()
    assert violations == [], "\n".join(violations[:40])
    return {
        "restarts": restarts * 2,
        "scans": len(ids),
        "codes_told": "+".join(sorted(codes)),
        "applied_once": verdict.accepted,
        "violations": 0,
    }


@pytest.mark.postgres
def test_postgresql_restarted_mid_session_short(tmp_path: Path, report: Report) -> None:
    assert not report("fault_pg_restart_short", **_pg_restart(tmp_path, 1, 20))


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_restarted_mid_session_long(tmp_path: Path, report: Report) -> None:
    assert not report("fault_pg_restart", **_pg_restart(tmp_path, 10, 100))


HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def _sqlite_locked(
    databases: TestDatabases, tmp_path: Path, busy_ms: int, hold_s: float, rounds: int
) -> dict[str, object]:
    url = databases.migrated("sqlite", tmp_path / "locked.sqlite")
    factory = make_uow_factory(url)
    seed(factory)
    watched = station(factory)
    violations: list[str] = []
    codes: set[str] = set()
    ids = []
    try:
        for n in range(rounds):
            holder = subprocess.Popen(
                [sys.executable, "-c", HOLDER, url.removeprefix("sqlite:///"), str(hold_s)],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            scan_id = f"locked-{n}"
            ids.append(scan_id)
            watched.scan(scan_id)
            codes.add(
                watched.wait_for_message(scan_id, timeout=busy_ms / 1000 + hold_s + 30).error_code
            )
            outcomes = watched.wait(scan_id, timeout=hold_s + 60)
            if holder.wait(60) != 0 or not outcomes[-1].ok:
                violations.append(f"{scan_id}: {outcomes}")
        watched.pipeline.stop()
        verdict = verify(factory, ids)
        violations += verdict.violations
        if verdict.accepted != len(ids):
            violations.append(f"accepted {verdict.accepted} of {len(ids)}")
    finally:
        watched.pipeline.stop()
        factory.dispose()
    assert violations == [], "\n".join(violations)
    return {
        "busy_timeout_ms": busy_ms,
        "held_s": hold_s,
        "scans": len(ids),
        "codes_told": "+".join(sorted(codes)),
        "applied_once": verdict.accepted,
        "violations": 0,
    }


def test_sqlite_locked_past_busy_timeout_short(
    databases: TestDatabases, tmp_path: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine reads the busy timeout when it connects: a short one keeps this test short.
    monkeypatch.setattr("db.engine.BUSY_TIMEOUT_MS", 200)
    assert not report(
        "fault_sqlite_locked_short", **_sqlite_locked(databases, tmp_path, 200, 1.0, 1)
    )


@pytest.mark.slow
def test_sqlite_locked_past_busy_timeout_long(
    databases: TestDatabases, tmp_path: Path, report: Report
) -> None:
    assert not report(
        "fault_sqlite_locked", **_sqlite_locked(databases, tmp_path, BUSY_TIMEOUT_MS, 8.0, 3)
    )
