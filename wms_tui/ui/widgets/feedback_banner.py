"""The big coloured answer to the last scan: what it came to, and what was scanned."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.outcome import Outcome
from wms_tui.i18n import _
from wms_tui.ui.text import visible

_CLASSES = ("-ok", "-warning", "-needs_input", "-error", "-prompt")


class FeedbackBanner(Static):
    """Holds the outcome, not its text, so a language switch re-renders it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outcome: Outcome | None = None
        self.prompt = ""

    def show_prompt(self, msgid: str) -> None:
        self.outcome = None
        self.prompt = msgid
        self.rerender()

    def show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.rerender()

    def rerender(self) -> None:
        self.remove_class(*_CLASSES)
        outcome = self.outcome
        if outcome is None:
            self.add_class("-prompt")
            self.update(Text(_(self.prompt) if self.prompt else ""))
            return
        self.add_class(f"-{outcome.sound.value}")
        text = Text(outcome.text(), style="bold")
        if outcome.scan_text:
            text.append("\n")
            text.append(_("ui.banner.scanned") + " " + visible(outcome.scan_text))
        if outcome.error_code:
            text.append(f"  [{outcome.error_code}]")
        self.update(text)
