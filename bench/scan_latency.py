"""Scan latency through the real station app, from the last byte at the port to the screen.

    python bench/scan_latency.py [--db sqlite|postgresql|both] [--scans 500] [--burst 1000]

Single scans are sent 100 ms apart, each only once the previous one is on the screen; the
burst writes all its scans in one write and waits until the last outcome is on the screen.

The station is wired as `wms run` wires it (bootstrap: settings from a config.toml, the
context, the app, start-up recovery, `start_scanners`), over a real database holding the
demo warehouse, and runs headless under Textual's `App.run_test`. A pseudo-terminal stands in
for the scanner's serial port, configured as a `[[scanners]]` serial port. Every hop a real
scan takes is in the clock: the pyserial reader thread frames the bytes and submits the scan
to the `ScanPipeline` itself (one hop, no detour through the UI thread), whose worker
journals and applies it in one transaction (the journal line; resolve the barcode, find a
bin holding it, post a one-unit pick to the packing area; the line finished; one commit),
then hands the outcome back to the app (`OutcomesWaiting`), which puts it on the banner.
The clock stops when `present` has updated the banner on the UI
thread.

Reordering is judged by scan id: the ids in the order the reader framed the bytes, against
the ids in the order their outcomes reached the screen. Prints `name: value unit` lines.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
import tty
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as `python bench/NAME.py`

from bench.common import Statements, database, figure, median, percentile
from db.pin_hasher import Argon2PinHasher
from db.uow import make_uow_factory
from devices.serial_scanner import CONNECTED
from wms_tui.bootstrap.demo import build_demo
from wms_tui.bootstrap.devices import start_scanners
from wms_tui.bootstrap.features import wire
from wms_tui.bootstrap.station import StationApp, build_context, start_pipeline
from wms_tui.config import load_settings
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import InsufficientStock
from wms_tui.core.model import BarcodeKind, LocationKind, MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import ResolverConfig, Scan, ScanKind, expect, resolve

CLOCK = SystemClock()
CONFIG = ResolverConfig()
WAIT_S = 10.0
# Between single scans: a person scans a few codes a second, and the screen repaint after one
# outcome must not be counted in the next scan's time.
GAP_S = 0.1


def pick_handler(uow: UnitOfWork, scan: Scan) -> Outcome:
    resolved = expect(resolve(scan.text, uow.catalog(), CONFIG, scan.symbology), ScanKind.PRODUCT)
    assert resolved.sku is not None
    for level in uow.ledger.levels(resolved.sku.code):
        if level.on_hand <= 0 or level.location.startswith("@"):
            continue  # virtual locations and empty ones: no bin to pick from, no look-up
        location = uow.locations.get(level.location)
        if location is not None and location.kind is LocationKind.BIN:
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


class Screen:
    """What reached the screen: (time, outcome) per `present`, in order. Thread-safe."""

    def __init__(self) -> None:
        self.shown: list[tuple[float, Outcome]] = []
        self._cond = threading.Condition()

    def add(self, outcome: Outcome) -> None:
        at = time.perf_counter()
        with self._cond:
            self.shown.append((at, outcome))
            self._cond.notify_all()

    def wait_count(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.shown) >= count, timeout)


def _write(master: int, blob: bytes) -> None:
    view = memoryview(blob)
    while view:
        view = view[os.write(master, view) :]


def drive(
    master: int,
    codes: list[str],
    scans: int,
    burst: int,
    screen: Screen,
    framed: list[str],
    statements: Statements,
) -> dict[str, float | int]:
    """The scanner's side, on a thread of its own while the app's loop runs."""
    latencies: list[float] = []
    sent_before = statements.count
    for i in range(scans):
        before = len(screen.shown)
        os.write(master, codes[i % len(codes)].encode() + b"\r")
        sent = time.perf_counter()
        if not screen.wait_count(before + 1, WAIT_S):
            raise RuntimeError(f"scan {i} never reached the screen")
        latencies.append((screen.shown[before][0] - sent) * 1000)
        time.sleep(GAP_S)
    single = [outcome for _at, outcome in screen.shown]
    rejected = sum(1 for outcome in single if not outcome.ok)
    per_scan = (statements.count - sent_before) / scans

    first, first_framed = len(screen.shown), len(framed)
    texts = [codes[(scans + i) % len(codes)] for i in range(burst)]
    blob = b"".join(text.encode() + b"\r" for text in texts)
    started = time.perf_counter()
    _write(master, blob)
    screen.wait_count(first + burst, 120)
    shown = screen.shown[first:]
    drained = (shown[-1][0] - started) if shown else float("nan")
    shown_ids = [outcome.scan_id for _at, outcome in shown]
    framed_ids = framed[first_framed:]
    return {
        "p50": median(latencies),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
        "rejected": rejected + sum(1 for _at, outcome in shown if not outcome.ok),
        "drained": drained,
        "lost": burst - len(set(shown_ids) & set(framed_ids)),
        "reordered": sum(1 for a, b in zip(shown_ids, framed_ids, strict=False) if a != b),
        "framed": len(framed_ids),
        "statements": per_scan,
    }


async def run_app(
    url: str, master: int, port: str, codes: list[str], scans: int, burst: int
) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory(prefix="wms-bench-cfg-") as folder:
        config = Path(folder) / "config.toml"
        config.write_text(
            f'[station]\nid = "PACK-01"\nlanguage = "en"\n[database]\nurl = "{url}"\n'
            '[feedback]\nsound = "off"\n[printer]\nkind = "none"\n'
            f'[[scanners]]\nname = "bench"\nkind = "serial"\nport = "{port}"\nbaudrate = 115200\n',
            encoding="utf-8",
        )
        settings = load_settings(config)
    factory = make_uow_factory(url)
    statements = Statements(factory.engine)
    context = build_context(settings, factory)
    app = StationApp(context, menu=wire(context))
    screen = Screen()
    present = app.present

    def presented(outcome: Outcome) -> None:
        present(outcome)  # the banner first: the clock stops once it shows the outcome
        screen.add(outcome)

    app.present = presented  # type: ignore[method-assign]
    context.pipeline.register("bench", pick_handler)
    start_pipeline(app, context)
    framed: list[str] = []
    connected = threading.Event()

    def on_scan(scan: Scan) -> None:
        framed.append(scan.scan_id)  # the reader thread's order is the order of the bytes
        context.pipeline.submit(scan)  # one hop, as bootstrap/station.py wires a reader

    def on_state(name: str, state: str) -> None:
        app.scanner_state(name, state)
        if state == CONNECTED:
            connected.set()

    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            context.pipeline.activate("bench")
            readers = start_scanners(settings, on_scan, on_state)
            try:
                if not await asyncio.to_thread(connected.wait, WAIT_S):
                    raise RuntimeError("the pty never connected")
                return await asyncio.to_thread(
                    drive, master, codes, scans, burst, screen, framed, statements
                )
            finally:
                readers.stop()
    finally:
        context.pipeline.drain(30)
        context.pipeline.stop()
        factory.dispose()


def run(kind: str, scans: int, burst: int) -> None:
    with database(kind) as url:
        factory = make_uow_factory(url)
        build_demo(factory, CLOCK, Argon2PinHasher())
        factory.dispose()
        codes = barcodes(url)
        master, slave = os.openpty()
        tty.setraw(slave)
        try:
            result = asyncio.run(run_app(url, master, os.ttyname(slave), codes, scans, burst))
        finally:
            os.close(master)
            os.close(slave)

    figure(f"{kind}_scan_p50_ms", float(result["p50"]), "ms")
    figure(f"{kind}_scan_p99_ms", float(result["p99"]), "ms")
    figure(f"{kind}_scan_max_ms", float(result["max"]), "ms")
    figure(f"{kind}_scans_rejected", int(result["rejected"]), "scans")
    figure(f"{kind}_burst_{burst}_s", float(result["drained"]), "s")
    figure(f"{kind}_burst_framed", int(result["framed"]), "scans")
    figure(f"{kind}_burst_lost", int(result["lost"]), "scans")
    figure(f"{kind}_burst_reordered", int(result["reordered"]), "scans")
    # BEGIN/COMMIT are not cursor statements (the driver's own), so not counted here.
    figure(f"{kind}_statements_per_scan", float(result["statements"]), "statements")


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
