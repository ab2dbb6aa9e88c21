"""The count screen's scan handler fed real scans through the real resolver."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.counting.helpers import ANN, BOB, CLOCK, CountDb
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.errors import UnexpectedScan, WmsError
from wms_tui.core.model import Barcode, BarcodeKind, Order, OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.i18n import set_language

EAN = "6901234567892"
PACK = "16901234567899"  # an ITF-14 case of 6
UNKNOWN = "4006381333931"


@pytest.fixture
def handler(db: CountDb) -> svc.CountHandler:
    with db.uow() as uow:
        uow.skus.add_barcode(Barcode(EAN, "SKU-1"))
        uow.skus.add_barcode(Barcode(PACK, "SKU-1", BarcodeKind.PACKAGING, 6))
        uow.orders.add(Order("T100", "taobao", "旗舰店", OrderStatus.PICKED, waybill="YT9"))
        uow.commit()
    return svc.CountHandler(CLOCK, "ST-1", ResolverConfig())


def _feed(db: CountDb, handler: svc.CountHandler, text: str) -> Outcome:
    with db.uow() as uow:
        scan = Scan(text, "test", text, received_at=datetime.now(UTC), operator=ANN.badge)
        outcome = handler(uow, scan)
        uow.commit()
    return outcome


def _counted(db: CountDb) -> dict[str, int]:
    with db.uow() as uow:
        return svc.count_view(uow, ANN.badge).tally.counted


def test_scans_count_units_packs_and_keyed_quantities(
    db: CountDb, handler: svc.CountHandler
) -> None:
    assert _feed(db, handler, "A-01").msgid == "count.started"
    assert _feed(db, handler, EAN).params == {"sku": "SKU-1", "qty": 1, "total": 1}
    assert _feed(db, handler, PACK).params == {"sku": "SKU-1", "qty": 6, "total": 7}
    keyed = _feed(db, handler, "*24")
    assert (keyed.msgid, keyed.sound) == ("count.qty_keyed", SoundClass.NEEDS_INPUT)
    assert _feed(db, handler, "SKU-2").params == {"sku": "SKU-2", "qty": 24, "total": 24}
    assert _feed(db, handler, "CMD:UNDO").msgid == "count.undone"
    with db.uow() as uow:
        tally = svc.count_view(uow, ANN.badge).tally
    assert (tally.counted, tally.pending_qty) == ({"SKU-1": 7}, 24)  # the 24 waits again
    _feed(db, handler, "CMD:UNDO")
    unknown = _feed(db, handler, UNKNOWN)
    assert (unknown.msgid, unknown.sound) == ("count.unknown_recorded", SoundClass.WARNING)
    assert _feed(db, handler, "CMD:DONE").msgid == "count.closed_recount"
    with db.uow() as uow:
        assert appr.unknown_codes(uow, "P1") == [("A-01", UNKNOWN, "S1")]


def test_empty_location_closes_with_the_command(db: CountDb, handler: svc.CountHandler) -> None:
    _feed(db, handler, "A-02")
    assert _feed(db, handler, "cmd:empty").msgid == "count.closed_recount"
    assert _counted(db) == {}


def test_an_order_barcode_is_named_in_the_refusal(db: CountDb, handler: svc.CountHandler) -> None:
    set_language("en")
    _feed(db, handler, "A-01")
    with pytest.raises(UnexpectedScan) as raised:
        _feed(db, handler, "T100")
    assert raised.value.params["got"] == "an order"
    assert "T100" in str(raised.value.params["what"])
    assert raised.value.params["expected"] == "a location, an item or a count command"


def test_the_entry_cache_never_keeps_a_refused_or_rolled_back_step(
    db: CountDb, handler: svc.CountHandler
) -> None:
    _feed(db, handler, "A-01")
    _feed(db, handler, EAN)
    with pytest.raises(WmsError):
        _feed(db, handler, "CMD:EMPTY")  # refused: items were counted
    with db.uow() as uow:  # applied, then rolled back (as a failed commit would)
        handler(uow, Scan("r", "test", PACK, received_at=datetime.now(UTC), operator=ANN.badge))
    assert _feed(db, handler, EAN).params == {"sku": "SKU-1", "qty": 1, "total": 2}
    assert [e.seq for e in handler.cache.entries] == [1]  # read before the second EAN
    assert _counted(db) == {"SKU-1": 2}


def test_a_scan_left_by_a_crash_counts_for_who_scanned_it(
    db: CountDb, handler: svc.CountHandler
) -> None:
    """Ann's scans were journaled when the station died; Bob logged in after the restart and
    opened the count screen. Her scans go to her count, not to his."""

    def left_by_ann(text: str) -> Outcome:
        with db.uow() as uow:
            scan = Scan(text, "test", text, received_at=datetime.now(UTC), operator=ANN.badge)
            outcome = handler(uow, scan)
            uow.commit()
        return outcome

    assert left_by_ann("A-01").msgid == "count.started"
    assert left_by_ann(EAN).params == {"sku": "SKU-1", "qty": 1, "total": 1}
    assert _counted(db) == {"SKU-1": 1}  # Ann's tally
    with db.uow() as uow:
        assert svc.count_view(uow, BOB.badge).task is None
