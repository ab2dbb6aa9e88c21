"""What an import is made of: the table read from a file, its problems and its records."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from wms_tui.core.errors import ImportRejected
from wms_tui.core.model import Barcode, KitComponent, Location, Order, Sku
from wms_tui.i18n import _


class ImportKind(StrEnum):
    SKUS = "skus"
    LOCATIONS = "locations"
    STOCK = "stock"
    ORDERS = "orders"


@dataclass(frozen=True)
class Table:
    """A sheet as the user sees it: row numbers as in Excel (the header is row 1)."""

    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str = ""


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # 0: the file as a whole
    column: str
    value: str
    msgid: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self) -> str:
        return _(
            "import.problem",
            file=self.file,
            row=self.row,
            column=self.column,
            value=printable(self.value),
            reason=_(self.msgid, **self.params),
        )


def printable(value: str, limit: int = 40) -> str:
    """Shows control characters as escapes so a bad cell cannot garble the screen."""
    shown = "".join(ch if unicodedata.category(ch) != "Cc" else repr(ch)[1:-1] for ch in value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def reject(file: str, problems: list[Problem]) -> ImportRejected:
    return ImportRejected(file=file, count=len(problems), problems=problems)


class ImportLookup(Protocol):
    """What validation needs to know about the database (a unit of work provides it)."""

    def sku(self, code: str) -> Sku | None: ...

    def barcode_owner(self, code: str) -> str | None: ...

    def components(self, kit_code: str) -> list[KitComponent]: ...

    def location(self, code: str) -> Location | None: ...

    def order(self, order_no: str) -> Order | None: ...

    def order_by_code(self, code: str) -> Order | None: ...


@dataclass(frozen=True)
class SkuRecord:
    row: int
    sku: Sku
    barcodes: list[Barcode]
    components: list[KitComponent]


@dataclass(frozen=True)
class StockRecord:
    row: int
    sku_code: str
    location: str
    qty: int


@dataclass(frozen=True)
class OrderRecord:
    row: int
    order: Order
    confirm: bool
