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
from wms_tui.bootstrap_picking import render_pick_list_pdf, write_pick_lists
from wms_tui.core.waves import WaveLimits
from wms_tui.core.workflows.picking_service import load_pick_list, release_waves
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
