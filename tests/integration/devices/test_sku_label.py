"""The SKU label for goods without a usable barcode, as PDF and as ZPL, read back as a
scanner and a person would: its code scans, its Chinese name is drawn without a printer
font, and as many labels come out as were counted."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp

from devices.labels import LabelError
from devices.sku_label import MAX_COPIES, SkuLabel, sku_label_pdf, sku_label_zpl

from .pdf_pages import fonts_used, read_page
from .zpl_render import render

LABEL = SkuLabel("纯棉圆领T恤", "白色 XL", "TEE-W-XL", "RCV-A · 12-07 09:00")


def test_the_pdf_has_a_60_by_40_mm_page_a_label_and_each_reads_back() -> None:
    pdf = sku_label_pdf(LABEL, copies=3)
    document = pdfium.PdfDocument(pdf)
    sizes = [document[n].get_size() for n in range(len(document))]
    document.close()
    assert [(round(w / 72 * 25.4), round(h / 72 * 25.4)) for w, h in sizes] == [(60, 40)] * 3
    codes, text = read_page(pdf, 2)
    assert codes == ["TEE-W-XL"]
    assert "纯棉圆领T恤" in text and "白色 XL" in text
    assert all(embedded for _, embedded, words in fonts_used(pdf) if "纯棉" in words)


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_zpl_prints_the_code_and_the_name_as_graphics(dpi: int) -> None:
    zpl = sku_label_zpl(LABEL, copies=12, dpi=dpi)  # type: ignore[arg-type]
    text = zpl.decode("ascii")  # no Chinese reaches the printer as text
    assert "^PQ12^XZ" in text  # the printer repeats it: one label sent, twelve printed
    printed = render(zpl)
    dots_per_mm = dpi / 25.4
    assert printed.image.size == (round(60 * dots_per_mm), round(40 * dots_per_mm))
    codes = [bytes(b.bytes).decode("ascii") for b in zxingcpp.read_barcodes(printed.image)]
    assert codes == ["TEE-W-XL"]
    assert len(printed.graphics) == 4  # name, spec, code, footer


@pytest.mark.parametrize("copies", [0, MAX_COPIES + 1])
def test_a_count_no_printer_takes_is_refused(copies: int) -> None:
    with pytest.raises(LabelError):
        sku_label_zpl(LABEL, copies=copies)
    with pytest.raises(LabelError):
        sku_label_pdf(LABEL, copies=copies)


def test_a_code_that_cannot_be_a_barcode_fails_before_anything_is_drawn() -> None:
    with pytest.raises(LabelError):
        sku_label_pdf(SkuLabel("名", "", "商品一号", ""))
