"""The SKU label (商品标签), 60 × 40 mm, for goods that arrive without a usable barcode: the
name and spec in the embedded font, the code as Code 128 with its text below, and a line
saying where and when it was printed. As a PDF (a page a label) and as ZPL at 203 or 300
dpi (the printer repeats it, ^PQ). Drawn by the parcel label's renderers, so the two
outputs never disagree.

Takes plain data only (devices imports nothing of the application).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from devices.labels import LabelError
from devices.parcel_label import Barcode, Element, Text, fit, layout_pdf, layout_zpl

WIDTH_MM, HEIGHT_MM = 60.0, 40.0
MAX_COPIES = 9999  # what one ^PQ asks of a printer
_MARGIN = 3.0


@dataclass(frozen=True)
class SkuLabel:
    name: str  # in the station's language
    spec: str
    code: str  # what the barcode carries: the SKU's code
    footer: str  # e.g. "RC261207-RCV-A-001 · 12-07 09:00"


def _layout(label: SkuLabel) -> list[Element]:
    room = WIDTH_MM - 2 * _MARGIN
    x = _MARGIN
    return [
        Text(x, 2.5, 4.0, fit(label.name, 4.0, room)),
        Text(x, 7.5, 3.2, fit(label.spec, 3.2, room)),
        Barcode(x, 12.0, room, 14.0, label.code),
        Text(x, 27.5, 3.6, fit(label.code, 3.6, room)),
        Text(x, 34.0, 2.4, fit(label.footer, 2.4, room)),
    ]


def _copies(copies: int) -> int:
    if not 1 <= copies <= MAX_COPIES:
        raise LabelError(f"{copies} labels: print 1 to {MAX_COPIES} at a time", value=str(copies))
    return copies


def sku_label_pdf(label: SkuLabel, copies: int = 1) -> bytes:
    return layout_pdf(_layout(label), WIDTH_MM, HEIGHT_MM, label.code, _copies(copies))


def sku_label_zpl(label: SkuLabel, copies: int = 1, dpi: Literal[203, 300] = 203) -> bytes:
    return layout_zpl(_layout(label), WIDTH_MM, HEIGHT_MM, dpi, _copies(copies))
