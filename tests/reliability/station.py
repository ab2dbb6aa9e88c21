"""A station process for the crash loop: the real pipeline (journal, worker thread, batches)
on the real database, fed a steady stream of product scans, killed with SIGKILL.

    python -m tests.reliability.station URL ACKFILE TAG MODE K COUNT SEED

MODE says where it kills itself at the K-th occasion:
  after-journal   right after a journal commit, before the scan is applied
  in-apply        inside the apply transaction, after the move was posted, before commit
  after-commit    after the commit, before any listener (the feedback) heard of it
  after-ack       right after the acknowledgement line was written
  random / none   never by itself (`random`: the harness kills it at a random moment)
The acknowledgement file gets `R tag n` after recovery (n scans recovered), `A scan status` for
every final outcome the operator saw and `K scan code` for "kept, will retry" messages.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from datetime import UTC, datetime

from db.uow import make_uow_factory
from tests.reliability.harness import BARCODES, CLOCK, STATION, pick_handler
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan
from wms_tui.core.services.scanning import ScanPipeline

UNKNOWN = "2999999999999"  # a valid-looking code nobody knows: rejected, never applied


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Station:
    def __init__(self, ack_path: str, mode: str, k: int) -> None:
        self.fd = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.mode = mode
        self.k = k
        self.seen = 0

    def tick(self, mode: str) -> None:
        if self.mode == mode:
            self.seen += 1
            if self.seen >= self.k:
                _die()

    def write(self, line: str) -> None:
        # One write(2) on an O_APPEND file: a kill never leaves half a line.
        os.write(self.fd, line.encode() + b"\n")

    def handler(self, uow: UnitOfWork, scan: Scan) -> Outcome:
        outcome = pick_handler(uow, scan)
        self.tick("in-apply")
        return outcome

    def before_feedback(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.tick("after-commit")

    def acknowledge(self, outcome: Outcome) -> None:
        if outcome.error_code.startswith("E70") or outcome.msgid == "scan.kept_for_restart":
            self.write(f"K {outcome.scan_id} {outcome.error_code}")
            return
        self.write(f"A {outcome.scan_id} {outcome.status.value}")
        self.tick("after-ack")


def main(url: str, ack_path: str, tag: str, mode: str, k: int, count: int, seed: int) -> int:
    station = Station(ack_path, mode, k)
    factory = make_uow_factory(url)
    pipeline = ScanPipeline(factory, CLOCK, STATION, retry_initial_s=0.01, retry_max_s=0.2)
    pipeline.register("pick", station.handler)
    pipeline.activate("pick")
    pipeline.add_listener(station.before_feedback)
    pipeline.add_listener(station.acknowledge)
    pipeline.on_journaled = lambda _scan: station.tick("after-journal")
    recovered = pipeline.recover()
    station.write(f"R {tag} {len(recovered)}")
    pipeline.start()
    rng = random.Random(seed)
    codes = list(BARCODES)
    for n in range(count):
        text = rng.choice(codes) if rng.random() < 0.95 else UNKNOWN
        pipeline.submit(
            Scan(scan_id=f"{tag}-{n}", source="rel", text=text, received_at=datetime.now(UTC))
        )
        # Bursts and pauses, as a scanner gun delivers them: batches of every size.
        if rng.random() < 0.3:
            time.sleep(rng.uniform(0, 0.01))
    pipeline.drain(120)
    pipeline.stop()
    factory.dispose()
    return 0


if __name__ == "__main__":
    url, ack, tag, mode, k, count, seed = sys.argv[1:8]
    raise SystemExit(main(url, ack, tag, mode, int(k), int(count), int(seed)))
