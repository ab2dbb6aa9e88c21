"""One station of the concurrency test, run in its own process (importable, not a test module).

Every operation is a scan through the station's own real pipeline (journal, apply once), on
SKUs and bins shared with every other station: picks, receipts, transfers between bins and
reversals of the station's own earlier picks.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from db.uow import make_uow_factory
from tests.reliability.harness import BARCODES, BINS, CLOCK, PACKING
from wms_tui.core import stock
from wms_tui.core.model import VIRTUAL_SUPPLIER, MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanHandler, ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan, ScanKind, expect, resolve


@dataclass
class StationResult:
    station: str
    accepted: dict[str, str] = field(default_factory=dict)  # scan id -> context
    rejected: list[str] = field(default_factory=list)
    storage_messages: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    started: float = 0.0  # wall clock, so the harness can measure the stations' overlap
    finished: float = 0.0


def _sku(uow: UnitOfWork, scan: Scan) -> str:
    resolved = expect(resolve(scan.text, uow.catalog()), ScanKind.PRODUCT)
    assert resolved.sku is not None
    return resolved.sku.code


def _handler(context: str, station: str) -> ScanHandler:
    verb, _, where = context.partition("@")
    source, _, target = where.partition(">")

    def handle(uow: UnitOfWork, scan: Scan) -> Outcome:
        if verb == "reverse":
            stock.reverse(uow, CLOCK, move_id=scan.text, operator=station, station_id=station)
            return Outcome.accepted("scan.already_applied", scan=scan.text)
        sku = _sku(uow, scan)
        if verb == "receive":
            move = StockMove(
                f"m-{scan.scan_id}", sku, 3, VIRTUAL_SUPPLIER, source, MoveReason.RECEIPT
            )
        elif verb == "pick":
            move = StockMove(f"m-{scan.scan_id}", sku, 1, source, PACKING, MoveReason.PICK)
        else:
            move = StockMove(f"m-{scan.scan_id}", sku, 2, source, target, MoveReason.TRANSFER)
        stock.post_move(
            uow, StockMove(**{**move.__dict__, "scan_id": scan.scan_id, "station_id": station}),
            CLOCK,
        )  # fmt: skip
        return Outcome.accepted("scan.already_applied", scan=scan.text)

    return handle


def contexts() -> list[str]:
    found = ["reverse"]
    for bin_ in BINS:
        found += [f"pick@{bin_}", f"receive@{bin_}"]
        found += [f"transfer@{bin_}>{other}" for other in BINS if other != bin_]
    return found


def run_station(url: str, worker: int, operations: int, seed: int) -> StationResult:
    station = f"ST{worker}"
    result = StationResult(station)
    factory = make_uow_factory(url)
    pipeline = ScanPipeline(
        factory.for_scans(), CLOCK, station, retry_initial_s=0.01, retry_max_s=0.2
    )
    for context in contexts():
        pipeline.register(context, _handler(context, station))

    def listen(outcome: Outcome) -> None:
        if outcome.error_code.startswith("E70"):
            result.storage_messages += 1

    pipeline.add_listener(listen)
    rng = random.Random(seed * 1000 + worker)
    my_picks: list[str] = []
    result.started = time.time()
    try:
        for n in range(operations):
            roll = rng.random()
            text = rng.choice(list(BARCODES))
            bin_ = rng.choice(BINS)
            if roll < 0.15 and my_picks:
                context, text = "reverse", my_picks.pop(rng.randrange(len(my_picks)))
            elif roll < 0.55:
                context = f"pick@{bin_}"
            elif roll < 0.85:
                context = f"receive@{bin_}"
            else:
                context = f"transfer@{bin_}>{rng.choice([b for b in BINS if b != bin_])}"
            scan_id = f"{station}-{n}"
            started = time.perf_counter()
            outcome = pipeline.process(
                Scan(scan_id=scan_id, source=station, text=text, received_at=datetime.now(UTC)),
                context,
            )
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            if outcome.ok:
                result.accepted[scan_id] = context
                if context.startswith("pick"):
                    my_picks.append(f"m-{scan_id}")
            else:
                result.rejected.append(scan_id)
    finally:
        factory.dispose()
    result.finished = time.time()
    return result
