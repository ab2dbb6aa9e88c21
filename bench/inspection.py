"""Inspection (验货) through the real pipeline, and waybill look-up among many orders.

    python bench/inspection.py [--db sqlite|postgresql] [--orders 1000000] [--lines 50]
                               [--runs 10] [--lookups 2000]

Sets up a migrated database with `--orders` filler orders (bulk Core inserts), then inspects
`--runs` picked orders of `--lines` lines each (after one more, untimed but for its opening
scan, printed as `first_open_ms`: the process's first scan, while SQLAlchemy compiles each
statement once): the waybill, every item, each a scan through
ScanPipeline.process (journal commit, then apply in one transaction with InspectionDesk),
the last one passing the order (dock moves, status, ship date). `scan_p50_ms` and
`scan_p99_ms` are the item scans; the opening (waybill) scan and the passing scan (one SHIP
move per line) are printed apart as `open_p99_ms` and `pass_p99_ms`, and every scan of the
orders together as `all_scans_p99_ms`. Before that, straight after the load (no statistics
yet), times `orders.find_by_code(waybill)` and the full resolver on random waybills; the
scans run after `settle` (statistics, checkpoint).
Prints `name: value unit` lines (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import Engine, insert

from bench.common import Statements, database, figure, median, percentile, settle
from db.models import OperatorRow, OrderLineRow, OrderRow
from db.picking.models import PickWaveOrderRow, PickWaveRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.model import Barcode, Location, LocationKind, Sku
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan, resolve

CLOCK = SystemClock()
RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR")
CHUNK = 10_000


def ean13(n: int) -> str:
    body = f"690{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def seed_master(factory: SqlUnitOfWorkFactory, lines: int, units: int) -> list[str]:
    eans = [ean13(n) for n in range(1, lines + 1)]
    with factory() as uow:
        uow.locations.add(Location("PACK-1", LocationKind.PACKING, station_id="S1"))
        uow.locations.add(Location("DOCK", LocationKind.DOCK))
        uow.locations.add(Location("QUAR", LocationKind.QUARANTINE))
        for n, ean in enumerate(eans, start=1):
            code = f"SKU-{n:03d}"
            uow.skus.add(Sku(code, f"商品{n}", f"Item {n}", "M", unit_weight_g=100))
            uow.skus.add_barcode(Barcode(ean, code))
            stock.receive(
                uow, CLOCK, sku_code=code, qty=units, location="PACK-1", operator="b",
                station_id="S0",
            )  # fmt: skip
        uow.commit()
    return eans


def _order(n: int, status: str) -> dict[str, object]:
    return {
        "order_no": f"O{n:08d}",
        "platform": "taobao",
        "platform_order_no": f"P{n:012d}",
        "shop": "旗舰店",
        "buyer": "买家",
        "courier": "yto",
        "waybill": f"YT{n:010d}",
        "status": status,
        "buyer_remark": "",
        "seller_remark": "",
        "priority": 0,
        "merged_from": "",
        "hold_reason": "",
        "version": 1,
    }


def bulk_orders(engine: Engine, count: int, runs: int, lines: int) -> None:
    """Filler orders (already handed over) plus `runs` picked ones, Core executemany."""
    with engine.begin() as connection:
        for start in range(runs, count + runs, CHUNK):
            stop = min(start + CHUNK, count + runs)
            connection.execute(
                insert(OrderRow), [_order(n, "handed_over") for n in range(start, stop)]
            )
        connection.execute(insert(OrderRow), [_order(n, "picked") for n in range(runs)])
        connection.execute(
            insert(OrderLineRow),
            [
                {
                    "order_no": f"O{n:08d}",
                    "line_no": i,
                    "sku_code": f"SKU-{i:03d}",
                    "qty": 1,
                    "is_gift": False,
                    "kit_code": None,
                }
                for n in range(runs)
                for i in range(1, lines + 1)
            ],
        )


# Statements sent per scan, by kind of scan (the timed ones only).
STATEMENTS: dict[str, list[int]] = {}


def inspect_orders(
    factory: SqlUnitOfWorkFactory, runs: int, eans: list[str]
) -> tuple[float, list[float], list[float], list[float], int]:
    desk = InspectionDesk(RULES, CLOCK, resolver=scan_resolver())
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, "S1")
    pipeline.register(CONTEXT, desk.handle_scan)
    pipeline.activate(CONTEXT)
    opens: list[float] = []
    scans: list[float] = []
    passes: list[float] = []
    first_open = 0.0
    sent = Statements(factory.engine)
    for n in range(runs + 1):
        texts = [f"YT{n:010d}", *eans]
        for index, text in enumerate(texts):
            scan = Scan(
                str(uuid.uuid4()), "bench", text, received_at=datetime.now(UTC), operator="bench"
            )
            before = sent.count
            started = time.perf_counter()
            outcome = pipeline.process(scan)
            elapsed = (time.perf_counter() - started) * 1000
            last = index == len(texts) - 1
            if n > 0:
                kind = "pass" if last else "open" if index == 0 else "item"
                STATEMENTS.setdefault(kind, []).append(sent.count - before)
            wanted = "inspect.passed" if last else ("inspect.opened" if index == 0 else "")
            if not outcome.ok or (wanted and outcome.msgid != wanted):
                raise SystemExit(f"scan {text}: {outcome.msgid} {outcome.params}")
            if n == 0:
                first_open = first_open or elapsed  # the warm-up order, not counted
                continue
            (passes if last else opens if index == 0 else scans).append(elapsed)
    with factory() as uow:
        (session,) = uow.inspections.history("O00000000")
        events = len(uow.inspections.events(session.session_id))
    return first_open, opens, scans, passes, events


def single_item_wave(factory: SqlUnitOfWorkFactory, orders: int) -> list[float]:
    """`orders` picked one-unit orders of SKU-001 in a single-item wave, each packed by an
    item scan alone: the scan finds the next order, opens it, counts the unit, passes it."""
    now = datetime.now(UTC)
    with factory.engine.begin() as connection:
        numbers = range(90_000_000, 90_000_000 + orders)
        rows = [{**_order(n, "picked"), "paid_at": now} for n in numbers]
        connection.execute(insert(OrderRow), rows)
        connection.execute(
            insert(OrderLineRow),
            [{"order_no": f"O{n:08d}", "line_no": 1, "sku_code": "SKU-001", "qty": 1,
              "is_gift": False, "kit_code": None} for n in numbers],
        )  # fmt: skip
        connection.execute(
            insert(OperatorRow), [{"badge": "bench", "name": "bench", "roles": "supervisor"}]
        )
        connection.execute(
            insert(PickWaveRow),
            [{"wave_no": "W-SINGLE", "kind": "single", "status": "picked", "priority": 0,
              "oldest_paid_at": now, "grp": "", "created_at": now, "created_by": "bench",
              "version": 1}],
        )  # fmt: skip
        connection.execute(
            insert(PickWaveOrderRow),
            [{"wave_no": "W-SINGLE", "position": k, "order_no": f"O{n:08d}"}
             for k, n in enumerate(numbers, start=1)],
        )  # fmt: skip
    settle(factory.engine)
    desk = InspectionDesk(RULES, CLOCK, resolver=scan_resolver())
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, "S1")
    pipeline.register(CONTEXT, desk.handle_scan)
    pipeline.activate(CONTEXT)
    times: list[float] = []
    sent = Statements(factory.engine)
    for _ in range(orders):
        scan = Scan(str(uuid.uuid4()), "bench", ean13(1), received_at=datetime.now(UTC),
                    operator="bench")  # fmt: skip
        before = sent.count
        started = time.perf_counter()
        outcome = pipeline.process(scan)
        times.append((time.perf_counter() - started) * 1000)
        STATEMENTS.setdefault("single_item", []).append(sent.count - before)
        if outcome.msgid != "inspect.passed":
            raise SystemExit(f"single-item scan: {outcome.msgid} {outcome.params}")
    return times


def lookups(
    factory: SqlUnitOfWorkFactory, count: int, total: int
) -> tuple[list[float], list[float]]:
    rng = random.Random(7)
    found: list[float] = []
    resolved: list[float] = []
    with factory() as uow:
        catalog = uow.catalog()
        for _ in range(count):
            waybill = f"YT{rng.randrange(total):010d}"
            started = time.perf_counter()
            order = uow.orders.find_by_code(waybill)
            found.append((time.perf_counter() - started) * 1000)
            assert order is not None and order.waybill == waybill
            started = time.perf_counter()
            resolve(waybill, catalog)
            resolved.append((time.perf_counter() - started) * 1000)
    return found, resolved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--singles", type=int, default=300)
    args = parser.parse_args()
    with database(args.db) as url:
        factory = make_uow_factory(url)
        try:
            eans = seed_master(factory, args.lines, args.runs + 10 + args.singles)
            started = time.perf_counter()
            bulk_orders(factory.engine, args.orders, args.runs + 1, args.lines)
            figure("setup_orders_s", time.perf_counter() - started, "s")
            # Looked up straight after the load, before any statistics exist: the look-ups
            # must not depend on them. The scans are then timed on a settled database, not
            # against the checkpoint of a million orders still being written behind them.
            found, resolved = lookups(factory, args.lookups, args.orders + args.runs + 1)
            settle(factory.engine)
            first_open, opens, scans, passes, events = inspect_orders(factory, args.runs, eans)
            singles = single_item_wave(factory, args.singles)
        finally:
            factory.dispose()
    figure("orders_in_db", args.orders + args.runs + 1, "orders")
    figure("lines_per_order", args.lines, "lines")
    figure("first_open_ms", first_open, "ms")
    figure("scan_p50_ms", median(scans), "ms")
    figure("scan_p99_ms", percentile(scans, 99), "ms")
    figure("open_p50_ms", median(opens), "ms")
    figure("open_p99_ms", percentile(opens, 99), "ms")
    figure("pass_p50_ms", median(passes), "ms")
    figure("pass_p99_ms", percentile(passes, 99), "ms")
    figure("all_scans_p99_ms", percentile(opens + scans + passes, 99), "ms")
    figure("inspect_events_per_order", events, "events")
    figure("waybill_lookup_p50_ms", median(found), "ms")
    figure("waybill_lookup_p99_ms", percentile(found, 99), "ms")
    figure("waybill_resolve_p99_ms", percentile(resolved, 99), "ms")
    # As for the 50-line orders: the first scan (statements prepared, plans made, caches
    # filled) is printed apart, not mixed into the steady figures.
    # Statements a scan sends, by kind (cursor statements: PostgreSQL's BEGIN and every
    # COMMIT are the driver's own and not counted; SQLite's BEGIN IMMEDIATE is).
    for kind, counts in sorted(STATEMENTS.items()):
        figure(f"statements_per_{kind}_scan", sum(counts) / len(counts), "statements")
    figure("single_item_first_ms", singles[0], "ms")
    figure("single_item_scan_p50_ms", median(singles[1:]), "ms")
    figure("single_item_scan_p99_ms", percentile(singles[1:], 99), "ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
