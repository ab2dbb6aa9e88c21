"""A courier driver's badge at the dock, on both engines: scanned, it names who collects
(verified, not typed); it is no parcel; and it opens no station at log-in."""

from __future__ import annotations

import pytest

from db.pin_hasher import Argon2PinHasher
from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.integration.handover.dock import Dock, waybill
from wms_tui.core import operators
from wms_tui.core.errors import CourierBadge
from wms_tui.core.model import Operator, Role

BADGE = "CR-SF-07"


def _courier(factory: SqlUnitOfWorkFactory, roles: frozenset[Role]) -> None:
    with factory() as uow:
        uow.operators.add(Operator(BADGE, "张师傅", roles))
        uow.commit()


def test_a_courier_badge_names_who_collects_and_the_close_records_it(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _courier(factory, frozenset({Role.COURIER}))
    dock = Dock(factory)
    dock.key("COURIER", "SF")
    dock.scan(waybill(1))
    named = dock.scan(BADGE)
    assert (named.msgid, named.params["name"], named.params["badge"]) == (
        "handover.collector_badge", "张师傅", BADGE,
    )  # fmt: skip
    # Nothing closes on the scan itself: the dock worker confirms (F11 sends this).
    with factory() as uow:
        (manifest,) = uow.handovers.open_at_dock("DOCK-A")
    closed = dock.key("CLOSE", f"张师傅 ({BADGE})")
    assert closed.msgid == "handover.closed", closed
    with factory() as uow:
        stored = uow.handovers.get(manifest.manifest_id)
        assert stored is not None and stored.collected_by == f"张师傅 ({BADGE})"


def test_a_badge_that_is_not_only_a_couriers_is_no_collector(
    factory: SqlUnitOfWorkFactory,
) -> None:
    """A dock worker's own badge scanned by mistake is refused as an unknown parcel."""
    _courier(factory, frozenset({Role.COURIER, Role.DOCK}))
    dock = Dock(factory)
    dock.key("COURIER", "顺丰")
    assert dock.scan(BADGE).error_code == "E952"


def test_a_courier_badge_logs_in_nowhere(factory: SqlUnitOfWorkFactory) -> None:
    _courier(factory, frozenset({Role.COURIER}))
    with pytest.raises(CourierBadge):
        operators.login(
            factory, Argon2PinHasher(), FixedClock(), badge=BADGE, pin=None, station_id="S1"
        )
