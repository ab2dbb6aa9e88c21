"""Cycle counts: one big location counted by scans, then approving a plan of many locations.

    python bench/counting.py [--db sqlite|postgresql] [--skus 200] [--units 5000]
                             [--locations 1000] [--skus-per-location 2]

1. A location holding `--units` units of `--skus` SKUs is counted through the real scan
   pipeline (ScanPipeline.process: journal commit, then CountHandler in one transaction):
   the location, then one EAN scan per unit, then CMD:DONE. Prints the item scans' p50/p99,
   the whole count, and the close (variance against the snapshot). Then the same location
   counted again with keyed quantities (`*N` then the EAN: two scans per SKU).
2. A plan of `--locations` locations (counted through the services, as the pipeline would,
   each with one unit short on its first SKU) is approved location by location, one unit
   of work and commit each, as the approval screen does, and after each one the screen's
   reload (`approval_screen`: plans, variance lines, unknown codes) is read again. Prints
   the first read of the whole plan, the approvals, and the reloads.
Prints `name: value unit` lines (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from bench.common import database, figure, median, percentile
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import CountScope, PlanCriteria, Threshold, ThresholdKind
from wms_tui.core.counting.rules import CommandScan, CountCommand, ItemScan, QuantityKeyed
from wms_tui.core.model import Barcode, Location, LocationKind, Operator, Role, Sku
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import ResolverConfig, Scan

CLOCK = SystemClock()
ANN = Operator("ANN", "Ann", frozenset({Role.STOCKTAKER}))
BOB = Operator("BOB", "Bob", frozenset({Role.STOCKTAKER}))
SUE = Operator("SUE", "Sue", frozenset({Role.SUPERVISOR}))


def ean13(n: int) -> str:
    body = f"690{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def seed(factory: SqlUnitOfWorkFactory, skus: int) -> list[str]:
    eans = [ean13(n) for n in range(1, skus + 1)]
    with factory() as uow:
        for op in (ANN, BOB, SUE):
            uow.operators.add(op)
        for n, ean in enumerate(eans, start=1):
            uow.skus.add(Sku(f"SKU-{n:04d}", f"商品{n}", f"Item {n}", unit_price_cents=100 * n))
            uow.skus.add_barcode(Barcode(ean, f"SKU-{n:04d}"))
        uow.commit()
    return eans


def plan(factory: SqlUnitOfWorkFactory, name: str, criteria: PlanCriteria, limit: int) -> str:
    with factory() as uow:
        made, _tasks = svc.create_plan(
            uow, CLOCK, supervisor=SUE, station_id="B", name=name, criteria=criteria,
            threshold=Threshold(ThresholdKind.UNITS, limit),
        )  # fmt: skip
        uow.commit()
    return made.plan_id


def big_location(factory: SqlUnitOfWorkFactory, eans: list[str], units: int) -> None:
    per_sku = units // len(eans)
    with factory() as uow:
        uow.locations.add(Location("BIG-1", LocationKind.BIN, 0, zone="BIG"))
        uow.locations.add(Location("BIG-2", LocationKind.BIN, 1, zone="BIG"))
        for n in range(1, len(eans) + 1):
            for code in ("BIG-1", "BIG-2"):
                stock.receive(
                    uow, CLOCK, sku_code=f"SKU-{n:04d}", qty=per_sku, location=code,
                    operator="SUE", station_id="B",
                )  # fmt: skip
        uow.commit()
    plan(factory, "big", PlanCriteria(CountScope.ZONE, zone="BIG"), units)


def count_by_scans(factory: SqlUnitOfWorkFactory, who: Operator, texts: list[str]) -> list[float]:
    handler = svc.CountHandler(CLOCK, "ST-" + who.badge, ResolverConfig())
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, "ST-" + who.badge)
    pipeline.register(svc.CONTEXT, handler)
    pipeline.activate(svc.CONTEXT)
    times = []
    for text in texts:
        scan = Scan(
            str(uuid.uuid4()), "bench", text, received_at=datetime.now(UTC), operator=who.badge
        )
        started = time.perf_counter()
        outcome = pipeline.process(scan)
        times.append((time.perf_counter() - started) * 1000)
        if not outcome.ok:
            raise SystemExit(f"scan {text} refused: {outcome.msgid} {outcome.params}")
    return times


def bench_big_location(factory: SqlUnitOfWorkFactory, eans: list[str], units: int) -> None:
    big_location(factory, eans, units)
    per_sku = units // len(eans)
    texts = ["BIG-1", *(ean for ean in eans for _ in range(per_sku)), "CMD:DONE"]
    started = time.perf_counter()
    times = count_by_scans(factory, ANN, texts)
    total = time.perf_counter() - started
    items = times[1:-1]
    figure("count_item_scans", len(items), "scans")
    figure("count_scan_p50_ms", median(items), "ms")
    figure("count_scan_p99_ms", percentile(items, 99), "ms")
    figure("count_scan_last100_p50_ms", median(items[-100:]), "ms")
    figure("count_location_s", total, "s")
    figure("count_close_ms", times[-1], "ms")
    keyed = ["BIG-2", *(text for ean in eans for text in (f"*{per_sku}", ean)), "CMD:DONE"]
    started = time.perf_counter()
    times = count_by_scans(factory, ANN, keyed)
    figure("count_keyed_location_s", time.perf_counter() - started, "s")
    figure("count_keyed_scan_p99_ms", percentile(times[1:-1], 99), "ms")


def _count_directly(
    factory: SqlUnitOfWorkFactory, code: str, counted: list[tuple[str, int]]
) -> None:
    events: list[object] = [code]
    for sku, qty in counted:
        events += [QuantityKeyed(qty), ItemScan(sku)]
    events.append(CommandScan(CountCommand.DONE))
    for event in events:
        with factory() as uow:
            if isinstance(event, str):
                event = svc.location_event(uow, event)
            svc.apply_event(uow, CLOCK, station_id="ST-B", operator=BOB, event=event)  # type: ignore[arg-type]
            uow.commit()


def bench_approval(factory: SqlUnitOfWorkFactory, locations: int, per_location: int) -> None:
    codes = [f"Z-{n:05d}" for n in range(locations)]
    with factory() as uow:
        for n, code in enumerate(codes):
            uow.locations.add(Location(code, LocationKind.BIN, 100 + n, zone="Z"))
            for k in range(per_location):
                stock.receive(
                    uow, CLOCK, sku_code=f"SKU-{(n + k) % 200 + 1:04d}", qty=10, location=code,
                    operator="SUE", station_id="B",
                )  # fmt: skip
        uow.commit()
    plan_id = plan(factory, "zone Z", PlanCriteria(CountScope.ZONE, zone="Z"), 5)
    started = time.perf_counter()
    for n, code in enumerate(codes):
        skus = [f"SKU-{(n + k) % 200 + 1:04d}" for k in range(per_location)]
        _count_directly(factory, code, [(sku, 9 if k == 0 else 10) for k, sku in enumerate(skus)])
    figure("approval_setup_counted_s", time.perf_counter() - started, "s")
    started = time.perf_counter()
    with factory() as uow:
        shown = appr.approval_screen(uow, plan_id)
    figure("approval_view_lines", len(shown.view.lines), "lines")
    figure("approval_view_ms", (time.perf_counter() - started) * 1000, "ms")
    times, reloads = [], []
    for code in codes:
        one = time.perf_counter()
        with factory() as uow:
            appr.approve(uow, CLOCK, plan_id=plan_id, location=code, approver=SUE, station_id="B")
            uow.commit()
        times.append((time.perf_counter() - one) * 1000)
        # What the approval screen's reload() reads after every decision.
        one = time.perf_counter()
        with factory() as uow:
            appr.approval_screen(uow, plan_id)
        reloads.append((time.perf_counter() - one) * 1000)
    figure("approve_plan_locations", len(codes), "locations")
    figure("approve_plan_s", sum(times) / 1000, "s")  # the approvals alone, not the reloads
    figure("approve_location_p50_ms", median(times), "ms")
    figure("approve_location_p99_ms", percentile(times, 99), "ms")
    figure("approval_reload_p50_ms", median(reloads), "ms")
    figure("approval_reload_p99_ms", percentile(reloads, 99), "ms")
    with factory() as uow:
        closed = uow.counts.get_plan(plan_id)
        assert closed is not None and closed.status.value == "closed", closed
        assert sum(lvl.on_hand for lvl in uow.ledger.levels("SKU-0001")) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--skus", type=int, default=200)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--locations", type=int, default=1000)
    parser.add_argument("--skus-per-location", type=int, default=2)
    args = parser.parse_args()
    with database(args.db) as url:
        factory = make_uow_factory(url)
        try:
            eans = seed(factory, max(args.skus, 200))
            bench_big_location(factory, eans[: args.skus], args.units)
            bench_approval(factory, args.locations, args.skus_per_location)
        finally:
            factory.dispose()


if __name__ == "__main__":
    main()
