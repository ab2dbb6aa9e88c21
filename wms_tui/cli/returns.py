"""Returns (退货) from the command line:

    wms returns list [--date YYYY-MM-DD] --by BADGE
    wms returns export --date YYYY-MM-DD [--csv FILE] [--xlsx FILE] --by BADGE
    wms returns unidentified --by BADGE
    wms returns match RETURN ORDER --by BADGE [--yes]
    wms returns scrap RETURN --by BADGE [--yes]
    wms returns reship RETURN [--line N ...] --by BADGE [--yes]

Listing and the shops' export are customer service's (what a refund needs: order, platform
order number, SKU, quantity, condition, time); matching or scrapping an unidentified return
is a supervisor's; a reship is a manual order for the chosen lines, linked to the return's
order. What cannot be undone says what it will do and asks once more unless --yes.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.days import local_day
from wms_tui.cli.identity import add_acting_options, asked_once_more, read_verified, verified
from wms_tui.cli.sheets import workbook
from wms_tui.config import Settings
from wms_tui.core.clock import SystemClock
from wms_tui.core.exports import to_csv
from wms_tui.core.model import Role
from wms_tui.core.orders.manual import ManualOrder, add_manual_order
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.returns.acts import (
    match_return,
    reship_lines,
    returns_of,
    scrap_return,
    waiting_return,
)
from wms_tui.core.returns.records import Condition, ReturnedUnit, ReturnUnknown
from wms_tui.core.returns.rules import Places
from wms_tui.core.text import printable
from wms_tui.i18n import _

EXPORT_COLUMNS = tuple(
    f"returns.col.{name}"
    for name in ("return", "order", "platform_order", "shop", "sku", "qty", "condition",
                 "reason", "closed_at", "waybill")
)  # fmt: skip


def places(settings: Settings) -> Places:
    return Places(settings.returns.location, settings.inspection.quarantine_location)


def export_rows(units: list[ReturnedUnit]) -> list[tuple[object, ...]]:
    """One row per return, SKU, condition and reason, its units counted."""
    counted: dict[tuple[str, str, Condition, str], int] = {}
    first: dict[tuple[str, str, Condition, str], ReturnedUnit] = {}
    for unit in units:
        key = (unit.return_id, unit.sku_code, unit.condition, unit.reason)
        counted[key] = counted.get(key, 0) + 1
        first.setdefault(key, unit)
    return [
        (
            u.return_id, u.order_no, u.platform_order_no, u.shop, u.sku_code, counted[key],
            _("returns.condition." + u.condition.value), u.reason,
            u.closed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), u.return_waybill or u.parcel,
        )
        for key, u in first.items()
    ]  # fmt: skip


def cmd_returns(args: argparse.Namespace) -> int:
    command = args.returns_command
    if command == "list":
        return _list(args)
    if command == "export":
        return _export(args)
    if command == "unidentified":
        return _unidentified(args)
    if command == "reship":
        return _reship(args)
    return _decide(args)


def _list(args: argparse.Namespace) -> int:
    start, end = local_day(args.date or date.today().isoformat())

    def read(_settings: Settings, uow: UnitOfWork) -> list[str]:
        lines = []
        for record, units in returns_of(uow, start, end):
            kinds = {c: sum(1 for u in units if u.condition is c) for c in Condition}
            said = ", ".join(
                f"{_('returns.condition.' + c.value)} {n}" for c, n in kinds.items() if n
            )
            lines.append(_("returns.cli.row", ret=record.return_id,
                           status=_("returns.status." + record.status.value),
                           order=record.order_no or _("returns.cli.unidentified"),
                           parcel=printable(record.parcel, 30), count=len(units),
                           conditions=said or "-",
                           at=record.opened_at.astimezone().strftime("%m-%d %H:%M"),
                           by=record.opened_by))  # fmt: skip
        return lines

    lines = read_verified(args, Role.SERVICE, read)
    for line in lines:
        say(line)
    say(_("returns.cli.count", count=len(lines)))
    return 0


def _export(args: argparse.Namespace) -> int:
    start, end = local_day(args.date)
    rows = read_verified(
        args, Role.SERVICE, lambda _s, uow: export_rows(uow.returns.closed_units(start, end))
    )
    header = [_(column) for column in EXPORT_COLUMNS]
    if args.csv is None and args.xlsx is None:
        sys.stdout.write(to_csv(header, rows))
        return 0
    if args.csv is not None:
        # With a BOM: Excel opens UTF-8 (Chinese shop names) right only then.
        args.csv.write_text(to_csv(header, rows), encoding="utf-8-sig", newline="")
    if args.xlsx is not None:
        args.xlsx.write_bytes(workbook([(_("returns.export.sheet"), header, rows)]))
    say(_("returns.cli.exported", count=len(rows)))
    return 0


def _unidentified(args: argparse.Namespace) -> int:
    def read(_settings: Settings, uow: UnitOfWork) -> list[str]:
        return [
            _("returns.cli.waiting_row", ret=r.return_id, parcel=printable(r.parcel, 30),
              note=printable(r.note or "-", 60), count=r.units,
              at=(r.closed_at or r.opened_at).astimezone().strftime("%m-%d %H:%M"))
            for r in uow.returns.unidentified()
        ]  # fmt: skip

    lines = read_verified(args, Role.SUPERVISOR, read)
    for line in lines:
        say(line)
    say(_("returns.cli.waiting_count", count=len(lines)))
    return 0


def _decide(args: argparse.Namespace) -> int:
    """match or scrap: a supervisor's, after saying what it does."""
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory.for_reading()() as uow:
            record = waiting_return(uow, args.ret)
        if args.returns_command == "match":
            question = _("returns.cli.match_ask", ret=record.return_id, count=record.units,
                         order=printable(args.order))  # fmt: skip
        else:
            question = _("returns.cli.scrap_ask", ret=record.return_id, count=record.units)
        if not args.yes and not asked_once_more(question):
            say(_("order.act.not_done"))
            return 1
        with uow_factory() as uow:
            if args.returns_command == "match":
                done = match_return(uow, SystemClock(), record.return_id, args.order,
                                    by=supervisor, station_id=settings.station_id)  # fmt: skip
            else:
                done = scrap_return(uow, SystemClock(), record.return_id, places(settings),
                                    by=supervisor, station_id=settings.station_id,
                                    new_id=lambda: uuid.uuid4().hex)  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    if args.returns_command == "match":
        say(_("returns.cli.matched", ret=done.return_id, order=done.order_no))
    else:
        say(_("returns.cli.scrapped", ret=done.return_id, count=done.units))
    return 0


def _reship(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        person = verified(settings, uow_factory, args, Role.SERVICE)
        with uow_factory.for_reading()() as uow:
            record = uow.returns.get(args.ret.strip())
            if record is None:
                raise ReturnUnknown(ret=printable(args.ret))
            lines = reship_lines(record, uow.returns.units(record.return_id), args.line or ())
        said = ", ".join(f"{line.sku_code} ×{line.qty}" for line in lines)
        question = _("returns.cli.reship_ask", order=record.order_no, lines=said)
        if not args.yes and not asked_once_more(question):
            say(_("order.act.not_done"))
            return 1
        wanted = ManualOrder(
            tuple((line.sku_code, str(line.qty)) for line in lines),
            remark=_("returns.cli.reship_remark", ret=record.return_id),
            reship_of=record.order_no,
        )
        with uow_factory() as uow:
            order = add_manual_order(uow, SystemClock(), wanted, person, settings.station_id)
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("returns.cli.reshipped", order=order.order_no, of=record.order_no, lines=said))
    return 0


def add_returns_parser(subparsers: Any) -> argparse.ArgumentParser:
    """`wms returns list|export|unidentified|match|scrap|reship`."""
    returns: argparse.ArgumentParser = subparsers.add_parser(
        "returns", help=_("returns.cli.returns"), description=_("returns.cli.returns")
    )
    actions = returns.add_subparsers(dest="returns_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help=_("returns.cli.list"),
                                 description=_("returns.cli.list"))  # fmt: skip
    listing.add_argument("--date", help=_("returns.cli.opt.date"))
    add_acting_options(listing)
    export = actions.add_parser("export", help=_("returns.cli.export"),
                                description=_("returns.cli.export"))  # fmt: skip
    export.add_argument("--date", required=True, help=_("returns.cli.opt.date"))
    export.add_argument("--csv", type=Path, help=_("returns.cli.opt.csv"))
    export.add_argument("--xlsx", type=Path, help=_("returns.cli.opt.xlsx"))
    add_acting_options(export)
    waiting = actions.add_parser("unidentified", help=_("returns.cli.unidentified_help"),
                                 description=_("returns.cli.unidentified_help"))  # fmt: skip
    add_acting_options(waiting)
    match = actions.add_parser("match", help=_("returns.cli.match"),
                               description=_("returns.cli.match"))  # fmt: skip
    match.add_argument("ret", metavar="RETURN", help=_("returns.cli.opt.return"))
    match.add_argument("order", metavar="ORDER", help=_("returns.cli.opt.order"))
    scrap = actions.add_parser("scrap", help=_("returns.cli.scrap"),
                               description=_("returns.cli.scrap"))  # fmt: skip
    scrap.add_argument("ret", metavar="RETURN", help=_("returns.cli.opt.return"))
    reship = actions.add_parser("reship", help=_("returns.cli.reship"),
                                description=_("returns.cli.reship"))  # fmt: skip
    reship.add_argument("ret", metavar="RETURN", help=_("returns.cli.opt.return"))
    reship.add_argument("--line", type=int, action="append", metavar="N",
                        help=_("returns.cli.opt.line"))  # fmt: skip
    for acting in (match, scrap, reship):
        add_acting_options(acting)
        acting.add_argument("--yes", action="store_true", help=_("order.cli.opt.yes"))
    return returns
