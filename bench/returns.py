"""Returns (退货): 1,000 returns of 3-line orders through the real pipeline among a million
orders.

    python bench/returns.py [--db sqlite|postgresql|both] [--orders 1000000] [--returns 1000]

Loads `--orders` handed-over orders (bench/orders.py's million, bulk Core inserts) and
`--returns` more of three lines each whose units are with the customer, then books each
of those at one returns station through ScanPipeline.process as a returns clerk does: the
waybill opens the return, three unit scans, CMD:CLOSE (units to the returns area, the
order returned). Prints `return_open_p99_ms`, `return_scan_p99_ms`, `return_close_p99_ms`
(and their medians) as `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from sqlalchemy import insert

from bench.common import database, figure, median, percentile, settle
from bench.orders import load
from db.models import BarcodeRow, OrderLineRow, OrderRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.core import codes, stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.effects import Actor, Move, apply_effects
from wms_tui.core.model import VIRTUAL_CUSTOMER, Location, LocationKind, MoveReason
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.returns.handler import CONTEXT, ReturnsDesk
from wms_tui.core.returns.rules import Places
from wms_tui.core.scans import Scan

CLOCK = SystemClock()
SKUS = ("SKU-00001", "SKU-00002", "SKU-00003")  # bench/orders.py's SKUs, given barcodes
STATION = "RET-A"


def ean(n: int) -> str:
    body = f"694{n:09d}"
    return body + codes.gs1_check_digit(body)


def seed(factory: SqlUnitOfWorkFactory, orders: int, returns: int) -> list[str]:
    load(factory.engine, orders)
    waybills = [f"YR{n:012d}" for n in range(returns)]
    now = datetime.now(UTC)
    rows = [
        {"order_no": f"RB{n:07d}", "platform": "jd", "platform_order_no": f"9{n:015d}",
         "shop": "旗舰店", "buyer": "买家", "courier": "ZTO", "waybill": waybills[n],
         "receiver": "", "phone": "", "phone_tail": "", "address": "", "status": "handed_over",
         "buyer_remark": "", "seller_remark": "", "paid_at": now, "priority": 0,
         "merged_from": "", "hold_reason": "", "version": 1}
        for n in range(returns)
    ]  # fmt: skip
    lines = [
        {"order_no": f"RB{n:07d}", "line_no": k, "sku_code": sku, "qty": 1, "is_gift": False,
         "kit_code": None}
        for n in range(returns)
        for k, sku in enumerate(SKUS, start=1)
    ]  # fmt: skip
    with factory.engine.begin() as connection:
        connection.execute(insert(OrderRow), rows)
        connection.execute(insert(OrderLineRow), lines)
        connection.execute(insert(BarcodeRow), [
            {"code": ean(n), "sku_code": sku, "kind": "product", "multiplier": 1}
            for n, sku in enumerate(SKUS, start=1)
        ])  # fmt: skip
    with factory() as uow:
        for code, kind in (("DOCK-01", LocationKind.DOCK), ("RET-01", LocationKind.RETURNS),
                           ("QUA-01", LocationKind.QUARANTINE)):  # fmt: skip
            uow.locations.add(Location(code, kind))
        for sku in SKUS:
            stock.receive(uow, CLOCK, sku_code=sku, qty=returns, location="DOCK-01",
                          operator="b", station_id="S0")  # fmt: skip
        moves = [Move(uuid.uuid4().hex, sku, returns, "DOCK-01", VIRTUAL_CUSTOMER,
                      MoveReason.HANDOVER, "bench") for sku in SKUS]  # fmt: skip
        apply_effects(uow, CLOCK, moves, Actor("b", "S0", now))
        uow.commit()
    return waybills


def scan(pipeline: ScanPipeline, text: str) -> tuple[float, str]:
    began = time.perf_counter()
    outcome = pipeline.process(
        Scan(str(uuid.uuid4()), "bench", text, received_at=datetime.now(UTC), operator="RET-1")
    )
    return (time.perf_counter() - began) * 1000, outcome.error_code or outcome.msgid


def one_engine(kind: str, args: argparse.Namespace) -> None:
    with database(kind) as url:
        factory = make_uow_factory(url)
        waybills = seed(factory, args.orders, args.returns)
        settle(factory.engine)
        desk = ReturnsDesk(STATION, Places("RET-01", "QUA-01"), CLOCK)
        pipeline = ScanPipeline(factory.for_scans(), CLOCK, STATION)
        pipeline.register(CONTEXT, desk.handle_scan)
        pipeline.activate(CONTEXT)
        opens: list[float] = []
        units: list[float] = []
        closes: list[float] = []
        units_codes = [ean(n) for n in range(1, len(SKUS) + 1)]
        for waybill in waybills:
            ms, said = scan(pipeline, waybill)
            assert said == "returns.opened", said
            opens.append(ms)
            for code in units_codes:
                ms, said = scan(pipeline, code)
                assert said == "returns.unit", said
                units.append(ms)
            ms, said = scan(pipeline, "CMD:CLOSE")
            assert said == "returns.closed_full", said
            closes.append(ms)
        factory.dispose()
    figure(f"{kind}_orders", args.orders + args.returns, "orders")
    figure(f"{kind}_returns", len(closes), "returns")
    for name, values in (("open", opens), ("scan", units), ("close", closes)):
        figure(f"{kind}_return_{name}_p50_ms", median(values), "ms")
        figure(f"{kind}_return_{name}_p99_ms", percentile(values, 99), "ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--returns", type=int, default=1000)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        one_engine(kind, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
