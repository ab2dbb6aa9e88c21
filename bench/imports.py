"""Shop exports: 100,000 order lines and 100,000 stock rows imported from CSV files.

    python bench/imports.py [--db sqlite|postgresql|both] [--lines 100000] [--skus 10000]
                            [--locations 2000] [--file-mb 0]

Each file goes the way `wms import` takes it (bootstrap/imports.py: read, check in a
read-only unit of work, write in one unit of work), timed from reading the file to the
commit. The write units are timed apart: on SQLite that is how long the write lock was
held, which every station waits for. The stock file is then imported a second time
(nothing to post: the replay a shop makes). `--file-mb N` imports, in a fresh process, an
orders file of about N MB (buyer remarks make it long) and prints that process's peak.
Prints `name: value unit` lines (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from bench.common import database, figure, settle
from db import statements as sql
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.readers import read_table
from wms_tui.core.clock import SystemClock
from wms_tui.core.imports import ImportKind
from wms_tui.core.imports.service import import_table
from wms_tui.core.ports import UnitOfWork


class TimedFactory:
    """Write units of work that remember how long each was open (BEGIN to commit)."""

    def __init__(self, factory: SqlUnitOfWorkFactory) -> None:
        self._factory = factory
        self.longest = 0.0

    def __call__(self) -> UnitOfWork:
        outer = self
        uow = self._factory()

        class Timed(type(uow)):  # type: ignore[misc]
            def __enter__(self) -> Any:
                self._started = time.perf_counter()
                return super().__enter__()

            def __exit__(self, *exc: Any) -> None:
                try:
                    super().__exit__(*exc)
                finally:
                    outer.longest = max(outer.longest, time.perf_counter() - self._started)

        uow.__class__ = Timed
        return uow


def seed(factory: SqlUnitOfWorkFactory, skus: int, locations: int) -> None:
    with factory() as uow:
        session = uow.session
        sql.run(session, sql.SKUS.insert(), [
            {"code": f"SKU-{n:05d}", "name_zh": f"商品{n}", "name_en": f"Item {n}", "spec": "",
             "spec_en": "", "unit_weight_g": 100, "is_kit": False, "kit_mode": "kit_barcode",
             "requires_lot": False, "requires_serial": False, "active": True,
             "unit_price_cents": 990}
            for n in range(skus)
        ])  # fmt: skip
        sql.run(session, sql.LOCATIONS.insert(), [
            {"code": f"A-{n:05d}", "kind": "bin", "walk_order": n, "zone": "A", "frozen": False,
             "station_id": None}
            for n in range(locations)
        ])  # fmt: skip
        uow.commit()


def orders_csv(path: Path, lines: int, skus: int, remark: str = "") -> None:
    """Orders of 1 to 4 lines (2.5 on average), as a shop's export lists them."""
    out = ["订单号,平台,店铺,买家,快递公司,快递单号,付款时间,买家留言,商家编码,数量"]
    n = order = 0
    while n < lines:
        order += 1
        for line in range(1 + order % 4):
            if n == lines:
                break
            sku = (order * 7 + line) % skus
            head = f"SO-{order:07d},淘宝,旗舰店,买家{order % 997},中通,7310{order:010d}"
            paid = f"2024-06-01 10:{order % 60:02d}"
            out.append(f"{head},{paid},{remark},SKU-{sku:05d},{1 + line}")
            n += 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def stock_csv(path: Path, rows: int, skus: int, locations: int, shift: int = 0) -> None:
    out = ["商家编码,库位,数量"]
    for n in range(rows):
        # Every (SKU, location) pair once: SKU n % skus in location n // skus (spread).
        location = (n // skus * 7 + n % skus) % locations
        out.append(f"SKU-{n % skus:05d},A-{location:05d},{1 + (n + shift) % 50}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def run_import(factory: SqlUnitOfWorkFactory, kind: ImportKind, path: Path) -> tuple[float, float]:
    """Seconds for the whole import, and the longest write unit of work in it."""
    timed = TimedFactory(factory)
    started = time.perf_counter()
    table = read_table(path)
    import_table(timed, SystemClock(), kind, table, "bench", "BENCH", read=factory.for_reading())
    return time.perf_counter() - started, timed.longest


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_engine(kind: str, args: argparse.Namespace) -> None:
    with database(kind) as url, tempfile.TemporaryDirectory() as directory:
        factory = make_uow_factory(url)
        seed(factory, args.skus, args.locations)
        settle(factory.engine)
        orders, stock = Path(directory, "orders.csv"), Path(directory, "stock.csv")
        orders_csv(orders, args.lines, args.skus)
        stock_csv(stock, args.lines, args.skus, args.locations)
        seconds, lock_orders = run_import(factory, ImportKind.ORDERS, orders)
        figure(f"{kind}_orders_import_lines_per_s", args.lines / seconds, "lines/s")
        figure(f"{kind}_orders_import_write_lock_ms", lock_orders * 1000, "ms")
        seconds, lock_stock = run_import(factory, ImportKind.STOCK, stock)
        figure(f"{kind}_stock_import_lines_per_s", args.lines / seconds, "lines/s")
        figure(f"{kind}_stock_import_write_lock_ms", lock_stock * 1000, "ms")
        stock_csv(stock, args.lines, args.skus, args.locations, shift=1)  # every level moves
        seconds, lock_again = run_import(factory, ImportKind.STOCK, stock)
        figure(f"{kind}_stock_reimport_lines_per_s", args.lines / seconds, "lines/s")
        figure(f"{kind}_import_write_lock_ms", max(lock_orders, lock_stock, lock_again) * 1000,
               "ms")  # fmt: skip
        figure(f"{kind}_import_peak_mb", peak_mb(), "MB")
        factory.dispose()


def big_file(kind: str, args: argparse.Namespace) -> None:
    """In a process of its own, so its peak is the import's alone (the file was written by
    the parent: building it here would count its text too)."""
    path = Path(args.big_file)
    with database(kind) as url:
        factory = make_uow_factory(url)
        seed(factory, args.skus, args.locations)
        before = peak_mb()
        seconds, lock = run_import(factory, ImportKind.ORDERS, path)
        figure(f"{kind}_big_file_mb", path.stat().st_size / 1024 / 1024, "MB")
        figure(f"{kind}_big_file_import_s", seconds, "s")
        figure(f"{kind}_big_file_write_lock_ms", lock * 1000, "ms")
        figure(f"{kind}_import_peak_mb_before", before, "MB")
        figure(f"{kind}_import_peak_mb", peak_mb(), "MB")
        factory.dispose()


def big_run(kind: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "orders.csv")
        remark = "请用纸箱包装，不要放发票，谢谢" * 8  # about 360 bytes a line
        orders_csv(path, args.file_mb * 1024 * 1024 // 480, args.skus, remark)
        command = [sys.executable, __file__, "--db", kind, "--big-file", str(path),
                   "--skus", str(args.skus), "--locations", str(args.locations)]  # fmt: skip
        subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--locations", type=int, default=2_000)
    parser.add_argument("--file-mb", type=int, default=0)
    parser.add_argument("--big-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    engines = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for kind in engines:
        if args.big_file:
            big_file(kind, args)
            continue
        one_engine(kind, args)
        if args.file_mb:
            big_run(kind, args)


if __name__ == "__main__":
    main()
