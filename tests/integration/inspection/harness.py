"""One inspection station on a real database: its desk behind a real ScanPipeline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.inspection.seed import RULES
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import Scan

AT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


class Station:
    """One station's desk behind a real ScanPipeline (journal, then apply, then commit)."""

    def __init__(self, factory: SqlUnitOfWorkFactory, rules: StationRules = RULES) -> None:
        self.factory = factory
        self.desk = InspectionDesk(rules, FixedClock(), resolver=scan_resolver())
        self.pipeline = ScanPipeline(factory.for_scans(), FixedClock(), rules.station_id)
        self.pipeline.register(CONTEXT, self.desk.handle_scan)
        self.pipeline.activate(CONTEXT)

    def scan(self, data: str) -> Outcome:
        return self.pipeline.process(
            Scan(str(uuid.uuid4()), "test", data, received_at=AT, operator="op1")
        )
