"""An inspection station process for the kill test: real pipeline, real database file.

    python -m tests.integration.inspection.child URL KILL_AT TEXT...

Journals and applies each TEXT through ScanPipeline.process with inspection's handler; the
scan numbered KILL_AT (1-based, 0 = never) SIGKILLs the process right after its journal
commit, before it is applied. Scan ids are `k-<n>`, so a test can name them.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from db.uow import make_uow_factory
from tests.integration.inspection.seed import RULES
from tests.integration.pipeline.kills import after_the_journal_commit
from wms_tui.core.clock import SystemClock
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan


def main(url: str, kill_at: int, texts: list[str]) -> int:
    factory = make_uow_factory(url)
    clock = SystemClock()
    desk = InspectionDesk(RULES, clock, resolver=scan_resolver())
    pipeline = ScanPipeline(factory.for_scans(), clock, RULES.station_id)
    pipeline.register(CONTEXT, desk.handle_scan)
    pipeline.activate(CONTEXT)
    for n, text in enumerate(texts, start=1):
        if n == kill_at:
            pipeline.on_journaled = after_the_journal_commit()
        outcome = pipeline.process(
            Scan(
                scan_id=f"k-{n}",
                source="child",
                text=text,
                received_at=datetime.now(UTC),
                operator="op1",
            )
        )
        print(outcome.msgid, flush=True)
    factory.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))
