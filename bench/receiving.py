"""Receiving (入库验收): a 500-line purchase order received by scans and put away, and a
100,000-line purchase-order file imported.

    python bench/receiving.py [--db sqlite|postgresql|both] [--lines 500] [--per-line 2]
                              [--import-lines 100000]

Loads bench/orders.py's 2,000 SKUs (each given a barcode) and a million orders around them,
a bin per SKU and one open purchase order of `--lines` lines of `--per-line` units. A
receiving station then takes the PO through ScanPipeline.process as a receiver does: the PO
number, every unit, CMD:CLOSE; then puts it all away: each SKU, CMD:ALL, its bin. Then a
CSV of `--import-lines` lines (1,000 POs) goes the way `wms import purchase-orders` takes
it. Prints `receive_scan_p99_ms`, `putaway_scan_p99_ms`, `receipt_close_s` and
`po_import_lines_per_s` (with medians) as `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import insert

from bench.common import database, figure, median, percentile, settle
from bench.orders import SKUS, load
from db.models import BarcodeRow, LocationRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.imports import import_file
from wms_tui.core import codes
from wms_tui.core.clock import SystemClock
from wms_tui.core.imports import ImportKind
from wms_tui.core.imports.service import ensure_virtual_locations
from wms_tui.core.model import Location, LocationKind
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.receiving.handler import CONTEXT, ReceivingDesk
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.core.receiving.rules import Places, Rules
from wms_tui.core.scans import Scan

CLOCK = SystemClock()
STATION = "RCV-A"
PO = "PO-BENCH-1"


def ean(n: int) -> str:
    body = f"695{n:09d}"
    return body + codes.gs1_check_digit(body)


def sku(n: int) -> str:
    return f"SKU-{n:05d}"  # bench/orders.py's codes


def bin_of(n: int) -> str:
    return f"B-{n:05d}"


def seed(factory: SqlUnitOfWorkFactory, orders: int, lines: int, per_line: int) -> None:
    load(factory.engine, orders)
    with factory.engine.begin() as connection:
        connection.execute(insert(BarcodeRow), [
            {"code": ean(n), "sku_code": sku(n), "kind": "product", "multiplier": 1}
            for n in range(SKUS)
        ])  # fmt: skip
        connection.execute(insert(LocationRow), [
            {"code": bin_of(n), "kind": "bin", "walk_order": n, "zone": "B", "frozen": False,
             "station_id": None}
            for n in range(SKUS)
        ])  # fmt: skip
    with factory() as uow:
        ensure_virtual_locations(uow)
        for code, kind in (("RCV-01", LocationKind.RECEIVING), ("QUA-01", LocationKind.QUARANTINE)):
            if uow.locations.get(code) is None:
                uow.locations.add(Location(code, kind))
        uow.receiving.add_pos(
            [PurchaseOrder(PO, "义乌百货", "DN-BENCH-1", imported_at=datetime.now(UTC))],
            [PoLine(PO, n + 1, sku(n), per_line) for n in range(lines)],
        )
        uow.commit()


def scan(pipeline: ScanPipeline, text: str) -> tuple[float, str]:
    began = time.perf_counter()
    outcome = pipeline.process(
        Scan(str(uuid.uuid4()), "bench", text, received_at=datetime.now(UTC), operator="RCV-1")
    )
    return (time.perf_counter() - began) * 1000, outcome.error_code or outcome.msgid


def po_file(directory: Path, count: int) -> Path:
    """`count` lines over 1,000 POs, each line a SKU by code, as a supplier's CSV."""
    path = directory / "purchase-orders.csv"
    per_po = max(1, count // 1000)
    with path.open("w", encoding="utf-8") as out:
        out.write("采购单号,供应商,送货单号,预计到货日期,商品编码,采购数量\n")
        for n in range(count):
            po = n // per_po
            out.write(f"CG{po:06d},供应商{po % 37},DN{po:06d},2026-12-20,{sku(n % SKUS)},12\n")
    return path


def one_engine(kind: str, args: argparse.Namespace) -> None:
    with database(kind) as url:
        factory = make_uow_factory(url)
        seed(factory, args.orders, args.lines, args.per_line)
        settle(factory.engine)
        desk = ReceivingDesk(STATION, Rules(Places("RCV-01", "QUA-01")), CLOCK)
        pipeline = ScanPipeline(factory.for_scans(), CLOCK, STATION)
        pipeline.register(CONTEXT, desk.handle_scan)
        pipeline.activate(CONTEXT)
        _ms, said = scan(pipeline, PO)
        assert said == "receiving.opened", said
        received: list[float] = []
        for n in range(args.lines):
            for _ in range(args.per_line):
                ms, said = scan(pipeline, ean(n))
                assert said == "receiving.unit", said
                received.append(ms)
        began = time.perf_counter()
        _ms, said = scan(pipeline, "CMD:CLOSE")
        closing = time.perf_counter() - began
        assert said == "receiving.closed_po_done", said
        shelving: list[float] = []
        for n in range(args.lines):
            for text in (ean(n), "CMD:ALL", bin_of(n)):
                ms, said = scan(pipeline, text)
                assert said in ("putaway.carry", "putaway.done"), said
                shelving.append(ms)
        with tempfile.TemporaryDirectory(prefix="wms-bench-po-") as directory:
            path = po_file(Path(directory), args.import_lines)
            began = time.perf_counter()
            report = import_file(factory, CLOCK, ImportKind.PURCHASE_ORDERS, path,
                                 operator="SUP", station_id=STATION)  # fmt: skip
            imported = time.perf_counter() - began
            assert report.created == 1000, report
        factory.dispose()
    figure(f"{kind}_po_lines", args.lines, "lines")
    figure(f"{kind}_receive_scan_p50_ms", median(received), "ms")
    figure(f"{kind}_receive_scan_p99_ms", percentile(received, 99), "ms")
    figure(f"{kind}_receipt_close_s", closing, "s")
    figure(f"{kind}_putaway_scan_p50_ms", median(shelving), "ms")
    figure(f"{kind}_putaway_scan_p99_ms", percentile(shelving, 99), "ms")
    figure(f"{kind}_po_import_lines_per_s", round(args.import_lines / imported), "lines/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--per-line", type=int, default=2)
    parser.add_argument("--import-lines", type=int, default=100_000)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        one_engine(kind, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
