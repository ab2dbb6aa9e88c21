"""Exactly once does not rest on the check before apply: the journal's guarded finish decides.

Two workers with one station id (a second process started by mistake, a restart racing the
old one) can both read a journaled scan as pending; only the first finish may count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Self

import pytest
from sqlalchemy import Connection, event

from db.uow import SqlUnitOfWork, SqlUnitOfWorkFactory, make_uow_factory
from tests.fakes import FixedClock
from tests.integration.pipeline.child import pick_one
from tests.integration.pipeline.helpers import (
    moves_by_scan,
    seeded,
)
from wms_tui.core.journal import JournalEntry, ScanJournal
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.scans import Scan

AT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def _journal(url: str, *scan_ids: str) -> None:
    factory = make_uow_factory(url)
    with factory() as uow:
        for scan_id in scan_ids:
            assert uow.journal.record(JournalEntry(scan_id, "S1", "t", scan_id, "", AT, "pick"))
        uow.commit()
    factory.dispose()


def _scan(scan_id: str) -> Scan:
    return Scan(scan_id=scan_id, source="t", text=scan_id, received_at=AT)


def test_finish_changes_only_a_pending_scan(migrated_url: str) -> None:
    factory = seeded(migrated_url, on_hand=1)
    _journal(migrated_url, "s-1")
    with factory() as uow:
        assert uow.journal.finish("s-1", "accepted", "", "first")
        uow.commit()
    with factory() as uow:
        assert not uow.journal.finish("s-1", "rejected", "E204", "second")
        uow.commit()
    with factory() as uow:
        entry = uow.journal.get("s-1")
        assert entry is not None
        assert (entry.status, entry.error_code, entry.outcome) == ("accepted", "", "first")
        assert not uow.journal.finish("no-such-scan", "accepted")
    factory.dispose()


class _StaleJournal:
    """The journal as a worker saw it a moment ago: `stale` still pending, though another
    worker has since finished it. Writes go to the real journal."""

    def __init__(self, journal: ScanJournal, stale: str) -> None:
        self._journal = journal
        self._stale = stale

    def record(self, entry: JournalEntry) -> bool:
        return self._journal.record(entry)

    def finish(self, scan_id: str, status: str, error_code: str = "", outcome: str = "") -> bool:
        return self._journal.finish(scan_id, status, error_code, outcome)

    def record_all(self, entries: Sequence[JournalEntry]) -> None:
        self._journal.record_all(entries)

    def claim(self, scan_ids: Sequence[str]) -> dict[str, JournalEntry]:
        claimed = self._journal.claim(scan_ids)
        return {i: self.get(i) or entry for i, entry in claimed.items()}

    def finish_all(self, results: Sequence[tuple[str, str, str, str]]) -> int:
        return self._journal.finish_all(results)

    def get(self, scan_id: str) -> JournalEntry | None:
        entry = self._journal.get(scan_id)
        if entry is not None and scan_id == self._stale:
            return replace(entry, status="pending")
        return entry

    def pending(self, station_id: str) -> list[JournalEntry]:
        entries = {e.scan_id: e for e in self._journal.pending(station_id)}
        stale = self.get(self._stale)
        if stale is not None:
            entries[stale.scan_id] = stale
        return sorted(entries.values(), key=lambda e: e.seq)


class _StaleUnitOfWork(SqlUnitOfWork):
    stale = ""

    def __enter__(self) -> Self:
        super().__enter__()
        self.journal = _StaleJournal(self.journal, self.stale)
        return self


class _StaleFactory(SqlUnitOfWorkFactory):
    def __call__(self) -> SqlUnitOfWork:
        uow = _StaleUnitOfWork(self.sessions)
        uow.stale = "b"
        return uow


@pytest.mark.parametrize("batch", [False, True], ids=["one-by-one", "batch"])
def test_a_scan_finished_after_the_check_is_not_applied_again(
    migrated_url: str, batch: bool
) -> None:
    """Scan b passes the check before apply (it looks pending), yet another worker has
    finished it: the guarded finish must refuse, and b's work must be undone."""
    factory = seeded(migrated_url, on_hand=5)
    _journal(migrated_url, "b")
    with factory() as uow:
        assert uow.journal.finish("b", "accepted", "", "by the other worker")
        uow.commit()
    stale = _StaleFactory(factory.engine)
    pipeline = ScanPipeline(stale, FixedClock(), "S1")  # its own units: a stale journal
    pipeline.register("pick", pick_one)
    pipeline.activate("pick")
    outcomes: list[Outcome] = []
    pipeline.add_listener(outcomes.append)
    if batch:  # submitted before the worker starts: taken as one batch
        for scan_id in "abc":
            pipeline.submit(_scan(scan_id))
        pipeline.start()
        assert pipeline.drain()
        pipeline.stop()
    else:  # left pending by an earlier run: recovered one by one
        _journal(migrated_url, "a", "c")
        pipeline.recover()
    assert moves_by_scan(factory) == {"a": 1, "c": 1}
    assert [(o.scan_id, o.msgid) for o in outcomes if o.scan_id == "b"] == [
        ("b", "scan.already_applied")
    ]
    with factory() as uow:
        entry = uow.journal.get("b")
        assert entry is not None
        assert (entry.status, entry.outcome) == ("accepted", "by the other worker")
        assert uow.ledger.level("SKU-1", "PACK-01") == 2
    factory.dispose()


# PostgreSQL only: BEGIN IMMEDIATE serialises SQLite's write units, so A could not commit
# while B's transaction is open; the race is impossible there (the guarded finish is covered
# on both engines above).
@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_two_pipelines_with_one_station_id_apply_a_journaled_scan_once(migrated_url: str) -> None:
    """A real race: worker B has checked the scan is pending and is inside its apply when
    worker A (its own connections, same station id) applies and commits the same scan."""
    factory = seeded(migrated_url, on_hand=5)
    _journal(migrated_url, "x")
    other = make_uow_factory(migrated_url)
    worker_a = ScanPipeline(other.for_scans(), FixedClock(), "S1")
    worker_a.register("pick", pick_one)
    a_outcomes: list[Outcome] = []
    worker_a.add_listener(a_outcomes.append)

    def b_handler(uow: UnitOfWork, scan: Scan) -> Outcome:
        worker_a.recover()  # A wins the race while B's transaction is open
        return pick_one(uow, scan)

    worker_b = ScanPipeline(factory.for_scans(), FixedClock(), "S1")
    worker_b.register("pick", b_handler)
    b_outcomes = worker_b.recover()

    assert [o.ok for o in a_outcomes] == [True]
    assert [o.msgid for o in b_outcomes] == ["scan.already_applied"]
    assert moves_by_scan(factory) == {"x": 1}
    with factory() as uow:
        assert uow.ledger.level("SKU-1", "PACK-01") == 1
        assert uow.journal.pending("S1") == []
    other.dispose()
    factory.dispose()


def test_batch_journal_records_claims_and_finishes_only_pending_scans(migrated_url: str) -> None:
    factory = seeded(migrated_url, on_hand=1)
    _journal(migrated_url, "old")
    with factory() as uow:
        entries = [JournalEntry(i, "S1", "t", i, "", AT, "pick") for i in ("n-1", "old", "n-2")]
        uow.journal.record_all(entries)  # "old" is already there: left as it is
        uow.commit()
    with factory() as uow:
        assert [e.scan_id for e in uow.journal.pending("S1")] == ["old", "n-1", "n-2"]
        assert uow.journal.finish("old", "rejected", "E204", "before")
        claimed = uow.journal.claim(["n-2", "old", "n-1", "missing"])
        assert sorted(claimed) == ["n-1", "n-2", "old"]
        results = [(i, "accepted", "", "batch") for i in ("n-1", "old", "n-2")]
        assert uow.journal.finish_all(results) == 2  # "old" was no longer pending
        uow.commit()
    with factory() as uow:
        got = {i: uow.journal.get(i) for i in ("n-1", "old", "n-2")}
        assert {i: (e.status, e.outcome) for i, e in got.items() if e} == {
            "n-1": ("accepted", "batch"),
            "old": ("rejected", "before"),
            "n-2": ("accepted", "batch"),
        }
        assert uow.journal.finish_all([]) == 0
    factory.dispose()


def test_a_scan_journaled_just_now_is_applied_without_reading_its_line_back(
    migrated_url: str,
) -> None:
    """Nobody can have applied a scan this worker journaled a moment ago, so its apply does
    not look it up first (a round trip per scan); a scan id seen before is looked up, and
    its earlier outcome stands."""
    factory = seeded(migrated_url, on_hand=5)
    pipeline = ScanPipeline(factory.for_scans(), FixedClock(), "S1")
    pipeline.register("pick", pick_one)
    pipeline.activate("pick")
    reads: list[str] = []

    def journal_reads(_conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "scan_journal" in statement:
            reads.append(statement)

    event.listen(factory.engine, "before_cursor_execute", journal_reads)
    try:
        assert pipeline.process(_scan("fresh")).ok
        assert reads == []
        again = pipeline.process(_scan("fresh"))  # the same scan id: a replay
        # Told apart from pick_one's own answer by its sound: a replay warns.
        assert (again.msgid, again.sound) == ("scan.already_applied", SoundClass.WARNING)
        assert reads
    finally:
        event.remove(factory.engine, "before_cursor_execute", journal_reads)
    assert moves_by_scan(factory) == {"fresh": 1}
    factory.dispose()
