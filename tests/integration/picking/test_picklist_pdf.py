"""The printed pick list: rasterised at print resolution, every barcode decodes to its value."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from db.uow import SqlUnitOfWorkFactory
from devices.labels import LabelError
from devices.picklist_pdf import PickListDocument, StopLine, pick_list_pdf
from tests.fakes import FixedClock
from tests.integration.picking.seed import TEE_EAN
from wms_tui.bootstrap.picking import render_pick_list_pdf, write_pick_lists
from wms_tui.core.codes import gs1_check_digit
from wms_tui.core.picking.service import load_pick_list, release_waves
from wms_tui.core.picking.waves import WaveLimits
from wms_tui.i18n import set_language


def _pages(pdf: bytes) -> list[tuple[list[tuple[str, str]], str]]:
    """Per page: the decoded (format, value) pairs, sorted, and the page's text."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            image = page.render(scale=300 / 72).to_pil()
            found = zxingcpp.read_barcodes(image)
            codes = sorted((b.format.name, bytes(b.bytes).decode("ascii")) for b in found)
            pages.append((codes, str(page.get_textpage().get_text_range())))
        return pages
    finally:
        document.close()


DPI = 300


def _rows(pdf: bytes, locations: list[str]) -> dict[str, tuple[list[str], str]]:
    """Per stop, found by its location on the first page: the barcode values printed on its
    row, and the row's text. Rows are read by position, so a barcode printed beside another
    stop, or a quantity on the wrong row, shows here."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        height = page.get_height()
        text = page.get_textpage()
        image = page.render(scale=DPI / 72).to_pil()
        bars = []
        for found in zxingcpp.read_barcodes(image):
            corners = found.position
            centre_px = (corners.top_left.y + corners.bottom_right.y) / 2
            bars.append((height - centre_px * 72 / DPI, bytes(found.bytes).decode("ascii")))
        rows: dict[str, tuple[list[str], str]] = {}
        for location in locations:
            searcher = text.search(location, match_whole_word=True)
            hit = searcher.get_next()
            assert hit is not None, location
            _left, bottom, _right, top = text.get_charbox(hit[0])
            # A row is 66 pt: from a little above the location's line to just above the next.
            row_top, row_bottom = top + 20, bottom - 40
            values = [value for y, value in bars if row_bottom <= y <= row_top]
            rows[location] = (
                values,
                text.get_text_bounded(0, row_bottom, page.get_width(), row_top),
            )
        return rows
    finally:
        document.close()


def _release(factory: SqlUnitOfWorkFactory) -> str:
    with factory() as uow:
        plan = release_waves(
            uow, FixedClock(), limits=WaveLimits(), operator="SUP", station_id="ST1"
        )
        uow.commit()
    return plan.waves[0].wave_no


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_pick_list_barcodes_decode_to_wave_skus_and_slots(
    factory: SqlUnitOfWorkFactory, tmp_path: Path
) -> None:
    set_language("zh_CN")
    wave_no = _release(factory)
    (path,) = write_pick_lists(factory, [wave_no], tmp_path)
    pages = _pages(path.read_bytes())
    assert len(pages) == 2
    (stop_codes, stop_text), (slot_codes, slot_text) = pages
    assert stop_codes == sorted([("Code128", wave_no), ("EAN13", TEE_EAN), ("Code128", "CAP")])
    assert slot_codes == sorted(
        [("Code128", wave_no), ("Code128", "SLOT-01"), ("Code128", "SLOT-02")]
    )
    # Walk order: A-01 (TEE) comes before B-01 (CAP); names and slot puts are printed.
    assert stop_text.index("A-01") < stop_text.index("B-01")
    assert "白色T恤" in stop_text and "棒球帽" in stop_text and "SLOT-01×2" in stop_text
    assert "M1" in slot_text and "M2" in slot_text

    # Each stop's row: its own SKU barcode, name, spec, quantity and slot puts.
    rows = _rows(path.read_bytes(), ["A-01", "B-01"])
    tee_codes, tee_row = rows["A-01"]
    cap_codes, cap_row = rows["B-01"]
    assert tee_codes == [TEE_EAN] and cap_codes == ["CAP"]
    assert "TEE" in tee_row and "白色T恤" in tee_row and "XL" in tee_row
    assert "3" in tee_row.split() and "SLOT-01×2" in tee_row and "SLOT-02×1" in tee_row
    assert "CAP" in cap_row and "棒球帽" in cap_row and "2" in cap_row.split()
    assert "TEE" not in cap_row and "CAP" not in tee_row


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_the_pdf_speaks_the_operator_language(factory: SqlUnitOfWorkFactory) -> None:
    wave_no = _release(factory)
    set_language("en")
    with factory() as uow:
        pick_list = load_pick_list(uow, wave_no, "en")
    (_codes, text), _slots = _pages(render_pick_list_pdf(pick_list))
    assert "Pick list" in text and "White tee" in text


def test_a_bad_ean_fails_the_whole_list_before_printing() -> None:
    doc = PickListDocument(
        "W261123-009",
        "title",
        ("#", "loc", "sku", "qty"),
        (StopLine(1, "A-01", "TEE", "tee", "", 1, "6901234567893"),),
    )
    with pytest.raises(LabelError):
        pick_list_pdf(doc)


def test_a_long_single_item_list_runs_over_pages_and_every_barcode_decodes() -> None:
    """25 stops of a single-item wave (no slots): every page carries the wave barcode, every
    stop's EAN-13 decodes exactly once, in walk order from page to page."""
    eans = [f"690{n:09d}" + gs1_check_digit(f"690{n:09d}") for n in range(25)]
    doc = PickListDocument(
        "W261123-010",
        "Pick list W261123-010",
        ("#", "Location", "SKU", "Qty"),
        tuple(
            StopLine(n + 1, f"A-{n:02d}", f"SKU-{n:02d}", f"Item {n}", "M", 1, ean)
            for n, ean in enumerate(eans)
        ),
    )
    pages = _pages(pick_list_pdf(doc))
    assert len(pages) >= 3
    found = [value for codes, _text in pages for kind, value in codes if kind == "EAN13"]
    assert sorted(found) == sorted(eans)
    assert all(("Code128", "W261123-010") in codes for codes, _text in pages)
    firsts = [int(text.split("A-")[1][:2]) for _codes, text in pages]
    assert firsts == sorted(firsts)  # walk order runs on from page to page
