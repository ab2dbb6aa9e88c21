"""The open waves a supervisor manages: one row per wave, keyed by wave number."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from wms_tui.core.picking.records import Wave
from wms_tui.i18n import _
from wms_tui.ui.common.keyed_table import KeyedTable
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


class WavesTable(KeyedTable):
    def show(self, waves: Sequence[Wave], names: Mapping[str, str]) -> None:
        """`names`: operator badge -> name, for who holds a wave."""
        self.fill(_COLUMNS, [(wave.wave_no, _row(wave, names)) for wave in waves])


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
