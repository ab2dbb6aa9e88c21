"""The supervisor's dashboard (衡量标准): today so far, or any earlier day.

Every few seconds, while today is shown, the figures are read again in a thread worker
with a unit of work that only reads (core/reports/daily.py): on SQLite it never takes the
write lock, so the stations keep scanning while it reads. A storage error goes to the
banner. The screen only shows what the worker read: the day's line, orders shipped per
hour as bars (Textual's Sparkline), the pass rate per inspector, and one table at a time
with a sparkline per worker.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Sparkline, Static

from wms_tui.core.errors import WmsError
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.reports.daily import TABLE_KEYS, Figures, figures
from wms_tui.core.reports.tallies import keep_days_over
from wms_tui.core.reports.words import Table, cell_text, tables
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.text import plain

log = logging.getLogger(__name__)
REFRESH_S = 5.0
_KEYS = (
    ("←/→", "report.ui.key.day"),
    ("Home", "report.ui.key.today"),
    ("F5/F6", "report.ui.key.table"),
    ("↑↓", "report.ui.key.rows"),
    ("PgUp/PgDn", "report.ui.key.sideways"),
    ("Esc", "report.ui.key.back"),
)
_BAR = 20  # columns of a pass-rate bar


class DashboardScreen(StationScreen):
    TITLE_MSGID = "report.ui.title"
    PROMPT_MSGID = "report.ui.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "day(-1)", show=False),
        Binding("right", "day(1)", show=False),
        Binding("home", "today", show=False),
        Binding("f5", "table(-1)", show=False),
        Binding("f6", "table(1)", show=False),
        # The table never takes the focus (the arrows are the day's): these move it.
        Binding("down", "rows(1)", show=False),
        Binding("up", "rows(-1)", show=False),
        Binding("pagedown", "sideways(1)", show=False),
        Binding("pageup", "sideways(-1)", show=False),
        Binding("escape", "app.pop_screen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None  # None until the clock is read on mount
        self.figures: Figures | None = None
        self.table_index = 0

    def compose_body(self) -> ComposeResult:
        yield Static(id="dash-day")
        yield Sparkline([0] * 24, id="dash-hours")
        yield Static(id="dash-axis")
        yield Static(id="dash-pass")
        grid: DataTable[Text] = DataTable(id="dash-table", cursor_type="row", zebra_stripes=True)
        grid.can_focus = False
        yield grid
        yield KeyRow(id="dash-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self.day = self._today()
        self.set_interval(REFRESH_S, self._refresh_today)
        self.reload()
        self._keep_days_over()

    @work(thread=True, exclusive=True, group="dashboard-keep")
    def _keep_days_over(self) -> None:
        """The month's days that are over, kept for the month's report (core/reports/
        tallies.py); once, when the dashboard opens. Only a speed-up: a busy or absent
        database here says nothing (the next read says it) and is logged."""
        context, zone = self.station.context, datetime.now().astimezone().tzinfo
        assert zone is not None
        try:
            kept = keep_days_over(context.read_unit, context.uow_factory, self._today(), zone)
        except WmsError as error:
            log.info("the days over were not kept now: %s", error)
            return
        log.info("kept %d days over", kept)

    def _today(self) -> date:
        return self.station.context.clock.now().astimezone().date()

    # --- reading (in a worker) --------------------------------------------------------
    def reload(self) -> None:
        day = self.day or self._today()
        rules = self.station.context.report_rules
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None

        shown, today = frozenset({self._key()}), self._today()

        def read(uow: UnitOfWork) -> Figures:
            return figures(uow, day, day, rules, zone, shown, today)  # only what is shown

        self.read_later(read, self._read, group="dashboard")

    def _refresh_today(self) -> None:
        if self.day == self._today() and self.is_current:
            self.reload()

    def _key(self) -> str:
        return TABLE_KEYS[self.table_index % len(TABLE_KEYS)]

    def _read(self, read: Figures) -> None:
        if read.first != self.day or self._key() not in read.tables:
            return  # the day or the table was changed meanwhile: its own read follows
        self.figures = read
        self.shown_again()

    # --- showing ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.query_one("#dash-keys", KeyRow).show(_KEYS)
        self.shown_again()

    def _table(self) -> Table | None:
        if self.figures is None:
            return None
        return next((t for t in tables(self.figures) if t.key == self._key()), None)

    def shown_again(self) -> None:
        table = self._table()
        day = self.day or self._today()
        today = _("report.ui.today") if day == self._today() else ""
        title = table.title if table else ""
        said = _("report.ui.day", day=day.isoformat(), today=today, table=title)
        self.query_one("#dash-day", Static).update(Text(" ".join(said.split())))
        hourly = list(self.figures.shipped_hourly) if self.figures else [0] * 24
        self.query_one("#dash-hours", Sparkline).data = hourly
        # Under the bars: 72 columns for 24 hours, three a hour.
        hours = "".join(f"{hour:<3}" if hour % 3 == 0 else "   " for hour in range(24))
        said = _("report.ui.axis", most=max(hourly), total=sum(hourly))
        self.query_one("#dash-axis", Static).update(Text(f"{hours.rstrip()}\n{said}"))
        self._show_pass_rates(table)
        self._show_table(table)

    def _show_pass_rates(self, table: Table | None) -> None:
        """Pass rate per inspector as bars, while the inspectors' table is shown."""
        box = self.query_one("#dash-pass", Static)
        box.display = table is not None and table.key == "inspectors"
        if self.figures is None or not box.display:
            return
        lines = Text()
        for row in self.figures.inspectors[:4]:
            rate = row.pass_rate or 0.0
            filled = round(rate * _BAR)
            lines.append(f"{row.worker.operator:<10} ")
            lines.append("█" * filled, "green")
            lines.append("░" * (_BAR - filled) + f" {cell_text(round(100 * rate, 1))}%\n")
        box.update(lines if lines.plain else Text(_("report.none")))

    def _show_table(self, table: Table | None) -> None:
        grid = self.query_one("#dash-table", DataTable)
        row = grid.cursor_row
        grid.clear(columns=True)
        if table is None:
            return
        grid.add_columns(*table.header)
        for cells in table.rows:
            grid.add_row(*[plain(cell_text(cell)) for cell in cells])
        if table.rows:
            grid.move_cursor(row=min(row, len(table.rows) - 1))

    # --- keys -------------------------------------------------------------------------
    def action_day(self, step: int) -> None:
        day = (self.day or self._today()) + timedelta(days=step)
        if day > self._today():
            return  # no figures from the future
        self.day = day
        self.reload()

    def action_today(self) -> None:
        self.day = self._today()
        self.reload()

    def action_rows(self, step: int) -> None:
        grid = self.query_one("#dash-table", DataTable)
        grid.move_cursor(row=max(0, grid.cursor_row + step))

    def action_sideways(self, step: int) -> None:
        grid = self.query_one("#dash-table", DataTable)
        grid.scroll_to(x=max(0, grid.scroll_x + step * 30), animate=False)

    def action_table(self, step: int) -> None:
        self.table_index += step
        self.reload()
