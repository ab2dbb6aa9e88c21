"""Lookup (查询): scan anything and see what it is; nothing changes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input

from wms_tui.core.outcome import Outcome
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.scan_history import ScanHistory
from wms_tui.ui.common.text import visible


def _row(outcome: Outcome) -> Text:
    text = Text(visible(outcome.scan_text), style="bold")
    text.append("  →  ")
    text.append(outcome.text())
    return text


class LookupScreen(StationScreen):
    CONTEXT = "lookup"
    TITLE_MSGID = "ui.lookup.title"
    PROMPT_MSGID = "ui.lookup.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "")]

    def compose_body(self) -> ComposeResult:
        yield ScanEntry("ui.entry.placeholder", id="lookup-entry")
        yield ScanHistory(_row, id="lookup-history")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ScanEntry).focus()

    def retranslate(self) -> None:
        self.query_one(ScanEntry).retranslate()
        self.query_one(ScanHistory).rerender()

    def handle_outcome(self, outcome: Outcome) -> None:
        self.query_one(ScanHistory).add(outcome)

    @on(Input.Submitted, "#lookup-entry")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if event.value.strip():
            self.station.submit_text(event.value.strip(), source="manual")
