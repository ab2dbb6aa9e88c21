"""A manual order from the command line (手动下订单), for a verified badge:

    wms orders add --line SKU:QTY [--line SKU:QTY ...] [--shop S] [--buyer B]
                   [--courier C] [--remark TEXT] [--reship-of ORDER] --by BADGE

It is pending, as an imported order is; confirm it next (`wms orders confirm`).
"""

from __future__ import annotations

import argparse
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.identity import add_acting_options, verified
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Role
from wms_tui.core.orders.manual import ManualOrder, make_manual_order
from wms_tui.i18n import _


def _line(text: str) -> tuple[str, str]:
    code, colon, qty = text.rpartition(":")
    if not colon or not code.strip():
        raise argparse.ArgumentTypeError(_("order.manual.cli.bad_line", line=text))
    return code.strip(), qty.strip()


def cmd_add(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    wanted = ManualOrder(
        tuple(args.line), args.shop or "", args.buyer or "", args.courier or "",
        args.remark or "", args.reship_of or "",
    )  # fmt: skip
    try:
        person = verified(settings, uow_factory, args, Role.SERVICE)
        order = make_manual_order(uow_factory, SystemClock(), wanted, person,
                                  settings.station_id)  # fmt: skip
    finally:
        uow_factory.dispose()
    say(_("order.manual.added", order=order.order_no, lines=len(order.lines)))
    return 0


def add_manual_parser(actions: Any) -> None:
    add = actions.add_parser(
        "add", help=_("order.manual.cli.add"), description=_("order.manual.cli.add")
    )
    add.add_argument("--line", type=_line, action="append", required=True, metavar="SKU:QTY",
                     help=_("order.manual.cli.opt.line"))  # fmt: skip
    add.add_argument("--shop", help=_("order.manual.cli.opt.shop"))
    add.add_argument("--buyer", help=_("order.manual.cli.opt.buyer"))
    add.add_argument("--courier", help=_("order.delivery.cli.opt.courier"))
    add.add_argument("--remark", help=_("order.manual.cli.opt.remark"))
    add.add_argument("--reship-of", metavar="ORDER", help=_("order.manual.cli.opt.reship_of"))
    add_acting_options(add)
