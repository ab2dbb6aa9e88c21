"""The next stops of the walk, so the picker sees where the route goes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.picking.display import PickDisplay
from wms_tui.core.text import shown
from wms_tui.i18n import _


class PickUpcoming(Static):
    def show(self, display: PickDisplay) -> None:
        text = Text(_("pick.ui.upcoming") + "\n", style="bold")
        if not display.wave_no:
            self.update(Text())  # no wave open: no route to show, nor its "last stop"
            return
        if not display.upcoming:
            text.append(_("pick.ui.upcoming_none"), style="italic")
        for stop in display.upcoming:
            text.append(shown(f"{stop.location:<10} "), style="bold")
            text.append(shown(f"{stop.sku_code} ×{stop.open}") + "\n", style="")
        self.update(text)
