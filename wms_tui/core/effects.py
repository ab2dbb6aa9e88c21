"""The one way a workflow step's decision reaches storage: effects, applied in order.

A step decides (pure) and says what must happen: stock moves, a move reversed, an order's
status changed, its reservations released, an audit line. `apply_effects` carries them out
in the handler's unit of work, in order, in the name of the person and station of `Actor`.
Moves in a row are posted together (one statement for an order's lines leaving for the
dock); a status change is guarded by the status and version the step read, when it read
them (`seen`). A workflow's own effects (its sessions, its records) are handed to `own` in
the same order, so one loop interprets every effect of a step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from wms_tui.core.errors import UnknownMove, UnknownOrder
from wms_tui.core.model import AuditEvent, MoveReason, OrderStatus, StockMove
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.stock import post_move, post_moves


@dataclass(frozen=True)
class Move:
    move_id: str
    sku_code: str
    qty: int
    from_location: str
    to_location: str
    reason: MoveReason
    reference: str = ""
    at: datetime | None = None  # None: when it is posted


@dataclass(frozen=True)
class Reverse:
    """Undo a move by a reversal that points at it (never by changing it)."""

    move_id: str
    new_move_id: str


@dataclass(frozen=True)
class SetOrderStatus:
    order_no: str
    target: OrderStatus
    reason: str = ""


@dataclass(frozen=True)
class ReleaseReservations:
    order_no: str


@dataclass(frozen=True)
class Audit:
    action: str
    subject: str
    detail: str = ""


SharedEffect = Move | Reverse | SetOrderStatus | ReleaseReservations | Audit


@dataclass(frozen=True)
class Actor:
    """Who the effects are done for, where, and for which scan (moves keep its id)."""

    operator: str
    station_id: str
    now: datetime
    scan_id: str = ""


def apply_effects(
    uow: UnitOfWork,
    clock: Clock,
    effects: Iterable[object],
    actor: Actor,
    *,
    seen: dict[str, tuple[OrderStatus, int]] | None = None,
    own: Callable[[object], None] | None = None,
) -> None:
    seen = {} if seen is None else seen
    moves: list[StockMove] = []
    for effect in effects:
        if isinstance(effect, Move):
            moves.append(stock_move(effect, actor))
            continue
        if moves:
            post_moves(uow, moves, clock)
            moves = []
        if isinstance(effect, Reverse):
            original = uow.ledger.get(effect.move_id)
            if original is None:
                raise UnknownMove(move_id=effect.move_id)
            reversal = original.reversal(effect.new_move_id, actor.operator, actor.station_id)
            post_move(uow, replace(reversal, scan_id=actor.scan_id or None), clock)
        elif isinstance(effect, SetOrderStatus):
            _set_status(uow, effect, seen)
        elif isinstance(effect, ReleaseReservations):
            uow.ledger.release_reservations(effect.order_no)
        elif isinstance(effect, Audit):
            uow.audit.record(
                AuditEvent(
                    action=effect.action,
                    operator=actor.operator,
                    station_id=actor.station_id,
                    subject=effect.subject,
                    detail=effect.detail,
                    at=actor.now,
                )
            )
        elif own is not None:
            own(effect)
        else:
            raise TypeError(f"no one applies {type(effect).__name__}")
    if moves:
        post_moves(uow, moves, clock)


def stock_move(effect: Move, actor: Actor) -> StockMove:
    return StockMove(
        move_id=effect.move_id,
        sku_code=effect.sku_code,
        qty=effect.qty,
        from_location=effect.from_location,
        to_location=effect.to_location,
        reason=effect.reason,
        reference=effect.reference,
        operator=actor.operator,
        station_id=actor.station_id,
        scan_id=actor.scan_id or None,
        at=effect.at,
    )


def _set_status(
    uow: UnitOfWork, effect: SetOrderStatus, seen: dict[str, tuple[OrderStatus, int]]
) -> None:
    known = seen.get(effect.order_no)
    if known is None:
        order = uow.orders.get(effect.order_no)
        if order is None:
            raise UnknownOrder(order=effect.order_no)
        known = (order.status, order.version)
    uow.orders.change_status(effect.order_no, *known, effect.target, effect.reason)
    seen[effect.order_no] = (effect.target, known[1] + 1)
