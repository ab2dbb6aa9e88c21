"""A bin frozen for a count refuses the picker, naming the count, and picks again once the
count is approved: the whole path through the picking workflow, not just the ledger."""

from __future__ import annotations

import uuid

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.unit.picking.helpers import release_wave
from tests.unit.picking.seed import seeded_db
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import (
    CountScope,
    PlanCriteria,
)
from wms_tui.core.counting.rules import (
    CommandScan,
    CountCommand,
    CountEvent,
    ItemScan,
    QuantityKeyed,
)
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import Operator, Role
from wms_tui.core.picking import records as pick
from wms_tui.core.picking.service import apply_event, open_session

ANN = Operator("STK-1", "赵盘点", frozenset({Role.STOCKTAKER}))
BOSS = Operator("SUP-2", "Qian", frozenset({Role.SUPERVISOR}))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def db(clock: FixedClock) -> FakeDatabase:
    """The picking unit tests' warehouse (tests/unit/picking/seed.py), not the count tests'."""
    return seeded_db(clock)


def _count(db: FakeDatabase, clock: FixedClock, event: CountEvent | str) -> None:
    with db.uow() as uow:
        if isinstance(event, str):
            event = svc.location_event(uow, event)
        svc.apply_event(uow, clock, station_id="ST9", operator=ANN, event=event)
        uow.commit()


def _pick(db: FakeDatabase, clock: FixedClock, event: pick.PickEvent) -> str:
    with db.uow() as uow:
        outcome = apply_event(uow, clock, "ST1", event, str(uuid.uuid4()))
        uow.commit()
    return outcome.msgid


def test_pick_is_refused_while_counted_and_works_after_approval(
    db: FakeDatabase, clock: FixedClock
) -> None:
    wave_no = release_wave(db, clock)
    with db.uow() as uow:
        for person in (ANN, BOSS):
            uow.operators.add(person)
        svc.create_plan(
            uow, clock, supervisor=BOSS, station_id="ST0", name="月末盘点",
            criteria=PlanCriteria(CountScope.LOCATIONS, ("A-01",)), plan_id="P-A",
        )  # fmt: skip
        open_session(uow, "ST1", "P1")
        uow.commit()
    assert _pick(db, clock, pick.WaveScan(wave_no)) == "pick.wave.started"
    _count(db, clock, "A-01")
    with pytest.raises(LocationFrozen) as refused:
        _pick(db, clock, pick.LocationScan("A-01"))
    assert refused.value.params == {"location": "A-01", "plan": "月末盘点", "operator": "赵盘点"}
    for event in (QuantityKeyed(5), ItemScan("TEE"), CommandScan(CountCommand.DONE)):
        _count(db, clock, event)
    with db.uow() as uow:
        appr.approve(uow, clock, plan_id="P-A", location="A-01", approver=BOSS, station_id="S")
        uow.commit()
    assert _pick(db, clock, pick.LocationScan("A-01")) == "pick.location.ok"
    assert _pick(db, clock, pick.ItemScan("TEE")) == "pick.item.to_slot"
    assert _pick(db, clock, pick.SlotScan(1)) == "pick.item.ok"
    assert db.store.levels[("TEE", "A-01")] == 4
