"""Model-based: Hypothesis drives the REAL services and the real scan pipeline on a real
database, with a plain-Python model beside them; after every step the database must agree
with the model and satisfy every invariant (wms_tui.core.invariants).

Beyond tests/integration/db/test_ledger_machine.py (the ledger port alone) this goes through
the services and the pipeline: picks are scans, replays are the same scan id again, the
station restarts (engine disposed, a new factory and pipeline), orders reserve and release.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.pgcluster import TestDatabases
from tests.reliability.harness import (
    BARCODES,
    BINS,
    CLOCK,
    HOME_BIN,
    PACKING,
    SKUS,
    STATION,
    Report,
    pick_handler,
    seed,
    verify,
)
from wms_tui.core import stock
from wms_tui.core.errors import AlreadyReversed, InsufficientStock
from wms_tui.core.model import (
    VIRTUAL_SUPPLIER,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    StockMove,
)
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan

OPENING = 4
PLACES = (*BINS, PACKING)
QTY = st.integers(min_value=1, max_value=5)
SKU_OF = {sku: code for code, sku in BARCODES.items()}


@dataclass
class Totals:
    steps: int = 0
    checks: int = 0
    examples: int = 0


class StationMachine(RuleBasedStateMachine):
    moves = Bundle("moves")
    scans = Bundle("scans")
    orders = Bundle("orders")
    databases: ClassVar[TestDatabases]
    backend: ClassVar[str]
    directory: ClassVar[Path]
    totals: ClassVar[Totals]
    counter: ClassVar[itertools.count[int]]

    def __init__(self) -> None:
        super().__init__()
        self.url = self.databases.migrated(
            self.backend, self.directory / f"model-{next(self.counter)}.sqlite"
        )
        self.factory: SqlUnitOfWorkFactory = make_uow_factory(self.url)
        seed(self.factory, opening=OPENING)
        self.pipeline = self._pipeline()
        self.expected: dict[tuple[str, str], int] = defaultdict(int)
        for sku in SKUS:
            self.expected[(sku, HOME_BIN[sku])] += OPENING
            self.expected[(sku, VIRTUAL_SUPPLIER)] -= OPENING
        self.reserved: dict[str, int] = defaultdict(int)
        self.moves_posted = len(SKUS)
        self.reversed: set[str] = set()
        self.ids = itertools.count()
        self.totals.examples += 1

    def _pipeline(self) -> ScanPipeline:
        pipeline = ScanPipeline(self.factory.for_scans(), CLOCK, STATION)
        pipeline.register("pick", pick_handler)
        pipeline.activate("pick")
        return pipeline

    def teardown(self) -> None:
        self.factory.dispose()
        self.databases.drop(self.url)

    def _apply(self, move: StockMove) -> None:
        self.expected[(move.sku_code, move.from_location)] -= move.qty
        self.expected[(move.sku_code, move.to_location)] += move.qty
        self.moves_posted += 1

    def _short(self, sku: str, location: str, qty: int) -> bool:
        return location != VIRTUAL_SUPPLIER and self.expected[(sku, location)] < qty

    @rule(target=moves, sku=st.sampled_from(SKUS), location=st.sampled_from(PLACES), qty=QTY)
    def receive(self, sku: str, location: str, qty: int) -> object:
        move_id = f"rcv-{next(self.ids)}"
        with self.factory() as uow:
            stock.receive(
                uow, CLOCK, sku_code=sku, qty=qty, location=location, operator="m",
                station_id=STATION, move_id=move_id,
            )  # fmt: skip
            uow.commit()
        move = StockMove(move_id, sku, qty, VIRTUAL_SUPPLIER, location, MoveReason.RECEIPT)
        self._apply(move)
        return move

    @rule(target=moves, sku=st.sampled_from(SKUS), route=st.permutations(PLACES), qty=QTY)
    def transfer(self, sku: str, route: tuple[str, ...], qty: int) -> object:
        move = StockMove(f"mv-{next(self.ids)}", sku, qty, route[0], route[1], MoveReason.TRANSFER)
        short = self._short(sku, route[0], qty)
        with self.factory() as uow:
            if short:
                with pytest.raises(InsufficientStock):
                    stock.post_move(uow, move, CLOCK)
                return multiple()
            assert stock.post_move(uow, move, CLOCK)
            uow.commit()
        self._apply(move)
        return move

    @rule(target=scans, sku=st.sampled_from(SKUS))
    def pick_scan(self, sku: str) -> Scan:
        scan = Scan(
            scan_id=f"scan-{next(self.ids)}", source="model", text=SKU_OF[sku],
            received_at=datetime.now(UTC),
        )  # fmt: skip
        short = self._short(sku, HOME_BIN[sku], 1)
        outcome = self.pipeline.process(scan)
        assert outcome.ok is not short, outcome
        if not short:
            self._apply(StockMove("x", sku, 1, HOME_BIN[sku], PACKING, MoveReason.PICK))
        return scan

    @rule(scan=scans)
    def replay_scan(self, scan: Scan) -> None:
        outcome = self.pipeline.process(scan)
        assert outcome.msgid == "scan.already_applied", outcome

    @rule(target=moves, original=consumes(moves))
    def reverse(self, original: StockMove) -> object:
        short = self._short(original.sku_code, original.to_location, original.qty)
        with self.factory() as uow:
            if original.move_id in self.reversed:
                with pytest.raises(AlreadyReversed):
                    stock.reverse(
                        uow, CLOCK, move_id=original.move_id, operator="m", station_id=STATION
                    )
                return multiple()
            if short:
                with pytest.raises(InsufficientStock):
                    stock.reverse(
                        uow, CLOCK, move_id=original.move_id, operator="m", station_id=STATION
                    )
                return multiple()
            reversal = stock.reverse(
                uow, CLOCK, move_id=original.move_id, operator="m", station_id=STATION
            )
            uow.commit()
        self.reversed.add(original.move_id)
        self._apply(reversal)
        return multiple()

    @rule()
    def restart(self) -> None:
        self.factory.dispose()
        self.factory = make_uow_factory(self.url)
        self.pipeline = self._pipeline()
        assert self.pipeline.recover() == []

    @rule(target=orders, sku=st.sampled_from(SKUS), qty=QTY)
    def confirm_order(self, sku: str, qty: int) -> tuple[str, str, int]:
        order_no = f"SO-{next(self.ids)}"
        with self.factory() as uow:
            lines = [OrderLine(1, sku, qty)]
            uow.orders.add(Order(order_no, "taobao", "旗舰店", OrderStatus.PENDING, lines))
            stock.confirm_order(uow, order_no)
            uow.commit()
        self.reserved[sku] += qty
        return order_no, sku, qty

    @rule(order=consumes(orders))
    def cancel_order(self, order: tuple[str, str, int]) -> None:
        order_no, sku, qty = order
        with self.factory() as uow:
            stock.cancel_order(uow, order_no, "buyer cancelled")
            uow.commit()
        self.reserved[sku] -= qty

    @invariant()
    def database_agrees(self) -> None:
        verdict = verify(self.factory)
        assert verdict.violations == []
        assert verdict.moves == self.moves_posted
        assert verdict.pending == 0
        with self.factory() as uow:
            levels = {(lv.sku_code, lv.location): lv.on_hand for lv in uow.ledger.levels()}
            reserved = {sku: uow.ledger.reserved(sku) for sku in SKUS}
        assert {k: v for k, v in levels.items() if v} == {
            k: v for k, v in self.expected.items() if v
        }
        assert reserved == {sku: self.reserved[sku] for sku in SKUS}
        self.totals.checks += 1


def run_machine(
    databases: TestDatabases, backend: str, tmp_path: Path, examples: int, steps: int
) -> Totals:
    totals = Totals()

    class Machine(StationMachine):
        pass

    Machine.databases, Machine.backend, Machine.directory = databases, backend, tmp_path
    Machine.totals, Machine.counter = totals, itertools.count()
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    return totals


def test_station_model_short(
    db_backend: str, databases: TestDatabases, tmp_path: Path, report: Report
) -> None:
    sqlite = db_backend == "sqlite"
    totals = run_machine(databases, db_backend, tmp_path, 12 if sqlite else 5, 20)
    assert not report(
        f"model_short_{db_backend}", examples=totals.examples, checks=totals.checks, violations=0
    )


@pytest.mark.slow
def test_station_model_long(
    db_backend: str, databases: TestDatabases, tmp_path: Path, report: Report
) -> None:
    totals = run_machine(databases, db_backend, tmp_path, 150 if db_backend == "sqlite" else 40, 40)
    assert not report(
        f"model_{db_backend}", examples=totals.examples, checks=totals.checks, violations=0
    )
