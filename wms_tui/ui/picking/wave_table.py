"""The open waves a supervisor manages: one row per wave, keyed by wave number."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from wms_tui.core.picking.records import Wave
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain

_COLUMNS = (
    "pick.waves.col.wave",
    "pick.waves.col.kind",
    "pick.waves.col.status",
    "pick.waves.col.orders",
    "pick.waves.col.items",
    "pick.waves.col.priority",
    "pick.waves.col.holder",
)


class WavesTable(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, waves: Sequence[Wave], names: Mapping[str, str]) -> None:
        """`names`: operator badge -> name, for who holds a wave."""
        keep = self.selected()
        self.clear(columns=True)
        rows = [(wave.wave_no, _row(wave, names)) for wave in waves]
        labels = [Text(_(msgid)) for msgid in _COLUMNS]
        # Widths fixed from the content: a table rebuilt while a refresh is pending may
        # otherwise size its columns from the headers alone and cut the wave numbers.
        for n, (msgid, label) in enumerate(zip(_COLUMNS, labels, strict=True)):
            width = max([label.cell_len, *(cells[n].cell_len for _no, cells in rows)])
            self.add_column(label, key=msgid, width=width)
        for wave_no, cells in rows:
            self.add_row(*cells, key=wave_no)
        if keep and any(w.wave_no == keep for w in waves):
            self.move_cursor(row=self.get_row_index(keep))

    def selected(self) -> str:
        """The wave number under the cursor, or "" when the table is empty."""
        if self.row_count == 0:
            return ""
        cell = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0))
        return str(cell.row_key.value or "")


def _row(wave: Wave, names: Mapping[str, str]) -> list[Text]:
    holder = " ".join(
        part
        for part in (wave.lease_station, names.get(wave.lease_operator, wave.lease_operator))
        if part
    )
    return [
        Text(wave.wave_no, style="bold"),
        Text(_("pick.kind." + wave.kind.value)),
        Text(_("pick.status." + wave.status.value)),
        Text(str(len(wave.orders)), justify="right"),
        Text(str(wave.item_count), justify="right"),
        Text(str(wave.priority), justify="right"),
        plain(holder or "-"),  # operator names are typed by people: never markup
    ]
