"""The scan pipeline: journaled and applied once, strictly in arrival order.

One worker thread owns the queue, so scans are never reordered and never applied in
parallel. A scan costs one durable commit: its step and its journal line (written last,
already finished) are in the same transaction, and only then is the outcome shown.
A scan killed before that commit was never shown and left nothing behind; one whose outcome
was shown is committed exactly once (the journal's UNIQUE scan id).

A refused step is undone, and the scan is journaled with its refusal in the same unit of
work. When storage fails (locked, full, gone), or the scan's workflow has no handler yet,
or the scan id was journaled before, the scan takes the two-transaction way: journaled
first (retried, said in red while it is only in memory), then applied once, with
`recover()` applying at start-up what was journaled but not finished.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from wms_tui.core.errors import StorageError, WmsError
from wms_tui.core.journal import JournalEntry
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline import outcomes as journal_outcomes
from wms_tui.core.pipeline.two_step import Job, OutcomeListener, TwoStep, apply_step
from wms_tui.core.pipeline.two_step import ScanHandler as ScanHandler
from wms_tui.core.ports import (
    Clock,
    UnitOfWorkFactory,
)
from wms_tui.core.scans import Scan

log = logging.getLogger(__name__)


_STOP = object()


@dataclass(frozen=True)
class _Recover:
    contexts: frozenset[str]


class ScanPipeline(TwoStep):
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        station_id: str,
        *,
        retry_initial_s: float = 0.05,
        retry_max_s: float = 2.0,
        max_batch: int = 50,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._station_id = station_id
        self._handlers: dict[str, ScanHandler] = {}
        self._context = ""
        self._listeners: list[OutcomeListener] = []
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._retry_initial_s = retry_initial_s
        self._retry_max_s = retry_max_s
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._operator = ""  # who is logged in at the station (set_operator)
        # Crash tests kill the process here: the journal line written, the step not yet
        # applied (inside the one transaction; after the journal commit on the other way).
        self.on_journaled: Callable[[Scan], None] | None = None

    # --- wiring --------------------------------------------------------------------
    def register(self, context: str, handler: ScanHandler) -> None:
        self.register_all({context: handler})

    def register_all(self, handlers: Mapping[str, ScanHandler]) -> None:
        """bootstrap registers every workflow's handlers before start(). One registered on
        a running pipeline (a test's own desk) first applies what a crash left pending for
        its contexts, ahead of anything new, in the order made across all of them."""
        with self._lock:
            self._handlers.update(handlers)
            running = self._thread is not None
        if running:
            self._queue.put(_Recover(frozenset(handlers)))

    def activate(self, context: str) -> None:
        """The screen in front says which workflow step takes the next scans."""
        with self._lock:
            if context not in self._handlers:
                raise KeyError(context)
            self._context = context

    @property
    def context(self) -> str:
        return self._context

    def add_listener(self, listener: OutcomeListener) -> None:
        self._listeners.append(listener)

    # --- running -------------------------------------------------------------------
    def set_operator(self, badge: str) -> None:
        """Who is logged in now (at log-in; "" at log-out): every scan submitted from then on
        is theirs, journaled with their badge, so a reader thread hands its scans over
        directly, without a hop through the UI thread to learn the badge."""
        with self._lock:
            self._operator = badge

    def submit(self, scan: Scan) -> None:
        """Thread-safe and non-blocking: the caller (UI, reader thread) never waits."""
        with self._lock:
            context = self._context
            if not scan.operator:
                scan = replace(scan, operator=self._operator)
        self._queue.put(Job(scan, context))

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="scan-pipeline", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._queue.put(_STOP)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted scan has been handled (tests and shutdown)."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def recover(self, contexts: Collection[str] | None = None) -> list[Outcome]:
        """Apply scans journaled before a crash but never applied, in journal order, for the
        contexts that have a handler (or just `contexts`); call before start(). Others wait
        for register()."""
        pending, known = self._pending()
        ready = known if contexts is None else set(contexts) & known
        outcomes = []
        for entry in sorted(pending, key=lambda e: e.seq):
            if entry.context not in ready:
                continue
            outcomes.append(self._apply_until_done(journal_outcomes.scan_of(entry), entry.context))
        return outcomes

    def waiting(self) -> dict[str, int]:
        """Journaled scans no handler can apply, by context (a workflow this station no longer
        runs): they wait, and are applied in order, in the name of who scanned them, once a
        handler for their context is registered."""
        pending, known = self._pending()
        counts: dict[str, int] = {}
        for entry in pending:
            if entry.context not in known:
                counts[entry.context] = counts.get(entry.context, 0) + 1
        return counts

    def _pending(self) -> tuple[list[JournalEntry], set[str]]:
        """This station's journaled scans not yet applied, and the contexts with a handler."""
        with self._uow_factory() as uow:
            pending = uow.journal.pending(self._station_id)
        with self._lock:
            return pending, set(self._handlers)

    def process(self, scan: Scan, context: str | None = None) -> Outcome:
        """Journal and apply one scan in the caller's thread (CLI, tests, benchmarks)."""
        job = Job(scan, self._context if context is None else context)
        outcome = self._journal_and_apply(job)
        if outcome is not None:
            self._emit(outcome)
            return outcome
        fresh = self._journal_until_done([job])
        if fresh is None:
            return journal_outcomes.kept_for_restart(scan)
        return self._apply_until_done(job.scan, job.context, fresh=scan.scan_id in fresh)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            jobs: list[Job] = []
            # Scans already waiting are taken together: a burst then costs a few commits
            # instead of two per scan, in the same order and with the same guarantees.
            while isinstance(item, Job):
                jobs.append(item)
                if len(jobs) >= self._max_batch:
                    item = None
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    item = None
            if jobs and not self._process(jobs):
                return
            if item is None:
                continue
            if item is _STOP:
                return
            if isinstance(item, threading.Event):
                item.set()
            elif isinstance(item, _Recover):
                try:
                    self.recover(item.contexts)
                except Exception:
                    log.exception("scan pipeline: recovering %s", sorted(item.contexts))

    def _process(self, jobs: list[Job]) -> bool:
        """False when the pipeline stopped before the scans could be journaled."""
        try:
            if len(jobs) > 1:
                try:
                    for outcome in self._apply_batch(jobs):
                        self._emit(outcome)
                    return True
                except _RefusedInBatch:
                    pass  # one by one below, where a refusal undoes only its own scan
                except Exception:
                    # Anything unusual (a fault, a bug): the batch was rolled back as a
                    # whole, journal lines and all; take the scans one by one, with the
                    # per-scan handling.
                    log.info("scan pipeline: batch of %d applied one by one", len(jobs))
            for n, job in enumerate(jobs, start=1):
                self._behind = len(jobs) - n
                done = self._journal_and_apply(job)
                if done is not None:
                    self._emit(done)
                    continue
                fresh = self._journal_until_done([job])
                if fresh is None:
                    return False
                self._apply_until_done(job.scan, job.context, fresh=job.scan.scan_id in fresh)
        except Exception:
            # The worker must outlive anything one scan does; what was journaled stays.
            log.exception("scan pipeline: %s", [job.scan.scan_id for job in jobs])
        finally:
            self._behind = 0
        return True

    # --- one transaction ------------------------------------------------------------
    def _journal_and_apply(self, job: Job) -> Outcome | None:
        """The scan's journal line and its step in one transaction, one durable commit.
        None: nothing of it was committed (or, at a commit whose answer was lost, all of
        it), and the scan goes the two-transaction way, which looks before it applies: a
        storage failure, a bug in a step, a workflow with no handler here yet, a scan id
        journaled before."""
        handler = self._handlers.get(job.context)
        if handler is None:
            return None
        try:
            with self._uow_factory() as uow:
                if self.on_journaled is not None:
                    self.on_journaled(job.scan)
                outcome = journal_outcomes.stamp(apply_step(handler, uow, job.scan), job.scan)
                # The line goes in last, finished, in the step's transaction: one statement
                # where a pending line and its UPDATE took two. A scan id journaled before
                # inserts nothing, and the step is undone unseen (the `with` rolls back).
                if not uow.journal.record(journal_outcomes.finished(self._entry(job), outcome)):
                    return None
                uow.commit()
            return outcome
        except StorageError as error:
            # Nothing of it committed (as far as this station can tell): said at once, in
            # red, while the scan is only in memory; the two-step way retries it.
            held = 1 + self._behind + self._queue.qsize()
            self._emit(journal_outcomes.not_saved(job.scan, error, held))
            return None
        except Exception:
            log.exception("scan %s failed in %s; taking the two-step way", job.scan.scan_id,
                          job.context or "-")  # fmt: skip
            return None

    def _apply_batch(self, jobs: list[Job]) -> list[Outcome]:
        """Every scan in one transaction; outcomes are reported after the one commit.

        A refused scan must undo only its own work. A savepoint per scan would do that at
        two round trips for every scan of every burst, and refusals in a burst are rare:
        at the first one the whole batch is undone instead, and its scans are applied one
        by one, each in its own transaction.

        The batch's journal rows are locked first, so no other worker can finish them
        before this commit: one guarded UPDATE for all of them at the end is then as safe
        as one per scan. Should it still match fewer rows, the whole batch is undone and
        the scans are taken one by one (each with its own guard)."""
        outcomes: list[Outcome] = []
        results: dict[str, tuple[str, str, str, str]] = {}
        with self._uow_factory() as uow:
            # Journal lines and steps in one transaction, as a single scan's: the burst is
            # one durable commit, and an undone batch leaves no line behind either.
            uow.journal.record_all([self._entry(job) for job in jobs])
            if self.on_journaled is not None:
                for job in jobs:
                    self.on_journaled(job.scan)
            entries = uow.journal.claim([job.scan.scan_id for job in jobs])
            for job in jobs:
                handler = self._handlers.get(job.context)
                if handler is None:
                    raise LookupError(f"no scan handler for context {job.context!r}")
                scan_id = job.scan.scan_id
                entry = entries.get(scan_id)
                if scan_id in results:  # the same scan twice in one batch
                    outcomes.append(
                        journal_outcomes.replay(results[scan_id][1], results[scan_id][2], job.scan)
                    )
                    continue
                if entry is not None and entry.status != "pending":
                    outcomes.append(
                        journal_outcomes.replay(entry.status, entry.error_code, job.scan)
                    )
                    continue
                try:
                    outcome = handler(uow, job.scan)
                except StorageError:
                    raise
                except WmsError:
                    raise _RefusedInBatch() from None
                if not outcome.ok:
                    raise _RefusedInBatch()
                outcome = journal_outcomes.stamp(outcome, job.scan)
                results[scan_id] = (
                    scan_id,
                    outcome.status.value,
                    outcome.error_code,
                    outcome.msgid,
                )
                outcomes.append(outcome)
            if uow.journal.finish_all(list(results.values())) != len(results):
                raise _FinishedElsewhere()
            uow.commit()
        return outcomes


class _RefusedInBatch(Exception):
    """A scan of a batch was refused: undo the batch, apply its scans one by one."""


class _FinishedElsewhere(Exception):
    """The journal entry stopped being pending under this worker: undo, apply nothing."""
