"""A Hypothesis state machine against the real ledger: random receipts, moves, picks,
reversals and replays, with the ledger's invariants checked after every step."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from db.check import rebuild_stock_cache
from db.models import StockMoveRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.pgcluster import TestDatabases
from wms_tui.core.errors import AlreadyReversed, InsufficientStock
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    VIRTUAL_LOCATIONS,
    VIRTUAL_SUPPLIER,
    Location,
    LocationKind,
    MoveReason,
    Sku,
    StockMove,
)

SKUS = ("S1", "S2")
BINS = ("A-01", "A-02", "QC")
AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
QTY = st.integers(min_value=1, max_value=6)


@dataclass
class FreshDatabases:
    databases: TestDatabases
    backend: str
    directory: Path
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def new(self) -> str:
        path = self.directory / f"machine-{next(self.counter)}.sqlite"
        return self.databases.migrated(self.backend, path)


class LedgerMachine(RuleBasedStateMachine):
    moves = Bundle("moves")
    provider: ClassVar[FreshDatabases]  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.url: str = self.provider.new()
        self.factory: SqlUnitOfWorkFactory = make_uow_factory(self.url)
        self.expected: dict[tuple[str, str], int] = defaultdict(int)
        self.reversed: set[str] = set()
        self.applied = 0
        self.ids = itertools.count()
        with self.factory() as uow:
            for sku in SKUS:
                uow.skus.add(Sku(sku, sku, sku))
            for code in BINS:
                kind = LocationKind.QUARANTINE if code == "QC" else LocationKind.BIN
                uow.locations.add(Location(code, kind))
            uow.commit()

    def teardown(self) -> None:
        self.factory.dispose()
        self.provider.databases.drop(self.url)

    def _post(self, move: StockMove) -> StockMove | None:
        real_source = move.from_location not in VIRTUAL_LOCATIONS
        short = real_source and self.expected[(move.sku_code, move.from_location)] < move.qty
        with self.factory() as uow:
            if short:
                with pytest.raises(InsufficientStock):
                    uow.ledger.post(move)
            else:
                assert uow.ledger.post(move)
            uow.commit()
        if short:
            return None
        self.expected[(move.sku_code, move.from_location)] -= move.qty
        self.expected[(move.sku_code, move.to_location)] += move.qty
        self.applied += 1
        return move

    def _move(self, sku: str, source: str, target: str, qty: int, reason: MoveReason) -> object:
        move = StockMove(f"m{next(self.ids)}", sku, qty, source, target, reason, at=AT)
        done = self._post(move)
        return multiple(done) if done else multiple()

    @rule(target=moves, sku=st.sampled_from(SKUS), location=st.sampled_from(BINS), qty=QTY)
    def receive(self, sku: str, location: str, qty: int) -> object:
        return self._move(sku, VIRTUAL_SUPPLIER, location, qty, MoveReason.RECEIPT)

    @rule(
        target=moves,
        sku=st.sampled_from(SKUS),
        route=st.permutations(BINS).map(lambda p: p[:2]),
        qty=QTY,
    )
    def move(self, sku: str, route: tuple[str, str], qty: int) -> object:
        return self._move(sku, route[0], route[1], qty, MoveReason.TRANSFER)

    @rule(target=moves, sku=st.sampled_from(SKUS), location=st.sampled_from(BINS), qty=QTY)
    def pick(self, sku: str, location: str, qty: int) -> object:
        return self._move(sku, location, VIRTUAL_CUSTOMER, qty, MoveReason.PICK)

    @rule(target=moves, original=moves)
    def reverse(self, original: StockMove) -> object:
        reversal = original.reversal(f"r{next(self.ids)}", "B-1", "ST1")
        reversal = StockMove(**{**reversal.__dict__, "at": AT})
        if original.move_id in self.reversed:
            with self.factory() as uow, pytest.raises(AlreadyReversed):
                uow.ledger.post(reversal)
            return multiple()
        done = self._post(reversal)
        if done is None:
            return multiple()
        self.reversed.add(original.move_id)
        return multiple(done)

    @rule(original=moves)
    def replay(self, original: StockMove) -> None:
        with self.factory() as uow:
            assert not uow.ledger.post(original)
            uow.commit()

    @invariant()
    def cache_equals_ledger_and_model(self) -> None:
        assert rebuild_stock_cache(self.factory.engine) == []
        with self.factory() as uow:
            levels = {(lv.sku_code, lv.location): lv.on_hand for lv in uow.ledger.levels()}
            count = uow.session.scalar(select(func.count()).select_from(StockMoveRow))
        assert {k: v for k, v in levels.items() if v} == {
            k: v for k, v in self.expected.items() if v
        }
        assert count == self.applied  # a replayed id applied once
        for sku in SKUS:
            assert sum(q for (s, _), q in levels.items() if s == sku) == 0
        for (_, location), qty in levels.items():
            if location not in VIRTUAL_LOCATIONS:
                assert qty >= 0


def test_ledger_state_machine(db_backend: str, databases: TestDatabases, tmp_path: Path) -> None:
    class Machine(LedgerMachine):
        provider = FreshDatabases(databases, db_backend, tmp_path)

    sqlite = db_backend == "sqlite"
    provider = Machine.provider
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=30 if sqlite else 8,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    # Every example ran on a database of its own: the invariants above were really checked.
    assert next(provider.counter) >= (30 if sqlite else 8)
