"""Eight stations on one PostgreSQL, four on one SQLite file, on the same SKUs and bins:
afterwards no move lost or doubled, no negative stock, the cache equals the ledger.

The workflows' race: the same stations fight over the same waybills (inspection) and the same
bins (counting): afterwards every order passed exactly once, every bin frozen and counted by
exactly one stocktaker (and frozen until approved), no move lost or doubled; meanwhile the
order desk searches them and never fails nor finds anything but the order asked for; the
supervisor's dashboard reads the day's figures all along, never fails, never counts back,
and at the end they add up to what was stored."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.models import OrderLineRow, StockMoveRow
from db.uow import make_uow_factory
from tests.reliability.figures_agree import figures_agree
from tests.reliability.harness import CLOCK, SKUS, Report, p99, seed, verify
from tests.reliability.stations import StationResult, run_station
from tests.reliability.workflow_stations import (
    COUNT_QTY,
    COUNT_SKU,
    BoardResult,
    DeskResult,
    WorkflowResult,
    count_bin,
    order_no,
    run_dashboard,
    run_desk,
    run_workflow_station,
)
from tests.reliability.workflows import (
    DOCK,
    SUPERVISOR,
    add_order,
    check_workflows,
    seed_world,
    verify_workflows,
)
from wms_tui.core import stock
from wms_tui.core.counting import approval
from wms_tui.core.counting import handler as counting_svc
from wms_tui.core.counting.records import CountScope, PlanCriteria, Threshold, ThresholdKind
from wms_tui.core.model import Location, LocationKind, OrderStatus


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
    assert not report(f"stations_short_{_name(migrated_url)}", **stations(migrated_url, 30))


@pytest.mark.slow
def test_concurrent_stations_long(migrated_url: str, report: Report) -> None:
    assert not report(f"stations_{_name(migrated_url)}", **stations(migrated_url, 1500))


def workflows(url: str, orders: int, bins: int) -> dict[str, object]:
    """Every station races for every waybill and every count bin."""
    processes = 4 if url.startswith("sqlite") else 8
    factory = make_uow_factory(url)
    order_nos = [order_no(n) for n in range(orders)]
    bin_codes = [count_bin(n) for n in range(bins)]
    seed_world(factory, in_bins=0, in_packing=orders, stations=processes)
    with factory() as uow:
        for n, code in enumerate(bin_codes):
            uow.locations.add(Location(code, LocationKind.BIN, 100 + n, zone="K"))
            stock.receive(
                uow, CLOCK, sku_code=COUNT_SKU, qty=COUNT_QTY, location=code, operator="seed",
                station_id="S0", move_id=f"opening-{code}",
            )  # fmt: skip
        for number in order_nos:
            add_order(uow, number, {"TEE": 1, "CAP": 1}, OrderStatus.PICKED)
        counting_svc.create_plan(
            uow, CLOCK, supervisor=SUPERVISOR, station_id="S0", name="race", plan_id="RACE",
            criteria=PlanCriteria(CountScope.LOCATIONS, locations=tuple(bin_codes)),
            threshold=Threshold(ThresholdKind.UNITS, 1000),
        )  # fmt: skip
        uow.commit()
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes + 2) as pool:
        # The order desk reads all along, in a process of its own.
        desk_run = pool.apply_async(run_desk, (url, orders, 4 * orders))
        # So does the supervisor's dashboard.
        board_run = pool.apply_async(run_dashboard, (url, orders, orders))
        results: list[WorkflowResult] = pool.starmap(
            run_workflow_station, [(url, w, orders, bins, 11) for w in range(processes)]
        )
        desk: DeskResult = desk_run.get()
        board: BoardResult = board_run.get()
    elapsed = max(r.finished for r in results) - min(r.started for r in results)
    passed = Counter(o for r in results for o in r.passed)
    counted = Counter(c for r in results for c in r.counted)
    violations = [f"{o} passed {passed[o]} times" for o in order_nos if passed[o] != 1]
    violations += [f"{c} counted {counted[c]} times" for c in bin_codes if counted[c] != 1]
    violations += desk.failures + board.failures
    if not board.reads:
        violations.append("the dashboard never read the figures")
    late = sum(r.late_refusals for r in results)
    if late:
        violations.append(f"{late} orders opened at one station while another passed them")
    try:
        violations += check_workflows(factory, order_nos, ["RACE"])  # frozen before approval
        with factory() as uow:
            for code in bin_codes:
                approval.approve(uow, CLOCK, plan_id="RACE", location=code,
                                 approver=SUPERVISOR, station_id="S0")  # fmt: skip
            uow.commit()
        violations += check_workflows(factory, order_nos, ["RACE"])  # and unfrozen after
        verdict = verify_workflows(factory, [s for r in results for s in r.acked])
        violations += verdict.violations
        try:  # the day's figures add up to what the race stored
            today = datetime.now(UTC).date()
            figures_agree(factory, today, today)
        except AssertionError as error:
            violations.append(f"figures: {error}")
        with factory() as uow:
            gifts = int(
                uow.session.scalar(
                    select(func.count()).select_from(OrderLineRow).where(OrderLineRow.is_gift)
                )
                or 0
            )
            if gifts != sum(1 for o in order_nos if int(o[-1]) % 4 == 0):
                violations.append(f"{gifts} gift lines on the orders")
            for sku, want in (("TEE", orders), ("CAP", orders + gifts)):
                if (docked := uow.ledger.level(sku, DOCK)) != want:
                    violations.append(f"{docked} {sku} at the dock for {want} units ordered")
            for code in bin_codes:
                if (left := uow.ledger.level(COUNT_SKU, code)) != COUNT_QTY:
                    violations.append(f"{code} holds {left} after an exact count")
            to_dock = uow.session.scalar(
                select(func.count())
                .select_from(StockMoveRow)
                .where(StockMoveRow.to_location == DOCK)
            )
        openings = 2 * (processes + 1) + bins  # packing per station, the spare bin, count bins
        # ... and each gift taken from the spare bin to a bench.
        if verdict.moves != openings + (to_dock or 0) + gifts:
            violations.append(
                f"{verdict.moves} moves: {openings} openings + {to_dock} passes + {gifts} gifts"
            )
        if verdict.pending:
            violations.append(f"{verdict.pending} scans left pending")
    finally:
        factory.dispose()
    assert violations == [], "\n".join(violations[:50])
    latencies = [ms for r in results for ms in r.latencies_ms]
    return {
        "stations": processes,
        "orders": orders,
        "passed": sum(passed.values()),
        "inspect_refused": sum(r.inspect_refused for r in results),
        "late_refusals": late,
        "bins": bins,
        "counted": sum(counted.values()),
        "count_refused": sum(r.count_refused for r in results),
        "scans": verdict.journaled,
        "moves": verdict.moves,
        "storage_messages": sum(r.storage_messages for r in results),
        "desk_searches": desk.searches,
        "dashboard_reads": board.reads,
        "jobs_per_s": round(len(latencies) / elapsed, 1),
        "p99_job_ms": round(p99(latencies), 1),
        "violations": len(violations),
    }


def test_concurrent_workflows_short(migrated_url: str, report: Report) -> None:
    assert not report(
        f"workflow_stations_short_{_name(migrated_url)}", **workflows(migrated_url, 6, 4)
    )


@pytest.mark.slow
def test_concurrent_workflows_long(migrated_url: str, report: Report) -> None:
    assert not report(
        f"workflow_stations_{_name(migrated_url)}", **workflows(migrated_url, 150, 60)
    )
