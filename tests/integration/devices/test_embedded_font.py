"""Every PDF the station prints carries its Chinese font: no CJK font on the PC is needed.

Two checks, each of which fails with a font that is only named (reportlab's STSong-Light CID
font, which the PDFs used before): every text object's font is embedded in the file, and two
different characters rasterise to two different, inked glyphs (a viewer with no CJK font of its
own draws nothing, or the same empty box, for both).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen import canvas

from devices.fonts import cjk_font
from devices.handover_pdf import ManifestDocument, ManifestLine, handover_list_pdf
from devices.labels import LabelItem, barcode_sheet_pdf
from devices.picklist_pdf import PickListDocument, SlotLine, StopLine, pick_list_pdf

from .pdf_pages import BASE_14, fonts_used


def glyph(char: str) -> Image.Image:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A6)
    pdf.setFont(cjk_font(), 48)
    pdf.drawString(40, 200, char)
    pdf.save()
    document = pdfium.PdfDocument(out.getvalue())
    try:
        image: Image.Image = document[0].render(scale=2).to_pil().convert("L")
        return image
    finally:
        document.close()


def inked(image: Image.Image) -> int:
    return sum(image.histogram()[:128])  # pixels darker than mid-grey


def test_chinese_glyphs_are_drawn_from_the_embedded_font() -> None:
    zhong, guo = glyph("中"), glyph("国")
    assert inked(zhong) > 200 and inked(guo) > 200
    assert ImageChops.difference(zhong, guo).getbbox() is not None


def _handover() -> bytes:
    return handover_list_pdf(
        ManifestDocument(
            manifest_id="HM261207-0001",
            title="交接单 HM261207-0001 · 顺丰 · 1 件",
            facts=("时间 2026-12-07 09:00", "月台 DOCK-1", "操作员 王芳"),
            columns=("序号", "快递单号", "订单号"),
            lines=(ManifestLine(1, "SF480429570419", "SO100113", "TB2026120700001"),),
            signature="快递员签字：＿＿＿＿",
        )
    )


def _pick_list() -> bytes:
    return pick_list_pdf(
        PickListDocument(
            wave_no="W261207-001",
            title="拣货单 W261207-001 · 多品 · 1 单 · 2 件",
            columns=("序号", "库位", "商品", "数量"),
            stops=(StopLine(1, "A-01-02", "CO53-01", "蓝色保温杯", "500ml", 2, "6901234567892"),),
            slot_title="分拣格",
            slots=(SlotLine("SLOT-01", "SO100113 · 天猫旗舰店"),),
        )
    )


def _sheet() -> bytes:
    return barcode_sheet_pdf("库位标签", [LabelItem("库位 A-01-02", "A-01-02")])


@pytest.mark.parametrize("render", [_handover, _pick_list, _sheet], ids=lambda f: f.__name__)
def test_every_pdf_carries_its_chinese_font(render: object) -> None:
    assert callable(render)
    used = fonts_used(render())
    chinese = [
        (name, embedded) for name, embedded, text in used if any(ord(c) > 0x2E80 for c in text)
    ]
    assert chinese, "the document drew no Chinese text"
    assert all(embedded for _, embedded in chinese), chinese
    missing = {name for name, embedded, _ in used if not embedded} - BASE_14
    assert not missing, f"fonts the PDF names but does not carry: {missing}"
