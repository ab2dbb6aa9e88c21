"""Reading shop exports: CSV (UTF-8, GB18030/GBK, UTF-16 ...) and XLSX, cells as text.

Cells are not stripped: ` 12` must reach validation as typed so it can be refused. What is
wrong with a file is named with its place: the row of an unclosed quote, the cell of a
number Excel could not keep, the sheets that were not read.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl

from wms_tui.bootstrap.encoding import UnknownEncoding, decode
from wms_tui.core.errors import ImportRejected
from wms_tui.core.imports import Problem, Table, reject
from wms_tui.core.imports.cells import clean_header
from wms_tui.core.imports.table import SHEET_ROWS

# Shop exports write long numbers as ="0123..." so Excel keeps them as text.
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)
_MAX_BYTES = 50 * 1024 * 1024
_ZIP = b"PK\x03\x04"  # an XLSX workbook is a zip
_OLE = b"\xd0\xcf\x11\xe0"  # an Excel 97-2003 .xls workbook
# Excel keeps 15 significant digits: a longer number typed into a cell is already changed.
_EXACT_DIGITS = 10**15


def read_table(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Raises ImportRejected naming what is wrong when the file cannot be read as a table."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(name, "import.unreadable", why=exc.strerror or str(exc)) from None
    if size > _MAX_BYTES:
        raise _unreadable(name, "import.too_large", limit_mb=_MAX_BYTES // (1024 * 1024))
    if head.startswith(_OLE):
        raise _unreadable(name, "import.xls_file")
    # By content, not by name: a workbook saved as `.csv` is still a workbook.
    if head.startswith(_ZIP):
        return read_xlsx(path, sheet)
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise _unreadable(name, "import.unsupported_file", suffix=path.suffix or name)
    return read_csv(path, encoding)


def _unreadable(file: str, msgid: str, **params: object) -> ImportRejected:
    return reject(file, [Problem(file, 0, "", "", msgid, params)])


def read_csv(path: Path, encoding: str | None = None) -> Table:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(name, "import.unreadable", why=exc.strerror or str(exc)) from None
    try:
        text, used = decode(data, encoding)
    except LookupError:
        raise _unreadable(name, "import.unknown_encoding", encoding=encoding) from None
    except UnicodeDecodeError as exc:
        if encoding:
            raise _unreadable(
                name, "import.wrong_encoding", encoding=encoding, offset=exc.start
            ) from None
        raise _unreadable(name, "import.bad_encoding") from None
    except UnknownEncoding:
        raise _unreadable(name, "import.bad_encoding") from None
    return table_from_text(name, text, used)


def table_from_text(name: str, text: str, encoding: str = "") -> Table:
    if not text.strip():
        raise _unreadable(name, "import.empty")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        # The record that failed is the next one: its row as Excel would number it.
        row = len(records) + 1
        msgid = "import.unclosed_quote" if "end of data" in str(exc) else "import.stray_quote"
        raise reject(name, [Problem(name, row, "", "", msgid, {"row": row})]) from None
    table = _table(name, [[_unwrap(c) for c in r] for r in records])
    source = f"{encoding}; " + ", ".join(h for h in table.header if h)
    return Table(name, table.header, table.rows, encoding, source=source)


def _unwrap(cell: str) -> str:
    match = _EXCEL_TEXT.fullmatch(cell)
    return match[1] if match else cell


def _table(name: str, records: list[list[str]], base: int = 0, label: str = "") -> Table:
    """`base` numbers the rows of a workbook's later sheets apart (table.SHEET_ROWS)."""
    if not records or not any(c.strip() for c in records[0]):
        raise _unreadable(label or name, "import.no_header")
    header = [c.replace("\ufeff", "").strip() for c in records[0]]
    rows: list[tuple[int, dict[str, str]]] = []
    headless: list[Problem] = []
    for number, record in enumerate(records[1:], start=2):
        cells = {h: (record[i] if i < len(record) else "") for i, h in enumerate(header) if h}
        rows.append((base + number, cells))
        # A value with no header above it would be dropped without a word: a shifted row.
        headless += [
            Problem(label or name, number, f"#{i + 1}", cell, "import.no_header_cell", {"n": i + 1})
            for i, cell in enumerate(record)
            if cell.strip() and (i >= len(header) or not header[i])
        ]
    if headless:
        raise reject(name, headless)
    return Table(name, header, rows)


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


def _inexact(value: object) -> bool:
    """A number that cannot be an identifier exactly: a fraction, or more digits than
    Excel keeps (a 19-digit order number typed as a number is already rounded)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return not value.is_integer() or abs(value) >= _EXACT_DIGITS
    if isinstance(value, int):
        return abs(value) >= _EXACT_DIGITS
    if isinstance(value, Decimal):
        return value != value.to_integral_value() or abs(value) >= _EXACT_DIGITS
    return False


def _sheet_records(sheet: object) -> tuple[list[list[str]], set[tuple[int, int]]]:
    records: list[list[str]] = []
    inexact: set[tuple[int, int]] = set()
    # Read-only sheets skip nothing: each row, even an empty one, keeps its Excel number.
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):  # type: ignore[attr-defined]
        records.append([_unwrap(cell_text(v)) for v in values])
        inexact |= {(number, i) for i, v in enumerate(values) if _inexact(v)}
    return records, inexact


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    name = path.name
    try:
        # From bytes: openpyxl refuses a workbook by its name when it is not `.xlsx`.
        workbook = openpyxl.load_workbook(
            io.BytesIO(path.read_bytes()), read_only=True, data_only=True
        )
    except Exception as exc:  # bad zip, not a workbook, missing parts: all mean unreadable
        raise _unreadable(name, "import.unreadable", why=type(exc).__name__) from None
    try:
        sheets: list[tuple[str, list[list[str]], set[tuple[int, int]]]] = []
        names = [ws.title for ws in workbook.worksheets]
        if sheet is not None and sheet not in names:
            raise _unreadable(name, "import.no_such_sheet", sheet=sheet, sheets=", ".join(names))
        for ws in workbook.worksheets:
            if sheet is None or ws.title == sheet:
                records, inexact = _sheet_records(ws)
                if any(any(c.strip() for c in r) for r in records):
                    sheets.append((ws.title, records, inexact))
    except ImportRejected:
        raise
    except Exception as exc:
        raise _unreadable(name, "import.unreadable", why=type(exc).__name__) from None
    finally:
        workbook.close()
    if not sheets:
        raise _unreadable(name, "import.empty")
    return _workbook_table(name, sheets)


def _workbook_table(
    name: str, sheets: list[tuple[str, list[list[str]], set[tuple[int, int]]]]
) -> Table:
    """Every sheet whose first row is the first sheet's header is read, rows told apart
    by sheet; a sheet with other columns is refused by name rather than left out."""
    first_header = [clean_header(c) for c in sheets[0][1][0]]
    same = [s for s in sheets if [clean_header(c) for c in s[1][0]] == first_header]
    other = [s[0] for s in sheets if s not in same]
    if other:
        problem = Problem(name, 0, "", "", "import.sheets_not_read",
                          {"sheets": ", ".join(other), "first": sheets[0][0]})  # fmt: skip
        raise reject(name, [problem])
    titles = tuple(title for title, _r, _i in same)
    rows: list[tuple[int, dict[str, str]]] = []
    inexact: set[tuple[int, str]] = set()
    header: list[str] = []
    for index, (title, records, numbers) in enumerate(same):
        base = index * SHEET_ROWS
        part = _table(name, records, base, f"{name} [{title}]" if len(same) > 1 else "")
        header = header or part.header
        rows += part.rows
        inexact |= {(base + r, part.header[c]) for r, c in numbers if c < len(part.header)}
    source = "xlsx " + ", ".join(titles) + "; " + ", ".join(h for h in header if h)
    return Table(name, header, rows, "xlsx", frozenset(inexact), source,
                 sheets=titles if len(titles) > 1 else ())  # fmt: skip
