"""The receiving screen through App.run_test: open a purchase order, count units, a refused
over-receipt a supervisor then allows (badge and PIN), a failed unit with its reason,
closing after saying what it books, put-away with the bin suggested, a receipt without a
PO; and the screenshots of each in both languages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from devices.fake import RecordingPrinter
from tests.ui.harness import (
    PIN,
    SUPERVISOR,
    Station,
    flat_text,
    scan,
    settle,
    steady,
    wait_until,
)
from tests.ui.receiving.harness import CAP, CASE_OF_6, MUG, TEE, open_receiving
from wms_tui.bootstrap.receiving import sku_labeller
from wms_tui.config import PrinterSettings, Settings
from wms_tui.core.receiving.records import ReceiptStatus
from wms_tui.ui.app import StationApp
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.receiving.screen import ReceivingScreen

SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("shanghai_time")


async def _scan(pilot: Pilot[None], station: Station, *codes: str) -> None:
    for code in codes:
        pilot.app.post_message(scan(code))
        await settle(pilot, station)


async def _type(pilot: Pilot[None], station: Station, text: str) -> None:
    field = pilot.app.screen.query_one("#receiving-text", Input)
    assert field.display and field.has_focus
    field.value = text
    await field.action_submit()
    await settle(pilot, station)


async def _fail_damaged(pilot: Pilot[None], station: Station, note: str) -> None:
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("enter")  # damaged, the first reason
    await pilot.pause()
    await _type(pilot, station, note)


def _outcome(app: StationApp) -> tuple[str, str]:
    outcome = app.last_outcome
    assert outcome is not None
    return outcome.msgid, outcome.error_code


async def test_a_receiver_receives_a_po_and_puts_it_away(receiving: Station) -> None:
    receiving.context.language = "en"
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_receiving(pilot, receiving)
        assert "No receipt open" in flat_text(pilot)
        await _scan(pilot, receiving, "DN-8801")  # the supplier's delivery note
        assert screen.view.receipt is not None and screen.view.receipt.po_no == "PO-2612-001"
        assert "PO PO-2612-001" in flat_text(pilot) and "义乌百货" in flat_text(pilot)
        await _scan(pilot, receiving, CASE_OF_6, TEE, TEE)
        assert screen.view.passed == 8 and "passed 8 · failed 0" in flat_text(pilot)
        await _scan(pilot, receiving, TEE)
        assert _outcome(app) == ("receiving.error.over", "E886")
        assert "8 ordered, 8 received; 1 more is past the tolerance (0%)" in flat_text(pilot)
        await _supervisor(pilot, receiving)
        await wait_until(pilot, receiving, lambda: _outcome(app)[0] == "receiving.allowed")
        await _scan(pilot, receiving, TEE)
        assert screen.view.passed == 9
        await _scan(pilot, receiving, CAP)
        await _fail_damaged(pilot, receiving, "crushed box")
        assert _outcome(app) == ("receiving.failed", "")
        assert "damaged" in flat_text(pilot) and "failed 1" in flat_text(pilot)
        await _scan(pilot, receiving, MUG)
        assert _outcome(app) == ("receiving.error.not_on_po", "E885")
        await pilot.press("f11")
        await settle(pilot, receiving)
        assert _outcome(app)[0] == "receiving.ui.confirm_close"
        assert "9 to RCV-01, 1 to quarantine QUA-01" in flat_text(pilot)
        assert receiving.db.receiving_store.receipts  # nothing booked on the first press
        with receiving.db.uow() as uow:
            assert uow.ledger.level("TEE-W-XL", "RCV-01") == 0
        await pilot.press("f11")
        await settle(pilot, receiving)
        assert _outcome(app)[0] == "receiving.closed" and screen.view.receipt is None
        # Put-away: the item, then the bin; the tee lives nowhere: the first empty bin.
        await _scan(pilot, receiving, TEE)
        assert "Put away: TEE-W-XL ×1" in flat_text(pilot) and "→ A-01-01" in flat_text(pilot)
        await pilot.press("f5")  # all of it
        await settle(pilot, receiving)
        assert "TEE-W-XL ×9" in flat_text(pilot)
        await _scan(pilot, receiving, "B-01-1")
        assert _outcome(app) == ("putaway.done", "")
        assert "Put away:" not in flat_text(pilot)
    with receiving.db.uow() as uow:
        assert uow.ledger.level("TEE-W-XL", "B-01-1") == 9
        assert uow.ledger.level("CAP-01", "QUA-01") == 1
    (receipt,) = receiving.db.receiving_store.receipts.values()
    assert receipt.status is ReceiptStatus.CLOSED and receipt.allowed_by == SUPERVISOR


async def test_a_delivery_without_a_po_is_received_blind(receiving: Station) -> None:
    receiving.context.language = "en"
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_receiving(pilot, receiving)
        await _scan(pilot, receiving, "NO-SUCH-PO")
        assert _outcome(app) == ("receiving.error.unknown", "E881")
        assert "F6" in flat_text(pilot)
        await pilot.press("f6")
        await pilot.pause()
        await _type(pilot, receiving, "临时供应商")
        assert _outcome(app)[0] == "receiving.opened_blind"
        assert screen.view.receipt is not None and screen.view.receipt.blind
        await _scan(pilot, receiving, MUG)  # any known SKU
        assert screen.view.passed == 1
        await pilot.press("f9")  # give up: asks once more
        await settle(pilot, receiving)
        assert screen.view.receipt is not None
        await pilot.press("f9")
        await settle(pilot, receiving)
        assert _outcome(app)[0] == "receiving.abandoned" and screen.view.receipt is None


def _after(station: Station, case: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_receiving(pilot, station)
        if case != "none_open":
            await _scan(pilot, station, "PO-2612-001")
        if case in ("counted", "over", "failed", "put_away", "tote"):
            await _scan(pilot, station, CASE_OF_6, TEE, CAP)
        if case == "over":
            await _scan(pilot, station, TEE, TEE)
        if case == "failed":
            await _fail_damaged(pilot, station, "外箱压坏")
        if case == "map_choose":  # a new label; the supervisor types part of a name
            await _scan(pilot, station, "SUPPLIER-CAP-7")
            await _supervisor_for_the_unknown(pilot, station)
            await _type(pilot, station, "C")
        if case in ("put_away", "tote"):  # closed: the cap is carried to its home
            await pilot.press("f11")
            await settle(pilot, station)
            await pilot.press("f11")
            await settle(pilot, station)
            await _scan(pilot, station, CAP)
        if case == "tote":  # into the tote with the tees, then the tote put away
            await _scan(pilot, station, "TOTE-01", TEE)
            await pilot.press("f5")
            await settle(pilot, station)
            await _scan(pilot, station, "TOTE-01", "TOTE-01")
        await settle(pilot, station)
        steady(pilot)

    return run_before


# Every state the issue names at 80×24, the floor's terminal; at 120×36 a busy one.
CASES = [
    *(pytest.param(case, (80, 24), id=f"80x24-{case}")
      for case in ("opened", "counted", "over", "failed", "put_away", "tote", "map_choose")),
    pytest.param("failed", (120, 36), id="120x36-failed"),
]  # fmt: skip


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize(("case", "size"), CASES)
def test_receiving_screen(
    receiving: Station, snap_compare: SnapCompare, language: str, case: str,
    size: tuple[int, int],
) -> None:  # fmt: skip
    receiving.context.language = language
    assert snap_compare(receiving.app(), terminal_size=size, run_before=_after(receiving, case))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
async def test_every_key_of_the_bar_shows_at_80_columns(receiving: Station, language: str) -> None:
    receiving.context.language = language
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_receiving(pilot, receiving)
        text = flat_text(pilot)
        for key in ("F5", "F6", "F12", "Esc"):
            assert f"{key} " in text, (key, text)
        await _scan(pilot, receiving, "PO-2612-001")
        text = flat_text(pilot)
        for key in ("F5", "Shift+F5", "F6", "F7", "F8", "F9", "F11", "F12", "Esc"):
            assert f"{key} " in text, (key, text)


@pytest.mark.parametrize("fmt", ["pdf", "zpl"])
async def test_f6_prints_sku_labels_for_what_was_counted(receiving: Station, fmt: str) -> None:
    """Goods without a usable barcode: the SKU typed (its code resolves), then F6 prints
    as many labels as this receipt counted of it, in the printer's format."""
    printer = RecordingPrinter()
    receiving.context.printer = printer
    settings = Settings(Path("config.toml"), "RCV-A", "收货台", "en", "sqlite://",
                        printer=PrinterSettings(parcel_label=fmt, label_dpi=300))  # fmt: skip
    receiving.context.sku_labels = sku_labeller(settings, "RCV-A", receiving.clock)
    receiving.context.language = "en"
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_receiving(pilot, receiving)
        await pilot.press("f6")  # no receipt yet: F6 would start one without a PO
        await pilot.press("escape")
        await _scan(pilot, receiving, "PO-2612-001", CASE_OF_6, "TEE-W-XL")
        await pilot.press("f6")
        await wait_until(pilot, receiving, lambda: bool(printer.documents))
        await settle(pilot, receiving)
        assert _outcome(app)[0] == "receiving.ui.labels_printed"
        assert "7 labels of TEE-W-XL" in flat_text(pilot)
    (document,) = printer.documents
    assert document.name == f"sku-TEE-W-XL.{fmt}"
    if fmt == "zpl":
        assert b"^PQ7^XZ" in document.data
    else:
        assert document.data.startswith(b"%PDF")


async def test_f6_without_a_printer_says_so(receiving: Station) -> None:
    receiving.context.language = "en"
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_receiving(pilot, receiving)
        await _scan(pilot, receiving, "PO-2612-001", TEE)
        await pilot.press("f6")
        await settle(pilot, receiving)
        assert _outcome(app)[0] == "receiving.ui.labels_off"


async def _supervisor(pilot: Pilot[None], station: Station) -> None:
    """F12, then a supervisor's badge and PIN in the dialog."""
    app = pilot.app
    await pilot.press("f12")
    await wait_until(pilot, station, lambda: isinstance(app.screen, SupervisorDialog))
    dialog = app.screen
    assert isinstance(dialog, SupervisorDialog)
    for field, value in (("badge", SUPERVISOR), ("pin", PIN)):
        entry = dialog.query_one(f"#supervisor-{field}", Input)
        entry.value = value
        await entry.action_submit()
        await pilot.pause()


async def _supervisor_for_the_unknown(pilot: Pilot[None], station: Station) -> None:
    """A supervisor verified to map the code just refused: the screen asks for its SKU."""
    shown = pilot.app.screen
    assert isinstance(shown, ReceivingScreen)
    screen: ReceivingScreen = shown
    await _supervisor(pilot, station)
    await wait_until(pilot, station, lambda: pilot.app.screen is screen and screen.asking == "sku")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_supervisor_finds_the_sku_by_part_of_its_name(
    receiving: Station, language: str
) -> None:
    """Typed text that is no code nor barcode offers the SKUs whose name or spec holds it;
    one chosen with Enter is mapped. Nothing matching says so and asks again."""
    receiving.context.language = language
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_receiving(pilot, receiving)
        await _scan(pilot, receiving, "PO-2612-001", "SUPPLIER-CAP-7")
        await _supervisor_for_the_unknown(pilot, receiving)
        await _type(pilot, receiving, "no such thing")
        assert _outcome(app) == ("receiving.ui.map_none", "")
        assert screen.asking == "sku" and receiving.pipeline.context == "lookup"
        await _type(pilot, receiving, "C")  # the cap's code, and the tee's "Cotton"
        choices = screen.query_one("#receiving-skus", OptionList)
        await wait_until(pilot, receiving, lambda: choices.display and choices.has_focus)
        offered = [choices.get_option_at_index(n).id for n in range(choices.option_count)]
        assert offered == ["CAP-01", "TEE-W-XL"]  # by code, whatever the language
        await pilot.press("enter")
        await wait_until(pilot, receiving, lambda: _outcome(app)[0] == "receiving.mapped")
        assert not choices.display and receiving.pipeline.context != "lookup"
        await _scan(pilot, receiving, "SUPPLIER-CAP-7")
        assert _outcome(app) == ("receiving.unit", "")
        assert screen.view.of_sku("CAP-01") == 1


async def test_a_supervisor_maps_a_new_label_by_scanning_the_skus_own(receiving: Station) -> None:
    """A supplier's new label: refused, F12, a supervisor's badge and PIN, then the SKU's
    own barcode scanned (it counts nothing meanwhile); the new label counts from then on."""
    receiving.context.language = "en"
    app = receiving.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_receiving(pilot, receiving)
        await _scan(pilot, receiving, "PO-2612-001", "SUPPLIER-CAP-7")
        assert _outcome(app) == ("receiving.error.item_unknown", "E898")
        await _supervisor_for_the_unknown(pilot, receiving)
        assert "SUPPLIER-CAP-7 is which SKU?" in flat_text(pilot)
        assert receiving.pipeline.context == "lookup"  # a scan now names, counts nothing
        await _scan(pilot, receiving, CAP)  # the cap's own barcode: names it, counts nothing
        await wait_until(pilot, receiving, lambda: _outcome(app)[0] == "receiving.mapped")
        assert screen.view.passed == 0
        await _scan(pilot, receiving, "SUPPLIER-CAP-7")
        assert _outcome(app) == ("receiving.unit", "")
        assert screen.view.of_sku("CAP-01") == 1
    audit = [(a.action, a.subject) for a in receiving.db.store.audit]
    assert ("barcode_mapped", "SUPPLIER-CAP-7") in audit
