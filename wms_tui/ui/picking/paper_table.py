"""Paper confirmation: the printed list's open stops, with what was found where it was short."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.picking.display import StopInfo
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain


class PickPaperTable(DataTable[Text]):
    def show(self, stops: tuple[StopInfo, ...], found: Mapping[tuple[str, str], int]) -> None:
        self.clear(columns=True)
        self.cursor_type = "row"
        for msgid in (
            "pick.list.col.location",
            "pick.list.col.sku",
            "pick.ui.name",
            "pick.ui.open",
            "pick.ui.found",
        ):
            self.add_column(Text(_(msgid)), key=msgid)
        for stop in stops:
            key = (stop.location, stop.sku_code)
            short = key in found
            taken = found.get(key, stop.open)
            style = "bold" if short else ""
            self.add_row(
                plain(stop.location, style="bold"),
                plain(stop.sku_code),
                plain(stop.name),
                Text(str(stop.open)),
                Text(str(taken), style=style + (" reverse" if short else "")),
                key="|".join(key),
            )
