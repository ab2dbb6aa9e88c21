"""What an import is made of: the table read from a file, its problems and its records."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from wms_tui.core.errors import ImportRejected
from wms_tui.core.model import Barcode, KitComponent, Location, Order, Sku
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.core.text import printable
from wms_tui.i18n import _


class ImportKind(StrEnum):
    SKUS = "skus"
    LOCATIONS = "locations"
    STOCK = "stock"
    ORDERS = "orders"
    PURCHASE_ORDERS = "purchase_orders"


# A workbook's sheets are read as one table; the rows of its n-th sheet are numbered
# n * SHEET_ROWS + their Excel row (Excel has 1,048,576 rows), and told apart when shown.
SHEET_ROWS = 10_000_000


@dataclass(frozen=True)
class Table:
    """A sheet as the user sees it: row numbers as in Excel (the header is row 1)."""

    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str = ""
    # (row, header) of XLSX cells that held a number which cannot carry an identifier
    # exactly (a fraction, or more digits than Excel keeps): refused where a code is read.
    inexact: frozenset[tuple[int, str]] = frozenset()
    # How the rows were read, shown in the report: the encoding or the sheets, and the
    # headings as decoded.
    source: str = ""
    sheets: tuple[str, ...] = ()  # the sheets read, when more than one

    def place(self, problem: Problem) -> Problem:
        """The problem with its sheet and Excel row, when rows came from several sheets."""
        if not self.sheets:
            return problem
        params = dict(problem.params)
        if isinstance(params.get("first_row"), int):
            params["first_row"] = self._label(int(str(params["first_row"])))
        sheet, row = divmod(problem.row, SHEET_ROWS)
        file = f"{problem.file} [{self.sheets[min(sheet, len(self.sheets) - 1)]}]"
        return replace(problem, file=file, row=row, params=params)

    def _label(self, row: int) -> str:
        sheet, number = divmod(row, SHEET_ROWS)
        return f"{self.sheets[min(sheet, len(self.sheets) - 1)]}:{number}"


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


def reject(file: str, problems: list[Problem]) -> ImportRejected:
    return ImportRejected(file=file, count=len(problems), problems=problems)


class ImportLookup(Protocol):
    """What validation needs to know about the database, one code at a time; the service
    answers it from sets read in a few statements before validation (imports/known.py)."""

    def sku(self, code: str) -> Sku | None: ...

    def barcode_owner(self, code: str) -> str | None: ...

    def components(self, kit_code: str) -> list[KitComponent]: ...

    def location(self, code: str) -> Location | None: ...

    def order(self, order_no: str) -> Order | None: ...

    def order_by_code(self, code: str) -> Order | None: ...

    def purchase_order(self, po_no: str) -> tuple[PurchaseOrder, list[PoLine]] | None: ...


@dataclass(frozen=True)
class SkuRecord:
    row: int
    sku: Sku
    barcodes: list[Barcode]
    components: list[KitComponent]
    # The file has a minimum shelf life column: its cell decides (empty: the station's
    # setting); without the column, a SKU already known keeps what it had.
    shelf_life_given: bool = False


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


@dataclass(frozen=True)
class PoRecord:
    row: int
    po: PurchaseOrder
    lines: tuple[PoLine, ...]
