"""The wave being picked: its number, kind and progress (stops and items)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.picking.display import PickDisplay
from wms_tui.i18n import _


class PickHeader(Static):
    def show(self, display: PickDisplay) -> None:
        if not display.wave_no or display.kind is None:
            self.update(Text(_("pick.ui.no_wave"), style="italic"))
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_("pick.ui.wave") + " ")
        text.append(display.wave_no, style="bold")
        text.append(f"  {_('pick.kind.' + display.kind.value)}   ")
        text.append(_("pick.ui.stops", done=display.stops_done, total=display.stops_total))
        text.append("   ")
        text.append(
            _("pick.ui.items", picked=display.items_picked, total=display.items_total),
            style="bold",
        )
        self.update(text)
