"""The cyclic garbage collector paused while a report is made.

A month's report makes half a million records, tuples of strings, numbers and times that
can hold no cycle. While they pile up, the collector walks every one of them again at
each of its older generations' turns: 0.5 to 0.8 s of a 3 s report on the project's
machine, for nothing found. Reference counting still frees everything at once; the
collector runs again when the last report running ends (the dashboard's worker and a
command may overlap, so the pauses are counted).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
