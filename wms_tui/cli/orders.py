"""Orders from the command line: archiving those done with; finding and showing any
order (cli/order_desk.py).

    wms orders archive --before YYYY-MM-DD --by BADGE
    wms orders search TEXT --by BADGE        wms orders show CODE --by BADGE
    wms orders confirm|hold|release|cancel|delivery CODE ... --by BADGE (order_acts.py)
    wms orders add --line SKU:QTY ... --by BADGE (manual_order.py)

Archived orders are read-only forever (the database refuses any change); archiving asks
once more, saying how many orders it will archive, unless --yes.
"""

from __future__ import annotations

import argparse
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.days import local_day
from wms_tui.cli.identity import add_acting_options, asked_once_more, verified
from wms_tui.cli.manual_order import cmd_add
from wms_tui.cli.order_acts import cmd_act
from wms_tui.cli.order_desk import add_desk_parsers, cmd_search, cmd_show
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Role
from wms_tui.core.orders.archive import archive_before
from wms_tui.i18n import _


def cmd_orders(args: argparse.Namespace) -> int:
    if args.orders_command == "search":
        return cmd_search(args)
    if args.orders_command == "show":
        return cmd_show(args)
    if args.orders_command in ("confirm", "hold", "release", "cancel", "delivery", "refund"):
        return cmd_act(args)
    if args.orders_command == "add":
        return cmd_add(args)
    return cmd_archive(args)


def cmd_archive(args: argparse.Namespace) -> int:
    before = local_day(args.before)[0]
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        with uow_factory() as uow:
            count = len(uow.orders.archivable(before))
        if count == 0:
            say(_("order.cli.nothing_to_archive", before=args.before))
            return 0
        # Irreversible: say what will happen and ask once more.
        question = _("order.cli.archive_ask", count=count, before=args.before)
        if not args.yes and not asked_once_more(question):
            say(_("order.cli.archive_not_done"))
            return 1
        with uow_factory() as uow:
            result = archive_before(
                uow, SystemClock(), before=before, by=supervisor, station_id=settings.station_id
            )
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("order.cli.archived", count=len(result.archived)))
    if result.changed_meanwhile:
        say(_("order.cli.changed_meanwhile", orders=", ".join(result.changed_meanwhile)))
    return 0


def add_orders_parser(subparsers: Any) -> argparse.ArgumentParser:
    orders: argparse.ArgumentParser = subparsers.add_parser(
        "orders", help=_("order.cli.orders"), description=_("order.cli.orders")
    )
    actions = orders.add_subparsers(dest="orders_command", required=True, metavar="ACTION")
    archive = actions.add_parser(
        "archive", help=_("order.cli.archive"), description=_("order.cli.archive")
    )
    archive.add_argument("--before", required=True, metavar="YYYY-MM-DD",
                         help=_("order.cli.opt.before"))  # fmt: skip
    archive.add_argument("--yes", action="store_true", help=_("order.cli.opt.yes"))
    add_acting_options(archive, "order.cli.opt.by")
    add_desk_parsers(actions)
    return orders
