"""Scanner test: per scan, the source, the raw data with separators visible, the
symbology and what the station would take it to mean. Changes nothing."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input, Static

from wms_tui.core.outcome import Outcome
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.scan_history import ScanHistory
from wms_tui.ui.common.text import escaped_bytes, plain, visible


def _row(outcome: Outcome) -> Text:
    params = outcome.params
    text = plain(str(params.get("source", "")), style="bold")
    text.append("  ")
    raw = params.get("raw")
    text.append(escaped_bytes(raw) if isinstance(raw, bytes) else visible(outcome.scan_text))
    text.append("  ")
    text.append(_("ui.scanner_test.symbology") + " " + (str(params.get("symbology", "")) or "-"))
    text.append("  →  ")
    text.append(outcome.text(), style="bold" if outcome.ok else "")
    return text


class ScannerTestScreen(StationScreen):
    CONTEXT = "scanner_test"
    TITLE_MSGID = "ui.scanner_test.title"
    PROMPT_MSGID = "ui.scanner_test.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "leave", "")]

    def compose_body(self) -> ComposeResult:
        yield Static(id="scanner-test-help")
        yield ScanEntry("ui.entry.placeholder", id="scanner-test-entry")
        yield ScanHistory(_row, limit=15, id="scanner-test-history")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ScanEntry).focus()

    def retranslate(self) -> None:
        self.query_one("#scanner-test-help", Static).update(Text(_("ui.scanner_test.help")))
        self.query_one(ScanEntry).retranslate()
        self.query_one(ScanHistory).rerender()

    def handle_outcome(self, outcome: Outcome) -> None:
        self.query_one(ScanHistory).add(outcome)

    async def action_leave(self) -> None:
        # Opened by `wms scanners --test` it is the only screen: leaving quits.
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            # Through the app's quit: a kiosk station asks for an admin here too.
            await self.app.run_action("app.quit")

    @on(Input.Submitted, "#scanner-test-entry")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if event.value.strip():
            self.station.submit_text(event.value.strip(), source="manual")
