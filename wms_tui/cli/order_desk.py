"""The order desk from the command line: find an order by any key, see its life, see a
SKU's stock. Each acts for a verified badge (customer service, supervisor or admin: the
desk shows buyers' data) and reads in a unit of work that only reads.

    wms orders search TEXT [--status S] [--from D --to D] [--shop S] [--limit N] [--page P]
    wms orders show CODE
    wms stock SKU
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TypeVar

from wms_tui.bootstrap.guard import say
from wms_tui.cli.days import local_day
from wms_tui.cli.identity import add_acting_options, read_verified
from wms_tui.cli.manual_order import add_manual_parser
from wms_tui.cli.order_acts import add_act_parsers
from wms_tui.core.model import OrderStatus, Role
from wms_tui.core.orders.desk import (
    LONGEST_PAGE,
    PAGE,
    OrderQuery,
    checked,
    order_detail,
    stock_glance,
)
from wms_tui.core.orders.words import detail_lines, hit_words, stock_lines
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.text import printable
from wms_tui.i18n import _

T = TypeVar("T")


def query_from(args: argparse.Namespace) -> OrderQuery:
    return OrderQuery(
        args.text,
        tuple(OrderStatus(s) for s in args.status or ()),
        args.shop or "",
        local_day(args.from_)[0] if args.from_ else None,
        local_day(args.to)[1] if args.to else None,  # --to is the last day
        args.limit,
        (args.page - 1) * args.limit,
    )


def read_as_service(args: argparse.Namespace, read: Callable[[UnitOfWork], T]) -> T:
    """The desk shows buyers' data: customer service, a supervisor or an admin."""
    return read_verified(args, Role.SERVICE, lambda _settings, uow: read(uow))


def cmd_search(args: argparse.Namespace) -> int:
    query = checked(query_from(args))
    hits = read_as_service(args, lambda uow: uow.order_desk.find(query))
    if not hits:
        say(_("order.desk.none", text=printable(query.text)))
        return 1
    for hit in hits:
        say(" · ".join(part for part in hit_words(hit) if part))
    if len(hits) == query.limit:
        say(_("order.desk.cli.next_page", page=args.page + 1))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    detail = read_as_service(args, lambda uow: order_detail(uow, args.code.strip()))
    for text in detail_lines(detail):
        say(text)
    return 0


def cmd_stock(args: argparse.Namespace) -> int:
    glance = read_as_service(args, lambda uow: stock_glance(uow, args.sku.strip()))
    for text in stock_lines(glance):
        say(text)
    return 0


def _limit(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= LONGEST_PAGE):
        raise argparse.ArgumentTypeError(_("order.desk.cli.bad_limit", most=LONGEST_PAGE))
    return int(text)


def add_desk_parsers(actions: Any) -> None:
    """`search` and `show` under `wms orders`."""
    search = actions.add_parser(
        "search", help=_("order.desk.cli.search"), description=_("order.desk.cli.search")
    )
    search.add_argument("text", metavar="TEXT", help=_("order.desk.cli.opt.text"))
    search.add_argument("--status", action="append", choices=[s.value for s in OrderStatus],
                        help=_("order.desk.cli.opt.status"))  # fmt: skip
    search.add_argument("--from", dest="from_", metavar="YYYY-MM-DD",
                        help=_("order.desk.cli.opt.from"))  # fmt: skip
    search.add_argument("--to", metavar="YYYY-MM-DD", help=_("order.desk.cli.opt.to"))
    search.add_argument("--shop", help=_("order.desk.cli.opt.shop"))
    search.add_argument("--limit", type=_limit, default=PAGE, help=_("order.desk.cli.opt.limit"))
    search.add_argument("--page", type=_limit, default=1, help=_("order.desk.cli.opt.page"))
    add_acting_options(search)
    show = actions.add_parser(
        "show", help=_("order.desk.cli.show"), description=_("order.desk.cli.show")
    )
    show.add_argument("code", metavar="CODE", help=_("order.desk.cli.opt.code"))
    add_acting_options(show)
    add_act_parsers(actions)
    add_manual_parser(actions)


def add_stock_parser(subparsers: Any) -> None:
    stock = subparsers.add_parser(
        "stock", help=_("order.desk.cli.stock"), description=_("order.desk.cli.stock")
    )
    stock.add_argument("sku", metavar="SKU", help=_("order.desk.cli.opt.sku"))
    add_acting_options(stock)
