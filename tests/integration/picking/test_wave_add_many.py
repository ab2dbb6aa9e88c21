"""Several waves written at once read back exactly as each written alone would."""

from __future__ import annotations

from datetime import UTC, datetime

from db.uow import SqlUnitOfWorkFactory
from wms_tui.core.picking.records import Allocation, Wave, WaveKind, WaveStatus

AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_add_many_stores_every_wave_with_its_orders_and_allocations(
    factory: SqlUnitOfWorkFactory,
) -> None:
    multi = Wave(
        "W250301-001",
        WaveKind.MULTI,
        WaveStatus.RELEASED,
        ("M1", "M2"),
        (
            Allocation(1, "M1", 1, "TEE", "A-01", 1, 2, slot=1),
            Allocation(2, "M2", 1, "TEE", "A-01", 1, 1, slot=2),
        ),
        priority=1,
        oldest_paid_at=AT,
        group="yto",
        created_at=AT,
        created_by="SUP",
    )
    single = Wave(
        "W250301-002",
        WaveKind.SINGLE,
        WaveStatus.RELEASED,
        ("M3",),
        (Allocation(1, "M3", 1, "CAP", "B-01", 2, 1),),
        created_at=AT,
        created_by="SUP",
    )
    with factory() as uow:
        uow.waves.add_many([multi, single])  # type: ignore[attr-defined]
        uow.commit()
    with factory() as uow:
        stored = [uow.waves.get(w.wave_no) for w in (multi, single)]
    assert stored == [multi, single]
