"""Two dock stations scanning the same waybills at the same moment (both engines; on
PostgreSQL truly at once): every parcel ends on exactly one manifest, and the other dock is
told where it is."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from db.handover.models import ParcelRow
from db.uow import make_uow_factory
from tests.integration.handover.dock import Dock, seed_dock, waybill


def test_two_docks_racing_for_the_same_waybills_give_each_to_one(migrated_url: str) -> None:
    factory = make_uow_factory(migrated_url)
    try:
        orders = seed_dock(factory, parcels=40)
        sf = [waybill(n) for n in range(1, len(orders) + 1, 2)]
        docks = [Dock(make_uow_factory(migrated_url), f"DOCK-{x}") for x in "AB"]
        for dock in docks:
            assert dock.key("COURIER", "顺丰").msgid == "handover.opened"
        start = threading.Barrier(len(docks))
        answers: dict[str, list[str]] = {}

        def race(dock: Dock) -> None:
            start.wait()
            answers[dock.desk.station_id] = [dock.scan(code).error_code or "added" for code in sf]

        threads = [threading.Thread(target=race, args=(dock,)) for dock in docks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for n, code in enumerate(sf):
            got = Counter(answers[station][n] for station in answers)
            assert got == Counter({"added": 1, "E955": 1}), (code, got)
        with factory() as uow:
            per_order = uow.session.execute(
                select(ParcelRow.order_no, func.count())
                .where(ParcelRow.removed.is_(False))
                .group_by(ParcelRow.order_no)
            ).all()
        assert len(per_order) == len(sf) and {count for _o, count in per_order} == {1}
        for dock in docks:
            dock.factory.dispose()
    finally:
        factory.dispose()
