"""Bulk work without the cyclic garbage collector's pauses.

A wave release builds some 100,000 objects (orders, lines, allocations, rows) that all live
until it ends, and a month's report half a million records. The collector cannot free any
of them, yet every few thousand allocations it walks them again: a third of a 10,000-order
release, and 0.5 to 0.8 s of a month's report, went to collections that found nothing.
Reference counting still frees everything as usual; only the cycle search waits.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collections_paused() -> Iterator[None]:
    """Cycle collection off while any caller is inside; back as it was when the last leaves.
    Counted, because a release on a worker thread may overlap another bulk job."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
