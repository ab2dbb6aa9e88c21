"""Where a crash test kills a station on the scan path (ScanPipeline.on_journaled hooks).

A scan costs one transaction: its journal line and its step together. Killed inside it,
nothing of the scan is left and nothing was shown. The two-transaction way (journal commit,
then the step) is taken when storage fails during that one transaction; killed between its
two commits, the scan is journaled and pending, and the restart applies it once.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from wms_tui.core.errors import DatabaseUnavailable
from wms_tui.core.scans import Scan

Hook = Callable[[Scan], None]


def _sigkill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def in_the_one_transaction(die: Callable[[], None] = _sigkill) -> Hook:
    """Killed inside the scan's one transaction, before its step and its journal line."""
    return lambda _scan: die()


def after_the_journal_commit(die: Callable[[], None] = _sigkill) -> Hook:
    """Storage fails inside the scan's one transaction; the scan is journaled on its own
    (committed), and the station dies before applying it."""
    calls = {"n": 0}

    def hook(_scan: Scan) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise DatabaseUnavailable(why="test: storage lost mid-scan")
        die()

    return hook
