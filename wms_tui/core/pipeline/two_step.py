"""The scan pipeline's two-transaction way, and what both ways share.

A scan normally costs one transaction (scanning.py). It comes here when storage failed
during that transaction, when its id was journaled before, or when its workflow has no
handler yet: the journal commit first (retried while storage is away, said in red while
the scan is only in memory), then the step in a transaction of its own that looks in the
journal first, so nothing is applied twice. `recover()` at start-up takes the same way.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from wms_tui.core.errors import StorageError, WmsError
from wms_tui.core.journal import JournalEntry
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.pipeline import outcomes as journal_outcomes
from wms_tui.core.ports import SoundClass, UnitOfWork, UnitOfWorkFactory
from wms_tui.core.scans import Scan

log = logging.getLogger("wms_tui.core.pipeline.scanning")

ScanHandler = Callable[[UnitOfWork, Scan], Outcome]
"""Runs one workflow step inside the scan's transaction; must not commit."""

OutcomeListener = Callable[[Outcome], None]


@dataclass(frozen=True)
class Job:
    scan: Scan
    context: str


class TwoStep:
    """Mixed into ScanPipeline, which sets these in its __init__."""

    _uow_factory: UnitOfWorkFactory
    _station_id: str
    _handlers: dict[str, ScanHandler]
    _listeners: list[OutcomeListener]
    _queue: queue.Queue[object]
    _stopping: threading.Event
    _retry_initial_s: float
    _retry_max_s: float
    on_journaled: Callable[[Scan], None] | None
    # Scans of the batch in hand still behind the one being written: in memory too.
    _behind: int = 0

    def _entry(self, job: Job) -> JournalEntry:
        return JournalEntry(
            scan_id=job.scan.scan_id,
            station_id=self._station_id,
            source=job.scan.source,
            data=job.scan.text,
            symbology=job.scan.symbology,
            received_at=job.scan.received_at,
            context=job.context,
            operator=job.scan.operator,
        )

    # --- the two transactions ------------------------------------------------------
    def _journal_until_done(self, jobs: list[Job]) -> frozenset[str] | None:
        """The scan ids this call journaled (a single scan's: a batch reads its rows back
        anyway); None when the pipeline stopped first."""
        delay = self._retry_initial_s
        while not self._stopping.is_set():
            try:
                entries = [self._entry(job) for job in jobs]
                fresh: frozenset[str] = frozenset()
                with self._uow_factory() as uow:
                    if len(entries) == 1:
                        if uow.journal.record(entries[0]):
                            fresh = frozenset({entries[0].scan_id})
                    else:
                        uow.journal.record_all(entries)
                    uow.commit()
                if self.on_journaled is not None:
                    for job in jobs:
                        self.on_journaled(job.scan)
                return fresh
            except StorageError as error:
                # Not journaled: these scans live only in memory. Said in red at every retry
                # until they are written, never "kept" (a restart now would lose them).
                held = len(jobs) + self._behind + self._queue.qsize()
                self._emit(journal_outcomes.not_saved(jobs[0].scan, error, held))
                self._stopping.wait(delay)
                delay = min(delay * 2, self._retry_max_s)
        return None

    def _apply_until_done(self, scan: Scan, context: str, *, fresh: bool = False) -> Outcome:
        """`fresh`: journaled just now by this worker, so not applied by anyone yet and not
        worth a look-up first. Whatever failed the first try, a retry looks first."""
        delay = self._retry_initial_s
        reported = False
        while True:
            try:
                outcome = self._apply_once(scan, context, check=not fresh)
            except StorageError as error:
                fresh = False
                # The scan stays journaled; it is applied once the database is back.
                if not reported:
                    self._emit(journal_outcomes.storage_failed(scan, error))
                    reported = True
                if self._stopping.wait(delay):
                    return journal_outcomes.kept_for_restart(scan)
                delay = min(delay * 2, self._retry_max_s)
                continue
            self._emit(outcome)
            return outcome

    def _apply_once(self, scan: Scan, context: str, *, check: bool = True) -> Outcome:
        try:
            return self._apply_in_transaction(scan, context, check=check)
        except StorageError:
            raise
        except Exception:
            # Not a database fault (the unit of work turns those into StorageError on the
            # way out of its block): a bug. It must neither lose the scan nor block the
            # scans behind it, so the scan is closed as rejected and kept for inspection.
            log.exception("scan %s failed in %s", scan.scan_id, context or "-")
            outcome = journal_outcomes.stamp(
                Outcome(
                    OutcomeStatus.REJECTED,
                    SoundClass.ERROR,
                    "error.internal",
                    {},
                    error_code="E000",
                ),
                scan,
            )
            with self._uow_factory() as uow:
                if not uow.journal.finish(
                    scan.scan_id, outcome.status.value, "E000", outcome.msgid
                ):
                    return journal_outcomes.finished_elsewhere(uow, scan)
                uow.commit()
            return outcome

    def _apply_in_transaction(self, scan: Scan, context: str, *, check: bool) -> Outcome:
        handler = self._handlers.get(context)
        if handler is None:
            raise LookupError(f"no scan handler for context {context!r}")
        with self._uow_factory() as uow:
            replay = journal_outcomes.replayed(uow, scan) if check else None
            if replay is not None:
                return replay
            outcome = journal_outcomes.stamp(apply_step(handler, uow, scan), scan)
            if not journal_outcomes.finish(uow, scan, outcome):
                uow.rollback()
                return journal_outcomes.finished_elsewhere(uow, scan)
            uow.commit()
        return outcome

    def _emit(self, outcome: Outcome) -> None:
        for listener in list(self._listeners):
            try:
                listener(outcome)
            except Exception:
                log.exception("outcome listener failed")


def apply_step(handler: ScanHandler, uow: UnitOfWork, scan: Scan) -> Outcome:
    """The workflow's step for `scan`; a refused one is undone (rolled back) here, so it
    changes nothing but the scan's own journal line, which the caller writes."""
    try:
        outcome = handler(uow, scan)
    except StorageError:
        raise
    except WmsError as error:
        outcome = Outcome.from_error(error)
    if not outcome.ok:
        uow.rollback()
    return outcome
