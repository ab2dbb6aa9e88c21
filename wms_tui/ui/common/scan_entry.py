"""Manual entry of a code: the same path as a scan, for labels that will not read."""

from __future__ import annotations

from textual.widgets import Input

from wms_tui.i18n import _


class ScanEntry(Input):
    def __init__(self, placeholder_msgid: str, *, id: str | None = None) -> None:
        super().__init__(id=id, select_on_focus=False)
        self.placeholder_msgid = placeholder_msgid
        self.retranslate()

    def retranslate(self) -> None:
        self.placeholder = _(self.placeholder_msgid)
