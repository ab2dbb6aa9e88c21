"""The pipeline's promises over fakes: journal first, once, in order, nothing lost on faults."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork, FixedClock
from wms_tui.core.errors import DatabaseUnavailable, UnknownCode
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import AuditEvent
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan

CLOCK = FixedClock()


def scan(text: str, scan_id: str | None = None) -> Scan:
    return Scan(
        scan_id=scan_id or str(uuid.uuid4()),
        source="test",
        text=text,
        received_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


def recording_handler(uow: UnitOfWork, s: Scan) -> Outcome:
    """Accepts a scan by writing an audit line; 'BAD' is rejected after writing one too."""
    uow.audit.record(AuditEvent("scan", "op", "S1", subject=s.text))
    if s.text == "BAD":
        raise UnknownCode(value=s.text)
    return Outcome.accepted("scan.already_applied", scan=s.text)


class FlakyDatabase(FakeDatabase):
    """Commits fail while `down` is set, as when the database file or server is gone."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False

    def uow(self) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self)
        real_commit = uow.commit

        def commit() -> None:
            if self.down:
                raise DatabaseUnavailable(why="disk gone")
            real_commit()

        uow.commit = commit  # type: ignore[method-assign]
        return uow


def make(db: FakeDatabase) -> tuple[ScanPipeline, list[Outcome]]:
    pipeline = ScanPipeline(db.uow, CLOCK, "S1", retry_initial_s=0.001, retry_max_s=0.01)
    pipeline.register("test", recording_handler)
    pipeline.activate("test")
    outcomes: list[Outcome] = []
    pipeline.add_listener(outcomes.append)
    return pipeline, outcomes


def test_scans_are_applied_in_arrival_order_and_journaled() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)
    pipeline.start()
    texts = [f"S{i:04d}" for i in range(150)]
    for text in texts:
        pipeline.submit(scan(text))
    assert pipeline.drain()
    pipeline.stop()
    assert [o.scan_text for o in outcomes] == texts
    assert [e.subject for e in db.store.audit] == texts
    journal = sorted(db.store.journal.values(), key=lambda e: e.seq)
    assert [e.data for e in journal] == texts
    assert {e.status for e in journal} == {"accepted"}
    assert {e.context for e in journal} == {"test"}


def test_a_rejected_scan_changes_nothing_but_its_journal_line() -> None:
    db = FakeDatabase()
    pipeline, _ = make(db)
    outcome = pipeline.process(scan("BAD"))
    assert outcome.status is OutcomeStatus.REJECTED
    assert outcome.error_code == UnknownCode.code
    assert db.store.audit == []
    (entry,) = db.store.journal.values()
    assert (entry.status, entry.error_code) == ("rejected", UnknownCode.code)


def test_a_replayed_scan_id_applies_once() -> None:
    db = FakeDatabase()
    pipeline, _ = make(db)
    first = pipeline.process(scan("A", "same-id"))
    again = pipeline.process(scan("A", "same-id"))
    assert first.ok and again.msgid == "scan.already_applied"
    assert len(db.store.audit) == 1
    assert len(db.store.journal) == 1


def test_killed_inside_its_one_transaction_a_scan_leaves_nothing_and_was_never_shown() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)
    pipeline.on_journaled = lambda s: (_ for _ in ()).throw(SystemExit("killed"))
    with pytest.raises(SystemExit):
        pipeline.process(scan("A"))
    assert (db.store.audit, db.store.journal, outcomes) == ([], {}, [])
    restarted, _ = make(db)
    assert restarted.recover() == []
    assert restarted.process(scan("A")).ok  # scanned again: applied once
    assert [e.subject for e in db.store.audit] == ["A"]


def _fail_then_die() -> Callable[[Scan], None]:
    """Storage fails inside the scan's one transaction (nothing of it committed), then the
    station dies right after the journal commit of the two-transaction way."""
    calls = {"n": 0}

    def hook(_scan: Scan) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise DatabaseUnavailable(why="test")
        raise SystemExit("killed")

    return hook


def test_recover_applies_what_was_journaled_but_not_applied() -> None:
    """The two-transaction way (storage failed during the one transaction): the journal
    commit, then the station dies before the step; the restart applies it once."""
    db = FakeDatabase()
    pipeline, _ = make(db)
    pipeline.on_journaled = _fail_then_die()
    with pytest.raises(SystemExit):
        pipeline.process(scan("A"))
    assert db.store.audit == []
    assert [e.status for e in db.store.journal.values()] == ["pending"]
    restarted, _ = make(db)
    recovered = restarted.recover()
    assert [o.scan_text for o in recovered] == ["A"]
    assert [e.subject for e in db.store.audit] == ["A"]
    assert restarted.recover() == []


def test_database_outage_keeps_the_scan_and_applies_it_once_when_back() -> None:
    db = FlakyDatabase()
    pipeline, outcomes = make(db)
    pipeline.start()
    pipeline.submit(scan("first"))
    assert pipeline.drain()
    db.down = True
    pipeline.submit(scan("during"))
    pipeline.submit(scan("after"))
    deadline = time.monotonic() + 30
    while not (outcomes and outcomes[-1].error_code == DatabaseUnavailable.code):
        assert time.monotonic() < deadline, "the outage was never reported"
        threading.Event().wait(0.005)
    db.down = False
    assert pipeline.drain()
    pipeline.stop()
    errors = [o for o in outcomes if o.error_code == DatabaseUnavailable.code]
    # Not journaled, so held in memory only: said so in those words at every retry, with
    # how many wait, and never once the scans are written.
    assert errors and {o.msgid for o in errors} == {"scan.not_saved"}
    assert all(isinstance(o.params["count"], int) and o.params["count"] >= 1 for o in errors)
    assert outcomes[-1].msgid != "scan.not_saved"
    assert [e.subject for e in db.store.audit] == ["first", "during", "after"]
    assert all(e.status == "accepted" for e in db.store.journal.values())


def test_a_burst_that_cannot_be_written_says_how_many_scans_wait() -> None:
    """Queued before the worker starts, three scans are one batch; the database is down, so
    the first scan's "not saved" counts all three: the two behind it are in memory too."""
    db = FlakyDatabase()
    pipeline, outcomes = make(db)
    db.down = True
    for text in ("a", "b", "c"):
        pipeline.submit(scan(text))
    pipeline.start()
    deadline = time.monotonic() + 30
    while not any(o.msgid == "scan.not_saved" for o in outcomes):
        assert time.monotonic() < deadline, "the outage was never reported"
        threading.Event().wait(0.005)
    db.down = False
    assert pipeline.drain()
    pipeline.stop()
    first = next(o for o in outcomes if o.msgid == "scan.not_saved")
    assert (first.scan_text, first.params["count"]) == ("a", 3)
    assert [e.subject for e in db.store.audit] == ["a", "b", "c"]


def test_a_bug_in_a_handler_rejects_that_scan_and_the_next_ones_go_on() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)

    def buggy(uow: UnitOfWork, s: Scan) -> Outcome:
        if s.text == "boom":
            raise ZeroDivisionError
        return recording_handler(uow, s)

    pipeline.register("test", buggy)
    pipeline.start()
    for text in ("a", "boom", "b"):
        pipeline.submit(scan(text))
    assert pipeline.drain()
    pipeline.stop()
    assert [o.error_code for o in outcomes] == ["", "E000", ""]
    assert [e.subject for e in db.store.audit] == ["a", "b"]


def test_the_context_is_taken_when_the_scan_arrives() -> None:
    db = FakeDatabase()
    pipeline, _ = make(db)
    seen: list[str] = []

    def other(uow: UnitOfWork, s: Scan) -> Outcome:
        seen.append(s.text)
        return Outcome.accepted("scan.already_applied", scan=s.text)

    pipeline.register("other", other)
    pipeline.submit(scan("for-test"))
    pipeline.activate("other")
    pipeline.submit(scan("for-other"))
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert seen == ["for-other"]
    assert [e.subject for e in db.store.audit] == ["for-test"]
    with pytest.raises(KeyError):
        pipeline.activate("nope")


def test_pending_scans_of_a_workflow_wait_for_its_handler() -> None:
    db = FakeDatabase()
    pipeline, _ = make(db)
    pipeline.register("inspect", recording_handler)
    pipeline.activate("inspect")
    pipeline.on_journaled = _fail_then_die()
    with pytest.raises(SystemExit):
        pipeline.process(scan("mid-order"))

    restarted = ScanPipeline(db.uow, CLOCK, "S1", retry_initial_s=0.001)
    restarted.register("test", recording_handler)
    restarted.activate("test")
    assert restarted.recover() == []  # nobody has opened the inspection screen yet
    restarted.start()
    restarted.register("inspect", recording_handler)  # the screen opens after log-in
    restarted.submit(scan("next"))
    assert restarted.drain()
    restarted.stop()
    assert [e.subject for e in db.store.audit] == ["mid-order", "next"]


def test_a_screen_s_contexts_are_recovered_together_in_the_order_scanned() -> None:
    """The desk's scans and its supervisor dialog's were journaled interleaved: reopened,
    the screen registers both, and they are applied as they were made, not context by
    context (an override before the scan that came after it)."""
    db = FakeDatabase()
    with db.uow() as uow:
        for n, context in enumerate(("desk", "supervisor", "desk")):
            assert uow.journal.record(
                JournalEntry(f"s{n}", "S1", "test", f"T{n}", "", CLOCK.now(), context)
            )
        uow.commit()
    pipeline = ScanPipeline(db.uow, CLOCK, "S1", retry_initial_s=0.001)
    pipeline.start()
    pipeline.register_all({"desk": recording_handler, "supervisor": recording_handler})
    assert pipeline.drain()
    pipeline.stop()
    assert [e.subject for e in db.store.audit] == ["T0", "T1", "T2"]


def test_a_waiting_burst_is_applied_as_a_batch() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)
    texts = ["a", "b", "c", "d"]
    for text in texts:  # queued before the worker starts: it takes them as one batch
        pipeline.submit(scan(text))
    commits_before = db.commits
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert [o.scan_text for o in outcomes] == texts and all(o.ok for o in outcomes)
    assert [e.subject for e in db.store.audit] == texts
    assert db.commits - commits_before == 1  # journal lines and steps: one commit


def test_a_refused_scan_in_a_burst_undoes_only_itself() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)
    texts = ["a", "b", "BAD", "c", "d"]
    for text in texts:
        pipeline.submit(scan(text))
    commits_before = db.commits
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert [o.scan_text for o in outcomes] == texts
    assert [o.ok for o in outcomes] == [True, True, False, True, True]
    assert [e.subject for e in db.store.audit] == ["a", "b", "c", "d"]
    # The batch was undone at the refusal, journal lines and all, and its scans applied one
    # by one: one commit per scan (the refused one's journals it with its refusal).
    assert db.commits - commits_before == len(texts)
    statuses = [e.status for e in sorted(db.store.journal.values(), key=lambda e: e.seq)]
    assert statuses == ["accepted", "accepted", "rejected", "accepted", "accepted"]


def test_a_bug_inside_a_batch_falls_back_to_one_by_one() -> None:
    db = FakeDatabase()
    pipeline, outcomes = make(db)

    def buggy(uow: UnitOfWork, s: Scan) -> Outcome:
        if s.text == "boom":
            raise ZeroDivisionError
        return recording_handler(uow, s)

    pipeline.register("test", buggy)
    for text in ("a", "boom", "b"):
        pipeline.submit(scan(text))
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert [(o.scan_text, o.error_code) for o in outcomes] == [
        ("a", ""),
        ("boom", "E000"),
        ("b", ""),
    ]
    assert [e.subject for e in db.store.audit] == ["a", "b"]


def test_feedback_comes_only_after_the_commit() -> None:
    """When a listener hears of a scan, its journal line is closed and its work is stored:
    one by one, in a batch, and for a refused scan (closed, its work rolled back)."""
    db = FakeDatabase()
    pipeline = ScanPipeline(db.uow, CLOCK, "S1")
    pipeline.register("ctx", recording_handler)
    pipeline.activate("ctx")
    heard: list[tuple[str, str, int]] = []

    def listener(outcome: Outcome) -> None:
        stored = db.store  # what is committed: a fake unit of work writes only at commit
        entry = stored.journal[outcome.scan_id]
        written = sum(1 for a in stored.audit if a.subject == outcome.scan_text)
        heard.append((outcome.scan_text, entry.status, written))

    pipeline.add_listener(listener)
    pipeline.process(scan("ONE"))
    for text in ("A", "B", "C", "BAD"):
        pipeline.submit(scan(text))  # queued before the worker starts: taken as one batch
    pipeline.start()
    assert pipeline.drain()
    pipeline.stop()
    assert heard == [
        ("ONE", "accepted", 1),
        ("A", "accepted", 1),
        ("B", "accepted", 1),
        ("C", "accepted", 1),
        ("BAD", "rejected", 0),
    ]


def test_scans_are_journaled_with_whoever_is_logged_in_when_submitted() -> None:
    """A reader thread hands its scans to the pipeline directly: the pipeline knows who is
    logged in (set at log-in and log-out) and journals each scan with that badge; a scan
    that already names its person keeps it."""
    db = FakeDatabase()
    pipeline, outcomes = make(db)
    pipeline.start()
    pipeline.submit(scan("before-login"))
    assert pipeline.drain()
    pipeline.set_operator("OP-INS-1")
    pipeline.submit(scan("scanned"))
    pipeline.submit(replace(scan("recovered"), operator="OP-INS-2"))
    assert pipeline.drain()
    pipeline.set_operator("")
    pipeline.submit(scan("after-logout"))
    assert pipeline.drain()
    pipeline.stop()
    journal = sorted(db.store.journal.values(), key=lambda e: e.seq)
    assert [(e.data, e.operator) for e in journal] == [
        ("before-login", ""),
        ("scanned", "OP-INS-1"),
        ("recovered", "OP-INS-2"),
        ("after-logout", ""),
    ]
    assert len(outcomes) == 4
