"""The station's function keys, in the operator's language (Footer cannot retranslate)."""

from __future__ import annotations

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
