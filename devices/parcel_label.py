"""The parcel label (面单 / 包裹标签), 100 × 150 mm: as a PDF, and as ZPL for thermal printers.

Takes plain data only (devices imports nothing of the application): the caller has put every
text in the operator's language and cut the lines to MAX_LINES.

One layout, two renderers. `_layout` places every element in millimetres, fitting and
wrapping text with the embedded font's own metrics; the PDF and the ZPL draw exactly those
elements, so the two never disagree about what is on the label.

ZPL printers carry no Chinese font (a downloadable one costs several MB of printer memory and
differs by model), so every text is drawn here with the embedded font (devices/fonts.py) and
sent as a ^GF graphic field; barcodes are the printer's own ^BC Code 128, sharper than any
bitmap. Graphic fields use ZPL's compressed hex (`,` ends a row of blank, `:` repeats the row
above), which makes a label a few kilobytes instead of a hundred.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from devices.fonts import cjk_font, cjk_font_path
from devices.labels import LabelError, choose_symbology
from devices.picklist_pdf import _bar, _modules

WIDTH_MM, HEIGHT_MM = 100.0, 150.0
MAX_LINES = 9  # order lines that fit; the caller says "and N more" on the last one
_MARGIN = 4.0
_PT_PER_MM = 72 / 25.4
_QUIET = 10  # Code 128 quiet zone, in modules, each side
_MAX_MODULE_DOTS = {203: 3, 300: 4}


@dataclass(frozen=True)
class ParcelLabel:
    courier: str
    shop: str  # "天猫 · 旗舰店", already formatted
    waybill: str  # "" when none is bound yet
    no_waybill: str  # what stands where the waybill barcode would be
    order_caption: str  # "订单号 SO100113"
    order_no: str
    platform_caption: str  # "平台单号 3560278812345678901"
    platform_order_no: str  # "" for orders entered by hand
    buyer: str  # "收件人 王芳"
    lines: tuple[str, ...]  # "CO53-01 ×2 蓝色保温杯 500ml"; at most MAX_LINES
    remark: str  # buyer and seller remarks, already joined; "" for none
    footer: str  # printed when, at which station


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # top of the line, mm from the top edge
    size: float  # em height, mm
    text: str


@dataclass(frozen=True)
class Barcode:
    x: float
    y: float
    width: float  # the most it may take, mm
    height: float
    value: str


@dataclass(frozen=True)
class Rule:
    y: float
    margin: float = _MARGIN  # from either edge: a rule spans the label inside its margins


Element = Text | Barcode | Rule


def width_mm(text: str, size_mm: float) -> float:
    points: float = pdfmetrics.stringWidth(text, cjk_font(), size_mm * _PT_PER_MM)
    return points / _PT_PER_MM


def fit(text: str, size: float, room: float) -> str:
    if width_mm(text, size) <= room:
        return text
    while text and width_mm(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, size: float, room: float, rows: int) -> list[str]:
    """Up to `rows` lines of `text`, broken where the width runs out (Chinese has no spaces
    to break at); the last line ends in … when text is left over."""
    lines: list[str] = []
    rest = " ".join(text.split())
    while rest and len(lines) < rows:
        cut = len(rest)
        while cut > 1 and width_mm(rest[:cut], size) > room:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:].lstrip()
    if rest and lines:
        lines[-1] = fit(lines[-1] + rest, size, room)
    return lines


def _layout(label: ParcelLabel) -> list[Element]:
    room = WIDTH_MM - 2 * _MARGIN
    x = _MARGIN
    shop = fit(label.shop, 3.2, room * 0.45)
    els: list[Element] = [
        Text(x, 4.0, 7.0, fit(label.courier, 7.0, room - width_mm(shop, 3.2) - 3)),
        Text(WIDTH_MM - _MARGIN - width_mm(shop, 3.2), 6.5, 3.2, shop),
        Rule(13.0),
    ]
    if label.waybill:
        els += [
            Barcode(x, 15.5, room, 20.0, label.waybill),
            Text(x, 37.0, 4.0, fit(label.waybill, 4.0, room)),
        ]
    else:
        els.append(Text(x, 23.0, 5.0, fit(label.no_waybill, 5.0, room)))
    els += [Rule(43.0), Text(x, 44.5, 3.0, fit(label.order_caption, 3.0, room))]
    els.append(Barcode(x, 48.5, room, 9.0, label.order_no))
    if label.platform_order_no:
        els.append(Text(x, 59.5, 3.0, fit(label.platform_caption, 3.0, room)))
        els.append(Barcode(x, 63.5, room, 9.0, label.platform_order_no))
    els += [Rule(75.0), Text(x, 77.0, 4.5, fit(label.buyer, 4.5, room))]
    for n, line in enumerate(label.lines[:MAX_LINES]):
        els.append(Text(x, 84.0 + n * 4.8, 3.6, fit(line, 3.6, room)))
    els.append(Rule(128.5))
    for n, line in enumerate(_wrap(label.remark, 3.2, room, 3)):
        els.append(Text(x, 130.0 + n * 4.0, 3.2, line))
    els.append(Text(x, 144.5, 2.6, fit(label.footer, 2.6, room)))
    return els


def _check_barcodes(els: list[Element]) -> None:
    for el in els:
        if isinstance(el, Barcode) and choose_symbology(el.value, "code128") != "code128":
            raise LabelError(f"{el.value!r} cannot be printed as Code 128", value=el.value)


# -- PDF -----------------------------------------------------------------------------------


def parcel_label_pdf(label: ParcelLabel) -> bytes:
    """One 100 × 150 mm page. Raises LabelError when a code cannot be drawn (nothing is
    written)."""
    return layout_pdf(_layout(label), WIDTH_MM, HEIGHT_MM, label.order_no)


def layout_pdf(
    els: list[Element], width_mm: float, height_mm: float, title: str, copies: int = 1
) -> bytes:
    """A laid-out label as a PDF page, `copies` times (every label of this module draws
    through here and `layout_zpl`, so PDF and ZPL never disagree)."""
    _check_barcodes(els)
    w_pt, h_pt = width_mm * _PT_PER_MM, height_mm * _PT_PER_MM
    bars = {
        el.value: _bar(el.value, el.width * _PT_PER_MM, el.height * _PT_PER_MM, "code128")
        for el in els
        if isinstance(el, Barcode)
    }
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(w_pt, h_pt), pageCompression=1)
    pdf.setTitle(title)
    font = cjk_font()
    for _copy in range(copies):
        for el in els:
            if isinstance(el, Text):
                size = el.size * _PT_PER_MM
                pdf.setFont(font, size)
                # The baseline sits about 0.88 em below the top of the line, as in the ZPL.
                pdf.drawString(el.x * _PT_PER_MM, h_pt - (el.y + el.size * 0.88) * _PT_PER_MM,
                               el.text)  # fmt: skip
            elif isinstance(el, Barcode):
                bar = bars[el.value]
                bar.draw(pdf, el.x * _PT_PER_MM, h_pt - (el.y + el.height) * _PT_PER_MM)
            else:
                pdf.setLineWidth(0.8)
                pdf.line(el.margin * _PT_PER_MM, h_pt - el.y * _PT_PER_MM,
                         w_pt - el.margin * _PT_PER_MM, h_pt - el.y * _PT_PER_MM)  # fmt: skip
        pdf.showPage()
    pdf.save()
    return out.getvalue()


# -- ZPL -----------------------------------------------------------------------------------


def parcel_label_zpl(label: ParcelLabel, dpi: Literal[203, 300] = 203) -> bytes:
    """ZPL II for a 100 × 150 mm label at `dpi`. Raises LabelError when a code is too long
    to print with bars a scanner can read."""
    return layout_zpl(_layout(label), WIDTH_MM, HEIGHT_MM, dpi)


def layout_zpl(
    els: list[Element], width_mm: float, height_mm: float, dpi: Literal[203, 300] = 203,
    copies: int = 1,
) -> bytes:  # fmt: skip
    """A laid-out label as ZPL II at `dpi`; the printer prints `copies` (^PQ)."""
    if dpi not in _MAX_MODULE_DOTS:
        raise LabelError(f"thermal printers print at 203 or 300 dpi, not {dpi}", value=str(dpi))
    _check_barcodes(els)
    dpmm = dpi / 25.4
    font_path = cjk_font_path()
    out = [f"^XA^CI28^PW{round(width_mm * dpmm)}^LL{round(height_mm * dpmm)}^LH0,0"]
    for el in els:
        if isinstance(el, Text):
            size = max(8, round(el.size * dpmm))
            font = ImageFont.truetype(font_path, size, index=0)
            out.append(f"^FO{round(el.x * dpmm)},{round(el.y * dpmm)}{_graphic(font, el.text)}^FS")
        elif isinstance(el, Barcode):
            out.append(_zpl_barcode(el, dpmm, _MAX_MODULE_DOTS[dpi]))
        else:
            thick = max(2, round(0.3 * dpmm))
            left, width = round(el.margin * dpmm), round((width_mm - 2 * el.margin) * dpmm)
            out.append(f"^FO{left},{round(el.y * dpmm)}^GB{width},{thick},{thick}^FS")
    out.append(f"^PQ{copies}^XZ")
    return "\n".join(out).encode("ascii")


def _zpl_barcode(el: Barcode, dpmm: float, max_module: int) -> str:
    # The printer encodes; python-barcode only counts the modules, to choose the widest bars
    # that fit. Its count is the shortest encoding (subset C for digit runs), as the
    # printer's automatic mode (^BC...,A) makes.
    modules = _modules("code128", el.value) + 2 * _QUIET
    module = min(max_module, int(el.width * dpmm) // modules)
    if module < 1:
        raise LabelError(f"{el.value!r} is too long for the label", value=el.value)
    x = round(el.x * dpmm) + _QUIET * module
    height = round(el.height * dpmm)
    return f"^FO{x},{round(el.y * dpmm)}^BY{module},3,{height}^BCN,{height},N,N,N,A^FD{el.value}^FS"


def _graphic(font: ImageFont.FreeTypeFont, text: str) -> str:
    """`text` drawn in `font` as a ^GFA field (1 bit a dot, black on white)."""
    left, top, right, bottom = font.getbbox(text)
    ascent, descent = font.getmetrics()
    del left, top
    # Whole bytes wide: the padding bits of each row are then white, not a black stripe.
    row_bytes = (max(1, int(right) + 1) + 7) // 8
    width, height = row_bytes * 8, max(1, ascent + descent, int(bottom))
    image = Image.new("1", (width, height), 1)
    ImageDraw.Draw(image).text((0, 0), text, font=font, fill=0)
    # PIL packs mode "1" rows MSB first, 1 = white; ZPL wants 1 = black.
    data = bytes(b ^ 0xFF for b in image.tobytes())
    rows = [data[r * row_bytes : (r + 1) * row_bytes] for r in range(height)]
    total = row_bytes * height
    return f"^GFA,{total},{total},{row_bytes},{_compress(rows)}"


def _compress(rows: list[bytes]) -> str:
    """ZPL compressed hex for ^GFA: `:` repeats the row above, `,` fills the rest of a row
    with zeros. (The run-length letters would save more, but these two take most of it.)"""
    parts: list[str] = []
    previous: bytes | None = None
    for row in rows:
        if row == previous:
            parts.append(":")
            continue
        previous = row
        trimmed = row.rstrip(b"\x00")
        if not trimmed:
            parts.append(",")
        elif len(trimmed) < len(row):
            parts.append(trimmed.hex().upper() + ",")
        else:
            parts.append(row.hex().upper())
    return "".join(parts)
