"""The printed pick list: an A4 PDF with the wave barcode, the stops in walk order, each
with its SKU barcode, and for multi-item waves a slot sheet (one SLOT-nn barcode per tote).

Takes plain data only (devices imports nothing of the application): the caller has already
put every text in the operator's language. Every barcode is checked before anything is
drawn, EAN-13 check digits included (devices/labels.py), so a bad value fails the whole
document instead of printing a barcode for another product.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from devices.labels import LabelError, _cjk_font, _fit, choose_symbology

_MARGIN = 32.0
_HEADER_H = 78.0
_ROW_H = 66.0
_BAR_H = 34.0
_BAR_COL = 190.0  # points kept for each stop's barcode, at the right edge
_MIN_BAR_W = 0.75  # a module of at least 3 px at 300 dpi
_MAX_BAR_W = 1.2
_SLOT_COLUMNS = 2
_SLOT_H = 104.0


@dataclass(frozen=True)
class StopLine:
    seq: int
    location: str
    sku_code: str
    name: str
    spec: str
    qty: int
    barcode: str  # what the picker scans for this SKU: EAN-13 when valid, else Code 128
    puts: str = ""  # multi-item waves: "SLOT-01 ×2  SLOT-03 ×1", already formatted


@dataclass(frozen=True)
class SlotLine:
    code: str  # the tote label value, e.g. SLOT-07
    caption: str  # order number, shop, courier ... already formatted
    detail: str = ""


@dataclass(frozen=True)
class PickListDocument:
    wave_no: str
    title: str  # e.g. "拣货单 W261123-007 · 多品 · 12 单 · 40 件"
    columns: tuple[str, str, str, str]  # headings: seq, location, sku / name, qty
    stops: tuple[StopLine, ...]
    slot_title: str = ""
    slots: tuple[SlotLine, ...] = ()
    footer: str = ""


def _bar(value: str, width: float, height: float = _BAR_H) -> Drawing:
    """A barcode drawing no wider than `width` points; LabelError when it cannot fit."""
    kind = choose_symbology(value)
    if kind == "ean13":
        bar_w = min(_MAX_BAR_W, width / 113.0)
        return createBarcodeDrawing(
            "EAN13", value=value[:12], barWidth=bar_w, barHeight=height, fontSize=8
        )
    bar_w = min(_MAX_BAR_W, width / float(Code128(value, barWidth=1.0).width))
    if bar_w < _MIN_BAR_W:
        raise LabelError(f"{value!r} is too long for the pick list", value=value)
    return createBarcodeDrawing(
        "Code128", value=value, barWidth=bar_w, barHeight=height, humanReadable=False
    )


class _Writer:
    def __init__(self, doc: PickListDocument) -> None:
        self.doc = doc
        self.out = io.BytesIO()
        self.pdf = canvas.Canvas(self.out, pagesize=A4, pageCompression=1)
        self.pdf.setTitle(doc.title)
        self.font = _cjk_font()
        self.width, self.height = float(A4[0]), float(A4[1])
        self.page = 0

    def text(self, x: float, y: float, value: str, size: float, width: float) -> None:
        self.pdf.setFont(self.font, size)
        self.pdf.drawString(x, y, _fit(value, self.font, size, width))

    def header(self, wave_bar: Drawing) -> float:
        """Title, wave barcode and column headings; returns the y where rows start."""
        self.page += 1
        top = self.height - _MARGIN
        bar_x = self.width - _MARGIN - float(wave_bar.width)
        renderPDF.draw(wave_bar, self.pdf, bar_x, top - float(wave_bar.height))
        self.pdf.setFont("Courier", 9)
        self.pdf.drawCentredString(
            bar_x + float(wave_bar.width) / 2, top - float(wave_bar.height) - 10, self.doc.wave_no
        )
        self.text(_MARGIN, top - 16, self.doc.title, 13, bar_x - _MARGIN - 12)
        self.pdf.setFont("Helvetica", 8)
        self.pdf.drawRightString(self.width - _MARGIN, _MARGIN / 2, str(self.page))
        if self.doc.footer:
            self.text(_MARGIN, _MARGIN / 2, self.doc.footer, 8, self.width / 2)
        return top - _HEADER_H

    def headings(self, y: float) -> float:
        seq, location, sku, qty = self.doc.columns
        self.text(_MARGIN, y, seq, 9, 26)
        self.text(_MARGIN + 28, y, location, 9, 110)
        self.text(_MARGIN + 142, y, sku, 9, 180)
        self.text(self.width - _MARGIN - _BAR_COL - 44, y, qty, 9, 40)
        self.pdf.line(_MARGIN, y - 4, self.width - _MARGIN, y - 4)
        return y - 8

    def stop(self, line: StopLine, bar: Drawing, top: float) -> None:
        pdf = self.pdf
        # SKU, name and spec end where the quantity column starts.
        text_w = self.width - _MARGIN - _BAR_COL - 60 - (_MARGIN + 142)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(_MARGIN, top - 20, str(line.seq))
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(_MARGIN + 28, top - 22, _fit(line.location, "Helvetica-Bold", 15, 110))
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(_MARGIN + 142, top - 14, _fit(line.sku_code, "Helvetica-Bold", 10, text_w))
        self.text(_MARGIN + 142, top - 28, line.name, 9, text_w)
        self.text(_MARGIN + 142, top - 40, line.spec, 8, text_w)
        if line.puts:
            self.text(_MARGIN + 28, top - 54, line.puts, 9, self.width - 2 * _MARGIN - _BAR_COL)
        pdf.setFont("Helvetica-Bold", 18)
        pdf.drawRightString(self.width - _MARGIN - _BAR_COL - 10, top - 24, str(line.qty))
        bar_x = self.width - _MARGIN - _BAR_COL + (_BAR_COL - float(bar.width)) / 2
        renderPDF.draw(bar, pdf, bar_x, top - 6 - float(bar.height))
        pdf.setLineWidth(0.3)
        pdf.line(_MARGIN, top - _ROW_H + 2, self.width - _MARGIN, top - _ROW_H + 2)

    def slot(self, line: SlotLine, bar: Drawing, x: float, top: float, w: float) -> None:
        pdf = self.pdf
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(x + 8, top - 18, line.code)
        self.text(x + 8, top - 32, line.caption, 9, w - 16)
        if line.detail:
            self.text(x + 8, top - 44, line.detail, 8, w - 16)
        renderPDF.draw(bar, pdf, x + (w - float(bar.width)) / 2, top - 50 - float(bar.height))


def pick_list_pdf(doc: PickListDocument) -> bytes:
    """The whole pick list, as many pages as the stops need, then the slot sheet."""
    wave_bar = _bar(doc.wave_no, 200.0, 40.0)
    # Validate every barcode before drawing: no half-printed lists.
    stop_bars = [_bar(line.barcode, _BAR_COL - 8) for line in doc.stops]
    cell_w = (A4[0] - 2 * _MARGIN) / _SLOT_COLUMNS
    slot_bars = [_bar(line.code, cell_w - 24, 40.0) for line in doc.slots]
    w = _Writer(doc)
    y = w.headings(w.header(wave_bar))
    for line, bar in zip(doc.stops, stop_bars, strict=True):
        if y - _ROW_H < _MARGIN:
            w.pdf.showPage()
            y = w.headings(w.header(wave_bar))
        w.stop(line, bar, y)
        y -= _ROW_H
    if doc.stops or not doc.slots:
        w.pdf.showPage()
    if doc.slots:
        _slot_sheet(w, wave_bar, slot_bars, cell_w)
    w.pdf.save()
    return w.out.getvalue()


def _slot_sheet(w: _Writer, wave_bar: Drawing, bars: list[Drawing], cell_w: float) -> None:
    y = w.header(wave_bar)
    w.text(_MARGIN, y + 6, w.doc.slot_title, 11, w.width - 2 * _MARGIN)
    y -= 8
    column = 0
    for line, bar in zip(w.doc.slots, bars, strict=True):
        if column == 0 and y - _SLOT_H < _MARGIN:
            w.pdf.showPage()
            y = w.header(wave_bar) - 8
        w.slot(line, bar, _MARGIN + column * cell_w, y, cell_w)
        column += 1
        if column == _SLOT_COLUMNS:
            column = 0
            y -= _SLOT_H
    w.pdf.showPage()
