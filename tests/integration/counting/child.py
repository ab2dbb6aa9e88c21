"""A count station process for crash tests: journals and applies scans on a real database.

    python -m tests.integration.counting.child URL MODE BADGE SCAN_ID=TEXT...

MODE `kill-after-journal` SIGKILLs itself right after the journal commit of the last scan;
`run` applies what an earlier process left pending, then the given scans. Prints the
number of scans recovered.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from db.uow import make_uow_factory
from tests.integration.pipeline.kills import after_the_journal_commit
from wms_tui.core.clock import SystemClock
from wms_tui.core.counting import handler as svc
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import ResolverConfig, Scan


def main(url: str, mode: str, badge: str, scans: list[str]) -> int:
    factory = make_uow_factory(url)
    clock = SystemClock()
    handler = svc.CountHandler(clock, "S1", ResolverConfig())
    pipeline = ScanPipeline(factory.for_scans(), clock, "S1")
    pipeline.register(svc.CONTEXT, handler)
    pipeline.activate(svc.CONTEXT)
    recovered = pipeline.recover()
    for n, item in enumerate(scans, start=1):
        scan_id, text = item.split("=", 1)
        if mode == "kill-after-journal" and n == len(scans):
            pipeline.on_journaled = after_the_journal_commit()
        pipeline.process(
            Scan(scan_id, "child", text, received_at=datetime.now(UTC), operator=badge)
        )
    print(len(recovered))
    factory.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
