"""The order's lines: scanned of expected, SKU, name (a gift marked), spec, kit / problem flags."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.inspection.progress import LineProgress
from wms_tui.core.inspection.state import InspectionState
from wms_tui.core.text import shown
from wms_tui.i18n import _
from wms_tui.ui.common.text import plain

# Scanned-of-expected right after the line number: what the inspector checks at every
# scan, never the column cut off at the right edge of a narrow terminal.
_COLUMNS = (
    "inspect.ui.col.line",
    "inspect.ui.col.scanned",
    "inspect.ui.col.sku",
    "inspect.ui.col.name",
    "inspect.ui.col.spec",
    "inspect.ui.col.flags",
)


def _count(lp: LineProgress) -> Text:
    done = lp.counted == lp.line.expected
    style = "bold green" if done else ("bold" if lp.counted else "")
    return Text(f"{lp.counted}/{lp.line.expected}" + (" ✓" if done else ""), style=style)


def _name(lp: LineProgress) -> Text:
    """A gift says so before its name: the flags column is the one cut at 80 columns, and a
    gift line of a SKU the order also has would read as the same line twice."""
    name = plain(lp.line.name)
    if not lp.line.is_gift:
        return name
    return Text.assemble((_("inspect.ui.flag.gift") + " ", "bold magenta"), name)


def _flags(lp: LineProgress) -> Text:
    parts: list[str] = []
    if lp.line.kit_code:
        parts.append(_("inspect.ui.flag.kit", kit=lp.line.kit_code))
    if lp.open_problems:
        parts.append(_("inspect.ui.flag.quarantined", qty=lp.open_problems))
    if lp.serials:
        parts.append("SN " + shown(",".join(lp.serials[-2:])))
    elif lp.lots:
        parts.append(_("inspect.ui.flag.lot", lot=lp.lots[-1]))
    return Text(" · ".join(parts), style="bold yellow" if lp.open_problems else "")


class InspectionLines(DataTable[Text]):
    """Rebuilt from the stored state after every outcome: the table never keeps counts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns_for = ""

    def show(self, state: InspectionState, language: str) -> None:
        # Rebuilding resets the cursor; keep it on the line the inspector chose (F9 uses it).
        row = self.cursor_row
        if self._columns_for != language:
            self.clear(columns=True)
            for msgid in _COLUMNS:
                self.add_column(Text(_(msgid)), key=msgid)
            self._columns_for = language
        else:
            self.clear()
        for lp in state.progress.lines:
            line = lp.line
            # Names and specs come from imports: Text, never markup.
            self.add_row(
                Text(str(line.line_no)),
                _count(lp),
                plain(line.sku_code),
                _name(lp),
                plain(line.spec),
                _flags(lp),
                key=str(line.line_no),
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)
