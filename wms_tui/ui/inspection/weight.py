"""What the scale reads right now: one line in the side panel, only when a scale is given.

The reading is for the inspector's eye; the pass decision reads the scale itself inside the
pipeline's transaction, so this line may lag by a tick without changing anything.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.inspection.records import Scale
from wms_tui.i18n import _

REFRESH_S = 0.5


class InspectionWeight(Static):
    def __init__(self, scale: Scale | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._scale = scale

    def on_mount(self) -> None:
        self.display = self._scale is not None
        if self._scale is not None:
            self.show_reading()
            self.set_interval(REFRESH_S, self.show_reading)

    def show_reading(self) -> None:
        if self._scale is None:
            return
        grams = self._scale.read_grams()
        if grams is None:
            self.update(Text(_("inspect.ui.weight.none"), style="italic"))
        else:
            self.update(Text(_("inspect.ui.weight.grams", grams=grams), style="bold"))
