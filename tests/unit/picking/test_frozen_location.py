"""A pick from a bin frozen for a cycle count is refused, naming the count and stocktaker."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.unit.picking.helpers import release_wave
from wms_tui.core.counting.records import (
    CountPlan,
    CountScope,
    CountTask,
    PlanCriteria,
    TaskStatus,
)
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import Operator, Role
from wms_tui.core.picking.records import LocationScan, WaveScan
from wms_tui.core.picking.service import apply_event, confirm_paper_pick, open_session


def _freeze(db: FakeDatabase, clock: FixedClock, location: str, counter: str | None) -> None:
    with db.uow() as uow:
        if counter:
            uow.operators.add(Operator(counter, "赵盘点", frozenset({Role.STOCKTAKER})))
            criteria = PlanCriteria(CountScope.LOCATIONS, (location,))
            uow.counts.add_plan(CountPlan("P-1", "月末盘点", criteria, "SUP", clock.now()))
            uow.counts.add_task(
                CountTask("T-1", "P-1", location, status=TaskStatus.COUNTING, counter=counter)
            )
        uow.locations.set_frozen(location, True)
        uow.commit()


def test_location_scan_names_the_count(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    with db.uow() as uow:
        open_session(uow, "ST1", "P1")
        apply_event(uow, clock, "ST1", WaveScan(wave_no), "s1")
        uow.commit()
    _freeze(db, clock, "A-01", "ST-9")
    with pytest.raises(LocationFrozen) as caught, db.uow() as uow:
        apply_event(uow, clock, "ST1", LocationScan("A-01"), "s2")
    assert caught.value.params == {"location": "A-01", "plan": "月末盘点", "operator": "赵盘点"}


def test_paper_pick_from_a_frozen_bin_is_refused(db: FakeDatabase, clock: FixedClock) -> None:
    wave_no = release_wave(db, clock)
    with db.uow() as uow:
        uow.locations.set_frozen("B-01", True)
        uow.commit()
    with pytest.raises(LocationFrozen), db.uow() as uow:
        confirm_paper_pick(
            uow, clock, wave_no=wave_no, station_id="ST1", operator="P1", found={}, action_id="p"
        )
    assert not db.picking.picks
