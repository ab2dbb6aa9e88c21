"""Orders the last wave build left confirmed, each with what the bins were short of."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.picking.waves import NotAllocated
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain


class WavesUnallocated(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, left: Sequence[NotAllocated], limit: int) -> None:
        """Rendered from the plan, not from text: a language switch re-renders the reasons."""
        self.clear(columns=True)
        for msgid in ("pick.waves.col.order", "pick.waves.col.reason"):
            self.add_column(Text(_(msgid)), key=msgid)
        for entry in left[:limit]:
            self.add_row(
                plain(entry.order_no, style="bold"),
                Text("; ".join(shortage.message() for shortage in entry.shortages)),
                key=entry.order_no,
            )
