"""A taken event seq is refused as ConcurrentChange and leaves the unit of work usable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.inspection.records import EventKind, InspectionEvent, InspectionSession

AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _event(seq: int, text: str) -> InspectionEvent:
    return InspectionEvent("S-1", seq, EventKind.COUNT, group=text, text=text, at=AT)


def test_taken_seq_is_refused_and_the_unit_of_work_goes_on(
    factory: SqlUnitOfWorkFactory,
) -> None:
    with factory() as uow:
        uow.inspections.add(InspectionSession("S-1", "T1", "S1", "B-SUP", AT))
        uow.inspections.add_event(_event(1, "first"))
        with pytest.raises(ConcurrentChange):
            uow.inspections.add_event(_event(1, "second"))
        uow.inspections.add_event(_event(2, "third"))
        uow.commit()
    with factory() as uow:
        events = uow.inspections.events("S-1")
    assert [(e.seq, e.text) for e in events] == [(1, "first"), (2, "third")]


def test_an_event_of_an_unknown_session_is_refused(factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow, pytest.raises(ConcurrentChange):
        uow.inspections.add_event(_event(1, "orphan"))
