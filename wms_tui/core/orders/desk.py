"""The order desk's read side (订单处理): find any order from one box, see its whole life.

Customer service is asked "where is my parcel?" with whatever the buyer has: a waybill,
the platform's order number, their buyer ID or name. One box takes any of them and the
desk looks for every kind at once (`OrderDesk.find`, db/orders/desk.py), newest paid
first, a page at a time from the database. Everything here is read in a unit of work that
only reads: on SQLite the desk never takes the write lock, so an import or a wave release
at another station never freezes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from wms_tui.core.errors import InvalidValue, UnknownOrder, UnknownSku
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    LocationKind,
    Order,
    OrderStatus,
    Sku,
    StockLevel,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import Scan
from wms_tui.core.stock import find_sku
from wms_tui.core.text import unsafe_chars
from wms_tui.i18n import _, current_language

if TYPE_CHECKING:
    from wms_tui.core.orders.problems import ProblemLot
    from wms_tui.core.ports import UnitOfWork

PAGE = 20
LONGEST_PAGE = 200
LONGEST_TEXT = 200


class MatchedBy(StrEnum):
    """Which of an order's keys the text named, in the order a hit is credited to."""

    ORDER_NO = "order_no"
    WAYBILL = "waybill"
    PLATFORM_ORDER_NO = "platform_order_no"
    BUYER = "buyer"  # the buyer's ID (nick) whole, or the beginning of it
    RECEIVER = "receiver"  # the receiver's name whole, or the beginning of it
    PHONE = "phone"  # four digits: the phone's last four
    SKU = "sku"  # an order with a line of that SKU


@dataclass(frozen=True)
class OrderQuery:
    text: str
    statuses: tuple[OrderStatus, ...] = ()
    shop: str = ""
    paid_from: datetime | None = None  # inclusive
    paid_to: datetime | None = None  # exclusive
    limit: int = PAGE
    offset: int = 0


@dataclass(frozen=True)
class OrderHit:
    order_no: str
    platform: str
    platform_order_no: str
    shop: str
    buyer: str
    courier: str
    waybill: str
    status: OrderStatus
    paid_at: datetime | None
    hold_reason: str
    matched: MatchedBy


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened to an order. `what` names it for the catalog
    (`order.desk.event.<what>`); `detail` is stored text, shown as untrusted text."""

    at: datetime
    what: str
    who: str = ""
    station: str = ""
    detail: str = ""


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    skus: dict[str, Sku]  # its lines' SKUs: named in the language shown (a switch reads nothing)
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class StockGlance:
    """One SKU's stock as the desk shows it: per location, reserved and available."""

    sku_code: str
    name: str
    levels: tuple[StockLevel, ...]
    reserved: int
    available: int
    quarantined: int = 0
    in_transit: int = 0  # ordered from suppliers on open purchase orders, not received yet


class OrderDesk(Protocol):
    def find(self, query: OrderQuery) -> list[OrderHit]:
        """Orders matching `query.text` by any key (MatchedBy), and every filter; newest
        paid first (unpaid last), then by number, the page `offset`/`limit`."""
        ...

    def timeline(self, order_no: str) -> list[TimelineEntry]:
        """Everything recorded about the order, oldest first: inspection attempts, waves,
        audit lines, stock moves, handover."""
        ...

    def problem_goods(self) -> list[ProblemLot]:
        """Every SKU at every quarantine location with units, and the latest moves that
        brought units there (core/orders/problems.py); names left empty."""
        ...


def checked(query: OrderQuery) -> OrderQuery:
    """The query as the desk runs it, or InvalidValue naming what is wrong."""
    text = query.text.strip()
    if not text or len(text) > LONGEST_TEXT or unsafe_chars(text):
        raise InvalidValue(field=_("order.desk.field.text"), value=text[:40] or "-")
    if not 1 <= query.limit <= LONGEST_PAGE or query.offset < 0:
        raise InvalidValue(field=_("order.desk.field.limit"), value=str(query.limit))
    if query.paid_from and query.paid_to and query.paid_from >= query.paid_to:
        raise InvalidValue(field=_("order.desk.field.dates"), value=str(query.paid_to.date()))
    return OrderQuery(
        text,
        query.statuses,
        query.shop.strip(),
        query.paid_from,
        query.paid_to,
        query.limit,
        query.offset,
    )


def order_detail(uow: UnitOfWork, code: str) -> OrderDetail:
    """The order named by `code` (its number, waybill or platform order number) with its
    lines' names and its timeline; UnknownOrder if none."""
    order = uow.orders.get(code) or uow.orders.find_by_code(code)
    if order is None:
        raise UnknownOrder(order=code)
    skus = uow.skus.get_many({line.sku_code for line in order.lines})
    events = list(uow.order_desk.timeline(order.order_no))
    if order.paid_at is not None:
        events.append(TimelineEntry(order.paid_at, "paid"))
    if order.imported_at is not None:
        events.append(TimelineEntry(order.imported_at, "imported"))
    if order.archived_at is not None:
        events.append(TimelineEntry(order.archived_at, "archived"))
    if order.refunded_at is not None:
        events.append(TimelineEntry(order.refunded_at, "refunded"))
    events.sort(key=lambda e: e.at)
    return OrderDetail(order, skus, tuple(events))


def sku_named(uow: UnitOfWork, code: str) -> Sku:
    """The SKU a person typed or scanned: by its code or one of its barcodes."""
    sku = find_sku(uow, code)
    if sku is None:
        raise UnknownSku(sku=code[:40] or "-")
    return sku


def stock_glance(uow: UnitOfWork, code: str) -> StockGlance:
    """A SKU's stock (by its code or a barcode): on hand per real location, reserved,
    available (on hand in sellable, unfrozen stock less reserved), in quarantine, and in
    transit on open purchase orders."""
    sku = sku_named(uow, code)
    levels = tuple(
        level
        for level in uow.ledger.levels(sku.code)
        if level.location not in VIRTUAL_LOCATIONS and level.on_hand
    )
    kinds = {level.location: uow.locations.get(level.location) for level in levels}
    quarantined = sum(
        level.on_hand
        for level in levels
        if (where := kinds[level.location]) is not None and where.kind is LocationKind.QUARANTINE
    )
    return StockGlance(
        sku.code,
        sku.name(current_language()),
        levels,
        uow.ledger.reserved(sku.code),
        uow.ledger.available(sku.code),
        quarantined,
        uow.receiving.in_transit([sku.code]).get(sku.code, 0),
    )


CONTEXT = "order_desk"


def searched(_uow: UnitOfWork, scan: Scan) -> Outcome:
    """A code scanned (or typed) at the desk: the search it asks for runs in a unit of
    work that only reads (the screen's worker), never in the scan's own transaction, which
    on SQLite holds the write lock."""
    return Outcome.accepted("order.desk.searching", SoundClass.OK, text=scan.text.strip())
