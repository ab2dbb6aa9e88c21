"""Picking services: load through the ports, run the pure step in `picking`, store its effects.

Everything here runs inside the caller's unit of work and never commits: the scan pipeline
(or a supervisor screen) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import cast

from wms_tui.core.errors import LocationFrozen, NotAllowed, UnknownOperator
from wms_tui.core.model import (
    AuditEvent,
    MoveReason,
    OrderStatus,
    Role,
    StockMove,
    check_transition,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.picklist import PickList, build_pick_list, sku_barcode_value
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork, UowCatalog
from wms_tui.core.scans import Resolved, ResolverConfig, Scan, ScanKind, resolve
from wms_tui.core.services.scanning import ScanHandler
from wms_tui.core.services.stock import post_move
from wms_tui.core.waves import (
    UnknownWave,
    WaveLimits,
    WavePlan,
    build_waves,
    check_cancellable,
    finished_orders,
    format_wave_no,
    next_stop,
    tally,
)
from wms_tui.core.workflows.counting import check_not_counting
from wms_tui.core.workflows.picking import (
    Effect,
    WaveView,
    apply_effects,
    check_lease,
    classify_text,
    enter_wave,
    hold_reason,
    paper_effects,
    step,
)
from wms_tui.core.workflows.picking_ports import (
    Command,
    FinishWaveFirst,
    ItemScan,
    LocationScan,
    NoPackingLocation,
    NoPickSession,
    NoWaveWaiting,
    OtherScan,
    PickEvent,
    PickingUnitOfWork,
    PickRecord,
    PickSession,
    ShortRecord,
    WaveAlreadyPicked,
    WaveCancelled,
    WaveScan,
    WaveStatus,
)


# --- services: load through the ports, run the pure step, store its effects ----------
def picking_uow(uow: UnitOfWork) -> PickingUnitOfWork:
    """The pipeline hands a plain UnitOfWork; the real one also carries picking's repos."""
    if not (hasattr(uow, "waves") and hasattr(uow, "pick_sessions")):
        raise TypeError("this unit of work has no waves / pick_sessions repositories")
    return cast(PickingUnitOfWork, uow)


def load_view(uow: UnitOfWork, wave_no: str) -> WaveView:
    p = picking_uow(uow)
    wave = p.waves.get(wave_no)
    if wave is None:
        raise UnknownWave(wave=wave_no)
    live = {OrderStatus.RELEASED, OrderStatus.PICKED}
    statuses = p.waves.order_statuses(wave_no)
    inactive = {no for no in wave.orders if statuses.get(no) not in live}
    return WaveView(
        wave,
        tally(p.waves.picks(wave_no)),
        tally(p.waves.shorts(wave_no)),
        frozenset(inactive),
    )


def open_session(uow: UnitOfWork, station_id: str, operator: str) -> PickSession:
    """At log-in: the station's session, kept if this operator had it, else started afresh."""
    p = picking_uow(uow)
    session = p.pick_sessions.get(station_id)
    if session is not None and session.operator == operator:
        return session
    fresh = PickSession(station_id, operator, version=session.version if session else 0)
    p.pick_sessions.save(fresh)
    return replace(fresh, version=fresh.version + 1)


def check_pickable(uow: UnitOfWork, code: str) -> None:
    """A bin frozen for a cycle count is refused, naming the count and its stocktaker."""
    location = uow.locations.get(code)
    if location is None or not location.frozen:
        return
    # Only a unit of work that carries counting can say which count froze it.
    if hasattr(uow, "counts"):
        check_not_counting(uow, code)
    raise LocationFrozen(location=code)


def apply_event(
    uow: UnitOfWork, clock: Clock, station_id: str, event: PickEvent, scan_id: str
) -> Outcome:
    """One picking step inside the caller's transaction (never commits)."""
    p = picking_uow(uow)
    session = p.pick_sessions.get(station_id)
    if session is None:
        raise NoPickSession(station=station_id)
    current = load_view(p, session.wave_no) if session.wave_no else None
    if isinstance(event, WaveScan) or event is Command.NEXT:
        if isinstance(event, WaveScan):
            view = load_view(p, event.wave_no)
            check_lease(view.wave, station_id, session.operator)
        else:
            if current is not None and not current.finished:
                raise FinishWaveFirst(wave=current.wave.wave_no)
            claimed = p.waves.claim_next_wave(station_id, session.operator, clock.now())
            if claimed is None:
                raise NoWaveWaiting()
            view = load_view(p, claimed.wave_no)
        result = enter_wave(session, view, current)
        if view.wave.lease_station != station_id:
            p.waves.set_lease(view.wave.wave_no, station_id, session.operator, clock.now())
    else:
        result = step(session, current, event)
        if isinstance(event, LocationScan):
            check_pickable(p, event.location)
        if current is not None:
            _store(p, clock, current, result.picks, result.shorts, session.operator, scan_id)
    p.pick_sessions.save(result.session)
    return result.outcome


def confirm_paper_pick(
    uow: UnitOfWork,
    clock: Clock,
    *,
    wave_no: str,
    station_id: str,
    operator: str,
    found: Mapping[tuple[str, str], int],
    action_id: str,
) -> Outcome:
    """A wave picked from the printed list: post it all, with `found` for the short stops."""
    p = picking_uow(uow)
    view = load_view(p, wave_no)
    if view.wave.status is WaveStatus.CANCELLED:
        raise WaveCancelled(wave=wave_no)
    if view.finished:
        raise WaveAlreadyPicked(wave=wave_no)
    check_lease(view.wave, station_id, operator)
    picks, shorts = paper_effects(view, found)
    _store(p, clock, view, picks, shorts, operator, action_id, station_id)
    return Outcome.accepted(
        "pick.paper.done",
        SoundClass.WARNING if shorts else SoundClass.OK,
        wave=wave_no,
        picked=sum(e.qty for e in picks),
        short=sum(e.qty for e in shorts),
    )


def _packing_location(uow: PickingUnitOfWork, station_id: str) -> str:
    code = uow.waves.packing_location(station_id)
    if code is None:
        raise NoPackingLocation(station=station_id)
    return code


def _store(
    uow: PickingUnitOfWork,
    clock: Clock,
    view: WaveView,
    picks: tuple[Effect, ...],
    shorts: tuple[Effect, ...],
    operator: str,
    scan_id: str,
    station_id: str = "",
) -> None:
    if not picks and not shorts:
        return
    wave = view.wave
    station_id = station_id or wave.lease_station
    now = clock.now()
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
        reasons.setdefault(a.order_no, hold_reason(a.sku_code, e.qty, a.location))
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
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKED)
        uow.waves.clear_lease(wave.wave_no)
    elif wave.status is WaveStatus.RELEASED:
        uow.waves.set_status(wave.wave_no, WaveStatus.PICKING)


# --- supervisor: build, cancel, print ----------------------------------------------
def _require_supervisor(uow: UnitOfWork, badge: str) -> None:
    operator = uow.operators.get(badge)
    if operator is None:
        raise UnknownOperator(badge=badge)
    if not operator.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=operator.name, role=Role.SUPERVISOR.value)


def release_waves(
    uow: UnitOfWork, clock: Clock, *, limits: WaveLimits, operator: str, station_id: str
) -> WavePlan:
    """Build waves from every confirmed order and release their orders (never commits)."""
    _require_supervisor(uow, operator)
    p = picking_uow(uow)
    orders = p.waves.confirmed_orders()
    skus = {line.sku_code for order in orders for line in order.lines}
    now = clock.now()
    day = now.date()
    plan = build_waves(
        orders,
        p.waves.bin_stock(skus),
        limits,
        wave_no=lambda: format_wave_no(day, p.waves.next_seq(day)),
        now=now,
        created_by=operator,
    )
    by_no = {order.order_no: order for order in orders}
    released = [by_no[order_no] for wave in plan.waves for order_no in wave.orders]
    for order in released:
        check_transition(order.status, OrderStatus.RELEASED)
    p.waves.release_orders(released)
    # The database repository writes every wave in three statements; the port has `add`.
    add_many = getattr(p.waves, "add_many", None)
    if callable(add_many):
        add_many(plan.waves)
    else:
        for wave in plan.waves:
            p.waves.add(wave)
    for wave in plan.waves:
        p.audit.record(
            AuditEvent(
                "wave.release", operator, station_id, wave.wave_no, str(len(wave.orders)), now
            )
        )
    return plan


def cancel_wave(
    uow: UnitOfWork, clock: Clock, *, wave_no: str, operator: str, station_id: str
) -> None:
    """Before picking starts only: its orders go back to confirmed, its bins are free."""
    _require_supervisor(uow, operator)
    p = picking_uow(uow)
    wave = p.waves.get(wave_no)
    if wave is None:
        raise UnknownWave(wave=wave_no)
    check_cancellable(wave, p.waves.picks(wave_no), p.waves.shorts(wave_no))
    for order_no in wave.orders:
        order = p.orders.get(order_no)
        if order is not None and order.status is OrderStatus.RELEASED:
            p.orders.set_status(order, OrderStatus.CONFIRMED)
    p.waves.set_status(wave_no, WaveStatus.CANCELLED)
    p.waves.clear_lease(wave_no)
    p.audit.record(AuditEvent("wave.cancel", operator, station_id, wave_no, "", clock.now()))


def load_pick_list(uow: UnitOfWork, wave_no: str, language: str) -> PickList:
    p = picking_uow(uow)
    wave = p.waves.get(wave_no)
    if wave is None:
        raise UnknownWave(wave=wave_no)
    codes = sorted({a.sku_code for a in wave.allocations})
    skus = {code: sku for code in codes if (sku := p.skus.get(code)) is not None}
    barcodes = {code: sku_barcode_value(code, p.skus.barcodes_of(code)) for code in codes}
    orders = {no: order for no in wave.orders if (order := p.orders.get(no)) is not None}
    return build_pick_list(wave, skus, barcodes, orders, language)


# --- the pipeline's handler for context "pick" ---------------------------------------
_ITEM_KINDS = frozenset({ScanKind.PRODUCT, ScanKind.PACKAGING, ScanKind.LOT, ScanKind.SERIAL})


def event_from_resolved(resolved: Resolved) -> PickEvent:
    if resolved.kind is ScanKind.LOCATION and resolved.location is not None:
        return LocationScan(resolved.location.code)
    if resolved.kind in _ITEM_KINDS and resolved.sku is not None:
        return ItemScan(resolved.sku.code, resolved.quantity)
    return OtherScan(resolved.kind.value, resolved.text)


def make_pick_handler(
    clock: Clock, station_id: str, config: ResolverConfig | None = None
) -> ScanHandler:
    """Register as `pipeline.register(CONTEXT, make_pick_handler(clock, station_id))`."""

    def handle(uow: UnitOfWork, scan: Scan) -> Outcome:
        event = classify_text(scan.text)
        if event is None:
            event = event_from_resolved(resolve(scan.text, UowCatalog(uow), config, scan.symbology))
        return apply_event(uow, clock, station_id, event, scan.scan_id)

    return handle
