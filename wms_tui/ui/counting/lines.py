"""What a stocktaker has counted at the location: SKU, name, counted (system only if not blind)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.counting.handler import CountView
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain

_COLUMNS = ("count.col.sku", "count.ui.col.name", "count.ui.col.counted")
_SYSTEM = "count.col.system"


class CountLines(DataTable[Text]):
    """Rebuilt from the stored entries after every outcome: the table never keeps counts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="none", zebra_stripes=True)
        self._columns_for: tuple[str, bool] | None = None

    def show(self, view: CountView, names: dict[str, str], language: str) -> None:
        # A blind plan never gets the column at all, not even empty.
        with_system = view.system is not None
        if self._columns_for != (language, with_system):
            self.clear(columns=True)
            for msgid in (*_COLUMNS, _SYSTEM) if with_system else _COLUMNS:
                self.add_column(Text(_(msgid)), key=msgid)
            self._columns_for = (language, with_system)
        else:
            self.clear()
        counted = view.tally.counted
        system = view.system or {}
        for sku in sorted({*counted, *system}) if with_system else sorted(counted):
            cells = [plain(sku), plain(names.get(sku, "")), Text(str(counted.get(sku, 0)))]
            if with_system:
                cells.append(Text(str(system.get(sku, 0)), style="dim"))
            self.add_row(*cells, key=sku)
        for n, code in enumerate(view.tally.unknown):
            # Untrusted scanned text: a Text, never markup.
            cells = [Text("? " + code, style="bold yellow"), Text(_("count.ui.unknown")), Text("")]
            if with_system:
                cells.append(Text(""))
            self.add_row(*cells, key=f"?{n}")
