"""Scan latency through the real pipeline, from the last byte at the port to the outcome.

    python bench/scan_latency.py [--db sqlite|postgresql] [--scans 500] [--burst 1000]

A pseudo-terminal stands in for the scanner's serial port; the real pyserial reader thread
frames the bytes, the real ScanPipeline journals each scan and applies it in one transaction
(resolve the barcode, find a bin holding it, post a one-unit pick to the packing area) on a
real database with the demo warehouse, and the outcome listener (what posts to the screen)
stamps the time. Prints `name: value unit` lines (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import tty
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from bench.common import database, figure, median, percentile
from db.pin_hasher import Argon2PinHasher
from db.uow import make_uow_factory
from devices.serial_scanner import CONNECTED, SerialScanner
from wms_tui.bootstrap import scan_from_raw
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import InsufficientStock
from wms_tui.core.model import BarcodeKind, LocationKind, MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork, UowCatalog
from wms_tui.core.scans import ResolverConfig, Scan, ScanKind, expect, resolve
from wms_tui.core.services import stock
from wms_tui.core.services.scanning import ScanPipeline
from wms_tui.demo import build_demo

CLOCK = SystemClock()
CONFIG = ResolverConfig()


def pick_handler(uow: UnitOfWork, scan: Scan) -> Outcome:
    resolved = expect(resolve(scan.text, UowCatalog(uow), CONFIG, scan.symbology), ScanKind.PRODUCT)
    assert resolved.sku is not None
    for level in uow.ledger.levels(resolved.sku.code):
        location = uow.locations.get(level.location)
        if location is not None and location.kind is LocationKind.BIN and level.on_hand > 0:
            move = StockMove(
                scan.scan_id, resolved.sku.code, 1, level.location, "PACK-01", MoveReason.PICK
            )
            stock.post_move(uow, move, CLOCK)
            return Outcome.accepted("scan.already_applied", scan=scan.text)
    raise InsufficientStock(sku=resolved.sku.code, location="-", wanted=1, on_hand=0)


def barcodes(url: str) -> list[str]:
    factory = make_uow_factory(url)
    found: list[str] = []
    with factory() as uow:
        for code in sorted(uow.skus.codes()):
            # Not every location: over all of them, virtual ones included, a SKU sums to zero.
            on_hand = sum(
                level.on_hand
                for level in uow.ledger.levels(code)
                if not level.location.startswith("@")
            )
            units = [b for b in uow.skus.barcodes_of(code) if b.kind is BarcodeKind.PRODUCT]
            if on_hand >= 20 and units:
                found.append(units[0].code)
    factory.dispose()
    return found


def run(kind: str, scans: int, burst: int) -> None:
    with database(kind) as url:
        factory = make_uow_factory(url)
        build_demo(factory, CLOCK, Argon2PinHasher())
        codes = barcodes(url)
        pipeline = ScanPipeline(factory, CLOCK, "PACK-01")
        pipeline.register("pick", pick_handler)
        pipeline.activate("pick")
        done: list[tuple[float, Outcome]] = []
        arrived = threading.Event()

        def listener(outcome: Outcome) -> None:
            done.append((time.perf_counter(), outcome))
            arrived.set()

        pipeline.add_listener(listener)
        pipeline.start()

        master, slave = os.openpty()
        tty.setraw(slave)
        connected = threading.Event()
        reader = SerialScanner(
            "bench",
            os.ttyname(slave),
            115200,
            on_scan=lambda raw: pipeline.submit(scan_from_raw(raw)),
            on_state=lambda _name, state: connected.set() if state == CONNECTED else None,
        )
        reader.start()
        connected.wait(5)

        latencies: list[float] = []
        for i in range(scans):
            arrived.clear()
            before = len(done)
            os.write(master, codes[i % len(codes)].encode() + b"\r")
            sent = time.perf_counter()
            while len(done) == before:
                arrived.wait(5)
            latencies.append((done[before][0] - sent) * 1000)
            time.sleep(0.005)
        rejected = sum(1 for _, outcome in done if not outcome.ok)

        done.clear()
        texts = [codes[(scans + i) % len(codes)] for i in range(burst)]
        blob = b"".join(text.encode() + b"\r" for text in texts)
        started = time.perf_counter()
        view = memoryview(blob)
        while view:
            written = os.write(master, view)
            view = view[written:]
        deadline = time.monotonic() + 120
        while len(done) < burst and time.monotonic() < deadline:
            time.sleep(0.01)
        drained = (done[-1][0] - started) if done else float("nan")
        got = [outcome.scan_text for _, outcome in done]
        lost = burst - len(got)
        reordered = sum(1 for a, b in zip(got, texts, strict=False) if a != b)

        reader.stop()
        pipeline.stop()
        os.close(master)
        os.close(slave)
        factory.dispose()

    figure(f"{kind}_scan_p50_ms", median(latencies), "ms")
    figure(f"{kind}_scan_p99_ms", percentile(latencies, 99), "ms")
    figure(f"{kind}_scan_max_ms", max(latencies), "ms")
    figure(f"{kind}_scans_rejected", rejected, "scans")
    figure(f"{kind}_burst_{burst}_s", drained, "s")
    figure(f"{kind}_burst_lost", lost, "scans")
    figure(f"{kind}_burst_reordered", reordered, "scans")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scans", type=int, default=500)
    parser.add_argument("--burst", type=int, default=1000)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
        run(kind, args.scans, args.burst)


if __name__ == "__main__":
    main()
