"""Which fonts a PDF's text uses, and whether the file carries them (pdfium reads it)."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

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
