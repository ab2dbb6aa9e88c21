"""The unit of work: one short transaction, rolled back unless committed.

On SQLite every unit starts with BEGIN IMMEDIATE (see db.engine). Low-level storage errors
leave the `with` block as the core's errors (DatabaseBusy, DatabaseUnavailable, StorageError),
so the core and the UI never see SQLAlchemy; `db.engine.run_in_transaction` retries the busy
ones.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.catalog import SqlCatalog
from db.engine import make_engine, storage_error
from db.leases import SqlLeases
from db.ledger import SqlLedger
from db.operators import SqlOperators
from db.orders.repository import SqlOrderRepository
from db.repositories import (
    SqlAuditLog,
    SqlLocationRepository,
    SqlScanJournal,
    SqlSkuRepository,
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
)
from wms_tui.core.receiving.records import ReceivingRepository
from wms_tui.core.reports.records import ReportReader
from wms_tui.core.returns.records import ReturnsRepository


class SqlUnitOfWork:
    # Typed as the ports: the Protocol's attributes are settable, hence invariant.
    skus: SkuRepository
    locations: LocationRepository
    orders: OrderRepository
    operators: OperatorRepository
    ledger: Ledger
    journal: ScanJournal
    audit: AuditLog
    leases: Leases

    def __init__(
        self, session_factory: sessionmaker[Session], *, move_savepoints: bool = True
    ) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._move_savepoints = move_savepoints

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work in a `with` block")
        return self._session

    def __enter__(self) -> Self:
        session = self._session_factory()
        self._session = session
        self.skus = SqlSkuRepository(session)
        self.locations = SqlLocationRepository(session)
        self.orders = SqlOrderRepository(session)
        self.operators = SqlOperators(session)
        self._ledger = SqlLedger(session, savepoints=self._move_savepoints)
        self.ledger = self._ledger
        self.journal = SqlScanJournal(session)
        self.audit = SqlAuditLog(session)
        self.leases = SqlLeases(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            session.rollback()
        except DBAPIError:
            if exc is None:
                raise
            # The connection died with the error already on its way out: report that one.
        finally:
            session.close()
        if isinstance(exc, DBAPIError):
            raise storage_error(exc) from exc

    # Workflow repositories, built on first use so a unit of work that does not need them
    # costs nothing; db/<feature>/repository.py implements core/<feature>/records.py's port.
    @property
    def waves(self) -> WaveRepository:
        from db.picking.repository import SqlWaveRepository

        return SqlWaveRepository(self.session)

    @property
    def pick_sessions(self) -> PickSessionRepository:
        from db.picking.repository import SqlPickSessionRepository

        return SqlPickSessionRepository(self.session)

    @property
    def counts(self) -> CountRepository:
        from db.counting.repository import SqlCountRepository

        return SqlCountRepository(self.session)

    @property
    def handovers(self) -> HandoverRepository:
        from db.handover.repository import SqlHandoverRepository

        return SqlHandoverRepository(self.session)

    @property
    def returns(self) -> ReturnsRepository:
        from db.returns.repository import SqlReturnsRepository

        return SqlReturnsRepository(self.session)

    @property
    def receiving(self) -> ReceivingRepository:
        from db.receiving.repository import SqlReceivingRepository

        return SqlReceivingRepository(self.session)

    @property
    def imports(self) -> ImportStore:
        from db.imports import SqlImportStore

        return SqlImportStore(self.session)

    @property
    def order_desk(self) -> OrderDesk:
        from db.orders.desk import SqlOrderDesk

        return SqlOrderDesk(self.session)

    @property
    def reports(self) -> ReportReader:
        from db.reports.reader import SqlReportReader

        return SqlReportReader(self.session)

    @property
    def inspections(self) -> InspectionRepository:
        from db.inspection.repository import SqlInspectionRepository

        return SqlInspectionRepository(self.session)

    def savepoint(self) -> AbstractContextManager[object]:
        return self.session.begin_nested()

    def catalog(self) -> Catalog:
        return SqlCatalog(self.session)

    def commit(self) -> None:
        if self._ledger.half_posted:
            # A refused move's first rows are still here: committing would post half a move.
            raise RuntimeError("a refused stock move was not rolled back")
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
        self._ledger.half_posted = False


class SqlUnitOfWorkFactory:
    """A UnitOfWorkFactory bound to one engine; `dispose()` closes its connections."""

    def __init__(self, engine: Engine, *, move_savepoints: bool = True) -> None:
        self.engine = engine
        self.sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._move_savepoints = move_savepoints

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, move_savepoints=self._move_savepoints)

    def for_reading(self) -> SqlUnitOfWorkFactory:
        """Units of work that only read (a screen opening, a search, a refresh): on SQLite a
        plain deferred BEGIN that never takes the write lock, so another station's write
        (an import, a wave release) never holds a read up; read-only on PostgreSQL."""
        reading = self.engine.execution_options(sqlite_begin="DEFERRED", postgresql_readonly=True)
        return SqlUnitOfWorkFactory(reading, move_savepoints=self._move_savepoints)

    def for_scans(self) -> SqlUnitOfWorkFactory:
        """Units of work for the scan pipeline, which rolls back every refused scan (and
        a refused batch whole): stock moves post without a savepoint each (SqlLedger)."""
        return SqlUnitOfWorkFactory(self.engine, move_savepoints=False)

    def dispose(self) -> None:
        self.engine.dispose()


def make_uow_factory(url: str) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_engine(url))
