"""Waves and pick lists on a real database: release 10,000 confirmed orders, print 500 orders.

    python bench/waves.py [--db sqlite|postgresql] [--orders 10000] [--skus 2000]
                          [--picklist-orders 500] [--scans 300]

Seeds SKUs (one EAN each), bins (each SKU in 1-4 of them, received at different times) and
confirmed orders (60% one SKU, the rest 2-4 SKUs), straight into the tables. Then times:
`release_waves` in one unit of work (confirmed orders + bin stock read, allocation, waves
written, orders set released, commit); the pick-list PDFs for the first waves covering
`--picklist-orders` orders (read + render + write); guided pick scans through the real
ScanPipeline. Prints `name: value unit` lines (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import insert

from bench.common import database, figure, median, percentile, settle
from db.models import (
    BarcodeRow,
    LocationRow,
    OperatorRow,
    OrderLineRow,
    OrderRow,
    SkuRow,
    StockLevelRow,
    StockMoveRow,
)
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.picking import write_pick_lists
from wms_tui.core.clock import SystemClock
from wms_tui.core.picking.display import load_display
from wms_tui.core.picking.records import WaveKind
from wms_tui.core.picking.service import make_pick_handler, open_session, release_waves
from wms_tui.core.picking.step import CONTEXT, PickStep
from wms_tui.core.picking.waves import WaveLimits, build_waves, format_wave_no
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan
from wms_tui.i18n import set_language

CLOCK = SystemClock()
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _ean(n: int) -> str:
    body = f"690{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def seed(factory: SqlUnitOfWorkFactory, orders: int, skus: int, rng: random.Random) -> None:
    codes = [f"SKU-{n:05d}" for n in range(skus)]
    bins = [f"A-{n // 40:03d}-{n % 40:02d}" for n in range(skus * 2)]
    rows: dict[str, list[dict[str, object]]] = {"moves": [], "levels": []}
    supplier: dict[str, int] = {}
    for sku in codes:
        for location in rng.sample(bins, rng.randint(1, 4)):
            qty = rng.randint(40, 120)
            at = T0 + timedelta(hours=rng.randint(0, 200))
            rows["moves"].append(
                {
                    "move_id": str(uuid.uuid4()),
                    "sku_code": sku,
                    "qty": qty,
                    "from_location": "@supplier",
                    "to_location": location,
                    "reason": "receipt",
                    "reference": "",
                    "operator": "SUP",
                    "station_id": "B",
                    "at": at,
                }
            )
            rows["levels"].append({"sku_code": sku, "location": location, "qty": qty})
            supplier[sku] = supplier.get(sku, 0) - qty
    rows["levels"] += [
        {"sku_code": sku, "location": "@supplier", "qty": qty} for sku, qty in supplier.items()
    ]
    heads, lines = [], []
    for n in range(orders):
        order_no = f"O{n:06d}"
        heads.append(
            {
                "order_no": order_no,
                "platform": "tmall",
                "shop": rng.choice(["店A", "店B", "店C"]),
                "courier": rng.choice(["圆通", "中通", "顺丰"]),
                "status": "confirmed",
                "paid_at": T0 + timedelta(minutes=n),
                "priority": 1 if rng.random() < 0.05 else 0,
            }
        )
        wanted = rng.sample(codes, 1 if rng.random() < 0.6 else rng.randint(2, 4))
        for line_no, sku in enumerate(wanted, start=1):
            lines.append(
                {
                    "order_no": order_no,
                    "line_no": line_no,
                    "sku_code": sku,
                    "qty": rng.randint(1, 2),
                }
            )
    with factory() as uow:
        s = uow.session
        s.execute(insert(OperatorRow), [{"badge": "SUP", "name": "Boss", "roles": "supervisor"}])
        s.execute(insert(OperatorRow), [{"badge": "P1", "name": "Picker", "roles": "picker"}])
        s.execute(insert(SkuRow), [{"code": c, "name_zh": f"商品{c}", "name_en": c} for c in codes])
        s.execute(
            insert(BarcodeRow),
            [{"code": _ean(n), "sku_code": c, "kind": "product"} for n, c in enumerate(codes)],
        )
        s.execute(
            insert(LocationRow),
            [{"code": b, "kind": "bin", "walk_order": n} for n, b in enumerate(bins)]
            + [{"code": "PACK-1", "kind": "packing", "station_id": "B1"}],
        )
        s.execute(insert(StockMoveRow), rows["moves"])
        s.execute(insert(StockLevelRow), rows["levels"])
        s.execute(insert(OrderRow), heads)
        s.execute(insert(OrderLineRow), lines)
        uow.commit()


def bench_pure(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        waves = uow.waves
        orders = waves.confirmed_orders()
        stock = waves.bin_stock({line.sku_code for o in orders for line in o.lines})
    seq = iter(range(1, 100_000))
    started = time.perf_counter()
    build_waves(orders, stock, WaveLimits(), wave_no=lambda: format_wave_no(T0, next(seq)))
    figure("build_waves_pure_ms", (time.perf_counter() - started) * 1000, "ms")


def bench_release(factory: SqlUnitOfWorkFactory) -> list[tuple[str, int, WaveKind]]:
    started = time.perf_counter()
    with factory() as uow:
        plan = release_waves(uow, CLOCK, limits=WaveLimits(), operator="SUP", station_id="B1")
        uow.commit()
    figure("waves_build_s", time.perf_counter() - started, "s")
    figure("waves", len(plan.waves), "waves")
    figure("orders_released", plan.order_count, "orders")
    figure("orders_not_allocated", len(plan.not_allocated), "orders")
    return [(w.wave_no, len(w.orders), w.kind) for w in plan.waves]


def bench_picklists(
    factory: SqlUnitOfWorkFactory, waves: list[tuple[str, int, WaveKind]], orders: int
) -> None:
    chosen, covered = [], 0
    for wave_no, count, _kind in waves:
        if covered >= orders:
            break
        chosen.append(wave_no)
        covered += count
    with tempfile.TemporaryDirectory(prefix="wms-picklists-") as directory:
        started = time.perf_counter()
        written = write_pick_lists(factory, chosen, Path(directory))
        elapsed = time.perf_counter() - started
        size = sum(path.stat().st_size for path in written)
    figure(f"picklists_{orders}_orders_s", elapsed, "s")
    figure("picklists_waves", len(chosen), "waves")
    figure("picklists_orders", covered, "orders")
    figure("picklists_kb", size // 1024, "KiB")


def bench_scans(
    factory: SqlUnitOfWorkFactory, waves: list[tuple[str, int, WaveKind]], scans: int
) -> None:
    """Guided picking, answering what the screen asks for, timing each pipeline step."""
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, "B1")
    pipeline.register(CONTEXT, make_pick_handler(CLOCK, "B1"))
    pipeline.activate(CONTEXT)
    with factory() as uow:
        open_session(uow, "B1", "P1")
        uow.commit()
    multi = [w for w, _n, kind in waves if kind is WaveKind.MULTI]
    queue = multi[:3] + [w for w, _n, kind in waves if kind is WaveKind.SINGLE][:3]
    timings: list[float] = []
    rejected = 0
    text = queue.pop(0)
    while len(timings) < scans:
        started = time.perf_counter()
        outcome = pipeline.process(Scan(str(uuid.uuid4()), "bench", text, received_at=CLOCK.now()))
        timings.append((time.perf_counter() - started) * 1000)
        rejected += not outcome.ok
        with factory() as uow:
            shown = load_display(uow, "B1", "en")
        stop = shown.current
        if shown.step is PickStep.WAVE or stop is None:
            if not queue:
                break
            text = queue.pop(0)
        elif shown.step is PickStep.LOCATION:
            text = stop.location
        elif shown.step is PickStep.SLOT:
            text = shown.slot
        else:
            text = stop.barcode
    figure("pick_scans", len(timings), "scans")
    figure("pick_scan_p50_ms", median(timings), "ms")
    figure("pick_scan_p99_ms", percentile(timings, 99), "ms")
    figure("pick_scans_rejected", rejected, "scans")


def run(kind: str, orders: int, skus: int, picklist_orders: int, scans: int) -> None:
    set_language("zh_CN")
    with database(kind) as url:
        factory = make_uow_factory(url)
        try:
            seed(factory, orders, skus, random.Random(7))
            settle(factory.engine)
            figure("orders_confirmed", orders, "orders")
            bench_pure(factory)
            waves = bench_release(factory)
            bench_picklists(factory, waves, picklist_orders)
            if scans:
                bench_scans(factory, waves, scans)
        finally:
            factory.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--skus", type=int, default=2_000)
    parser.add_argument("--picklist-orders", type=int, default=500)
    parser.add_argument("--scans", type=int, default=300)
    args = parser.parse_args()
    run(args.db, args.orders, args.skus, args.picklist_orders, args.scans)


if __name__ == "__main__":
    main()
