"""Returns stations race for the same returned parcels (four on one SQLite file, eight on one
PostgreSQL): each parcel is booked by exactly one station, its lines take back exactly what
they shipped, nothing is booked twice, no return is left open and no lease held; every
acknowledged scan is applied once and the ledger holds."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest

from db.uow import make_uow_factory
from tests.reliability.harness import Report, p99
from tests.reliability.returns_world import (
    LINES,
    ReturnsResult,
    check_returns,
    run_returns_station,
    seed_returns_world,
)
from tests.reliability.workflows import verify_workflows
from wms_tui.core.leases import LeaseKind


def race(url: str, orders: int) -> dict[str, object]:
    processes = 4 if url.startswith("sqlite") else 8
    factory = make_uow_factory(url)
    order_nos = seed_returns_world(factory, orders)
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        results: list[ReturnsResult] = pool.starmap(
            run_returns_station, [(url, w, orders, 13) for w in range(processes)]
        )
    booked = Counter(o for r in results for o in r.closed)
    violations = [f"{o} booked {booked[o]} times" for o in order_nos if booked[o] != 1]
    try:
        violations += check_returns(factory, order_nos)
        with factory() as uow:
            for order_no in order_nos:
                back = uow.returns.returned_lines(order_no)
                if sorted(back.values()) != sorted(LINES.values()):
                    violations.append(f"{order_no}: {back} back of {LINES}")
                leased = uow.leases.holder(LeaseKind.RETURN, order_no)
                if leased is not None:
                    violations.append(f"{order_no} still leased to {leased.station_id}")
            for result in results:
                if uow.returns.open_at(result.station) is not None:
                    violations.append(f"{result.station} left a return open")
        verdict = verify_workflows(factory, [s for r in results for s in r.acked])
        violations += verdict.violations
        if verdict.pending:
            violations.append(f"{verdict.pending} scans left pending")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    return {
        "stations": processes,
        "orders": orders,
        "booked": sum(booked.values()),
        "held_refusals": sum(r.held for r in results),
        "abandoned": sum(r.abandoned for r in results),
        "scans": verdict.journaled,
        "storage_messages": sum(r.storage_messages for r in results),
        "p99_return_ms": round(p99([ms for r in results for ms in r.latencies_ms]), 1),
        "violations": len(violations),
    }


def _name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_returns_race_short(migrated_url: str, report: Report) -> None:
    assert not report(f"returns_race_short_{_name(migrated_url)}", **race(migrated_url, 12))


@pytest.mark.slow
def test_returns_race_long(migrated_url: str, report: Report) -> None:
    assert not report(f"returns_race_{_name(migrated_url)}", **race(migrated_url, 300))
