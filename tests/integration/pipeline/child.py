"""A station process for crash tests: journals and applies scans against a real database.

    python -m tests.integration.pipeline.child URL MODE SCAN_ID...

MODE `kill-after-journal` SIGKILLs itself right after the journal commit of the first scan
(the two-transaction way, taken after storage failed mid-scan; tests/integration/pipeline/
kills.py), `kill-in-transaction` inside the first scan's one transaction; `run` recovers
what an earlier process left pending, then processes the given scans.
Each application of a scan moves one unit of SKU-1 from A-01-1 to PACK-01 under a fresh
move id (the scan id only rides along), so a double apply shows as two moves instead of
being absorbed by the ledger's unique move id.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from uuid import uuid4

from db.uow import make_uow_factory
from tests.integration.pipeline.kills import after_the_journal_commit, in_the_one_transaction
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan

CLOCK = SystemClock()


def pick_one(uow: UnitOfWork, scan: Scan) -> Outcome:
    move = StockMove(
        str(uuid4()), "SKU-1", 1, "A-01-1", "PACK-01", MoveReason.PICK, scan_id=scan.scan_id
    )
    stock.post_move(uow, move, CLOCK)
    return Outcome.accepted("scan.already_applied", scan=scan.text)


def main(url: str, mode: str, scan_ids: list[str]) -> int:
    factory = make_uow_factory(url)
    pipeline = ScanPipeline(factory.for_scans(), CLOCK, "S1")
    pipeline.register("pick", pick_one)
    pipeline.activate("pick")
    if mode == "kill-after-journal":
        pipeline.on_journaled = after_the_journal_commit()
    elif mode == "kill-in-transaction":
        pipeline.on_journaled = in_the_one_transaction()
    recovered = pipeline.recover()
    for scan_id in scan_ids:
        pipeline.process(
            Scan(scan_id=scan_id, source="child", text=scan_id, received_at=datetime.now(UTC))
        )
    print(len(recovered))
    factory.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
