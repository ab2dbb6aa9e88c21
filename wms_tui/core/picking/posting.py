"""Posting what a picking step decided: picks into the packing area, shortfalls out of the bin,
held and finished orders, the wave's status. Runs in the caller's unit of work (never commits).
"""

from __future__ import annotations

from datetime import datetime

from wms_tui.core.counting.records import (
    frozen_error,
)
from wms_tui.core.effects import Actor, Move, ReleaseReservations, SetOrderStatus, apply_effects
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, OrderStatus
from wms_tui.core.orders.hold_reasons import short_pick
from wms_tui.core.picking.errors import NoPackingLocation
from wms_tui.core.picking.progress import finished_orders, next_stop
from wms_tui.core.picking.records import (
    OPEN_WAVE_STATUSES,
    PickRecord,
    ShortRecord,
    Wave,
    WaveStatus,
)
from wms_tui.core.picking.shorts import Effect
from wms_tui.core.picking.step import WaveView, view_after
from wms_tui.core.ports import Clock, UnitOfWork


def check_pickable(uow: UnitOfWork, code: str) -> None:
    """A bin frozen for a cycle count is refused, naming the count and its stocktaker."""
    location = uow.locations.get(code)
    if location is None or not location.frozen:
        return
    raise frozen_error(uow, code)


def _packing_location(uow: UnitOfWork, station_id: str) -> str:
    code = uow.waves.packing_location(station_id)
    if code is None:
        raise NoPackingLocation(station=station_id)
    return code


def close_wave(uow: UnitOfWork, wave: Wave) -> None:
    """A wave with no stop left is done: picked, and nobody's any more."""
    if wave.status in OPEN_WAVE_STATUSES:
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKED)
        uow.waves.clear_lease(wave.wave_no)


def store_effects(
    uow: UnitOfWork,
    clock: Clock,
    view: WaveView,
    picks: tuple[Effect, ...],
    shorts: tuple[Effect, ...],
    operator: str,
    scan_id: str,
    station_id: str,
) -> None:
    """Post the picks and shorts of one step, hold short orders, finish orders and the wave."""
    if not picks and not shorts:
        return
    wave = view.wave
    now = clock.now()
    actor = Actor(operator, station_id, now, scan_id)
    # Kept under a row lock: a release or takeover committed since the view was read refuses
    # the post here, and one that comes later waits for this commit.
    uow.waves.keep_lease(wave.wave_no, station_id, operator)
    if picks:
        packing = _packing_location(uow, station_id)
        for code in sorted({wave.allocations[e.allocation].location for e in picks}):
            check_pickable(uow, code)
    moves: list[object] = []
    records: list[object] = []
    for n, e in enumerate(picks):
        a = wave.allocations[e.allocation]
        move_id = f"{scan_id}/{n}"  # one scan, same ids: a replay posts nothing twice
        moves.append(
            Move(move_id, a.sku_code, e.qty, a.location, packing, MoveReason.PICK,
                 reference=f"{a.order_no}/{a.line_no}", at=now)
        )  # fmt: skip
        records.append(
            PickRecord(
                wave.wave_no, e.allocation, e.qty, move_id, operator, station_id, scan_id, now
            )
        )
    for e in shorts:
        a = wave.allocations[e.allocation]
        records.append(
            ShortRecord(wave.wave_no, e.allocation, a.order_no, a.sku_code, a.location, e.qty,
                        operator, station_id, scan_id, now)
        )  # fmt: skip

    def own(effect: object) -> None:
        if isinstance(effect, PickRecord):
            uow.waves.add_pick(effect)
        elif isinstance(effect, ShortRecord):
            uow.waves.add_short(effect)
        else:
            raise TypeError(f"picking does not apply {type(effect).__name__}")

    # The picks leave their bins first: what a short may still take there is read after.
    apply_effects(uow, clock, moves, actor)
    shortfalls = _shortfalls(uow, wave, shorts, scan_id, now)
    apply_effects(uow, clock, [*shortfalls, *records, *_status_changes(uow, view, picks, shorts)],
                  actor, own=own)  # fmt: skip
    after = view_after(view, picks, shorts)
    all_stops = after.stops()
    if next_stop(all_stops) is None:
        close_wave(uow, wave)
    elif wave.status is WaveStatus.RELEASED:
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKING)


def _status_changes(
    uow: UnitOfWork, view: WaveView, picks: tuple[Effect, ...], shorts: tuple[Effect, ...]
) -> list[object]:
    """Orders left short go on hold (with what is missing), orders finished are picked and
    their reservations released; only orders still released change."""
    wave = view.wave
    reasons: dict[str, str] = {}
    for e in shorts:
        a = wave.allocations[e.allocation]
        reasons.setdefault(a.order_no, short_pick(a.sku_code, e.qty, a.location))
    changes: list[object] = []
    for order_no in sorted(reasons):
        order = uow.orders.get(order_no)
        if order is not None and order.status is OrderStatus.RELEASED:
            changes.append(SetOrderStatus(order_no, OrderStatus.ON_HOLD, reasons[order_no]))
    after = view_after(view, picks, shorts)
    for order_no in sorted(finished_orders(after.stops()) - set(reasons)):
        order = uow.orders.get(order_no)
        if order is not None and order.status is OrderStatus.RELEASED:
            changes.append(SetOrderStatus(order_no, OrderStatus.PICKED))
            # Picked stock left the bins: its reservation must not hold bin stock too.
            changes.append(ReleaseReservations(order_no))
    return changes


def _shortfalls(
    uow: UnitOfWork, wave: Wave, shorts: tuple[Effect, ...], scan_id: str, now: datetime
) -> list[object]:
    """The units a picker did not find leave the bin for @adjustment in the ledger.

    Why the ledger and not a "shortfall" table that allocation subtracts: on hand stays true
    for everyone (allocation, counts, stock reports, `wms check`) with no second rule to keep
    in step, the ledger still sums to zero per SKU, and the usual remedy already exists: the
    next count of the bin posts any units found back from @adjustment, exactly as for any
    count variance. Capped at what the ledger still has there, so a bin a count already
    emptied cannot make the short itself fail.
    """
    left: dict[tuple[str, str], int] = {}
    moves: list[object] = []
    for n, e in enumerate(shorts):
        a = wave.allocations[e.allocation]
        key = (a.sku_code, a.location)
        if key not in left:
            left[key] = uow.ledger.level(*key)
        qty = min(e.qty, left[key])
        if qty <= 0:
            continue
        left[key] -= qty
        moves.append(
            Move(
                f"{scan_id}/short/{n}",  # a replayed short posts nothing twice
                a.sku_code, qty, a.location, VIRTUAL_ADJUSTMENT, MoveReason.SHORT_PICK,
                reference=f"{a.order_no}/{a.line_no}", at=now,
            )
        )  # fmt: skip
    return moves
