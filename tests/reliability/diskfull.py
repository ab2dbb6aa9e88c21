"""A SQLite station whose disk fills up (RLIMIT_FSIZE) before or right after a scan is
journaled, and empties again once the operator has been told.

    python -m tests.reliability.diskfull URL before-journal|after-journal SCAN_ID

Prints one line per outcome: `scan_id error_code status message`.
"""

from __future__ import annotations

import os
import resource
import signal
import sys

from db.uow import make_uow_factory
from tests.reliability.faults import station
from wms_tui.core.scans import Scan

_, HARD = resource.getrlimit(resource.RLIMIT_FSIZE)


def fill_disk(wal: str) -> None:
    """No file may grow past where the write-ahead log ends now: the next write fails."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(wal), HARD))


def main(url: str, when: str, scan_id: str) -> int:
    # Without this the kernel kills the process instead of failing the write (EFBIG).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    wal = url.removeprefix("sqlite:///") + "-wal"
    factory = make_uow_factory(url)
    with factory() as uow:  # open the database and its WAL and shared memory first
        uow.journal.get(scan_id)
    watched = station(factory)
    if when == "before-journal":
        fill_disk(wal)
    else:

        def full_after(_scan: Scan) -> None:
            watched.pipeline.on_journaled = None
            fill_disk(wal)

        watched.pipeline.on_journaled = full_after
    watched.scan(scan_id)
    watched.wait_for_message(scan_id)
    resource.setrlimit(resource.RLIMIT_FSIZE, (HARD, HARD))
    for outcome in watched.wait(scan_id):
        print(outcome.scan_id, outcome.error_code or "-", outcome.status.value, outcome.text())
    watched.pipeline.stop()
    factory.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
