"""A list of records with one row per record, keyed by the record's code (a wave number,
an order number): filled in one go, its columns as wide as their widest cell, and asked
which record is under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from wms_tui.i18n import _


class KeyedTable(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def fill(
        self,
        columns: Sequence[str],
        rows: Sequence[tuple[str, list[Text]]],
        *,
        keep_cursor: bool = True,
    ) -> None:
        """`columns`: heading message ids; `rows`: (key, cells). With `keep_cursor` the
        cursor stays on the record it was on, if that record is still listed."""
        keep = self.selected() if keep_cursor else ""
        self.clear(columns=True)
        labels = [Text(_(msgid)) for msgid in columns]
        # Widths fixed from the content: a table rebuilt while a refresh is pending may
        # otherwise size its columns from the headings alone and cut the codes.
        for n, (msgid, label) in enumerate(zip(columns, labels, strict=True)):
            width = max([label.cell_len, *(cells[n].cell_len for _key, cells in rows)])
            self.add_column(label, key=msgid, width=width)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if keep and any(key == keep for key, _cells in rows):
            self.move_cursor(row=self.get_row_index(keep))

    def selected(self) -> str:
        """The key of the row under the cursor, or "" when the table is empty."""
        if self.row_count == 0:
            return ""
        cell = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0))
        return str(cell.row_key.value or "")
