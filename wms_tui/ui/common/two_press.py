"""The one way a screen asks once more before anything irreversible (closing, giving up,
cancelling): the first press of the key says what will happen, the second does it; anything
else in between (another key, a scan's outcome) asks again. And the one way a screen names
its table's columns in the language of the moment."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.outcome import Outcome
from wms_tui.i18n import _


class TwoPress:
    def __init__(self) -> None:
        self.pending = ""  # what the last press asked about; "" when nothing is asked

    def second(self, what: str) -> bool:
        """True when `what` was asked about just before: do it now. False the first time:
        the caller says what the same key will do."""
        if self.answered(what):
            return True
        self.ask(what)
        return False

    def ask(self, what: str) -> None:
        """The question is out (the caller said what the next press does)."""
        self.pending = what

    def answered(self, what: str) -> bool:
        """True, once, when this press answers the question about `what`."""
        if self.pending == what:
            self.pending = ""
            return True
        return False

    def reset(self) -> None:
        self.pending = ""

    def seen(self, outcome: Outcome, asking: Collection[str]) -> None:
        """An outcome other than one of the questions (`asking`, their message ids) is
        something in between: the next press asks again."""
        if outcome.msgid not in asking:
            self.pending = ""


def set_columns(table: DataTable[Text], msgids: tuple[str, ...]) -> None:
    table.clear(columns=True)
    for msgid in msgids:
        table.add_column(Text(_(msgid)), key=msgid)
