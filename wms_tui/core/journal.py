"""The scan journal's port: every scan is written here, once, before its outcome is shown.

A line is written pending and finished later (the two-step way, after a storage failure
mid-scan), or written finished as the last statement of the scan's own transaction (the
usual way); its UNIQUE scan id is what makes a scan applied at most once
(core/pipeline/scanning.py, RELIABILITY.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class JournalEntry:
    scan_id: str
    station_id: str
    source: str
    data: str
    symbology: str
    received_at: datetime
    context: str = ""  # which workflow step takes it, so a restart applies it the same way
    seq: int = 0
    status: str = "pending"  # pending | accepted | rejected
    error_code: str = ""
    outcome: str = ""
    operator: str = ""  # the badge logged in when it was scanned (Scan.operator)


class ScanJournal(Protocol):
    def record(self, entry: JournalEntry) -> bool:
        """Write the scan's line: pending before a step of its own transaction, or finished
        as the last write of the step's transaction; False if this scan id is already
        journaled (nothing written)."""
        ...

    def finish(self, scan_id: str, status: str, error_code: str = "", outcome: str = "") -> bool:
        """Store a pending scan's outcome; False (and nothing changed) if it is not pending:
        another worker finished it first, and this transaction must not apply it too."""
        ...

    def record_all(self, entries: Sequence[JournalEntry]) -> None:
        """`record` for a batch; scan ids already journaled are left as they are."""
        ...

    def claim(self, scan_ids: Sequence[str]) -> dict[str, JournalEntry]:
        """The entries of these scans, locked until the unit of work ends: no other worker
        can finish them meanwhile."""
        ...

    def finish_all(self, results: Sequence[tuple[str, str, str, str]]) -> int:
        """`finish` for a batch of (scan_id, status, error_code, outcome); returns how many
        were pending and are now finished."""
        ...

    def pending(self, station_id: str) -> list[JournalEntry]: ...

    def get(self, scan_id: str) -> JournalEntry | None: ...
