"""The one way a command writes a workbook a shop owner opens in Excel or WPS: a sheet per
table, its header frozen, numbers as numbers, and every cell a spreadsheet could run as a
formula neutralised (core/exports.py)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from wms_tui.core.exports import neutralise

# A sheet: its title, its header, its rows.
Sheet = tuple[str, Sequence[object], Iterable[Sequence[object]]]


def workbook(sheets: Iterable[Sheet]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's longest sheet name
        sheet.append([neutralise(cell) for cell in header])
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
