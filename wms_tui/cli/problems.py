"""Problem goods (异常) from the command line:

    wms problems list --by BADGE
    wms problems dispose SKU LOCATION QTY --to stock|scrap|vendor [--bin BIN]
                         --reason TEXT --by BADGE [--yes]

The list is for customer service, supervisors and admins; deciding what becomes of the
goods is a supervisor's, says what it will do and asks once more unless --yes.
"""

from __future__ import annotations

import argparse
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.identity import add_acting_options, asked_once_more, verified
from wms_tui.core.clock import SystemClock
from wms_tui.core.model import Role
from wms_tui.core.orders.problems import Disposal, dispose, problem_goods
from wms_tui.core.orders.words import problem_lines
from wms_tui.core.text import printable
from wms_tui.i18n import _


def cmd_problems(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    try:
        if args.problems_command == "list":
            verified(settings, uow_factory, args, Role.SERVICE)
            with uow_factory.for_reading()() as uow:
                lots = problem_goods(uow)
            for text in problem_lines(lots):
                say(text)
            return 0
        supervisor = verified(settings, uow_factory, args, Role.SUPERVISOR)
        to = Disposal(args.to)
        if not args.yes:
            # Irreversible: say what will happen and ask once more.
            where = _("problem.to." + to.value, bin=printable(args.bin or "-"))
            question = _("problem.cli.ask", qty=args.qty, sku=printable(args.sku),
                         location=printable(args.location), to=where)  # fmt: skip
            if not asked_once_more(question):
                say(_("order.act.not_done"))
                return 1
        with uow_factory() as uow:
            where = dispose(
                uow, SystemClock(), sku_code=args.sku, location=args.location, qty=args.qty,
                to=to, reason=args.reason, by=supervisor, station_id=settings.station_id,
                bin_code=args.bin or "",
            )  # fmt: skip
            uow.commit()
    finally:
        uow_factory.dispose()
    say(_("problem.cli.done", qty=args.qty, sku=args.sku, where=where))
    return 0


def _qty(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 1_000_000):
        raise argparse.ArgumentTypeError(_("problem.cli.bad_qty"))
    return int(text)


def add_problems_parser(subparsers: Any) -> None:
    problems = subparsers.add_parser(
        "problems", help=_("problem.cli.problems"), description=_("problem.cli.problems")
    )
    actions = problems.add_subparsers(dest="problems_command", required=True, metavar="ACTION")
    listed = actions.add_parser("list", help=_("problem.cli.list"),
                                description=_("problem.cli.list"))  # fmt: skip
    add_acting_options(listed)
    act = actions.add_parser("dispose", help=_("problem.cli.dispose"),
                             description=_("problem.cli.dispose"))  # fmt: skip
    act.add_argument("sku", metavar="SKU", help=_("problem.cli.opt.sku"))
    act.add_argument("location", metavar="LOCATION", help=_("problem.cli.opt.location"))
    act.add_argument("qty", metavar="QTY", type=_qty, help=_("problem.cli.opt.qty"))
    act.add_argument("--to", required=True, choices=[d.value for d in Disposal],
                     help=_("problem.cli.opt.to"))  # fmt: skip
    act.add_argument("--bin", help=_("problem.cli.opt.bin"))
    act.add_argument("--reason", required=True, help=_("order.act.cli.opt.reason"))
    act.add_argument("--yes", action="store_true", help=_("order.cli.opt.yes"))
    add_acting_options(act)
