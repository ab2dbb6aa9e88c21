"""The last scans of a screen, newest first, rebuilt from outcomes on a language switch."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from wms_tui.core.outcome import Outcome

RowFormatter = Callable[[Outcome], Text]


class ScanHistory(Static):
    def __init__(self, row: RowFormatter, *, limit: int = 12, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row = row
        self._limit = limit
        self.outcomes: list[Outcome] = []

    def add(self, outcome: Outcome) -> None:
        self.outcomes.insert(0, outcome)
        del self.outcomes[self._limit :]
        self.rerender()

    def rerender(self) -> None:
        text = Text()
        for index, outcome in enumerate(self.outcomes):
            if index:
                text.append("\n")
            text.append_text(self._row(outcome))
        self.update(text)
