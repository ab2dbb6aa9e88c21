"""The figures as tables: one per role and one per shop, with headings in the configured
language. The same tables are printed by `wms report`, written as CSV and XLSX (numbers
stay numbers: rates are percentages, money is yuan), and shown on the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wms_tui.core.reports.daily import TABLE_KEYS, Figures
from wms_tui.core.reports.workers import WorkerDay
from wms_tui.core.text import display_width, printable
from wms_tui.i18n import _

Cell = str | int | float | None
BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Table:
    key: str  # one of daily.TABLE_KEYS
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def sparkline(hourly: Sequence[int]) -> str:
    """Scans per hour as blocks, from the first busy hour to the last (empty: none)."""
    busy = [hour for hour, n in enumerate(hourly) if n]
    if not busy:
        return ""
    shown = hourly[busy[0] : busy[-1] + 1]
    top = max(shown)
    return "".join(" " if not n else BLOCKS[(n * (len(BLOCKS) - 1)) // top] for n in shown)


def _worker_cells(worker: WorkerDay) -> list[Cell]:
    return [
        worker.day.isoformat(),
        worker.operator,
        printable(worker.name),
        ", ".join(worker.stations),
    ]


def _time_cells(worker: WorkerDay) -> list[Cell]:
    return [
        round(worker.working_hours, 2),
        worker.idle_gaps,
        round(worker.idle_minutes),
        sparkline(worker.hourly),
    ]


def _heads(*msgids: str) -> list[str]:
    return [_("report.col." + msgid) for msgid in msgids]


_WHO = ("day", "badge", "name", "stations")
_TIME = ("working_h", "idle_gaps", "idle_min", "sparkline")


def tables(figures: Figures) -> list[Table]:
    """Every table the figures were read for, in TABLE_KEYS' order."""
    return [_BUILDERS[key](figures) for key in TABLE_KEYS if key in figures.tables]


def _shops(f: Figures) -> Table:
    header = _heads(
        "day",
        "shop",
        "imported",
        "confirmed",
        "shipped",
        "handed_over",
        "due",
        "on_time",
        "on_time_pct",
        "inspected",
        "passed_first",
        "pass_pct",
        "held",
    )
    rows: list[list[Cell]] = [
        [
            s.day.isoformat(),
            printable(s.shop),
            s.imported,
            s.confirmed,
            s.shipped,
            s.handed_over,
            s.due,
            s.on_time,
            _pct(s.on_time_rate),
            s.inspected,
            s.passed_first,
            _pct(s.pass_rate),
            s.held,
        ]
        for s in f.shops
    ]
    return Table("shops", _("report.table.shops"), header, rows)


def _inspectors(f: Figures) -> Table:
    header = _heads(
        *_WHO,
        "orders",
        "passed",
        "passed_first",
        "pass_pct",
        "wrong_per_1000",
        "too_many_per_1000",
        "problems",
        "median_s",
        "p90_s",
        "orders_per_h",
        *_TIME,
    )
    rows = [
        [
            *_worker_cells(r.worker),
            r.orders,
            r.passed,
            r.passed_first,
            _pct(r.pass_rate),
            _one(r.wrong_per_1000),
            _one(r.too_many_per_1000),
            r.problems,
            _one(r.median_s),
            _one(r.p90_s),
            _one(r.per_hour),
            *_time_cells(r.worker),
        ]
        for r in f.inspectors
    ]
    return Table("inspectors", _("report.table.inspectors"), header, rows)


def _pickers(f: Figures) -> Table:
    header = _heads(
        *_WHO,
        "waves",
        "stops",
        "lines",
        "units",
        "units_per_h",
        "lines_per_h",
        "shorts",
        "short_units",
        "wrong_scans",
        *_TIME,
    )
    rows = [
        [
            *_worker_cells(r.worker),
            r.waves,
            r.stops,
            r.lines,
            r.units,
            _one(r.units_per_hour),
            _one(r.lines_per_hour),
            r.shorts,
            r.short_units,
            r.wrong_scans,
            *_time_cells(r.worker),
        ]
        for r in f.pickers
    ]
    return Table("pickers", _("report.table.pickers"), header, rows)


def _stocktakers(f: Figures) -> Table:
    header = _heads(*_WHO, "locations", "locations_per_h", "recount_pct", "accuracy_pct", *_TIME)
    rows = [
        [
            *_worker_cells(r.worker),
            r.locations,
            _one(r.per_hour),
            _pct(r.recount_rate),
            _pct(r.accuracy),
            *_time_cells(r.worker),
        ]
        for r in f.stocktakers
    ]
    return Table("stocktakers", _("report.table.stocktakers"), header, rows)


def _dock(f: Figures) -> Table:
    header = _heads(*_WHO, "parcels", "parcels_per_h", "interceptions", *_TIME)
    rows = [
        [
            *_worker_cells(r.worker),
            r.parcels,
            _one(r.per_hour),
            r.interceptions,
            *_time_cells(r.worker),
        ]
        for r in f.dock
    ]
    return Table("dock", _("report.table.dock"), header, rows)


def _returns(f: Figures) -> Table:
    header = _heads(*_WHO, "returns", "units", "unfit", "returns_per_h", "median_min", *_TIME)
    rows = [
        [
            *_worker_cells(r.worker),
            r.returns,
            r.units,
            r.unfit,
            _one(r.per_hour),
            _one(r.median_minutes),
            *_time_cells(r.worker),
        ]
        for r in f.returns
    ]
    return Table("returns", _("report.table.returns"), header, rows)


def _receiving(f: Figures) -> Table:
    header = _heads(*_WHO, "receipts", "lines", "units", "lines_per_h", "units_per_h",
                    "rejects", *_TIME)  # fmt: skip
    rows = [
        [
            *_worker_cells(r.worker),
            r.receipts,
            r.lines,
            r.units,
            _one(r.lines_per_hour),
            _one(r.units_per_hour),
            r.rejects,
            *_time_cells(r.worker),
        ]
        for r in f.receivers
    ]
    return Table("receiving", _("report.table.receiving"), header, rows)


def _held(f: Figures) -> Table:
    rows: list[list[Cell]] = [
        [h.day.isoformat(), _("report.held." + h.kind), h.orders] for h in f.held
    ]
    return Table("held", _("report.table.held"), _heads("day", "reason", "orders"), rows)


def _adjustments(f: Figures) -> Table:
    rows: list[list[Cell]] = [
        [a.day.isoformat(), a.found, a.lost, round(a.value_cents / 100, 2)] for a in f.adjustments
    ]
    header = _heads("day", "found", "lost", "value_yuan")
    return Table("adjustments", _("report.table.adjustments"), header, rows)


def cell_text(cell: Cell) -> str:
    """A cell as printed: "–" for a figure with nothing to measure yet."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:g}" if cell == int(cell) else f"{cell:.1f}"
    return str(cell)


def table_lines(table: Table) -> list[str]:
    """A table as aligned text lines, for the terminal (`wms report`)."""
    cells = [table.header, *[[cell_text(c) for c in row] for row in table.rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(table.header))]
    lines = [f"== {table.title} =="]
    if not table.rows:
        return [*lines, _("report.none")]
    for row in cells:
        lines.append(
            "  ".join(
                text + " " * (w - display_width(text)) for text, w in zip(row, widths, strict=True)
            )
        )
    return lines


_BUILDERS: dict[str, Callable[[Figures], Table]] = {
    "shops": _shops,
    "inspectors": _inspectors,
    "pickers": _pickers,
    "stocktakers": _stocktakers,
    "dock": _dock,
    "returns": _returns,
    "receiving": _receiving,
    "held": _held,
    "adjustments": _adjustments,
}
