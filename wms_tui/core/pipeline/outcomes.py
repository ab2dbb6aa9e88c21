"""What the scan journal says of a scan: finished, replayed, finished by another worker.

The pipeline's answers for a scan it must not apply again, and the stamp every outcome
carries back to the screen (which scan it answers).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from wms_tui.core.errors import DatabaseReplaced, StorageError
from wms_tui.core.journal import JournalEntry
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.scans import Scan

log = logging.getLogger("wms_tui.core.pipeline.scanning")


def finish(uow: UnitOfWork, scan: Scan, outcome: Outcome) -> bool:
    return uow.journal.finish(scan.scan_id, outcome.status.value, outcome.error_code, outcome.msgid)


def finished(entry: JournalEntry, outcome: Outcome) -> JournalEntry:
    """The scan's journal line as it is written in the step's own transaction."""
    return replace(
        entry, status=outcome.status.value, error_code=outcome.error_code, outcome=outcome.msgid
    )


def finished_elsewhere(uow: UnitOfWork, scan: Scan) -> Outcome:
    """Another worker with this station id (a second process, a restart racing the old
    one) applied the scan first; its outcome stands and this one's work is dropped."""
    log.warning("scan %s was finished by another worker; not applied again", scan.scan_id)
    replay = replayed(uow, scan)
    if replay is not None:
        return replay
    return stamp(
        Outcome(
            OutcomeStatus.REJECTED, SoundClass.WARNING, "scan.already_applied", {"scan": scan.text}
        ),
        scan,
    )


def replayed(uow: UnitOfWork, scan: Scan) -> Outcome | None:
    """A scan id already applied: say what it came to and apply nothing."""
    entry = uow.journal.get(scan.scan_id)
    if entry is None or entry.status == "pending":
        return None
    return replay(entry.status, entry.error_code, scan)


def replay(status: str, error_code: str, scan: Scan) -> Outcome:
    return Outcome(
        OutcomeStatus(status),
        SoundClass.WARNING,
        "scan.already_applied",
        {"scan": scan.text},
        scan_id=scan.scan_id,
        scan_text=scan.text,
        scan_source=scan.source,
        error_code=error_code,
    )


def stamp(outcome: Outcome, scan: Scan) -> Outcome:
    return replace(outcome, scan_id=scan.scan_id, scan_text=scan.text, scan_source=scan.source)


def storage_failed(scan: Scan, error: StorageError) -> Outcome:
    """The database did not answer: the scan is not lost (it waits, journaled or in order)."""
    return stamp(Outcome.from_error(error, SoundClass.ERROR), scan)


def not_saved(scan: Scan, error: StorageError, held: int) -> Outcome:
    """The scan could not even be journaled: it is held in memory only, and a station
    switched off now loses it. The words say exactly that."""
    if isinstance(error, DatabaseReplaced):
        msgid, params = "scan.not_saved_replaced", {"where": error.params.get("where", "-")}
    else:
        why = error.params["why"] if "why" in error.params else error.message()
        msgid, params = "scan.not_saved", {"why": why}
    return stamp(
        Outcome(
            OutcomeStatus.REJECTED,
            SoundClass.ERROR,
            msgid,
            {**params, "count": held},
            error_code=error.code,
        ),
        scan,
    )


def kept_for_restart(scan: Scan) -> Outcome:
    """The station stopped before the scan was applied: it is applied at the next start."""
    return stamp(
        Outcome(OutcomeStatus.REJECTED, SoundClass.ERROR, "scan.kept_for_restart", {}), scan
    )


def scan_of(entry: JournalEntry) -> Scan:
    """The scan a journal line keeps, as it was made (who made it included)."""
    return Scan(
        scan_id=entry.scan_id,
        source=entry.source,
        text=entry.data,
        symbology=entry.symbology,
        received_at=entry.received_at,
        operator=entry.operator,
    )
