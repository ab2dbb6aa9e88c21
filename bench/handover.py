"""Handover (出库登记): one manifest of many parcels through the real pipeline, then its close.

    python bench/handover.py [--db sqlite|postgresql] [--parcels 2000]

Sets up a migrated database with `--parcels` verified orders of two lines each (bulk Core
inserts) and their units at the dock, opens a manifest (CMD:COURIER), scans every waybill as
a scan through ScanPipeline.process (journal commit, then apply in one transaction with
HandoverDesk), then closes it: every order handed_over, every line's units from the dock to
@customer, in one transaction, and renders the handover list PDF. Prints
`handover_scan_p50_ms`, `handover_scan_p99_ms`, `manifest_close_s` (the close scan),
`handover_list_pdf_s` (reading the manifest and rendering the PDF) and
`manifest_close_and_list_s` (both), as `name: value unit` lines (DESIGN.md section 7).
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
from db.models import OrderLineRow, OrderRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from wms_tui.bootstrap.handover import render_handover_list
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.handover.handler import CONTEXT, HandoverDesk
from wms_tui.core.handover.sheet import load_sheet
from wms_tui.core.model import Location, LocationKind, Sku
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan

CLOCK = SystemClock()
DOCK = "DOCK-01"
CHUNK = 5_000


def seed(factory: SqlUnitOfWorkFactory, parcels: int) -> list[str]:
    with factory() as uow:
        uow.locations.add(Location(DOCK, LocationKind.DOCK))
        for code in ("TEE", "CAP"):
            uow.skus.add(Sku(code, f"商品{code}", code))
            stock.receive(
                uow, CLOCK, sku_code=code, qty=parcels, location=DOCK, operator="b",
                station_id="S0",
            )  # fmt: skip
        uow.commit()
    waybills = [f"YT{n:013d}" for n in range(1, parcels + 1)]
    now = datetime.now(UTC)
    engine = factory.engine
    for start in range(0, parcels, CHUNK):
        numbers = range(start + 1, min(parcels, start + CHUNK) + 1)
        orders = [
            {
                "order_no": f"O{n:08d}", "platform": "taobao", "platform_order_no": f"P{n:012d}",
                "shop": "旗舰店", "buyer": "买家", "courier": "圆通", "waybill": waybills[n - 1],
                "status": "verified", "buyer_remark": "", "seller_remark": "", "paid_at": now,
                "priority": 0, "merged_from": "", "hold_reason": "", "version": 1,
                "verified_at": now, "verified_by": "INS-1", "verified_station": "PACK-01",
            }
            for n in numbers
        ]  # fmt: skip
        lines = [
            {"order_no": f"O{n:08d}", "line_no": k, "sku_code": sku, "qty": 1,
             "is_gift": False, "kit_code": None}
            for n in numbers
            for k, sku in ((1, "TEE"), (2, "CAP"))
        ]  # fmt: skip
        with engine.begin() as connection:
            connection.execute(insert(OrderRow), orders)
            connection.execute(insert(OrderLineRow), lines)
    return waybills


def scan(pipeline: ScanPipeline, text: str) -> tuple[float, str]:
    began = time.perf_counter()
    outcome = pipeline.process(
        Scan(str(uuid.uuid4()), "bench", text, received_at=datetime.now(UTC), operator="DOC-1")
    )
    return (time.perf_counter() - began) * 1000, outcome.error_code or outcome.msgid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--parcels", type=int, default=2000)
    args = parser.parse_args()
    with database(args.db) as url:
        factory = make_uow_factory(url)
        waybills = seed(factory, args.parcels)
        settle(factory.engine)
        desk = HandoverDesk("DOCK-A", DOCK, CLOCK)
        pipeline = ScanPipeline(factory.for_scans(), CLOCK, "DOCK-A")
        pipeline.register(CONTEXT, desk.handle_scan)
        pipeline.activate(CONTEXT)
        _ms, said = scan(pipeline, "CMD:COURIER:圆通")
        assert said == "handover.opened", said
        times = []
        for waybill in waybills:
            ms, said = scan(pipeline, waybill)
            assert said == "handover.added", said
            times.append(ms)
        close_ms, said = scan(pipeline, "CMD:CLOSE:张师傅")
        assert said == "handover.closed", said
        with factory() as uow:
            manifest = uow.handovers.open_at_dock("DOCK-A")
            assert manifest == []
            parcel = uow.handovers.parcel_of("O00000001")
            assert parcel is not None
            began = time.perf_counter()
            pdf = render_handover_list(load_sheet(uow, parcel.manifest_id))
            pdf_s = time.perf_counter() - began
        factory.dispose()
    figure("handover_parcels", args.parcels, "parcels")
    figure("handover_scan_p50_ms", median(times), "ms")
    figure("handover_scan_p99_ms", percentile(times, 99), "ms")
    figure("manifest_close_s", close_ms / 1000, "s")
    figure("handover_list_pdf_s", pdf_s, "s")
    figure("handover_list_pdf_kb", len(pdf) / 1024, "KiB")
    figure("manifest_close_and_list_s", close_ms / 1000 + pdf_s, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
