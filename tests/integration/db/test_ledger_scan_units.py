"""Stock moves in the scan pipeline's units of work: no savepoint per move, nothing half-posted.

The pipeline rolls back a refused scan (and a refused batch whole), so its units of work
post moves without a savepoint each. A refusal after the first rows were written must then
never reach a commit, however the caller treats it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from db.models import StockMoveRow
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.sql_log import statements
from wms_tui.core import stock
from wms_tui.core.errors import InsufficientStock
from wms_tui.core.model import MoveReason, StockMove
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import Scan

CLOCK = FixedClock()


@pytest.fixture
def stocked(uow_factory: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    with uow_factory() as uow:
        for location in ("A-01", "A-02"):
            stock.receive(
                uow, CLOCK, sku_code="SKU-1", qty=3, location=location, operator="r",
                station_id="S0", move_id=f"in-{location}",
            )  # fmt: skip
        uow.commit()
    return uow_factory


def _move(move_id: str, qty: int, source: str, target: str) -> StockMove:
    return StockMove(move_id, "SKU-1", qty, source, target, MoveReason.TRANSFER)


def _levels(factory: SqlUnitOfWorkFactory) -> tuple[int, int, int]:
    with factory() as uow:
        moves = uow.session.scalar(select(func.count()).select_from(StockMoveRow))
        return uow.ledger.level("SKU-1", "A-01"), uow.ledger.level("SKU-1", "A-02"), moves or 0


def _handler(uow: UnitOfWork, scan: Scan) -> Outcome:
    """MOVE:qty:from:to posts one move of SKU-1."""
    _, qty, source, target = scan.text.split(":")
    stock.post_move(uow, _move(scan.scan_id, int(qty), source, target), CLOCK)
    return Outcome.accepted("scan.already_applied", scan=scan.text)


def _scan(text: str) -> Scan:
    return Scan(str(uuid.uuid4()), "test", text, received_at=datetime(2026, 12, 2, tzinfo=UTC))


def test_scan_units_post_without_a_savepoint(stocked: SqlUnitOfWorkFactory) -> None:
    for factory, savepoints in ((stocked, 1), (stocked.for_scans(), 0)):
        with statements(stocked.engine) as seen, factory() as uow:
            assert uow.ledger.post(_move(f"m-{savepoints}", 1, "A-01", "A-02"))
            uow.commit()
        assert len([s for s in seen if s.startswith("SAVEPOINT")]) == savepoints
    assert _levels(stocked) == (1, 5, 4)


@pytest.mark.parametrize(
    ("source", "target"),
    # A-01 -> A-02 takes first; A-02 -> A-01 adds to A-01 first (location order), then fails.
    [("A-01", "A-02"), ("A-02", "A-01")],
)
def test_a_refused_scan_leaves_nothing(
    stocked: SqlUnitOfWorkFactory, source: str, target: str
) -> None:
    pipeline = ScanPipeline(stocked.for_scans(), CLOCK, "S1")
    pipeline.register("move", _handler)
    pipeline.activate("move")
    refused = pipeline.process(_scan(f"MOVE:5:{source}:{target}"))
    assert (refused.ok, refused.error_code) == (False, InsufficientStock.code)
    assert _levels(stocked) == (3, 3, 2)
    assert pipeline.process(_scan(f"MOVE:2:{source}:{target}")).ok
    assert sorted(_levels(stocked)[:2]) == [1, 5]


def test_a_refusal_in_a_burst_undoes_only_its_own_scan(stocked: SqlUnitOfWorkFactory) -> None:
    pipeline = ScanPipeline(stocked.for_scans(), CLOCK, "S1")
    pipeline.register("move", _handler)
    pipeline.activate("move")
    outcomes: list[Outcome] = []
    pipeline.add_listener(outcomes.append)
    texts = ["MOVE:1:A-02:A-01", "MOVE:1:A-02:A-01", "MOVE:9:A-02:A-01", "MOVE:1:A-01:A-02"]
    for text in texts:
        pipeline.submit(_scan(text))
    pipeline.start()
    try:
        assert pipeline.drain(30)
    finally:
        pipeline.stop()
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert _levels(stocked) == (4, 2, 5)


def test_a_swallowed_refusal_cannot_be_committed(stocked: SqlUnitOfWorkFactory) -> None:
    with stocked.for_scans()() as uow:
        with pytest.raises(InsufficientStock):
            uow.ledger.post(_move("too-many", 5, "A-02", "A-01"))
        with pytest.raises(RuntimeError, match="not rolled back"):
            uow.commit()
        uow.rollback()
        assert uow.ledger.post(_move("fits", 2, "A-02", "A-01"))
        uow.commit()
    assert _levels(stocked) == (5, 1, 3)


def test_a_scan_writes_its_journal_line_once_already_finished(
    stocked: SqlUnitOfWorkFactory,
) -> None:
    """One statement for the journal per scan, accepted or refused: the line goes in last,
    with its outcome, in the step's own transaction."""
    pipeline = ScanPipeline(stocked.for_scans(), CLOCK, "S1")
    pipeline.register("move", _handler)
    pipeline.activate("move")
    for text, ok in (("MOVE:1:A-01:A-02", True), ("MOVE:9:A-01:A-02", False)):
        scan = _scan(text)
        with statements(stocked.engine) as seen:
            assert pipeline.process(scan).ok is ok
        journal = [s.split()[0] for s in seen if "scan_journal" in s]
        assert journal == ["INSERT"], seen
        with stocked() as uow:
            entry = uow.journal.get(scan.scan_id)
            assert entry is not None
            assert entry.status == ("accepted" if ok else "rejected")
            assert entry.error_code == ("" if ok else InsufficientStock.code)
    # A scan id journaled before: nothing applied again, whatever its text now says.
    again = _scan("MOVE:1:A-01:A-02")
    assert pipeline.process(again).ok
    assert _levels(stocked) == (1, 5, 4)
    assert pipeline.process(again).ok  # answered from the journal
    assert _levels(stocked) == (1, 5, 4)
