"""Importing shop exports: pure checking of a table read from a CSV or XLSX file."""

from wms_tui.core.codes import gs1_check_digit, is_valid_gs1
from wms_tui.core.imports.cells import expand_line, same_order_content
from wms_tui.core.imports.columns import COLUMNS, REQUIRED
from wms_tui.core.imports.known import ImportStore, Known, prefetch
from wms_tui.core.imports.table import (
    ImportKind,
    ImportLookup,
    OrderRecord,
    Problem,
    SkuRecord,
    StockRecord,
    Table,
    reject,
)
from wms_tui.core.imports.validate import (
    Record,
    validate,
    validate_locations,
    validate_orders,
    validate_skus,
    validate_stock,
)
from wms_tui.core.text import printable

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "ImportKind",
    "ImportLookup",
    "ImportStore",
    "Known",
    "OrderRecord",
    "Problem",
    "Record",
    "SkuRecord",
    "StockRecord",
    "Table",
    "expand_line",
    "gs1_check_digit",
    "is_valid_gs1",
    "prefetch",
    "printable",
    "reject",
    "same_order_content",
    "validate",
    "validate_locations",
    "validate_orders",
    "validate_skus",
    "validate_stock",
]
