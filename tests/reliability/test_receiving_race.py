"""Receivers race on one purchase order (four on one SQLite file, eight on one PostgreSQL),
then race to put away what they received: the PO takes exactly what it ordered, never a unit
over the tolerance without a supervisor, however the scans interleave; every closed receipt
is booked once, the receiving area and the bins hold exactly what came in, every
acknowledged scan is applied once and the ledger holds."""

from __future__ import annotations

import multiprocessing

import pytest

from db.uow import make_uow_factory
from tests.reliability.harness import Report, p99
from tests.reliability.receiving_world import (
    AREA,
    ReceivingResult,
    check_receiving,
    run_receiving_station,
    seed_receiving_world,
)
from tests.reliability.workflows import BINS, verify_workflows


def race(url: str, ordered: int) -> dict[str, object]:
    processes = 4 if url.startswith("sqlite") else 8
    factory = make_uow_factory(url)
    (po_no,) = seed_receiving_world(factory, 1, {"TEE": ordered})
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results: list[ReceivingResult] = pool.starmap(
            run_receiving_station, [(url, w, po_no, 17) for w in range(processes)]
        )
    violations: list[str] = []
    try:
        violations += check_receiving(factory, carriers=())
        passed = sum(r.passed for r in results)
        if passed != ordered:
            violations.append(f"{passed} tees received on closed receipts of {ordered} ordered")
        with factory() as uow:
            (line,) = uow.receiving.lines(po_no)
            if line.received != ordered:
                violations.append(f"the line received {line.received} of {ordered}")
            shelved = sum(uow.ledger.level("TEE", code) for code in BINS)
            left = uow.ledger.level("TEE", AREA)
            if shelved + left != ordered or shelved != sum(r.put_away for r in results):
                violations.append(f"{shelved} shelved and {left} waiting of {ordered}")
            for result in results:
                if uow.receiving.open_at(result.station) is not None:
                    violations.append(f"{result.station} left a receipt open")
        verdict = verify_workflows(factory, [s for r in results for s in r.acked])
        violations += verdict.violations
        if verdict.pending:
            violations.append(f"{verdict.pending} scans left pending")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    return {
        "stations": processes,
        "ordered": ordered,
        "received": sum(r.passed for r in results),
        "refused_over": sum(r.refused_over for r in results),
        "put_away": sum(r.put_away for r in results),
        "scans": verdict.journaled,
        "storage_messages": sum(r.storage_messages for r in results),
        "p99_receive_scan_ms": round(p99([ms for r in results for ms in r.latencies_ms]), 1),
        "violations": len(violations),
    }


def _name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_receiving_race_short(migrated_url: str, report: Report) -> None:
    assert not report(f"receiving_race_short_{_name(migrated_url)}", **race(migrated_url, 40))


@pytest.mark.slow
def test_receiving_race_long(migrated_url: str, report: Report) -> None:
    assert not report(f"receiving_race_{_name(migrated_url)}", **race(migrated_url, 2000))
