"""Short picks (缺货) for the supervisor: one line per declared short stop, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from wms_tui.core.picking.records import ShortRecord
from wms_tui.i18n import _

_COLUMNS = (
    "pick.waves.col.wave",
    "pick.waves.col.location",
    "pick.waves.col.sku",
    "pick.waves.col.short",
    "pick.waves.col.held",
    "pick.waves.col.who",
    "pick.waves.col.when",
)


@dataclass(frozen=True)
class ShortLine:
    wave_no: str
    location: str
    sku_code: str
    qty: int
    orders: tuple[str, ...]
    operator: str
    at: datetime | None


def short_lines(records: Iterable[ShortRecord], limit: int) -> list[ShortLine]:
    """A short stop is stored per allocation (one per order line): one line per stop again."""
    groups: dict[tuple[str, str, str, str, str], list[ShortRecord]] = {}
    for record in records:
        stamp = record.scan_id or (record.at.isoformat() if record.at else "")
        key = (record.wave_no, stamp, record.location, record.sku_code, record.operator)
        groups.setdefault(key, []).append(record)
    lines = [
        ShortLine(
            rows[0].wave_no,
            rows[0].location,
            rows[0].sku_code,
            sum(r.qty for r in rows),
            tuple(dict.fromkeys(r.order_no for r in rows)),
            rows[0].operator,
            rows[0].at,
        )
        for rows in groups.values()
    ]
    lines.reverse()  # the repository gives oldest first; the supervisor wants the latest
    return lines[:limit]


class WavesShorts(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, lines: Sequence[ShortLine], names: Mapping[str, str]) -> None:
        self.clear(columns=True)
        for msgid in _COLUMNS:
            self.add_column(Text(_(msgid)), key=msgid)
        for n, line in enumerate(lines):
            self.add_row(
                Text(line.wave_no),
                Text(line.location, style="bold"),
                Text(line.sku_code),
                Text(str(line.qty), justify="right"),
                Text(", ".join(line.orders)),
                Text(names.get(line.operator, line.operator)),
                Text(line.at.strftime("%m-%d %H:%M") if line.at else "-"),
                key=str(n),
            )
