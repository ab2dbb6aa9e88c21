"""The orders a search found: one row per order, keyed by order number."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wms_tui.core.orders.desk import OrderHit
from wms_tui.core.orders.words import status_words, when
from wms_tui.core.text import printable
from wms_tui.ui.common.keyed_table import KeyedTable

_COLUMNS = (
    "order.desk.col.order",
    "order.desk.col.status",
    "order.desk.col.paid",
    "order.desk.col.buyer",
    "order.desk.col.waybill",
    "order.desk.col.shop",
)


class OrderHits(KeyedTable):
    def show(self, hits: Sequence[OrderHit]) -> None:
        # The desk puts the cursor where it wants it (the first order of a new search).
        self.fill(_COLUMNS, [(hit.order_no, _row(hit)) for hit in hits], keep_cursor=False)


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
