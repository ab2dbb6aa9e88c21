"""A station's scan journal being written while a backup runs: one committed line at a time,
each acknowledged (scan id and wall time) on stdout only after its commit.

    python -m tests.integration.backup_writer URL
"""

from __future__ import annotations

import sys
import time
import uuid
from datetime import UTC, datetime

from db.uow import make_uow_factory
from wms_tui.core.journal import JournalEntry


def main(url: str) -> None:
    factory = make_uow_factory(url)
    try:
        while True:
            scan_id = str(uuid.uuid4())
            entry = JournalEntry(
                scan_id=scan_id, station_id="BK-1", source="serial-1", data="6901234567892",
                symbology="", received_at=datetime.now(UTC), status="accepted",
            )  # fmt: skip
            with factory() as uow:
                uow.journal.record(entry)
                uow.commit()
            sys.stdout.write(f"{scan_id} {time.time():.6f}\n")
            sys.stdout.flush()
    except (BrokenPipeError, KeyboardInterrupt):
        return
    finally:
        factory.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
