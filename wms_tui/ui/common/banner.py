"""The big coloured answer to the last scan: what it came to, and what was scanned."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import KEY_SOURCE
from wms_tui.i18n import _
from wms_tui.ui.common.text import visible

_CLASSES = ("-ok", "-warning", "-needs_input", "-error", "-alarm", "-prompt")


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
        outcome = self.outcome
        self._colour("-prompt" if outcome is None else f"-{outcome.sound.value}")
        if outcome is None:
            self.update(Text(_(self.prompt) if self.prompt else ""))
            return
        text = Text(outcome.text(), style="bold")
        # A key's journaled text (CMD:DONE, QTY:2, a paper list's JSON) is the station's own
        # wording, not something the person scanned: the message already says what it did.
        if outcome.scan_text and outcome.scan_source != KEY_SOURCE:
            text.append("\n")
            text.append(_("ui.banner.scanned") + " " + visible(outcome.scan_text))
        if outcome.error_code:
            text.append(f"  [{outcome.error_code}]")
        self.update(text)

    def _colour(self, wanted: str) -> None:
        # Each class change restyles the widget at once (about 1 ms here): one change at
        # most, and none while scans keep coming out the same.
        if self.classes & set(_CLASSES) != {wanted}:
            self.set_classes((self.classes - set(_CLASSES)) | {wanted})
