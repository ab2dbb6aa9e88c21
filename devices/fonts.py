"""The one Chinese font every PDF the station prints embeds.

A PDF that only *names* a CJK font (reportlab's CID fonts such as STSong-Light) prints Chinese
only where the viewer or printer has a CJK font of its own; the PCs at a packing bench often
have none, and the handover list would print blank where the courier and the buyer's name go.
So every PDF embeds WenQuanYi Micro Hei, which ships as a pip package pinned in the
constraints: nothing to install by hand. reportlab subsets it, so a page carries only the glyphs
it uses (a handover list of 2,000 parcels stays well under a megabyte).
"""

from __future__ import annotations

import threading
from importlib.resources import files
from typing import ClassVar

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from devices import DeviceError

CJK_FONT = "WenQuanYiMicroHei"
_PACKAGE = "paperang_p2_fonts_cjk"
_FILE = "fonts/wqy-microhei.ttc"
_lock = threading.Lock()


class FontError(DeviceError):
    code: ClassVar[str] = "printer.font_missing"


def cjk_font_path() -> str:
    """The font file itself (a TrueType collection: index 0 is the proportional face), for
    drawing text as pixels (ZPL graphic fields)."""
    try:
        path = files(_PACKAGE) / _FILE
        if not path.is_file():
            raise FileNotFoundError(str(path))
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise FontError(f"the Chinese font {_PACKAGE}/{_FILE} is missing: {exc}") from exc
    # A pip install unpacks the wheel, so the resource is a real file with a path.
    return str(path)


def cjk_font() -> str:
    """Register the embedded Chinese font once per process and return its name."""
    with _lock:
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(CJK_FONT, cjk_font_path(), subfontIndex=0))
            except OSError as exc:
                detail = f"the Chinese font {_PACKAGE}/{_FILE} cannot be read: {exc}"
                raise FontError(detail) from exc
    return CJK_FONT
