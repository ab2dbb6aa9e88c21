"""The last scans of the open order, newest first, as stored (so a restart shows them too)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.inspection.records import EventKind
from wms_tui.core.inspection.rules import InspectionState, hhmm
from wms_tui.i18n import _
from wms_tui.ui.common.text import visible

_MARKS = {
    EventKind.COUNT: ("inspect.ui.recent.count", "green"),
    EventKind.WRONG: ("inspect.ui.recent.wrong", "bold red"),
    EventKind.PROBLEM: ("inspect.ui.recent.problem", "bold yellow"),
    EventKind.REMOVE: ("inspect.ui.recent.remove", "yellow"),
}


class InspectionRecent(Static):
    def show(self, state: InspectionState) -> None:
        text = Text(_("inspect.ui.recent.title"), style="bold")
        undone = state.progress.undone  # taken back: shown as undone, not as counted
        for event in state.recent():
            msgid, style = _MARKS[event.kind]
            if event.group in undone:
                msgid, style = "inspect.ui.recent.undone", "strike dim"
            text.append("\n")
            text.append(hhmm(event.at) + "  " if event.at is not None else "")
            text.append(visible(event.text or event.sku_code))
            text.append("  ")
            text.append(_(msgid, qty=event.qty, sku=event.sku_code), style=style)
        self.update(text)
