"""The orders a search found: one row per order, keyed by order number."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from wms_tui.core.orders.desk import OrderHit
from wms_tui.core.orders.words import status_words, when
from wms_tui.core.text import printable
from wms_tui.i18n import _

_COLUMNS = (
    "order.desk.col.order",
    "order.desk.col.status",
    "order.desk.col.paid",
    "order.desk.col.buyer",
    "order.desk.col.waybill",
    "order.desk.col.shop",
)


class OrderHits(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, hits: Sequence[OrderHit]) -> None:
        self.clear(columns=True)
        rows = [(hit.order_no, _row(hit)) for hit in hits]
        labels = [Text(_(msgid)) for msgid in _COLUMNS]
        # Widths from the content: a table rebuilt while a refresh is pending may otherwise
        # size its columns from the headers alone.
        for n, (msgid, label) in enumerate(zip(_COLUMNS, labels, strict=True)):
            width = max([label.cell_len, *(cells[n].cell_len for _no, cells in rows)])
            self.add_column(label, key=msgid, width=width)
        for order_no, cells in rows:
            self.add_row(*cells, key=order_no)

    def selected(self) -> str:
        """The order number under the cursor, or "" when the table is empty."""
        if self.row_count == 0:
            return ""
        cell = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0))
        return str(cell.row_key.value or "")


def _row(hit: OrderHit) -> list[Text]:
    held = hit.status.value == "on_hold"
    return [
        Text(hit.order_no, style="bold"),
        Text(status_words(hit.status), style="bold red" if held else ""),
        Text(when(hit.paid_at)),
        Text(printable(hit.buyer, 16)),
        Text(printable(hit.waybill, 24)),
        Text(printable(hit.shop, 16)),
    ]
