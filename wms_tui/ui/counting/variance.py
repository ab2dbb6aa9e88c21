"""The supervisor's variance table: per location and SKU, system, every round, final, value."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.counting.reports import VarianceLine
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain

_COLUMNS = (
    "count.col.location",
    "count.col.sku",
    "count.col.system",
    "count.col.counts",
    "count.col.counted",
    "count.col.variance",
    "count.col.unit_price",
    "count.col.value",
    "count.col.status",
)


def _money(cents: int) -> str:
    return f"{Decimal(cents).scaleb(-2):+.2f}" if cents else "0.00"


def _signed(value: int) -> Text:
    style = "bold red" if value < 0 else ("bold green" if value > 0 else "")
    return Text(f"{value:+d}" if value else "0", style=style)


class VarianceTable(DataTable[Text]):
    """Row keys are `location|sku`; the cursor's location is what the keys decide."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns_for = ""

    def show(self, lines: Sequence[VarianceLine], language: str) -> None:
        keep = self.cursor_row
        if self._columns_for != language:
            self.clear(columns=True)
            for msgid in _COLUMNS:
                self.add_column(Text(_(msgid)), key=msgid)
            self._columns_for = language
        else:
            self.clear()
        for line in lines:
            status = line.decision if line.decision == "approved" else line.status
            self.add_row(
                plain(line.location),
                plain(line.sku_code),
                Text(str(line.system)),
                Text("/".join(str(c) for c in line.counts)),
                Text(str(line.counted), style="bold"),
                _signed(line.variance),
                Text(f"{Decimal(line.unit_price_cents).scaleb(-2):.2f}"),
                Text(_money(line.value_cents)),
                Text(_("count.status." + status) if status else ""),
                key=f"{line.location}|{line.sku_code}",
            )
        if lines:
            self.move_cursor(row=min(keep, len(lines) - 1))

    def location(self) -> str | None:
        """The location of the row under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return key.split("|", 1)[0] if key else None
