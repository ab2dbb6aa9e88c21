"""Posting what a picking step decided: picks into the packing area, shortfalls out of the bin,
held and finished orders, the wave's status. Runs in the caller's unit of work (never commits).
"""

from __future__ import annotations

from typing import cast

from wms_tui.core.counting.records import CountingUnitOfWork, frozen_error
from wms_tui.core.errors import LocationFrozen
from wms_tui.core.model import VIRTUAL_ADJUSTMENT, MoveReason, OrderStatus, StockMove
from wms_tui.core.orders.hold_reasons import short_pick
from wms_tui.core.picking.errors import NoPackingLocation
from wms_tui.core.picking.records import (
    OPEN_WAVE_STATUSES,
    PickingUnitOfWork,
    PickRecord,
    ShortRecord,
    Wave,
    WaveStatus,
)
from wms_tui.core.picking.shorts import Effect
from wms_tui.core.picking.step import WaveView, apply_effects
from wms_tui.core.picking.waves import finished_orders, next_stop
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.stock import post_move


def check_pickable(uow: UnitOfWork, code: str) -> None:
    """A bin frozen for a cycle count is refused, naming the count and its stocktaker."""
    location = uow.locations.get(code)
    if location is None or not location.frozen:
        return
    # Only a unit of work that carries counting can say which count froze it.
    if hasattr(uow, "counts"):
        raise frozen_error(cast(CountingUnitOfWork, uow), code)
    raise LocationFrozen(location=code)


def _packing_location(uow: PickingUnitOfWork, station_id: str) -> str:
    code = uow.waves.packing_location(station_id)
    if code is None:
        raise NoPackingLocation(station=station_id)
    return code


def close_wave(uow: PickingUnitOfWork, wave: Wave) -> None:
    """A wave with no stop left is done: picked, and nobody's any more."""
    if wave.status in OPEN_WAVE_STATUSES:
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKED)
        uow.waves.clear_lease(wave.wave_no)


def store_effects(
    uow: PickingUnitOfWork,
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
    # Kept under a row lock: a release or takeover committed since the view was read refuses
    # the post here, and one that comes later waits for this commit.
    uow.waves.keep_lease(wave.wave_no, station_id, operator)
    if picks:
        packing = _packing_location(uow, station_id)
        for code in sorted({wave.allocations[e.allocation].location for e in picks}):
            check_pickable(uow, code)
    for n, e in enumerate(picks):
        a = wave.allocations[e.allocation]
        move_id = f"{scan_id}/{n}"  # one scan, same ids: a replay posts nothing twice
        post_move(
            uow,
            StockMove(
                move_id,
                a.sku_code,
                e.qty,
                a.location,
                packing,
                MoveReason.PICK,
                reference=f"{a.order_no}/{a.line_no}",
                operator=operator,
                station_id=station_id,
                scan_id=scan_id or None,
                at=now,
            ),
            clock,
        )
        uow.waves.add_pick(
            PickRecord(
                wave.wave_no, e.allocation, e.qty, move_id, operator, station_id, scan_id, now
            )
        )
    _post_shortfalls(uow, clock, wave, shorts, operator, station_id, scan_id)
    reasons: dict[str, str] = {}
    for e in shorts:
        a = wave.allocations[e.allocation]
        uow.waves.add_short(
            ShortRecord(
                wave.wave_no,
                e.allocation,
                a.order_no,
                a.sku_code,
                a.location,
                e.qty,
                operator,
                station_id,
                scan_id,
                now,
            )
        )
        reasons.setdefault(a.order_no, short_pick(a.sku_code, e.qty, a.location))
    for order_no in sorted(reasons):
        order = uow.orders.get(order_no)
        if order is not None and order.status is OrderStatus.RELEASED:
            uow.orders.set_status(order, OrderStatus.ON_HOLD, reasons[order_no])
    after = apply_effects(view, picks, shorts)
    all_stops = after.stops()
    for order_no in sorted(finished_orders(all_stops)):
        order = uow.orders.get(order_no)
        if order is not None and order.status is OrderStatus.RELEASED:
            uow.orders.set_status(order, OrderStatus.PICKED)
            # Picked stock left the bins: its reservation must not hold bin stock too.
            uow.ledger.release_reservations(order_no)
    if next_stop(all_stops) is None:
        close_wave(uow, wave)
    elif wave.status is WaveStatus.RELEASED:
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKING)


def _post_shortfalls(
    uow: PickingUnitOfWork,
    clock: Clock,
    wave: Wave,
    shorts: tuple[Effect, ...],
    operator: str,
    station_id: str,
    scan_id: str,
) -> None:
    """The units a picker did not find leave the bin for @adjustment in the ledger.

    Why the ledger and not a "shortfall" table that allocation subtracts: on hand stays true
    for everyone (allocation, counts, stock reports, `wms check`) with no second rule to keep
    in step, the ledger still sums to zero per SKU, and the usual remedy already exists: the
    next count of the bin posts any units found back from @adjustment, exactly as for any
    count variance. Capped at what the ledger still has there, so a bin a count already
    emptied cannot make the short itself fail.
    """
    left: dict[tuple[str, str], int] = {}
    for n, e in enumerate(shorts):
        a = wave.allocations[e.allocation]
        key = (a.sku_code, a.location)
        if key not in left:
            left[key] = uow.ledger.level(*key)
        qty = min(e.qty, left[key])
        if qty <= 0:
            continue
        left[key] -= qty
        post_move(
            uow,
            StockMove(
                f"{scan_id}/short/{n}",  # a replayed short posts nothing twice
                a.sku_code,
                qty,
                a.location,
                VIRTUAL_ADJUSTMENT,
                MoveReason.SHORT_PICK,
                reference=f"{a.order_no}/{a.line_no}",
                operator=operator,
                station_id=station_id,
                scan_id=scan_id or None,
                at=clock.now(),
            ),
            clock,
        )
