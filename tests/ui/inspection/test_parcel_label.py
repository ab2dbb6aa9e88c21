"""The parcel label prints when an order passes, after the pass is shown; a printer that
hangs holds no scan back, one that fails says so on the status line, and Ctrl+P prints the
label again."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

from devices.fake import HangingPrinter, RecordingPrinter
from devices.labels import PrinterError
from tests.ui.harness import scan, screen_text, settle, wait_until
from tests.ui.inspection.harness import MUG, TEE, WAYBILL, WAYBILL_2, InspectStation, open_inspect
from wms_tui.bootstrap.inspection import label_renderer
from wms_tui.core.model import OrderStatus

PASS_T1 = (WAYBILL, TEE, MUG, "CMD:ACK", TEE)


def _codes(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=203 / 72).to_pil()
    finally:
        document.close()
    return sorted(bytes(b.bytes).decode("ascii") for b in zxingcpp.read_barcodes(image))


async def test_the_label_prints_after_the_pass_and_a_hung_printer_holds_no_scan(
    istation: InspectStation,
) -> None:
    printer = HangingPrinter()
    istation.context.printer = printer
    istation.context.language = "en"
    app = istation.app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            label = label_renderer("pdf", 203, "S1", istation.clock)
            screen = await open_inspect(pilot, istation, label)
            for text in PASS_T1:
                pilot.app.post_message(scan(text))
            await wait_until(pilot, istation, printer.started.is_set)
            assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.passed"
            # The printer hangs; the next parcel is opened and counted all the same.
            pilot.app.post_message(scan(WAYBILL_2))
            await settle(pilot, istation)
            assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.opened"
            assert screen.state.sheet is not None and screen.state.sheet.order_no == "T2"
            assert printer.documents == []
            printer.release.set()
            await wait_until(pilot, istation, lambda: len(printer.documents) == 1)
            # Printed on its own after a pass, the label says nothing over the scans.
            assert app.last_outcome.msgid == "inspect.opened"
    finally:
        printer.release.set()
    (document,) = printer.documents
    assert document.name == "label-T1.pdf"
    assert _codes(document.data) == sorted(["T1", WAYBILL])


async def test_a_failed_label_stays_on_the_status_line_until_ctrl_p_prints_it(
    istation: InspectStation,
) -> None:
    printer = RecordingPrinter(fail_with=PrinterError("cannot send label-T1.pdf: out of paper"))
    istation.context.printer = printer
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_inspect(pilot, istation, label_renderer("pdf", 203, "S1", istation.clock))
        for text in PASS_T1:
            pilot.app.post_message(scan(text))
        await wait_until(pilot, istation, lambda: bool(app.printer_problem))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.label.failed"
        assert "out of paper" in " ".join(screen_text(pilot).split())
        assert "^P reprint label" in " ".join(screen_text(pilot).split())
        printer.fail_with = None  # paper in
        await pilot.press("ctrl+p")
        await wait_until(pilot, istation, lambda: len(printer.documents) == 1)
        await settle(pilot, istation)
        assert app.printer_problem == ""
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.label.printed"
        assert printer.documents[0].name == "label-T1.pdf"


async def test_ctrl_p_before_any_pass_says_there_is_no_label_yet(istation: InspectStation) -> None:
    istation.context.printer = RecordingPrinter()
    app = istation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inspect(pilot, istation, label_renderer("zpl", 203, "S1", istation.clock))
        await pilot.press("ctrl+p")
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.label.none_yet"


async def test_a_packed_parcel_scanned_again_then_ctrl_p_prints_its_label(
    istation: InspectStation,
) -> None:
    """After a restart the desk remembers no pass: scanning the packed parcel names it."""
    printer = RecordingPrinter()
    istation.context.printer = printer
    with istation.db.uow() as uow:
        order = uow.orders.get("T1")
        assert order is not None
        uow.orders.set_status(order, OrderStatus.VERIFIED)
        uow.commit()
    app = istation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inspect(pilot, istation, label_renderer("zpl", 300, "S1", istation.clock))
        pilot.app.post_message(scan(WAYBILL))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E803"
        await pilot.press("ctrl+p")
        await wait_until(pilot, istation, lambda: len(printer.documents) == 1)
    assert printer.documents[0].name == "label-T1.zpl"
    assert printer.documents[0].data.startswith(b"^XA")
