"""What a scan means, on the home and lookup screens and in the core handlers behind them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from textual import events
from textual.widgets import Button

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import (
    EAN,
    INSPECTOR,
    LOCATION,
    SIZE,
    SUPERVISOR,
    Station,
    scan,
    screen_text,
    seed,
    settle,
    wait_until,
)
from wms_tui.core import lookup
from wms_tui.core.errors import OperatorLocked, UnexpectedScan, UnknownOperator
from wms_tui.core.model import Location, LocationKind, MoveReason, StockMove
from wms_tui.core.outcome import OutcomeStatus
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.i18n import set_language
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.lookup import LookupScreen

CONFIG = ResolverConfig()


@pytest.fixture
def db() -> FakeDatabase:
    database = FakeDatabase()
    seed(database, FixedClock())
    set_language("en")
    return database


def _scan(text: str, source: str = "serial-1", symbology: str = "") -> Scan:
    at = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    return Scan(str(uuid.uuid4()), source, text, symbology, received_at=at)


def test_a_product_lookup_says_which_shelves_hold_it_most_first(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.locations.add(Location("B-02-1", LocationKind.BIN, walk_order=2))
        uow.locations.add(Location("QUA-1", LocationKind.QUARANTINE))
        uow.locations.add(Location("@supplier", LocationKind.VIRTUAL))
        for n, (where, qty) in enumerate(((LOCATION, 3), ("B-02-1", 40), ("QUA-1", 2))):
            move = StockMove(f"m{n}", "SKU-TEA", qty, "@supplier", where, MoveReason.RECEIPT)
            uow.ledger.post(move)
        uow.commit()
    with db.uow() as uow:
        product = lookup.lookup(uow, _scan(EAN), CONFIG)
    # Quarantine is not a shelf anyone takes good units from.
    assert product.text() == f"Product: Oolong tea 250g. Stored at: B-02-1 ×40, {LOCATION} ×3."


def test_lookup_says_what_each_kind_of_code_is(db: FakeDatabase) -> None:
    with db.uow() as uow:
        location = lookup.lookup(uow, _scan(LOCATION), CONFIG)
        product = lookup.lookup(uow, _scan(EAN), CONFIG)
        badge = lookup.lookup(uow, _scan(INSPECTOR), CONFIG)
    assert (location.kind, location.text()) == ("location", f"Location: {LOCATION}")
    assert product.kind == "product"
    assert product.text() == "Product: Oolong tea 250g. Stored at: no shelf holds it."
    assert badge.text() == f"Operator badge: 李验货 ({INSPECTOR})"
    assert all(o.ok and o.sound is SoundClass.OK for o in (location, product, badge))


def test_login_step_takes_badges_only_and_says_when_a_pin_follows(db: FakeDatabase) -> None:
    with db.uow() as uow:
        plain = lookup.badge(uow, _scan(INSPECTOR), CONFIG)
        with_pin = lookup.badge(uow, _scan(SUPERVISOR), CONFIG)
        with pytest.raises(UnexpectedScan) as wrong_kind:
            lookup.badge(uow, _scan(LOCATION), CONFIG)
        with pytest.raises(UnknownOperator):
            lookup.badge(uow, _scan("OP-NOBODY"), CONFIG)
    assert plain.params == {"badge": INSPECTOR, "name": "李验货"}
    assert plain.sound is SoundClass.OK
    assert with_pin.sound is SoundClass.NEEDS_INPUT and with_pin.params["badge"] == SUPERVISOR
    assert LOCATION in wrong_kind.value.message()


def test_login_step_refuses_a_locked_badge(db: FakeDatabase) -> None:
    with db.uow() as uow:
        operator = uow.operators.get(SUPERVISOR)
        assert operator is not None
        uow.operators.save(operator.__class__(**{**operator.__dict__, "locked": True}))
        with pytest.raises(OperatorLocked):
            lookup.badge(uow, _scan(SUPERVISOR), CONFIG)


def test_scanner_test_reports_bad_codes_with_their_facts(db: FakeDatabase) -> None:
    with db.uow() as uow:
        good = lookup.scanner_test(uow, _scan("]E0" + EAN, source="wedge"), CONFIG)
        bad = lookup.scanner_test(uow, _scan("6901234567891", symbology="]E0"), CONFIG)
    assert good.ok and good.params["symbology"] == "]E0" and good.params["source"] == "wedge"
    assert bad.status is OutcomeStatus.REJECTED and bad.error_code == "E203"
    assert bad.params["raw"] == b"6901234567891" and bad.params["symbology"] == "]E0"
    assert "check digit" in bad.text()


async def test_a_scan_on_home_says_what_it_is(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        app.post_message(scan(EAN))
        await settle(pilot, station)
        text = screen_text(pilot)
        assert "Product: Oolong tea 250g" in text and f"Scanned: {EAN}" in text
    assert station.feedback.sounds[-1] is SoundClass.OK


async def test_lookup_screen_keeps_a_history_that_follows_the_language(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        app.screen.query_one("#workflow-lookup", Button).press()
        await wait_until(pilot, station, lambda: isinstance(app.screen, LookupScreen))
        assert station.pipeline.context == "lookup"
        for code in (LOCATION, "[b]NOPE"):
            app.post_message(scan(code))
        await settle(pilot, station)
        text = screen_text(pilot)
        assert f"{LOCATION}  →  Location: {LOCATION}" in text
        assert "[b]NOPE" in text  # unknown and markup-like: shown as scanned
        app.post_message(events.Key("f2", None))
        await pilot.pause()
        assert f"库位：{LOCATION}" in screen_text(pilot)
        app.post_message(events.Key("escape", None))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        assert station.pipeline.context == "home"
        assert "查询" in screen_text(pilot)
