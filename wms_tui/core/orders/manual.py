"""A manual order (手动下订单) for an offline sale or a reship (补发): made at the order desk
by a verified person, then it goes through the same statuses as any imported order.

Its number is the desk's own (`MO` + date + a running number, never one a shop uses); a
reship names the order it replaces in its seller's remark (which the packer reads), and
keeps that order's buyer, courier and shop unless told otherwise. Each line is a SKU by
its code or barcode and a quantity; an unknown SKU or a quantity that is not a whole
number from 1 is refused before anything is written.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from wms_tui.core.effects import Actor, Audit, apply_effects
from wms_tui.core.errors import DuplicateEntry, UnknownOrder, WmsError
from wms_tui.core.model import Operator, Order, OrderLine, OrderStatus, parse_quantity
from wms_tui.core.orders.desk import sku_named
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork, UnitOfWorkFactory
from wms_tui.core.scans import Scan
from wms_tui.core.text import unsafe_chars

PLATFORM = "manual"
LONGEST_TEXT = 100


class NoLines(WmsError):
    code = "E980"
    msgid = "order.manual.no_lines"


class BadText(WmsError):
    code = "E981"
    msgid = "order.manual.bad_text"


@dataclass(frozen=True)
class ManualOrder:
    lines: tuple[tuple[str, str], ...]  # (SKU code or barcode, quantity as typed)
    shop: str = ""
    buyer: str = ""
    courier: str = ""
    remark: str = ""  # the seller's remark: shown at inspection like any other
    reship_of: str = ""  # the order this one replaces (补发)


def _text(field: str, value: str) -> str:
    text = value.strip()
    if len(text) > LONGEST_TEXT or unsafe_chars(text):
        raise BadText(field=field, value=text[:40])
    return text


def _number(uow: UnitOfWork, now: datetime) -> str:
    day = now.astimezone().strftime("%y%m%d")
    n = 1
    while uow.orders.get(f"MO{day}-{n:03d}") is not None:
        n += 1
    return f"MO{day}-{n:03d}"


def add_manual_order(
    uow: UnitOfWork, clock: Clock, wanted: ManualOrder, by: Operator, station_id: str
) -> Order:
    """Stores the order (pending) and returns it; nothing is written if any line or field
    is refused. Two desks adding at once both get a number: the second's insert of a
    number taken meanwhile fails its unit of work, and it is tried again by the caller."""
    if not wanted.lines:
        raise NoLines()
    lines: list[OrderLine] = []
    for code, qty_text in wanted.lines:
        sku = sku_named(uow, code.strip())
        qty = parse_quantity(qty_text.strip())  # a whole number from 1, ASCII digits only
        lines.append(OrderLine(len(lines) + 1, sku.code, qty))
    shop, buyer = _text("shop", wanted.shop), _text("buyer", wanted.buyer)
    courier, remark = _text("courier", wanted.courier), _text("remark", wanted.remark)
    reship = wanted.reship_of.strip()
    if reship:
        original = uow.orders.get(reship) or uow.orders.find_by_code(reship)
        if original is None:
            raise UnknownOrder(order=reship[:40])
        reship = original.order_no
        shop, buyer = shop or original.shop, buyer or original.buyer
        courier = courier or original.courier
        # Said where the packer reads it; the platform's number is not copied: a scan of
        # it at the bench must still name one order.
        said = f"补发 {original.order_no} {original.platform_order_no}".strip()
        remark = f"{said}; {remark}" if remark else said
    now = clock.now()
    order = Order(
        _number(uow, now), PLATFORM, shop, OrderStatus.PENDING, lines,
        buyer=buyer, courier=courier, seller_remark=remark, paid_at=now, imported_at=now,
    )  # fmt: skip
    uow.orders.add(order)
    detail = f"reship of {reship}" if reship else "offline sale"
    apply_effects(uow, clock, [Audit("order_manual", order.order_no, detail)],
                  Actor(by.badge, station_id, now))  # fmt: skip
    return order


TRIES = 3  # two desks numbering at once: the second takes the next number


def make_manual_order(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    wanted: ManualOrder,
    by: Operator,
    station_id: str,
) -> Order:
    """add_manual_order in its own unit of work, committed; tried again with the next
    number when another desk took this one meanwhile (the desk and `wms orders add`)."""

    def made() -> Order:
        with uow_factory() as uow:
            order = add_manual_order(uow, clock, wanted, by, station_id)
            uow.commit()
        return order

    for _attempt in range(TRIES - 1):
        with contextlib.suppress(DuplicateEntry):
            return made()
    return made()  # the last try says its error


CONTEXT = "manual_order"


def scanned(_uow: UnitOfWork, scan: Scan) -> Outcome:
    """A code scanned on the manual order's screen: a SKU to add, looked up by the screen's
    worker in a unit of work that only reads (nothing is stored until the order is made)."""
    return Outcome.accepted("order.manual.scanned", SoundClass.OK, text=scan.text.strip())
