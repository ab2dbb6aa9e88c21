"""The handover list (交接单): an A4 PDF of one manifest, every waybill as text and as a Code
128 barcode, its order numbers, the count, time, dock and operator, and a line for the
courier to sign.

Takes plain data only (devices imports nothing of the application): the caller has put
every text in the station's language. Barcodes are drawn with the pick list's encoder.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from devices.fonts import cjk_font
from devices.labels import LabelError, _fit
from devices.picklist_pdf import _bar

_MARGIN = 36.0
_ROW_H = 44.0
_BAR_H = 26.0
_BAR_W = 200.0


@dataclass(frozen=True)
class ManifestLine:
    seq: int
    waybill: str
    order_no: str
    platform_order_no: str = ""


@dataclass(frozen=True)
class ManifestDocument:
    manifest_id: str
    title: str  # e.g. "交接单 HM261207-3F2A · 顺丰 · 120 件"
    facts: tuple[str, ...]  # lines under the title: time, dock, operator, collected by
    columns: tuple[str, str, str]  # headings: seq, waybill, order numbers
    lines: tuple[ManifestLine, ...]
    signature: str  # e.g. "快递员签字：＿＿＿＿  日期：＿＿＿＿"
    footer: str = ""


def handover_list_pdf(doc: ManifestDocument) -> bytes:
    """Raises LabelError when a waybill cannot be drawn as a barcode (nothing is written)."""
    bars = {}
    for line in doc.lines:
        try:
            bars[line.seq] = _bar(line.waybill, _BAR_W, _BAR_H, "code128")
        except (LabelError, ValueError) as error:
            raise LabelError(f"waybill {line.waybill!r}: {error}", value=line.waybill) from error
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(doc.title)
    font = cjk_font()
    width, height = float(A4[0]), float(A4[1])
    page = 0

    def text(x: float, y: float, value: str, size: float, room: float) -> None:
        pdf.setFont(font, size)
        pdf.drawString(x, y, _fit(value, font, size, room))

    def start_page() -> float:
        nonlocal page
        page += 1
        top = height - _MARGIN
        text(_MARGIN, top - 16, doc.title, 14, width - 2 * _MARGIN)
        y = top - 34
        for fact in doc.facts:
            text(_MARGIN, y, fact, 9, width - 2 * _MARGIN)
            y -= 13
        pdf.setFont("Helvetica", 8)
        pdf.drawRightString(width - _MARGIN, _MARGIN / 2, f"{doc.manifest_id}  {page}")
        if doc.footer:
            text(_MARGIN, _MARGIN / 2, doc.footer, 8, width / 2)
        seq, waybill, orders = doc.columns
        y -= 8
        text(_MARGIN, y, seq, 9, 30)
        text(_MARGIN + 34, y, waybill, 9, 160)
        text(_MARGIN + 200, y, orders, 9, 120)
        pdf.line(_MARGIN, y - 4, width - _MARGIN, y - 4)
        return y - 8

    y = start_page()
    for line in doc.lines:
        if y - _ROW_H < _MARGIN + 60:
            pdf.showPage()
            y = start_page()
        pdf.setFont("Helvetica", 10)
        pdf.drawString(_MARGIN, y - 16, str(line.seq))
        pdf.setFont("Courier-Bold", 11)
        pdf.drawString(_MARGIN + 34, y - 16, line.waybill)
        text(_MARGIN + 200, y - 14, line.order_no, 9, 120)
        if line.platform_order_no:
            text(_MARGIN + 200, y - 26, line.platform_order_no, 8, 120)
        bar = bars[line.seq]
        bar.draw(pdf, width - _MARGIN - bar.width, y - _ROW_H + 8)
        pdf.setStrokeGray(0.8)
        pdf.line(_MARGIN, y - _ROW_H + 2, width - _MARGIN, y - _ROW_H + 2)
        pdf.setStrokeGray(0)
        y -= _ROW_H
    text(_MARGIN, max(y - 36, _MARGIN + 20), doc.signature, 11, width - 2 * _MARGIN)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
