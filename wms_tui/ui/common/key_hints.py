"""The station's function keys, in the operator's language (Footer cannot retranslate)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from wms_tui.i18n import _

_KEYS = (
    ("F2", "ui.key.language"),
    ("F3", "ui.key.repeat"),
    ("F4", "ui.key.mute"),
    ("F10", "ui.key.logout"),
)


class KeyHints(Static):
    def rerender(self, logged_in: bool) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, msgid in _KEYS:
            if key == "F10" and not logged_in:
                continue
            text.append(f" {key} ", style="reverse")
            text.append(f" {_(msgid)}   ")
        self.update(text)


class KeyRow(Static):
    """A screen's own keys, broken into lines between keys, never inside one: a terminal's
    wrapping breaks at any space and parted "F12" from its label at 80 columns. Broken by
    the widget's width, again on every resize; a language switch calls `show` again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[tuple[str, str], ...] = ()

    def show(self, keys: Sequence[tuple[str, str]]) -> None:
        """(key, message id) pairs, in order."""
        self._keys = tuple(keys)
        self._render_keys()

    def on_resize(self) -> None:
        self._render_keys()

    def _render_keys(self) -> None:
        width = max(20, (self.size.width or self.app.size.width) - 1)
        text, used = Text(no_wrap=True, overflow="ellipsis"), 0
        for key, msgid in self._keys:
            label = f" {_(msgid)}   "
            size = len(key) + 2 + cell_len(label)
            if used and used + size > width:
                text.append("\n")
                used = 0
            text.append(f" {key} ", style="reverse")
            text.append(label)
            used += size
        self.update(text)
