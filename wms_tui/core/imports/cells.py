"""Reading one cell at a time: columns by English or Chinese header, strict values."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TypeVar

from wms_tui.core.codes import gs1_check_digit, is_gtin_shape, is_valid_gtin
from wms_tui.core.imports.columns import (
    COLUMNS,
    FIELD_LIMITS,
    IGNORED,
    MAX_QTY,
    REQUIRED,
)
from wms_tui.core.imports.table import ImportKind, Problem, Table
from wms_tui.core.model import (
    BarcodeKind,
    KitComponent,
    Order,
    OrderLine,
    is_valid_code,
    parse_quantity,
)
from wms_tui.core.text import printable, unsafe_chars

T = TypeVar("T")
_MULTILINE = frozenset({"buyer_remark", "seller_remark"})  # buyers do write line breaks

_PRICE = re.compile(r"([0-9]{1,7})(?:\.([0-9]{1,2}))?")
_DATETIME = re.compile(
    r"[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
_KIT_PART = re.compile(r"\s*([^*×\s]+)\s*[*×]\s*(\S+)\s*")
SHOP_TIMEZONE = timezone(timedelta(hours=8))  # shops export China time without an offset


def clean_header(text: str) -> str:
    # Exports write `商品数量（件）` as often as `商品数量(件)`; spaces never matter.
    text = text.replace("\ufeff", "").replace("（", "(").replace("）", ")")
    return "".join(text.split()).lower()


def map_columns(
    kind: ImportKind, table: Table, ignore: frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[Problem]]:
    """Canonical column -> the header text used in this file. A heading that is neither
    accepted, known to carry nothing we keep, nor in `ignore` is a problem."""
    aliases = {clean_header(a): name for name, names in COLUMNS[kind].items() for a in names}
    dropped = IGNORED[kind] | {clean_header(name) for name in ignore}
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for header in table.header:
        name = aliases.get(clean_header(header))
        if name is None:
            if clean_header(header) and clean_header(header) not in dropped:
                problems.append(Problem(table.file, 1, header, header, "import.unknown_column"))
            continue
        if name in found:
            problems.append(Problem(table.file, 1, header, header, "import.duplicate_column"))
        found[name] = header
    for name in REQUIRED[kind]:
        if name not in found:
            problems.append(Problem(table.file, 1, name, "", "import.missing_column"))
    return found, problems


class RowReader:
    """Reads one row's cells; records at most one problem per cell and returns None for it."""

    def __init__(
        self,
        file: str,
        row: int,
        cells: dict[str, str],
        columns: dict[str, str],
        inexact: frozenset[str] = frozenset(),
    ) -> None:
        self.file, self.row, self.problems = file, row, list[Problem]()
        self.cells = {name: cells.get(header, "") for name, header in columns.items()}
        self.inexact = inexact  # columns whose cell was a number Excel could not keep exact

    def add(self, column: str, value: str, msgid: str, **params: object) -> None:
        self.problems.append(Problem(self.file, self.row, column, value, msgid, params))

    def raw(self, column: str, *, required: bool = False) -> str | None:
        value = self.cells.get(column, "")
        bad = unsafe_chars(value, "\r\n\t" if column in _MULTILINE else "")
        if bad:
            shown = " ".join(printable(ch) for ch in bad)
            self.add(column, value, "import.control_chars", chars=shown)
            return None
        if required and not value.strip():
            self.add(column, value, "import.required")
            return None
        limit = FIELD_LIMITS.get(column)
        if limit is not None and len(value.strip()) > limit:
            self.add(column, value, "import.too_long", limit=limit, length=len(value.strip()))
            return None
        return value

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.raw(column, required=required)
        return "" if value is None else value.strip()

    def code(
        self, column: str, *, required: bool = False, allow_virtual: bool = False
    ) -> str | None:
        value = self.raw(column, required=required)
        if value is None or value == "":
            return None if value is None or required else ""
        if column in self.inexact:
            self.add(column, value, "import.inexact_number")
            return None
        if len(value) > 64:
            self.add(column, value, "import.too_long", limit=64, length=len(value))
            return None
        if not is_valid_code(value) or (value.startswith("@") and not allow_virtual):
            self.add(column, value, "import.bad_code")
            return None
        return value

    def qty(
        self, column: str, *, allow_zero: bool = False, default: int | None = None
    ) -> int | None:
        value = self.raw(column)
        if value is None:
            return None
        if value == "" and default is not None:
            return default
        if not value.isascii() or not value.isdigit():
            self.add(column, value, "import.bad_quantity")
            return None
        if int(value) > MAX_QTY:
            self.add(column, value, "import.qty_too_large", max=f"{MAX_QTY:,}")
            return None
        if int(value) == 0 and not allow_zero:
            self.add(column, value, "import.qty_zero")
            return None
        return parse_quantity(value.lstrip("0").rjust(1, "0"), allow_zero=allow_zero)

    def choice(
        self, column: str, options: Mapping[str, T], msgid: str, default: T | None
    ) -> T | None:
        value = self.raw(column)
        if value is None:
            return None
        if value.strip() == "":
            return default
        picked = options.get(value.strip().lower())
        if picked is None:
            allowed = ", ".join(sorted({str(v) for v in options.values()}))
            self.add(column, value, msgid, allowed=allowed)
        return picked

    def barcode(self, column: str) -> tuple[str, BarcodeKind] | None:
        code = self.code(column)
        if not code:
            return None
        if is_gtin_shape(code):
            if not is_valid_gtin(code):
                self.add(
                    column, code, "import.bad_check_digit", expected=gs1_check_digit(code[:-1])
                )
                return None
            return code, BarcodeKind.PRODUCT
        return code, BarcodeKind.MERCHANT

    def price_cents(self, column: str) -> int | None:
        value = self.raw(column)
        if not value:
            return 0 if value == "" else None
        match = _PRICE.fullmatch(value)
        if match is None:
            self.add(column, value, "import.bad_price")
            return None
        return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))

    def when(self, column: str) -> datetime | None:
        value = self.raw(column)
        if not value:
            return None
        found = _shop_time(value)
        if found is None:
            self.add(column, value, "import.bad_datetime")
        return found

    def day(self, column: str) -> date | None:
        """A date as the shops and Excel write it: 2026-12-08, 2026/12/8, 20261208, or a
        date cell read as midnight. None (with a problem) when it is none of these."""
        value = self.raw(column)
        if not value or not value.strip():
            return None
        found = _day(value.strip())
        if found is None:
            self.add(column, value, "import.bad_date")
        return found


@lru_cache(maxsize=4096)
def _day(value: str) -> date | None:
    match = _DAY.fullmatch(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


_DAY = re.compile(r"(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[ T]00:00(?::00)?)?")


@lru_cache(maxsize=4096)
def _shop_time(value: str) -> datetime | None:
    """Cached: an export repeats the same payment minute on many lines."""
    if _DATETIME.fullmatch(value):
        text = value.replace("/", "-").replace("T", " ")
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                local = datetime.strptime(text, fmt)
            except ValueError:
                continue
            return local.replace(tzinfo=SHOP_TIMEZONE).astimezone(UTC)
    return None


def rows_of(table: Table, kind: ImportKind) -> Iterator[RowReader]:
    columns = map_columns(kind, table)[0]
    names = {header: name for name, header in columns.items()}
    inexact: dict[int, frozenset[str]] = {}
    for number, header in table.inexact:
        if header in names:
            inexact[number] = inexact.get(number, frozenset()) | {names[header]}
    for number, cells in table.rows:
        if any(v.strip() for v in cells.values()):
            yield RowReader(table.file, number, cells, columns, inexact.get(number, frozenset()))


def parse_kit(text: str) -> list[tuple[str, str]] | None:
    """`SKU*2;SKU2*1` -> [(code, qty text)]; None when it is not in that form."""
    parts = [p for p in re.split(r"[;；]", text) if p.strip()]
    pairs = [_KIT_PART.fullmatch(p) for p in parts]
    if not parts or any(m is None for m in pairs):
        return None
    return [(m[1], m[2]) for m in pairs if m is not None]


def expand_line(
    line_no: int,
    sku_code: str,
    qty: int,
    is_gift: bool,
    components: Callable[[str], list[KitComponent]],
) -> list[OrderLine]:
    """A kit on an order becomes its component lines, each remembering the kit."""
    parts = components(sku_code)
    if not parts:
        return [OrderLine(line_no, sku_code, qty, is_gift)]
    return [
        OrderLine(line_no + i, c.component_code, c.qty * qty, is_gift, kit_code=sku_code)
        for i, c in enumerate(sorted(parts, key=lambda c: c.component_code))
    ]


def same_order_content(a: Order, b: Order) -> bool:
    """Equal as imported; status and version move on in the warehouse and do not count."""
    fields = (
        "platform", "shop", "platform_order_no", "buyer", "courier", "waybill",
        "buyer_remark", "seller_remark", "paid_at", "priority", "merged_from", "lines",
    )  # fmt: skip
    return all(getattr(a, f) == getattr(b, f) for f in fields)
