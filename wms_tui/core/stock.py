"""Stock use cases. The ledger port posts; these decide what to post."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from wms_tui.core.errors import (
    InvalidQuantity,
    UnknownMove,
    UnknownOrder,
)
from wms_tui.core.model import (
    VIRTUAL_SUPPLIER,
    LocationKind,
    MoveReason,
    OrderStatus,
    Sku,
    StockMove,
)
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.i18n import _


def new_move_id() -> str:
    return str(uuid.uuid4())


def new_move_ids(count: int, at: datetime) -> list[str]:
    """`count` move ids in ascending order, for one batch (a stock file's moves): `at` in
    milliseconds first, then a counter from a random start, laid out as a
    version-7 UUID. Ids that ascend are appended to the ledger's index, where random ones
    land all over it: a 100,000-move file posts about a fifth faster."""
    millis = int(at.timestamp() * 1000)
    start = secrets.randbits(73)  # the top bit of 74 left clear: `count` more fit
    ids = []
    for n in range(count):
        counter = start + n
        value = (
            (millis & 0xFFFF_FFFF_FFFF) << 80
            | 0x7 << 76
            | (counter >> 62) << 64
            | 0b10 << 62
            | counter & (1 << 62) - 1
        )
        ids.append(str(uuid.UUID(int=value)))
    return ids


def post_move(uow: UnitOfWork, move: StockMove, clock: Clock) -> bool:
    """The one way stock changes. The ledger refuses an unknown sku or location, a frozen
    location and a shortfall itself, in the same statements that post the move."""
    move.validate()
    if move.at is None:
        move = StockMove(**{**move.__dict__, "at": clock.now()})
    return uow.ledger.post(move)


def post_moves(uow: UnitOfWork, moves: Sequence[StockMove], clock: Clock) -> list[bool]:
    """`post_move` for each move in turn, in a few statements for all of them (an order's
    fifty lines leaving the packing bench at once)."""
    now = clock.now()
    stamped = [m if m.at is not None else StockMove(**{**m.__dict__, "at": now}) for m in moves]
    for move in stamped:
        move.validate()
    return uow.ledger.post_many(stamped)


def receive(
    uow: UnitOfWork,
    clock: Clock,
    *,
    sku_code: str,
    qty: int,
    location: str,
    operator: str,
    station_id: str,
    reference: str = "",
    move_id: str | None = None,
    reason: MoveReason = MoveReason.RECEIPT,
) -> bool:
    if qty <= 0:
        raise InvalidQuantity(value=str(qty))
    return post_move(
        uow,
        StockMove(
            move_id=move_id or new_move_id(),
            sku_code=sku_code,
            qty=qty,
            from_location=VIRTUAL_SUPPLIER,
            to_location=location,
            reason=reason,
            reference=reference,
            operator=operator,
            station_id=station_id,
        ),
        clock,
    )


def reverse(
    uow: UnitOfWork, clock: Clock, *, move_id: str, operator: str, station_id: str
) -> StockMove:
    original = uow.ledger.get(move_id)
    if original is None:
        raise UnknownMove(move_id=move_id)
    reversal = original.reversal(new_move_id(), operator, station_id)
    post_move(uow, reversal, clock)
    return reversal


def confirm_order(uow: UnitOfWork, order_no: str) -> None:
    """Audited orders reserve their lines: available = on hand - reserved."""
    order = uow.orders.get(order_no)
    if order is None:
        raise UnknownOrder(order=order_no)
    uow.orders.set_status(order, OrderStatus.CONFIRMED)
    for sku_code, qty in sorted(order.quantities().items()):
        uow.ledger.reserve(order_no, sku_code, qty)


def cancel_order(uow: UnitOfWork, order_no: str, reason: str) -> None:
    order = uow.orders.get(order_no)
    if order is None:
        raise UnknownOrder(order=order_no)
    uow.orders.set_status(order, OrderStatus.CANCELLED, reason)
    uow.ledger.release_reservations(order_no)


# Where a person may take a good unit from: never a bench, the dock, quarantine or a virtual
# location.
_SHELVES = (LocationKind.BIN, LocationKind.RECEIVING, LocationKind.RETURNS)


def find_sku(uow: UnitOfWork, text: str) -> Sku | None:
    """The SKU a person typed or scanned: by its code, else by one of its barcodes."""
    sku = uow.skus.get(text)
    if sku is None and (barcode := uow.skus.barcode(text)) is not None:
        sku = uow.skus.get(barcode.sku_code)
    return sku


def stored_at(uow: UnitOfWork, sku_code: str, limit: int = 4) -> str:
    """The shelves holding `sku_code`, most first, as "E-05-1 ×88, RCV-01 ×24": said when the
    station asks where a unit is taken from, so nobody has to guess a bin."""
    held = sorted(
        (level for level in uow.ledger.levels(sku_code) if level.on_hand > 0),
        key=lambda level: (-level.on_hand, level.location),
    )
    found: list[str] = []
    for level in held:
        location = uow.locations.get(level.location)
        if location is not None and location.kind in _SHELVES:
            found.append(f"{level.location} ×{level.on_hand}")
        if len(found) == limit:
            break
    return ", ".join(found) if found else _("stock.stored_nowhere")
