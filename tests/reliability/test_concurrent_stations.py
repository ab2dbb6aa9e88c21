"""Eight stations on one PostgreSQL, four on one SQLite file, on the same SKUs and bins:
afterwards no move lost or doubled, no negative stock, the cache equals the ledger."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from db.models import StockMoveRow
from db.uow import make_uow_factory
from tests.reliability.conftest import Report
from tests.reliability.harness import SKUS, seed, verify
from tests.reliability.stations import StationResult, run_station


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


def stations(url: str, operations: int) -> dict[str, object]:
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    processes = 4 if backend == "sqlite" else 8
    factory = make_uow_factory(url)
    seed(factory, opening=20)
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results: list[StationResult] = pool.starmap(
            run_station, [(url, worker, operations, 7) for worker in range(processes)]
        )
    # From the first station's first scan to the last one's last: process start-up excluded.
    elapsed = max(r.finished for r in results) - min(r.started for r in results)
    accepted = {k: v for r in results for k, v in r.accepted.items()}
    reversals = [k for k, v in accepted.items() if v == "reverse"]
    acked = [*accepted, *(s for r in results for s in r.rejected)]
    try:
        verdict = verify(factory, acked, unlinked=reversals)
        with factory() as uow:
            reversal_moves = uow.session.scalar(
                select(func.count())
                .select_from(StockMoveRow)
                .where(StockMoveRow.reverses.is_not(None))
            )
    finally:
        factory.dispose()
    violations = list(verdict.violations)
    if verdict.accepted != len(accepted):
        violations.append(f"journal accepted {verdict.accepted}, stations saw {len(accepted)}")
    if reversal_moves != len(reversals):
        violations.append(f"{reversal_moves} reversal moves for {len(reversals)} reversals")
    if verdict.moves != len(SKUS) + len(accepted):
        violations.append(f"{verdict.moves} moves for {len(SKUS)} openings + {len(accepted)}")
    if verdict.pending:
        violations.append(f"{verdict.pending} scans left pending")
    assert violations == [], "\n".join(violations[:50])
    latencies = [ms for r in results for ms in r.latencies_ms]
    return {
        "stations": processes,
        "operations": len(latencies),
        "accepted": len(accepted),
        "refused": len(acked) - len(accepted),
        "reversals": len(reversals),
        "moves": verdict.moves,
        "storage_messages": sum(r.storage_messages for r in results),
        "throughput_scans_per_s": round(len(latencies) / elapsed, 1),
        "p99_commit_ms": round(p99(latencies), 1),
        "violations": len(violations),
    }


def _name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_concurrent_stations_short(migrated_url: str, report: Report) -> None:
    report(f"stations_short_{_name(migrated_url)}", **stations(migrated_url, 30))


@pytest.mark.slow
def test_concurrent_stations_long(migrated_url: str, report: Report) -> None:
    report(f"stations_{_name(migrated_url)}", **stations(migrated_url, 1500))
