"""The printed pick list: an A4 PDF with the wave barcode, the stops in walk order, each
with its SKU barcode, and for multi-item waves a slot sheet (one SLOT-nn barcode per tote).

Takes plain data only (devices imports nothing of the application): the caller has already
put every text in the operator's language. Every barcode is checked before anything is
drawn, EAN-13 check digits included (devices/labels.py), so a bad value fails the whole
document instead of printing a barcode for another product.

The bars are python-barcode's (the same encoder as every other label we print), painted by
a small writer straight into the page as one vector path per barcode: crisp at any printer
resolution, no raster images to embed, and fast (reportlab's shape objects cost ~15 ms each).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import barcode
from barcode.writer import BaseWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from devices.fonts import cjk_font
from devices.labels import LabelError, Symbology, _fit, choose_symbology

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


@dataclass(frozen=True)
class _Bars:
    """One barcode laid out by python-barcode, in points, ready to paint at any (x, y)."""

    width: float
    height: float
    bars: tuple[tuple[float, float], ...]  # (x, width) of each dark bar
    labels: tuple[tuple[float, str], ...]  # (centre x, text) under the bars
    bar_height: float
    font_size: float

    def draw(self, pdf: canvas.Canvas, x: float, y: float) -> None:
        text_h = self.height - self.bar_height
        path = pdf.beginPath()
        for left, w in self.bars:
            path.rect(x + left, y + text_h, w, self.bar_height)
        pdf.drawPath(path, stroke=0, fill=1)  # one path per barcode: small and fast
        if self.labels:
            pdf.setFont("Helvetica", self.font_size)
            for centre, label in self.labels:
                pdf.drawCentredString(x + centre, y + 1, label)


class _BarsWriter(BaseWriter):  # type: ignore[misc]  # python-barcode ships no types
    """Collects python-barcode's modules and text positions (its y grows downwards; the
    bars are one line, so only x matters)."""

    def __init__(self) -> None:
        super().__init__(None, self._module, self._text, self._finish)
        self._bars: list[tuple[float, float]] = []
        self._labels: list[tuple[float, str]] = []
        self._right = 0.0

    def _module(self, xpos: float, ypos: float, width: float, color: object) -> None:
        del ypos
        if color == self.foreground:
            self._bars.append((xpos, width))
        self._right = max(self._right, xpos + width)

    def _text(self, xpos: float, ypos: float) -> None:
        del ypos
        self._labels.append((xpos, self.text))

    def _finish(self) -> _Bars:
        text_h = self.font_size + 2 if self._labels else 0.0
        return _Bars(
            self._right + self.quiet_zone,
            self.module_height + text_h,
            tuple(self._bars),
            tuple(self._labels),
            self.module_height,
            self.font_size,
        )


def _modules(kind: str, data: str) -> int:
    encoded: list[str] = barcode.get(kind, data).build()
    return len(encoded[0])


def _bar(value: str, width: float, height: float = _BAR_H, symbology: Symbology = "auto") -> _Bars:
    """A barcode drawing no wider than `width` points; LabelError when it cannot fit.
    `symbology` "code128" for a waybill: 13 digits there are no product's EAN-13."""
    kind = choose_symbology(value, symbology)  # refuses an EAN-13 whose check digit is wrong
    # python-barcode takes the 12-digit body and appends the check digit verified above.
    data = value[:12] if kind == "ean13" else value
    quiet = 11 if kind == "ean13" else 10  # modules each side: the symbologies' minimum
    modules = _modules(kind, data) + 2 * quiet
    bar_w = min(_MAX_BAR_W, width / modules)
    if bar_w < _MIN_BAR_W:
        raise LabelError(f"{value!r} is too long for the pick list", value=value)
    code = barcode.get(kind, data, writer=_BarsWriter())
    if kind == "ean13" and code.get_fullcode() != value:
        raise LabelError(f"{value!r} would print as {code.get_fullcode()}", value=value)
    bars: _Bars = code.render(
        {
            "module_width": bar_w,
            "module_height": height,
            "quiet_zone": quiet * bar_w,
            "font_size": 8,
            "margin_top": 0,
            "margin_bottom": 0,
            "write_text": kind == "ean13",
        }
    )
    return bars


class _Writer:
    def __init__(self, doc: PickListDocument) -> None:
        self.doc = doc
        self.out = io.BytesIO()
        self.pdf = canvas.Canvas(self.out, pagesize=A4, pageCompression=1)
        self.pdf.setTitle(doc.title)
        self.font = cjk_font()
        self.width, self.height = float(A4[0]), float(A4[1])
        self.page = 0

    def text(self, x: float, y: float, value: str, size: float, width: float) -> None:
        self.pdf.setFont(self.font, size)
        self.pdf.drawString(x, y, _fit(value, self.font, size, width))

    def header(self, wave_bar: _Bars) -> float:
        """Title, wave barcode and column headings; returns the y where rows start."""
        self.page += 1
        top = self.height - _MARGIN
        bar_x = self.width - _MARGIN - wave_bar.width
        wave_bar.draw(self.pdf, bar_x, top - wave_bar.height)
        self.pdf.setFont("Courier", 9)
        self.pdf.drawCentredString(
            bar_x + wave_bar.width / 2, top - wave_bar.height - 10, self.doc.wave_no
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

    def stop(self, line: StopLine, bar: _Bars, top: float) -> None:
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
        bar_x = self.width - _MARGIN - _BAR_COL + (_BAR_COL - bar.width) / 2
        bar.draw(pdf, bar_x, top - 6 - bar.height)
        pdf.setLineWidth(0.3)
        pdf.line(_MARGIN, top - _ROW_H + 2, self.width - _MARGIN, top - _ROW_H + 2)

    def slot(self, line: SlotLine, bar: _Bars, x: float, top: float, w: float) -> None:
        pdf = self.pdf
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(x + 8, top - 18, line.code)
        self.text(x + 8, top - 32, line.caption, 9, w - 16)
        if line.detail:
            self.text(x + 8, top - 44, line.detail, 8, w - 16)
        bar.draw(pdf, x + (w - bar.width) / 2, top - 50 - bar.height)


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


def _slot_sheet(w: _Writer, wave_bar: _Bars, bars: list[_Bars], cell_w: float) -> None:
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
