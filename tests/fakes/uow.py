"""The one fake unit of work: every repository of every workflow over one in-memory database.

Each unit of work deep-copies all of the database's stores when it begins and swaps them all
in on commit, so the master data, the ledger and the count, inspection and picking records
share one transaction, as they share one on a real database.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from tests.fakes.counting import CountStore, FakeCounts
from tests.fakes.handover import FakeHandovers, HandoverStore
from tests.fakes.imports import FakeImportStore
from tests.fakes.inspection import FakeInspections, InspectionStore
from tests.fakes.orders import FakeOrderDesk
from tests.fakes.picking import FakePickSessions, FakeWaves, _PickStore
from tests.fakes.receiving import FakeReceiving, ReceivingStore
from tests.fakes.reports import FakeReportReader, ReportBook
from tests.fakes.returns import FakeReturns, ReturnStore
from tests.fakes.store import (
    FakeAudit,
    FakeJournal,
    FakeLeases,
    FakeLedger,
    FakeLocations,
    FakeOperators,
    FakeOrders,
    FakeSkus,
    _Store,
)
from wms_tui.core.counting.records import CountRepository
from wms_tui.core.handover.records import HandoverRepository
from wms_tui.core.imports.known import ImportStore
from wms_tui.core.inspection.records import InspectionRepository
from wms_tui.core.journal import ScanJournal
from wms_tui.core.leases import Leases
from wms_tui.core.orders.desk import OrderDesk
from wms_tui.core.picking.records import PickSessionRepository, WaveRepository
from wms_tui.core.ports import (
    AuditLog,
    Catalog,
    Ledger,
    LocationRepository,
    OperatorRepository,
    OrderRepository,
    SkuRepository,
    UowCatalog,
)
from wms_tui.core.receiving.records import ReceivingRepository
from wms_tui.core.reports.records import ReportReader
from wms_tui.core.returns.records import ReturnsRepository


class FakeUnitOfWork:
    """Works on a copy of the database's stores; commit swaps them in, like a transaction."""

    def __init__(self, database: FakeDatabase) -> None:
        self.database = database
        self.committed = False
        self._begin()

    def _begin(self) -> None:
        self.store = copy.deepcopy(self.database.store)
        self.count_store = copy.deepcopy(self.database.count_store)
        self.inspection_store = copy.deepcopy(self.database.inspection_store)
        self.picking = copy.deepcopy(self.database.picking)
        self.handover_store = copy.deepcopy(self.database.handover_store)
        self.return_store = copy.deepcopy(self.database.return_store)
        self.receiving_store = copy.deepcopy(self.database.receiving_store)
        # Typed as the ports so a FakeUnitOfWork is a UnitOfWork (and a counting, inspection
        # and picking one) to mypy without a cast.
        self.skus: SkuRepository = FakeSkus(self.store)
        self.locations: LocationRepository = FakeLocations(self.store)
        self.orders: OrderRepository = FakeOrders(self.store)
        self.operators: OperatorRepository = FakeOperators(self.store)
        self.ledger: Ledger = FakeLedger(self.store)
        self.journal: ScanJournal = FakeJournal(self.store)
        self.audit: AuditLog = FakeAudit(self.store)
        self.leases: Leases = FakeLeases(self.store)
        self.counts: CountRepository = FakeCounts(self.count_store, self.ledger, self.store)
        self.inspections: InspectionRepository = FakeInspections(self.inspection_store)
        self.waves: WaveRepository = FakeWaves(self.store, self.picking)
        self.pick_sessions: PickSessionRepository = FakePickSessions(self.picking)
        self.handovers: HandoverRepository = FakeHandovers(self.handover_store, self.store)
        self.returns: ReturnsRepository = FakeReturns(self.return_store, self.store)
        self.receiving: ReceivingRepository = FakeReceiving(self.receiving_store, self.store.skus)
        self.imports: ImportStore = FakeImportStore(
            self.skus, self.locations, self.orders, self.ledger, self.receiving
        )
        self.order_desk: OrderDesk = FakeOrderDesk(self.store)
        # Records are read only: the book is the database's own, never copied.
        self.reports: ReportReader = FakeReportReader(self.database.report_book)

    def __enter__(self) -> Self:
        self._begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self.database.store = copy.deepcopy(self.store)
        self.database.count_store = copy.deepcopy(self.count_store)
        self.database.inspection_store = copy.deepcopy(self.inspection_store)
        self.database.picking = copy.deepcopy(self.picking)
        self.database.handover_store = copy.deepcopy(self.handover_store)
        self.database.return_store = copy.deepcopy(self.return_store)
        self.database.receiving_store = copy.deepcopy(self.receiving_store)
        self.database.commits += 1
        self.committed = True

    def rollback(self) -> None:
        self._begin()

    def catalog(self) -> Catalog:
        return UowCatalog(self)

    @contextmanager
    def savepoint(self) -> Iterator[object]:
        stores = (
            self.store, self.count_store, self.inspection_store, self.picking,
            self.handover_store, self.return_store, self.receiving_store,
        )  # fmt: skip
        snapshots = copy.deepcopy(stores)
        try:
            yield self
        except BaseException:
            # Restore in place: the repositories hold these very store objects.
            for store, snapshot in zip(stores, snapshots, strict=True):
                store.__dict__.update(snapshot.__dict__)
            raise


class FakeDatabase:
    """Shared state behind fake units of work: `FakeDatabase().uow` is a UnitOfWorkFactory."""

    def __init__(self) -> None:
        self.store = _Store()
        self.count_store = CountStore()
        self.inspection_store = InspectionStore()
        self.picking = _PickStore()
        self.handover_store = HandoverStore()
        self.return_store = ReturnStore()
        self.receiving_store = ReceivingStore()
        self.report_book = ReportBook()
        self.commits = 0

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def audit_actions(self) -> list[str]:
        """The committed audit log's actions, oldest first."""
        return [event.action for event in self.store.audit]
