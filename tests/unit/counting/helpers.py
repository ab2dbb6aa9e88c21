"""What the count service tests share, on the in-memory fake and on both real engines."""

from __future__ import annotations

import uuid
from typing import Protocol

from tests.fakes import FixedClock
from wms_tui.core import stock
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import CountScope, PlanCriteria, Threshold, ThresholdKind
from wms_tui.core.counting.rules import CommandScan, CountCommand, CountEvent
from wms_tui.core.model import VIRTUAL_LOCATIONS, Location, LocationKind, Operator, Role, Sku
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork


class CountDb(Protocol):
    """A database the count service tests run on: tests.fakes.FakeDatabase, or a real one."""

    def uow(self) -> UnitOfWork: ...

    def audit_actions(self) -> list[str]: ...


ANN = Operator("S1", "Ann", frozenset({Role.STOCKTAKER}))
BOB = Operator("S2", "Bob", frozenset({Role.STOCKTAKER}))
CAT = Operator("S3", "Cat", frozenset({Role.STOCKTAKER}))
SUE = Operator("SV", "Sue", frozenset({Role.SUPERVISOR}))
CLOCK = FixedClock()


def seed_counts(db: CountDb) -> None:
    """Two SKUs in zone A (A-01: 10 + 4, A-02: 2), B-01 empty; plan P1 counts zone A."""
    with db.uow() as uow:
        uow.skus.add(Sku("SKU-1", "白色T恤", "White tee", unit_price_cents=2500))
        uow.skus.add(Sku("SKU-2", "袜子", "Socks", unit_price_cents=300))
        for code in VIRTUAL_LOCATIONS:
            if uow.locations.get(code) is None:  # a migrated database has them
                uow.locations.add(Location(code, LocationKind.VIRTUAL))
        uow.locations.add(Location("A-01", LocationKind.BIN, 1, zone="A"))
        uow.locations.add(Location("A-02", LocationKind.BIN, 2, zone="A"))
        uow.locations.add(Location("B-01", LocationKind.BIN, 3, zone="B"))
        for op in (ANN, BOB, CAT, SUE):
            uow.operators.add(op)
        for sku, qty, loc in (("SKU-1", 10, "A-01"), ("SKU-2", 4, "A-01"), ("SKU-1", 2, "A-02")):
            stock.receive(
                uow,
                CLOCK,
                sku_code=sku,
                qty=qty,
                location=loc,
                operator="SV",
                station_id="ST0",
            )
        svc.create_plan(
            uow,
            CLOCK,
            supervisor=SUE,
            station_id="ST0",
            name="Zone A",
            criteria=PlanCriteria(CountScope.ZONE, zone="A"),
            threshold=Threshold(ThresholdKind.UNITS, 1),
            plan_id="P1",
        )
        uow.commit()


def commit_scan(db: CountDb, who: Operator, event: CountEvent | str) -> Outcome:
    """One committed scan, as the pipeline would apply it (a refused one commits nothing)."""
    with db.uow() as uow:
        if isinstance(event, str):
            event = svc.location_event(uow, event)
        outcome = svc.apply_event(
            uow,
            CLOCK,
            station_id="ST-" + who.badge,
            operator=who,
            event=event,
            scan_id=str(uuid.uuid4()),
            text="x",
        )
        uow.commit()
    return outcome


def count_location(db: CountDb, who: Operator, location: str, *events: CountEvent) -> str:
    commit_scan(db, who, location)
    outcome = None
    for event in events:
        outcome = commit_scan(db, who, event)
    assert outcome is not None
    return outcome.msgid


DONE = CommandScan(CountCommand.DONE)
EMPTY = CommandScan(CountCommand.EMPTY)
