"""One line saying where the operator is: station, who, which database, scanners, language."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.text import shown
from wms_tui.i18n import _

_STATES = {
    "connected": "ui.scanner.connected",
    "disconnected": "ui.scanner.disconnected",
    "reconnecting": "ui.scanner.reconnecting",
    "error": "ui.scanner.error",
    "connecting": "ui.scanner.connecting",
    "stopped": "ui.scanner.stopped",
    "unavailable": "ui.scanner.unavailable",
    "ready": "ui.scanner.ready",
}
# A scanner that is not working is what an operator must notice first.
_ALARM = {"disconnected", "error", "unavailable"}


@dataclass(frozen=True)
class StationStatus:
    station_id: str
    station_name: str
    operator_name: str
    database_label: str
    muted: bool
    scanners: dict[str, str] = field(default_factory=dict)
    # What did not print (the last failure), said until a print goes through ("" when none).
    printer_problem: str = ""


def scanner_state_text(state: str) -> str:
    msgid = _STATES.get(state)
    return _(msgid) if msgid else state


class StatusLine(Static):
    def show(self, status: StationStatus) -> None:
        text = Text()
        # Names come from config and the operator table: appended as plain Text, never markup.
        text.append(shown(f"{status.station_id} {status.station_name}"), style="bold")
        text.append(" │ ")
        text.append(_("ui.status.operator") + " ")
        text.append(shown(status.operator_name) or _("ui.status.nobody"), style="bold")
        for name, state in status.scanners.items():
            text.append(" │ ")
            text.append(
                shown(f"{name}: {scanner_state_text(state)}"),
                style="bold reverse" if state in _ALARM else "",
            )
        if status.printer_problem:
            text.append(" │ ")
            text.append(_("ui.status.print_failed", what=status.printer_problem),
                        style="bold reverse")  # fmt: skip
        text.append(" │ ")
        text.append(_("ui.status.database") + " " + status.database_label)
        text.append(" │ ")
        text.append(_("ui.status.language"))
        if status.muted:
            text.append(" │ ")
            text.append(_("ui.status.muted"), style="bold")
        self.update(text)
