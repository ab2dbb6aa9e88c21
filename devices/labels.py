"""Barcode labels: single barcodes (python-barcode), A4 sheets (reportlab), printer targets.

Both libraries silently *replace* a wrong EAN-13 check digit, so every EAN-13 is validated here
before it reaches them: a mistyped GTIN must fail loudly, not print a barcode for another product.
The check digit is not computed here (the project's one GS1 check digit is
wms_tui.core.codes.gs1_check_digit, which devices may not import): a value is a printable EAN-13
when python-barcode, the encoder that draws the bars, would print exactly that value.
"""

from __future__ import annotations

import io
import logging
import re
import socket
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, Protocol

import barcode
from barcode.writer import ImageWriter, SVGWriter
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from devices import DeviceError
from devices.fonts import cjk_font

log = logging.getLogger(__name__)

Symbology = Literal["auto", "ean13", "code128"]
_DIGITS13 = re.compile(r"[0-9]{13}")
_DIGITS12 = re.compile(r"[0-9]{12}")
# Code 128 encodes ASCII 0-127; keep to printable ASCII plus GS (GS1 separators).
_CODE128 = re.compile(r"[\x1d\x20-\x7e]{1,80}")


class LabelError(DeviceError):
    code: ClassVar[str] = "label.invalid"


class PrinterError(DeviceError):
    code: ClassVar[str] = "printer.failed"


def _ean13_printed(body12: str) -> str:
    """The 13 digits python-barcode encodes for a 12-digit body: its own check digit appended."""
    printed: str = barcode.get("ean13", body12).get_fullcode()
    return printed


def ean13_check_digit(body12: str) -> str:
    """The check digit the EAN-13 encoder appends to `body12` (12 ASCII digits)."""
    if not _DIGITS12.fullmatch(body12):
        raise LabelError(f"EAN-13 body must be 12 ASCII digits, got {body12!r}", value=body12)
    return _ean13_printed(body12)[12]


def validate_ean13(code: str) -> bool:
    """True if `code` is 13 ASCII digits that the EAN-13 encoder prints unchanged."""
    return bool(_DIGITS13.fullmatch(code)) and _ean13_printed(code[:12]) == code


def choose_symbology(value: str, symbology: Symbology = "auto") -> Literal["ean13", "code128"]:
    """EAN-13 for valid GTIN-13s, Code 128 for the rest; refuses what cannot be printed."""
    if symbology == "ean13" or (symbology == "auto" and _DIGITS13.fullmatch(value)):
        if not validate_ean13(value):
            raise LabelError(f"{value!r} is not a valid EAN-13 (check digit)", value=value)
        return "ean13"
    if not _CODE128.fullmatch(value):
        raise LabelError(f"{value!r} cannot be printed as Code 128", value=value)
    return "code128"


def render_barcode(
    value: str, symbology: Symbology = "auto", fmt: Literal["svg", "png"] = "svg"
) -> bytes:
    """One barcode as an SVG or PNG file, via python-barcode."""
    kind = choose_symbology(value, symbology)
    writer = SVGWriter() if fmt == "svg" else ImageWriter(format="PNG")
    # python-barcode takes the 12-digit body and appends the check digit we already verified.
    data = value[:12] if kind == "ean13" else value
    code = barcode.get(kind, data, writer=writer)
    out = io.BytesIO()
    code.write(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class LabelItem:
    caption: str
    value: str
    symbology: Symbology = "auto"


# -- A4 sheet ------------------------------------------------------------------------------

_MARGIN = 36.0
_COLUMNS = 2
_CELL_H = 118.0
_BAR_H = 52.0
_TITLE_H = 34.0
_MIN_BAR_W = 0.75  # points: a module of at least 3 px at 300 dpi, 0.26 mm on paper
_MAX_BAR_W = 1.3


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _drawing(item: LabelItem, width: float) -> Drawing:
    kind = choose_symbology(item.value, item.symbology)
    if kind == "ean13":
        modules = 113.0  # 95 modules plus the widget's quiet zones and guard digits
        bar_w = min(_MAX_BAR_W, width / modules)
        return createBarcodeDrawing(
            "EAN13", value=item.value[:12], barWidth=bar_w, barHeight=_BAR_H, fontSize=9
        )
    modules = float(Code128(item.value, barWidth=1.0).width)
    bar_w = min(_MAX_BAR_W, width / modules)
    if bar_w < _MIN_BAR_W:
        raise LabelError(f"{item.value!r} is too long for one label", value=item.value)
    return createBarcodeDrawing(
        "Code128", value=item.value, barWidth=bar_w, barHeight=_BAR_H, humanReadable=False
    )


def barcode_sheet_pdf(title: str, items: list[LabelItem]) -> bytes:
    """An A4 PDF: the title, then a grid of captioned barcodes, as many pages as needed."""
    drawings = []
    page_w, page_h = A4
    cell_w = (page_w - 2 * _MARGIN) / _COLUMNS
    for item in items:  # validate everything before drawing anything
        drawings.append(_drawing(item, cell_w - 16))
    font = cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    rows = int((page_h - 2 * _MARGIN - _TITLE_H) // _CELL_H)
    per_page = rows * _COLUMNS
    pages = max(1, -(-len(items) // per_page))
    for page in range(pages):
        pdf.setFont(font, 14)
        pdf.drawString(_MARGIN, page_h - _MARGIN - 14, _fit(title, font, 14, page_w - 2 * _MARGIN))
        pdf.setFont(font, 8)
        pdf.drawRightString(page_w - _MARGIN, _MARGIN / 2, f"{page + 1}/{pages}")
        chunk = range(page * per_page, min(len(items), (page + 1) * per_page))
        for slot, index in enumerate(chunk):
            row, col = divmod(slot, _COLUMNS)
            x = _MARGIN + col * cell_w
            top = page_h - _MARGIN - _TITLE_H - row * _CELL_H
            _draw_cell(pdf, font, items[index], drawings[index], x, top, cell_w)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_cell(
    pdf: canvas.Canvas, font: str, item: LabelItem, drawing: Drawing, x: float, top: float, w: float
) -> None:
    pdf.setFont(font, 10)
    pdf.drawString(x + 8, top - 14, _fit(item.caption, font, 10, w - 16))
    bar_x = x + (w - float(drawing.width)) / 2
    bar_y = top - 22 - float(drawing.height)
    renderPDF.draw(drawing, pdf, bar_x, bar_y)
    if choose_symbology(item.value, item.symbology) == "code128":
        shown = item.value.replace("\x1d", "<GS>")
        pdf.setFont("Courier", 9)
        pdf.drawCentredString(x + w / 2, bar_y - 11, _fit(shown, "Courier", 9, w - 16))


# -- printers ------------------------------------------------------------------------------


class PrinterTarget(Protocol):
    def print_pdf(self, name: str, pdf: bytes) -> str:
        """Send a finished document (a PDF, or ZPL when `name` ends in .zpl); returns where
        it went."""
        ...


_SAFE_NAME = re.compile(r"[^0-9A-Za-z._\-\u4e00-\u9fff]+")


_SUFFIXES = (".pdf", ".zpl")  # what the station prints: documents, and thermal labels


def safe_filename(name: str) -> str:
    cleaned = _SAFE_NAME.sub("_", name).strip("._") or "document"
    return cleaned if cleaned.lower().endswith(_SUFFIXES) else cleaned + ".pdf"


class DirectoryPrinter:
    """Writes each document as a file; for stations that print from a shared folder."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def print_pdf(self, name: str, pdf: bytes) -> str:
        target = self.directory / safe_filename(name)
        tmp = target.with_suffix(".part")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(pdf)
            tmp.replace(target)  # a print-folder watcher never sees half a file
        except OSError as exc:
            raise PrinterError(f"cannot write {target}: {exc}", path=str(target)) from exc
        return str(target)


class CupsPrinter:
    """``lp -d QUEUE``; returns once ``lp`` is spawned, the bytes are fed on a thread."""

    def __init__(self, queue: str, lp: str = "lp") -> None:
        self.queue = queue
        self.lp = lp
        self.finished: list[tuple[str, int]] = []  # (name, lp exit status), for the log view

    def print_pdf(self, name: str, pdf: bytes) -> str:
        # ZPL is the printer's own language: CUPS must pass it through untouched.
        raw = ["-o", "raw"] if name.lower().endswith(".zpl") else []
        command = [self.lp, "-d", self.queue, "-t", name, *raw, "-"]
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise PrinterError(f"cannot run {self.lp}: {exc}", queue=self.queue) from exc
        feeder = threading.Thread(
            target=self._feed, args=(proc, name, pdf), name=f"lp-{self.queue}", daemon=True
        )
        feeder.start()
        self._last = feeder
        return f"cups:{self.queue}"

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the last job handed to ``lp`` (tests, orderly shutdown)."""
        last = getattr(self, "_last", None)
        if last is not None:
            last.join(timeout)

    def _feed(self, proc: subprocess.Popen[bytes], name: str, pdf: bytes) -> None:
        try:
            _, err = proc.communicate(pdf, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            proc.kill()
            proc.wait()
            log.error("printing %s on %s failed: %s", name, self.queue, exc)
            self.finished.append((name, -1))
            return
        if proc.returncode != 0:
            log.error("lp refused %s on %s: %s", name, self.queue, err.decode(errors="replace"))
        self.finished.append((name, proc.returncode))


class RawNetworkPrinter:
    """Sends the bytes to a raw TCP print port (JetDirect, 9100) and closes."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def print_pdf(self, name: str, pdf: bytes) -> str:
        where = f"{self.host}:{self.port}"
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.sendall(pdf)
                sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            raise PrinterError(f"cannot send {name} to {where}: {exc}", printer=where) from exc
        return f"raw:{where}"
