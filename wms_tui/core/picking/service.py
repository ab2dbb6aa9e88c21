"""Picking services: load through the ports, run the pure step in `picking`, store its effects.

Everything here runs inside the caller's unit of work and never commits: the scan pipeline
(or a supervisor screen) owns the transaction.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace

from wms_tui.core.bulk import collections_paused
from wms_tui.core.errors import NotAllowed, UnknownOperator
from wms_tui.core.model import (
    AuditEvent,
    OrderStatus,
    Role,
    check_transition,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.errors import (
    FinishWaveFirst,
    LeaseLost,
    NoPickSession,
    NoWaveWaiting,
    UnknownWave,
    WaveAlreadyPicked,
    WaveCancelled,
)
from wms_tui.core.picking.lease import check_lease, lease_held, leased_to
from wms_tui.core.picking.picklist import PickList, build_pick_list, sku_barcode_value
from wms_tui.core.picking.posting import check_pickable, close_wave, store_effects
from wms_tui.core.picking.progress import check_cancellable, tally
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    LocationScan,
    OtherScan,
    PickEvent,
    PickSession,
    WaveScan,
    WaveStatus,
)
from wms_tui.core.picking.shorts import paper_effects
from wms_tui.core.picking.step import WaveView, classify_text, enter_wave, put_back, step
from wms_tui.core.picking.waves import WaveLimits, WavePlan, build_waves, format_wave_no
from wms_tui.core.pipeline.scanning import ScanHandler
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import Resolved, ResolverConfig, Scan, ScanKind, resolve

# --- services: load through the ports, run the pure step, store its effects ----------


def load_view(uow: UnitOfWork, wave_no: str) -> WaveView:
    p = uow
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
        operator_name(uow, wave.lease_operator),
    )


def operator_name(uow: UnitOfWork, badge: str) -> str:
    operator = uow.operators.get(badge) if badge else None
    return operator.name if operator is not None else badge


def _not_yours(view: WaveView) -> Exception:
    """What a station hears when its session's wave was handed elsewhere (or set free)."""
    wave = view.wave
    if not wave.lease_station:
        return LeaseLost(wave=wave.wave_no)
    return lease_held(
        wave.wave_no, wave.lease_station, wave.lease_operator, view.holder_name, wave.lease_since
    )


def open_session(uow: UnitOfWork, station_id: str, operator: str) -> PickSession:
    """The station's session for `operator`: kept if this operator had it, else started
    afresh (another picker now works at the station). Every picking scan asks for it with
    the badge of who scanned, so a scan a crash left journaled goes on in its picker's
    session, and the next picker's first scan starts theirs. A scan with no badge (none
    was journaled before badges were) takes the session as it is."""
    p = uow
    session = p.pick_sessions.get(station_id)
    if session is not None and (not operator or session.operator == operator):
        return session
    if not operator:
        raise NoPickSession(station=station_id)
    fresh = PickSession(station_id, operator, version=session.version if session else 0)
    p.pick_sessions.save(fresh)
    return replace(fresh, version=fresh.version + 1)


def apply_event(
    uow: UnitOfWork,
    clock: Clock,
    station_id: str,
    event: PickEvent,
    scan_id: str,
    operator: str = "",
) -> Outcome:
    """One picking step inside the caller's transaction (never commits); `operator`: who
    scanned (open_session says why)."""
    p = uow
    session = open_session(p, station_id, operator)
    current = load_view(p, session.wave_no) if session.wave_no else None
    mine = current is not None and leased_to(current.wave, station_id, session.operator)
    if isinstance(event, WaveScan) or event is Command.NEXT:
        if mine and current is not None and current.finished:
            # Its last orders went on hold or away without a pick closing it: it is done.
            close_wave(p, current.wave)
        if not mine:
            current = None  # taken over by a supervisor: this station may start another
        resuming = isinstance(event, WaveScan) and event.wave_no == session.wave_no
        if not resuming and (current is None or current.finished):
            left = put_back(session, None)  # the units in hand belong to no wave any more
            if left is not None:
                p.pick_sessions.save(left.session)
                return left.outcome
        if isinstance(event, WaveScan):
            view = load_view(p, event.wave_no)
            check_lease(view.wave, station_id, session.operator, view.holder_name)
        else:
            if current is not None and not current.finished:
                raise FinishWaveFirst(wave=current.wave.wave_no)
            claimed = p.waves.claim_next_wave(station_id, session.operator, clock.now())
            if claimed is None:
                raise NoWaveWaiting()
            view = load_view(p, claimed.wave_no)
        result = enter_wave(session, view, current)
        if not leased_to(view.wave, station_id, session.operator):
            # Guarded: of two stations that both read the lease free, one gets WaveLeaseHeld.
            p.waves.set_lease(view.wave.wave_no, station_id, session.operator, clock.now())
    else:
        if current is not None and not current.finished and not mine:
            raise _not_yours(current)
        result = step(session, current, event)
        if isinstance(event, LocationScan):
            check_pickable(p, event.location)
        if current is not None:
            store_effects(
                p, clock, current, result.picks, result.shorts, session.operator, scan_id,
                station_id,
            )  # fmt: skip
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
    p = uow
    view = load_view(p, wave_no)
    if view.wave.status is WaveStatus.CANCELLED:
        raise WaveCancelled(wave=wave_no)
    if view.finished:
        raise WaveAlreadyPicked(wave=wave_no)
    check_lease(view.wave, station_id, operator, view.holder_name)
    # Confirming a paper list takes the wave, as scanning its barcode would: one guarded
    # statement, so two stations confirming the same list at once cannot both post it.
    p.waves.set_lease(wave_no, station_id, operator, clock.now())
    picks, shorts = paper_effects(view.wave, view.stops(), found)
    store_effects(p, clock, view, picks, shorts, operator, action_id, station_id)
    return Outcome.accepted(
        "pick.paper.done",
        SoundClass.WARNING if shorts else SoundClass.OK,
        wave=wave_no,
        picked=sum(e.qty for e in picks),
        short=sum(e.qty for e in shorts),
    )


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
    with collections_paused():
        return _release_waves(uow, clock, limits=limits, operator=operator, station_id=station_id)


def _release_waves(
    uow: UnitOfWork, clock: Clock, *, limits: WaveLimits, operator: str, station_id: str
) -> WavePlan:
    p = uow
    orders = p.waves.confirmed_orders()
    skus = {line.sku_code for order in orders for line in order.lines}
    now = clock.now()
    day = now.date()
    numbered = itertools.count()
    plan = build_waves(
        orders,
        p.waves.bin_stock(skus),
        limits,
        wave_no=lambda: str(next(numbered)),
        now=now,
        created_by=operator,
    )
    if plan.waves:
        # The day's numbers for all of them in one statement, in the plan's order.
        first = p.waves.next_seqs(day, len(plan.waves))
        waves = tuple(
            replace(w, wave_no=format_wave_no(day, first + n)) for n, w in enumerate(plan.waves)
        )
        plan = replace(plan, waves=waves)
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
    p = uow
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
    p = uow
    wave = p.waves.get(wave_no)
    if wave is None:
        raise UnknownWave(wave=wave_no)
    codes = sorted({a.sku_code for a in wave.allocations})
    skus, found, orders = p.waves.pick_list_sources(codes, wave.orders)
    barcodes = {code: sku_barcode_value(code, found.get(code, [])) for code in codes}
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
        event = classify_text(scan.text, scan.source, config)
        if event is None:
            resolved = resolve(scan.text, uow.catalog(), config, scan.symbology, scan.source)
            event = event_from_resolved(resolved)
        return apply_event(uow, clock, station_id, event, scan.scan_id, scan.operator)

    return handle
