"""Reading shop exports: CSV (UTF-8, UTF-8 with BOM or GB18030) and XLSX, cells as text.

Cells are not stripped: ` 12` must reach validation as typed so it can be refused.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl

from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import Problem, Table, reject

# Shop exports write long numbers as ="0123..." so Excel keeps them as text.
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)
_MAX_BYTES = 50 * 1024 * 1024


def read_table(path: Path) -> Table:
    """Raises ImportRejected with one problem when the file cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    raise _unreadable(path.name, "import.unsupported_file", suffix=suffix or path.name)


def _unreadable(file: str, msgid: str, **params: object) -> ImportRejected:
    return reject(file, [Problem(file, 0, "", "", msgid, params)])


def decode(data: bytes) -> tuple[str, str]:
    """Strict UTF-8 first (a stray GBK byte never passes it), then GB18030 (covers GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            encoding = "utf-8-bom" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding
    raise UnicodeDecodeError("gb18030", data, 0, len(data), "neither UTF-8 nor GB18030")


def read_csv(path: Path) -> Table:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(name, "import.unreadable", why=exc.strerror or str(exc)) from None
    if len(data) > _MAX_BYTES:
        raise _unreadable(name, "import.too_large", limit_mb=_MAX_BYTES // (1024 * 1024))
    if b"\x00" in data:
        raise _unreadable(name, "import.not_csv")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise _unreadable(name, "import.bad_encoding") from None
    return table_from_text(name, text, encoding)


def table_from_text(name: str, text: str, encoding: str = "") -> Table:
    if not text.strip():
        raise _unreadable(name, "import.empty")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise _unreadable(name, "import.not_csv_detail", why=str(exc)) from None
    return _table(name, [[_unwrap(c) for c in r] for r in records], encoding)


def _unwrap(cell: str) -> str:
    match = _EXCEL_TEXT.fullmatch(cell)
    return match[1] if match else cell


def _table(name: str, records: list[list[str]], encoding: str) -> Table:
    if not records or not any(c.strip() for c in records[0]):
        raise _unreadable(name, "import.no_header")
    header = [c.replace("\ufeff", "").strip() for c in records[0]]
    rows: list[tuple[int, dict[str, str]]] = []
    headless: list[Problem] = []
    for number, record in enumerate(records[1:], start=2):
        cells = {h: (record[i] if i < len(record) else "") for i, h in enumerate(header) if h}
        rows.append((number, cells))
        # A value with no header above it would be dropped without a word: a shifted row.
        headless += [
            Problem(name, number, f"#{i + 1}", cell, "import.no_header_cell", {"n": i + 1})
            for i, cell in enumerate(record)
            if cell.strip() and (i >= len(header) or not header[i])
        ]
    if headless:
        raise reject(name, headless)
    return Table(name, header, rows, encoding)


def cell_text(value: object) -> str:
    """XLSX cell values as the user sees them: 12 not 12.0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def read_xlsx(path: Path) -> Table:
    name = path.name
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # bad zip, not a workbook, missing parts: all mean unreadable
        raise _unreadable(name, "import.unreadable", why=type(exc).__name__) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise _unreadable(name, "import.empty")
        records: list[list[str]] = []
        # Read-only sheets skip nothing: each row, even an empty one, keeps its Excel number.
        for values in sheet.iter_rows(min_row=1, values_only=True):
            records.append([_unwrap(cell_text(v)) for v in values])
    except ImportRejected:
        raise
    except Exception as exc:
        raise _unreadable(name, "import.unreadable", why=type(exc).__name__) from None
    finally:
        workbook.close()
    if not any(any(c.strip() for c in r) for r in records):
        raise _unreadable(name, "import.empty")
    return _table(name, records, "xlsx")
