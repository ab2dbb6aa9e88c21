"""A printed PDF read back: which fonts its text uses and whether the file carries them,
and what a scanner and a person read on a page (pdfium draws it, zxing decodes)."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp

# The PDF standard's 14 base fonts: every viewer and printer has them, so Latin digits and
# barcode captions may use them unembedded. Anything else must be in the file.
BASE_14 = {"Helvetica", "Helvetica-Bold", "Courier", "Courier-Bold", "Times-Roman"}


def font_name(font: object) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def fonts_used(pdf: bytes) -> list[tuple[str, bool, str]]:
    """For each text object on every page: (its font, embedded in the file?, its text)."""
    document = pdfium.PdfDocument(pdf)
    used: list[tuple[str, bool, str]] = []
    try:
        for page in document:
            text = page.get_textpage()
            for obj in page.get_objects():
                if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                    font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                    left, bottom, right, top = obj.get_bounds()
                    shown = text.get_text_bounded(left, bottom, right, top)
                    embedded = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
                    used.append((font_name(font), embedded, shown))
    finally:
        document.close()
    return used


def read_page(pdf: bytes, index: int = 0, dpi: int = 203) -> tuple[list[str], str]:
    """A page as a scanner and a person read it: every barcode decoded from the page drawn
    at `dpi` (sorted), and its text."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=dpi / 72).to_pil()
        codes = sorted(bytes(b.bytes).decode("ascii") for b in zxingcpp.read_barcodes(image))
        return codes, str(page.get_textpage().get_text_range())
    finally:
        document.close()
