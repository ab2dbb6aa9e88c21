"""Cycle counts from the command line, and the variance report's files.

    wms count plan --by BADGE --name NAME (--locations A,B | --zone Z | --sku S | --days N)
                   [--open] [--threshold N] [--percent]
    wms count report PLAN [--csv FILE] [--xlsx FILE]

`add_count_parser(subparsers)` builds the `count` sub-command; `cmd_count(args)` runs it.
The XLSX is written here (openpyxl), outside the core, from the same rows as the CSV: text
cells that a spreadsheet could run as a formula are neutralised, numbers stay numbers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.uow import SqlUnitOfWorkFactory
from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.identity import add_acting_options, verified
from wms_tui.cli.sheets import workbook
from wms_tui.config import Settings
from wms_tui.core.counting import approval as appr
from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import (
    BadPlanNumber,
    CountScope,
    PlanCriteria,
    TaskStatus,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.counting.reports import (
    VarianceLine,
    variance_csv,
    variance_header,
    variance_rows,
)
from wms_tui.core.model import Role
from wms_tui.core.ports import UnitOfWorkFactory
from wms_tui.core.text import printable
from wms_tui.i18n import _


def variance_xlsx(lines: Sequence[VarianceLine]) -> bytes:
    return workbook([(_("count.report.sheet"), variance_header(), variance_rows(lines))])


def write_variance_report(
    uow_factory: UnitOfWorkFactory,
    plan_id: str,
    *,
    csv_path: Path | None = None,
    xlsx_path: Path | None = None,
) -> list[VarianceLine]:
    """Reads the plan (by id or name) once, in one short unit, then writes the files."""
    with uow_factory() as uow:
        lines = appr.approval_data(uow, appr.find_plan(uow, plan_id).plan_id)
    if csv_path is not None:
        # With a BOM: Excel opens UTF-8 (Chinese names) right only then.
        csv_path.write_text(variance_csv(lines), encoding="utf-8-sig", newline="")
    if xlsx_path is not None:
        xlsx_path.write_bytes(variance_xlsx(lines))
    return lines


# --- commands ------------------------------------------------------------------------


def _criteria(args: argparse.Namespace) -> PlanCriteria:
    if args.locations:
        codes = tuple(code.strip() for code in args.locations.split(",") if code.strip())
        return PlanCriteria(CountScope.LOCATIONS, locations=codes)
    if args.zone:
        return PlanCriteria(CountScope.ZONE, zone=args.zone)
    if args.sku:
        return PlanCriteria(CountScope.SKU, sku_code=args.sku)
    return PlanCriteria(CountScope.NOT_COUNTED_SINCE, days=args.days)


def create_plan(
    settings: Settings, uow_factory: SqlUnitOfWorkFactory, args: argparse.Namespace
) -> tuple[str, int]:
    from wms_tui.core.clock import SystemClock

    kind = ThresholdKind.PERCENT if args.percent else ThresholdKind.UNITS
    supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
    with uow_factory() as uow:
        plan, tasks = svc.create_plan(
            uow,
            SystemClock(),
            supervisor=supervisor,
            station_id=settings.station_id,
            name=args.name,
            criteria=_criteria(args),
            blind=not args.open,
            threshold=Threshold(kind, args.threshold),
        )
        uow.commit()
    return plan.plan_id, len(tasks)


def check_plan_numbers(args: argparse.Namespace) -> None:
    """Refused here, in words, before the database's CHECK refuses it as a raw error."""
    for option, value in (("--days", args.days), ("--threshold", args.threshold)):
        if value is not None and value < 0:
            raise BadPlanNumber(what=option, value=value)


def cmd_count_plan(args: argparse.Namespace) -> int:
    check_plan_numbers(args)
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        plan_id, locations = create_plan(settings, uow_factory, args)
    finally:
        uow_factory.dispose()
    say(_("count.cli.plan_created", plan=plan_id, locations=locations))
    return 0


def cmd_count_report(args: argparse.Namespace) -> int:
    uow_factory = open_database(load(args.config))
    try:
        lines = write_variance_report(
            uow_factory, args.plan, csv_path=args.csv, xlsx_path=args.xlsx
        )
    finally:
        uow_factory.dispose()
    if args.csv is None and args.xlsx is None:
        sys.stdout.write(variance_csv(lines))
    else:
        say(_("count.cli.report_written", lines=len(lines)))
    return 0


def cmd_count_accuracy(args: argparse.Namespace) -> int:
    """Count accuracy per location and per stocktaker over the approved counts of plans."""
    uow_factory = open_database(load(args.config))
    try:
        with uow_factory() as uow:
            every = [plan.plan_id for plan in uow.counts.plans()]
            plan_ids = [appr.find_plan(uow, text).plan_id for text in args.plans] or every
            by_location, by_stocktaker = appr.accuracy(uow, plan_ids)
    finally:
        uow_factory.dispose()
    for title, rows in (
        (_("count.cli.accuracy_locations"), by_location),
        (_("count.cli.accuracy_stocktakers"), by_stocktaker),
    ):
        say(title)
        for row in rows:
            say(f"  {row.key:<16} {row.matching:>5}/{row.lines:<5} {row.percent:6.1f}%")
    return 0


def cmd_count_plans(args: argparse.Namespace) -> int:
    """`wms count plans`: every plan, newest first, with its id (what `report` takes, as
    does the name) and where its locations stand."""
    uow_factory = open_database(load(args.config))
    try:
        with uow_factory() as uow:
            rows = [(plan, uow.counts.tasks(plan.plan_id)) for plan in uow.counts.plans()]
    finally:
        uow_factory.dispose()
    say(_("count.cli.plans_header"))
    for plan, tasks in rows:
        waiting = sum(1 for task in tasks if task.status is TaskStatus.COUNTED)
        say(
            _(
                "count.cli.plans_row",
                plan=plan.plan_id,
                name=printable(plan.name, 40),
                created=plan.created_at.strftime("%Y-%m-%d %H:%M"),
                status=_("count.cli.plan_status." + plan.status.value),
                locations=len({task.location for task in tasks}),
                waiting=waiting,
            )
        )
    say(_("count.cli.plans_count", count=len(rows)))
    return 0


def cmd_count(args: argparse.Namespace) -> int:
    if args.count_command == "plan":
        return cmd_count_plan(args)
    if args.count_command == "plans":
        return cmd_count_plans(args)
    if args.count_command == "accuracy":
        return cmd_count_accuracy(args)
    return cmd_count_report(args)


def add_count_parser(subparsers: Any) -> argparse.ArgumentParser:
    """`wms count plan|report`; `subparsers` is the `wms` parser's add_subparsers()."""
    count: argparse.ArgumentParser = subparsers.add_parser(
        "count", help=_("count.cli.count"), description=_("count.cli.count")
    )
    actions = count.add_subparsers(dest="count_command", required=True, metavar="ACTION")
    plan = actions.add_parser("plan", help=_("count.cli.plan"), description=_("count.cli.plan"))
    add_acting_options(plan, "count.cli.opt.by")
    plan.add_argument("--name", required=True, help=_("count.cli.opt.name"))
    scope = plan.add_mutually_exclusive_group(required=True)
    scope.add_argument("--locations", metavar="A,B,...", help=_("count.scope.locations"))
    scope.add_argument("--zone", help=_("count.scope.zone"))
    scope.add_argument("--sku", help=_("count.scope.sku"))
    scope.add_argument("--days", type=int, help=_("count.scope.not_counted_since"))
    plan.add_argument("--open", action="store_true", help=_("count.cli.opt.open"))
    plan.add_argument("--threshold", type=int, default=0, help=_("count.cli.opt.threshold"))
    plan.add_argument("--percent", action="store_true", help=_("count.cli.opt.percent"))
    report = actions.add_parser(
        "report", help=_("count.cli.report"), description=_("count.cli.report")
    )
    actions.add_parser("plans", help=_("count.cli.plans"), description=_("count.cli.plans"))
    report.add_argument("plan", metavar="PLAN", help=_("count.cli.opt.plan"))
    report.add_argument("--csv", type=Path, metavar="FILE.csv", help=_("count.cli.opt.csv"))
    report.add_argument("--xlsx", type=Path, metavar="FILE.xlsx", help=_("count.cli.opt.xlsx"))
    accuracy_parser = actions.add_parser(
        "accuracy", help=_("count.cli.accuracy"), description=_("count.cli.accuracy")
    )
    accuracy_parser.add_argument("plans", nargs="*", metavar="PLAN")
    return count
