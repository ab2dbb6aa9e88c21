"""The day in figures from the command line, as text, CSV or a workbook a shop owner opens
in Excel or WPS. Each acts for a verified supervisor (the figures are about people) and
reads in a unit of work that only reads.

    wms report daily [--date D] [--xlsx F | --csv F]
    wms report workers --from D --to D [--xlsx F | --csv F]

`--xlsx` writes one sheet per table; `--csv` one file per table, named after F
(`day.csv` -> `day-shops.csv`, `day-inspectors.csv`, ...), with a BOM so Excel reads
Chinese right. Cells a spreadsheet could run as a formula are neutralised.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wms_tui.bootstrap.guard import file_errors, say
from wms_tui.cli.days import local_day
from wms_tui.cli.identity import add_acting_options, read_verified
from wms_tui.cli.sheets import workbook
from wms_tui.config import Settings
from wms_tui.core.errors import StorageError
from wms_tui.core.exports import to_csv
from wms_tui.core.model import Role
from wms_tui.core.ports import UnitOfWork, UnitOfWorkFactory
from wms_tui.core.reports.daily import ALL, WORKERS, Figures, figures
from wms_tui.core.reports.shops import Rules
from wms_tui.core.reports.tallies import keep_tallies
from wms_tui.core.reports.words import Table, table_lines, tables
from wms_tui.i18n import _


def _day(text: str) -> date:
    return local_day(text)[0].date()


def read_figures(
    args: argparse.Namespace, first: date, last: date, wanted: frozenset[str] = ALL
) -> Figures:
    """The figures are about people: for a verified supervisor (or an admin)."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None

    def read(settings: Settings, uow: UnitOfWork) -> Figures:
        rules = Rules(settings.reports.cutoff, settings.reports.working_days)
        return figures(uow, first, last, rules, zone, wanted, today=date.today())

    def keep(found: Figures, uow_factory: UnitOfWorkFactory) -> None:
        """The days over that were tallied from the journal are kept, so the next report
        reads their tallies; only a speed-up, so a busy or absent database here costs the
        report nothing."""
        with contextlib.suppress(StorageError):
            keep_tallies(uow_factory, found.tallied, date.today())

    return read_verified(args, Role.SUPERVISOR, read, keep)


def _workbook(chosen: Sequence[Table]) -> bytes:
    """One sheet per table; headings in the configured language."""
    return workbook((table.title, table.header, table.rows) for table in chosen)


def write(chosen: Sequence[Table], args: argparse.Namespace) -> int:
    if args.xlsx is not None:
        with file_errors(args.xlsx):
            args.xlsx.write_bytes(_workbook(chosen))
        say(_("report.cli.written", path=str(args.xlsx)))
    elif args.csv is not None:
        base: Path = args.csv
        for table in chosen:
            path = base.with_name(f"{base.stem}-{table.key}{base.suffix or '.csv'}")
            with file_errors(path):
                path.write_text(to_csv(table.header, table.rows), encoding="utf-8-sig", newline="")
            say(_("report.cli.written", path=str(path)))
    else:
        for table in chosen:
            for line in table_lines(table):
                say(line)
            say("")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    if args.report_command == "daily":
        day = _day(args.date) if args.date else date.today()
        return write(tables(read_figures(args, day, day)), args)
    first, last = _day(args.from_), _day(args.to)
    return write(tables(read_figures(args, first, last, WORKERS)), args)


def _outputs(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--xlsx", type=Path, metavar="FILE", help=_("report.cli.opt.xlsx"))
    group.add_argument("--csv", type=Path, metavar="FILE", help=_("report.cli.opt.csv"))
    add_acting_options(parser)


def add_report_parser(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help=_("report.cli.report"), description=_("report.cli.report")
    )
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    daily = actions.add_parser("daily", help=_("report.cli.daily"),
                               description=_("report.cli.daily"))  # fmt: skip
    daily.add_argument("--date", metavar="YYYY-MM-DD", help=_("report.cli.opt.date"))
    _outputs(daily)
    workers = actions.add_parser("workers", help=_("report.cli.workers"),
                                 description=_("report.cli.workers"))  # fmt: skip
    workers.add_argument("--from", dest="from_", required=True, metavar="YYYY-MM-DD",
                         help=_("report.cli.opt.from"))  # fmt: skip
    workers.add_argument("--to", required=True, metavar="YYYY-MM-DD", help=_("report.cli.opt.to"))
    _outputs(workers)
