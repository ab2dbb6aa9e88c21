"""The parcel label, printed as PDF and as ZPL, read back as a scanner and a person would."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
import zxingcpp

from devices.labels import LabelError
from devices.parcel_label import MAX_LINES, ParcelLabel, parcel_label_pdf, parcel_label_zpl

from .pdf_pages import fonts_used, read_page
from .zpl_render import render

LABEL = ParcelLabel(
    courier="顺丰速运",
    shop="天猫 · 蓝鲸旗舰店",
    waybill="SF480429570419",
    no_waybill="未绑定快递单号",
    order_caption="订单号 SO100113",
    order_no="SO100113",
    platform_caption="平台单号 3560278812345678901",
    platform_order_no="3560278812345678901",
    buyer="收件人 王芳",
    lines=("CO53-01 ×2 蓝色保温杯 500ml", "[赠品] CO53-09 ×1 小样"),
    remark="买家：送小样，请用顺丰。",
    footer="2026-12-07 09:00 · ST-01 · 王芳",
)


def test_the_pdf_label_is_100_by_150_mm_and_every_barcode_reads_back() -> None:
    pdf = parcel_label_pdf(LABEL)
    codes, text = read_page(pdf)
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    document.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (100, 150)
    assert codes == sorted(["SF480429570419", "SO100113", "3560278812345678901"])
    for words in (
        "顺丰速运",
        "蓝鲸旗舰店",
        "收件人 王芳",
        "蓝色保温杯",
        "[赠品] CO53-09",
        "送小样",
    ):
        assert words in text


def test_the_pdf_label_carries_its_chinese_font() -> None:
    used = fonts_used(parcel_label_pdf(LABEL))
    assert all(embedded for _, embedded, text in used if "王芳" in text)


def test_a_label_without_a_waybill_says_so_and_has_no_waybill_barcode() -> None:
    label = replace(LABEL, waybill="", platform_order_no="", platform_caption="")
    codes, text = read_page(parcel_label_pdf(label))
    assert codes == ["SO100113"]
    assert "未绑定快递单号" in text


def test_long_texts_are_cut_to_the_label_not_drawn_past_its_edge() -> None:
    label = replace(
        LABEL,
        lines=tuple(f"SKU-{n} ×1 {'很长的商品名称' * 6}" for n in range(MAX_LINES + 4)),
        remark="备注" * 200,
    )
    _, text = read_page(parcel_label_pdf(label))
    assert f"SKU-{MAX_LINES - 1}" in text and f"SKU-{MAX_LINES}" not in text
    assert text.count("…") >= MAX_LINES + 1  # every long line, and the remark's last row


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_zpl_label_prints_every_barcode_and_text_without_a_printer_font(dpi: int) -> None:
    zpl = parcel_label_zpl(LABEL, dpi)  # type: ignore[arg-type]
    zpl.decode("ascii")  # no Chinese reaches the printer as text: it has no font for it
    printed = render(zpl)
    dots_per_mm = dpi / 25.4
    assert printed.image.size == (round(100 * dots_per_mm), round(150 * dots_per_mm))
    codes = sorted(bytes(b.bytes).decode("ascii") for b in zxingcpp.read_barcodes(printed.image))
    assert codes == sorted(["SF480429570419", "SO100113", "3560278812345678901"])
    # Every text is a graphic with ink in it: courier, shop, waybill digits, two captions,
    # buyer, two lines, one remark row, footer.
    assert len(printed.graphics) == 10
    for _x, _y, bitmap in printed.graphics:
        assert bitmap.convert("L").histogram()[0] > 20
    # Bars no thinner than a dot a module, inside the label's width with its quiet zones.
    assert all(x + width <= printed.image.width for x, width, _ in printed.barcodes)


def test_zpl_refuses_a_resolution_thermal_printers_do_not_have() -> None:
    with pytest.raises(LabelError):
        parcel_label_zpl(LABEL, 600)  # type: ignore[arg-type]


@pytest.mark.parametrize("render_label", [parcel_label_pdf, parcel_label_zpl])
def test_a_code_that_cannot_be_printed_fails_the_label_before_anything_is_sent(
    render_label: object,
) -> None:
    assert callable(render_label)
    with pytest.raises(LabelError):
        render_label(replace(LABEL, order_no="订单一号"))
    with pytest.raises(LabelError):
        render_label(replace(LABEL, platform_order_no="A" * 80))  # too wide
