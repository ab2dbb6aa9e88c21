"""The order desk's acts from the command line, for a verified badge (customer service, a
supervisor or an admin), each audited with its reason:

    wms orders confirm CODE --by BADGE
    wms orders hold CODE --reason TEXT --by BADGE
    wms orders release CODE --by BADGE
    wms orders cancel CODE --reason TEXT --by BADGE [--yes]
    wms orders delivery CODE [--courier NAME] [--waybill NO] --by BADGE
    wms orders refund CODE [--at "YYYY-MM-DD HH:MM"] --by BADGE

Cancelling cannot be undone: it says what it will do and asks once more, unless --yes.
"""

from __future__ import annotations

import argparse
from typing import Any

from wms_tui.bootstrap.database import load, open_database
from wms_tui.bootstrap.guard import say
from wms_tui.cli.days import local_moment
from wms_tui.cli.identity import add_acting_options, asked_once_more, verified
from wms_tui.core.clock import SystemClock
from wms_tui.core.errors import UnknownOrder, WmsError
from wms_tui.core.model import Order, Role
from wms_tui.core.orders import acts
from wms_tui.core.orders.delivery import change_delivery
from wms_tui.core.orders.refunds import record_refund
from wms_tui.core.orders.words import status_words
from wms_tui.i18n import _


class DeliveryNotGiven(WmsError):
    code = "E979"
    msgid = "order.delivery.nothing_given"


def _order(uow_factory: Any, code: str) -> Order:
    with uow_factory.for_reading()() as uow:
        order = uow.orders.get(code) or uow.orders.find_by_code(code)
    if order is None:
        raise UnknownOrder(order=code)
    assert isinstance(order, Order)
    return order


def cmd_act(args: argparse.Namespace) -> int:
    settings = load(args.config)
    uow_factory = open_database(settings)
    clock, station = SystemClock(), settings.station_id
    try:
        person = verified(settings, uow_factory, args, Role.SERVICE)
        order = _order(uow_factory, args.code.strip())
        was = acts.seen(order)
        if args.orders_command == "cancel":
            acts.check_cancellable(order)  # before asking: nobody confirms a refusal
        if args.orders_command == "cancel" and not args.yes:
            # Irreversible: say what will happen and ask once more.
            question = _("order.act.cancel_ask", order=order.order_no,
                         status=status_words(order.status))  # fmt: skip
            if not asked_once_more(question):
                say(_("order.act.not_done"))
                return 1
        with uow_factory() as uow:
            if args.orders_command == "delivery":
                if args.courier is None and args.waybill is None:
                    raise DeliveryNotGiven()
                reprint = change_delivery(
                    uow, clock, was, courier=args.courier, waybill=args.waybill,
                    by=person, station_id=station,
                )  # fmt: skip
                said = _("order.delivery.changed", order=order.order_no)
                if reprint:
                    said += "\n" + _("order.delivery.reprint", order=order.order_no)
            elif args.orders_command == "refund":
                at = local_moment(args.at) if args.at else None
                left = record_refund(uow, clock, was, at, person, station)
                said = _("order.refund.recorded", order=order.order_no)
                if left:
                    said += "\n" + _("order.refund.still_here", order=order.order_no,
                                      status=status_words(order.status))  # fmt: skip
            elif args.orders_command == "confirm":
                acts.confirm(uow, clock, was, person, station)
                said = _("order.act.confirmed", order=order.order_no)
            elif args.orders_command == "hold":
                acts.hold(uow, clock, was, args.reason, person, station)
                said = _("order.act.held", order=order.order_no)
            elif args.orders_command == "release":
                target = acts.release(uow, clock, was, person, station)
                said = _("order.act.released", order=order.order_no,
                         status=status_words(target))  # fmt: skip
            else:
                acts.cancel(uow, clock, was, args.reason, person, station)
                said = _("order.act.cancelled", order=order.order_no)
            uow.commit()
    finally:
        uow_factory.dispose()
    say(said)
    return 0


def add_act_parsers(actions: Any) -> None:
    """`confirm`, `hold`, `release`, `cancel`, `delivery` and `refund` under `wms orders`."""
    for name in ("confirm", "hold", "release", "cancel", "delivery", "refund"):
        act = actions.add_parser(
            name, help=_("order.act.cli." + name), description=_("order.act.cli." + name)
        )
        act.add_argument("code", metavar="CODE", help=_("order.desk.cli.opt.code"))
        if name in ("hold", "cancel"):
            act.add_argument("--reason", required=True, help=_("order.act.cli.opt.reason"))
        if name == "cancel":
            act.add_argument("--yes", action="store_true", help=_("order.cli.opt.yes"))
        if name == "delivery":
            act.add_argument("--courier", help=_("order.delivery.cli.opt.courier"))
            act.add_argument("--waybill", help=_("order.delivery.cli.opt.waybill"))
        if name == "refund":
            act.add_argument("--at", metavar="TIME", help=_("order.refund.cli.opt.at"))
        add_acting_options(act)
