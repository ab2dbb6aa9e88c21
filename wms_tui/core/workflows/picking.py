"""Guided picking as a pure state machine: (session, wave view, event) -> result.

A picker scans the wave barcode (or CMD:NEXT), then at each stop the location, then the
item (repeatedly, or QTY:<n> first to count n), and in multi-item waves the slot (SLOT-07)
the units go into. CMD:SHORT + QTY:<n found> declares a stop short. Nothing here does I/O:
`picking_service.py`-style functions at the bottom of `picking_flow` load the view through the
ports, run `step`, and post the effects. Rejections raise a WmsError: nothing is moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import cast

from wms_tui.core.errors import LeaseHeld, NotAllowed, OverPick, UnknownOperator
from wms_tui.core.model import (
    AuditEvent,
    LocationKind,
    MoveReason,
    OrderStatus,
    Role,
    StockMove,
    parse_quantity,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.picklist import PickList, build_pick_list, sku_barcode_value
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork, UowCatalog
from wms_tui.core.scans import Resolved, ResolverConfig, Scan, ScanKind, resolve
from wms_tui.core.services.scanning import ScanHandler
from wms_tui.core.services.stock import post_move
from wms_tui.core.waves import (
    Stop,
    UnknownWave,
    WaveLimits,
    WavePlan,
    build_waves,
    check_cancellable,
    finished_orders,
    format_wave_no,
    is_wave_code,
    next_stop,
    parse_slot_code,
    slot_code,
    stops,
    tally,
)
from wms_tui.core.workflows.picking_ports import (
    BadShortQty,
    Command,
    FinishWaveFirst,
    ItemScan,
    KeyedQty,
    LocationScan,
    NoPackingLocation,
    NoPickSession,
    NoSlotsInWave,
    NotForPicking,
    NoWave,
    NoWaveWaiting,
    OtherScan,
    PickEvent,
    PickingUnitOfWork,
    PickRecord,
    PickSession,
    QtyNotExpected,
    ScanItemFirst,
    ScanLocationFirst,
    ShortRecord,
    SlotScan,
    Wave,
    WaveAlreadyPicked,
    WaveCancelled,
    WaveKind,
    WaveScan,
    WaveStatus,
    WrongItem,
    WrongLocation,
    WrongSlot,
)
from wms_tui.i18n import _

CONTEXT = "pick"
KEYED_QTY_PREFIX = "QTY:"  # the quantity field submits keyed numbers as `QTY:<n>`


_COMMANDS = {f"CMD:{c.value.upper()}": c for c in Command}


def classify_text(text: str) -> PickEvent | None:
    """Codes only picking knows, read from the raw text before the shared resolver runs.

    None means: not one of ours, resolve it (location, product, packaging ...).
    """
    raw = text.strip()
    upper = raw.upper()
    if upper in _COMMANDS:
        return _COMMANDS[upper]
    if upper.startswith(KEYED_QTY_PREFIX):
        return KeyedQty(parse_quantity(raw[len(KEYED_QTY_PREFIX) :], allow_zero=True))
    if is_wave_code(raw):
        return WaveScan(raw)
    slot = parse_slot_code(raw)
    if slot is not None:
        return SlotScan(slot)
    return None


# --- the view: everything a step needs, derived from stored rows ---------------------
@dataclass(frozen=True)
class WaveView:
    wave: Wave
    picked: Mapping[int, int] = field(default_factory=dict)
    short: Mapping[int, int] = field(default_factory=dict)
    inactive: frozenset[str] = frozenset()  # orders held or cancelled since release

    def stops(self) -> tuple[Stop, ...]:
        return stops(self.wave, self.picked, self.short, self.inactive)

    @property
    def finished(self) -> bool:
        return next_stop(self.stops()) is None


class PickStep(StrEnum):
    WAVE = "wave"
    LOCATION = "location"
    ITEM = "item"
    SLOT = "slot"
    SHORT_QTY = "short_qty"


def expected(session: PickSession, view: WaveView | None) -> PickStep:
    if view is None or not session.wave_no:
        return PickStep.WAVE
    stop = next_stop(view.stops())
    if stop is None:
        return PickStep.WAVE
    if session.at_location != stop.location:
        return PickStep.LOCATION
    if session.awaiting_short_qty:
        return PickStep.SHORT_QTY
    if session.in_hand > 0:
        return PickStep.SLOT
    return PickStep.ITEM


@dataclass(frozen=True)
class Effect:
    allocation: int
    qty: int


@dataclass(frozen=True)
class StepResult:
    session: PickSession
    outcome: Outcome
    picks: tuple[Effect, ...] = ()
    shorts: tuple[Effect, ...] = ()


def check_lease(wave: Wave, station_id: str, operator: str) -> None:
    """One picker per wave: anyone else is told who has it."""
    if wave.lease_station and (wave.lease_station, wave.lease_operator) != (station_id, operator):
        raise LeaseHeld(
            station=wave.lease_station,
            operator=wave.lease_operator,
            since=f"{wave.lease_since:%H:%M}" if wave.lease_since else "-",
        )


def enter_wave(session: PickSession, view: WaveView, current: WaveView | None) -> StepResult:
    """Start or resume `view`'s wave; `current` is the session's wave, if any."""
    wave = view.wave
    if current is not None and current.wave.wave_no != wave.wave_no and not current.finished:
        raise FinishWaveFirst(wave=current.wave.wave_no)
    if wave.status is WaveStatus.CANCELLED:
        raise WaveCancelled(wave=wave.wave_no)
    stop = next_stop(view.stops())
    if wave.status is WaveStatus.PICKED or stop is None:
        raise WaveAlreadyPicked(wave=wave.wave_no)
    if session.wave_no == wave.wave_no:
        return StepResult(
            session,
            Outcome.accepted(
                "pick.wave.resumed", wave=wave.wave_no, location=stop.location, sku=stop.sku_code
            ),
        )
    fresh = PickSession(session.station_id, session.operator, wave.wave_no, version=session.version)
    open_stops = [s for s in view.stops() if s.open > 0]
    return StepResult(
        fresh,
        Outcome.accepted(
            "pick.wave.started",
            wave=wave.wave_no,
            stops=len(open_stops),
            items=sum(s.open for s in open_stops),
            location=stop.location,
        ),
    )


def step(session: PickSession, view: WaveView | None, event: PickEvent) -> StepResult:
    """One scan or keyed entry inside a wave; WaveScan and NEXT go through `enter_wave`."""
    at = expected(session, view)
    if view is None or at is PickStep.WAVE:
        raise NoWave()
    stop = next_stop(view.stops())
    assert stop is not None  # expected() said we are inside a wave
    if event is Command.CANCEL:
        cleared = replace(session, pending_qty=0, awaiting_short_qty=False)
        return StepResult(cleared, Outcome.accepted("pick.input.cleared", SoundClass.WARNING))
    if isinstance(event, OtherScan):
        raise NotForPicking(what=event.text)
    if isinstance(event, LocationScan):
        if event.location != stop.location:
            raise WrongLocation(got=event.location, location=stop.location)
        return StepResult(
            replace(session, at_location=event.location),
            Outcome.accepted(
                "pick.location.ok", location=stop.location, sku=stop.sku_code, qty=stop.open
            ),
        )
    if at is PickStep.LOCATION:
        raise ScanLocationFirst(location=stop.location)
    if at is PickStep.SHORT_QTY:
        if not isinstance(event, KeyedQty):
            raise BadShortQty(found="-", max=stop.open - 1)
        return _short(session, view, stop, event.qty)
    if event is Command.SHORT:
        return StepResult(
            replace(session, awaiting_short_qty=True, pending_qty=0),
            Outcome.accepted(
                "pick.short.ask",
                SoundClass.NEEDS_INPUT,
                location=stop.location,
                sku=stop.sku_code,
                max=stop.open - 1,
            ),
        )
    if isinstance(event, KeyedQty):
        if event.qty < 1:
            raise QtyNotExpected()
        return StepResult(
            replace(session, pending_qty=event.qty),
            Outcome.accepted("pick.qty.pending", SoundClass.NEEDS_INPUT, qty=event.qty),
        )
    if isinstance(event, ItemScan):
        return _item(session, view, stop, event)
    if isinstance(event, SlotScan):
        return _slot(session, view, stop, event.slot)
    raise NotForPicking(what=str(event))


def _item(session: PickSession, view: WaveView, stop: Stop, event: ItemScan) -> StepResult:
    if event.sku_code != stop.sku_code:
        raise WrongItem(got=event.sku_code, sku=stop.sku_code, location=stop.location)
    qty = event.qty * (session.pending_qty or 1)
    if session.in_hand + qty > stop.open:
        raise OverPick(sku=stop.sku_code, expected=stop.open, scanned=session.in_hand + qty)
    if view.wave.kind is WaveKind.MULTI:
        held = replace(session, in_hand=session.in_hand + qty, pending_qty=0)
        slot, put = _next_slot(stop, held.in_hand)
        return StepResult(
            held,
            Outcome.accepted(
                "pick.item.to_slot",
                SoundClass.NEEDS_INPUT,
                qty=put,
                sku=stop.sku_code,
                slot=slot_code(slot),
            ),
        )
    picks = _fill([(line.allocation.index, line.open) for line in stop.lines], qty)
    done = replace(session, pending_qty=0)
    return _after(done, view, stop, picks, ())


def _next_slot(stop: Stop, in_hand: int) -> tuple[int, int]:
    line = next(line for line in stop.lines if line.open > 0)
    slot = line.allocation.slot
    need = sum(x.open for x in stop.lines if x.allocation.slot == slot)
    return slot, min(in_hand, need)


def _slot(session: PickSession, view: WaveView, stop: Stop, slot: int) -> StepResult:
    if view.wave.kind is WaveKind.SINGLE:
        raise NoSlotsInWave(wave=view.wave.wave_no)
    if session.in_hand == 0:
        raise ScanItemFirst(sku=stop.sku_code)
    lines = [(x.allocation.index, x.open) for x in stop.lines if x.allocation.slot == slot]
    if sum(q for _, q in lines) == 0:
        expected_slot, _qty = _next_slot(stop, session.in_hand)
        raise WrongSlot(slot=slot_code(slot), sku=stop.sku_code, expected=slot_code(expected_slot))
    put = min(session.in_hand, sum(q for _, q in lines))
    picks = _fill(lines, put)
    return _after(replace(session, in_hand=session.in_hand - put), view, stop, picks, ())


def _short(session: PickSession, view: WaveView, stop: Stop, found: int) -> StepResult:
    if not session.in_hand <= found < stop.open:
        raise BadShortQty(found=found, max=stop.open - 1)
    # The last-ranked orders go without: priority and oldest orders keep their stock.
    backwards = [(x.allocation.index, x.open) for x in reversed(stop.lines)]
    shorts = _fill(backwards, stop.open - found)
    return _after(replace(session, awaiting_short_qty=False), view, stop, (), shorts)


def _fill(lines: list[tuple[int, int]], qty: int) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    for index, open_qty in lines:
        if qty == 0:
            break
        take = min(open_qty, qty)
        if take:
            effects.append(Effect(index, take))
            qty -= take
    return tuple(effects)


def apply_effects(
    view: WaveView, picks: tuple[Effect, ...], shorts: tuple[Effect, ...]
) -> WaveView:
    """The view once these effects are stored; a short puts its whole order on hold."""
    picked = dict(view.picked)
    for e in picks:
        picked[e.allocation] = picked.get(e.allocation, 0) + e.qty
    short = dict(view.short)
    for e in shorts:
        short[e.allocation] = short.get(e.allocation, 0) + e.qty
    held = {view.wave.allocations[e.allocation].order_no for e in shorts}
    return WaveView(view.wave, picked, short, view.inactive | held)


def _after(
    session: PickSession,
    view: WaveView,
    stop: Stop,
    picks: tuple[Effect, ...],
    shorts: tuple[Effect, ...],
) -> StepResult:
    after = apply_effects(view, picks, shorts)
    now = next((s for s in after.stops() if (s.location, s.sku_code) == _key(stop)), stop)
    if shorts:
        held = len({view.wave.allocations[e.allocation].order_no for e in shorts})
        outcome = Outcome.accepted(
            "pick.short.recorded",
            SoundClass.WARNING,
            qty=sum(e.qty for e in shorts),
            sku=stop.sku_code,
            location=stop.location,
            orders=held,
        )
    elif session.in_hand > 0:
        slot, put = _next_slot(now, session.in_hand)
        outcome = Outcome.accepted(
            "pick.item.to_slot",
            SoundClass.NEEDS_INPUT,
            qty=put,
            sku=stop.sku_code,
            slot=slot_code(slot),
        )
    elif now.open > 0:
        outcome = Outcome.accepted(
            "pick.item.ok", sku=stop.sku_code, picked=now.picked, qty=now.qty, left=now.open
        )
    else:
        following = next_stop(after.stops())
        if following is None:
            outcome = Outcome.accepted("pick.wave.done", wave=view.wave.wave_no)
            session = replace(session, wave_no="", at_location="", in_hand=0, pending_qty=0)
        else:
            outcome = Outcome.accepted(
                "pick.stop.done",
                location=following.location,
                sku=following.sku_code,
                qty=following.open,
            )
    return StepResult(session, outcome, picks, shorts)


def _key(stop: Stop) -> tuple[str, str]:
    return (stop.location, stop.sku_code)


def paper_effects(
    view: WaveView, found: Mapping[tuple[str, str], int]
) -> tuple[tuple[Effect, ...], tuple[Effect, ...]]:
    """Paper picking: every open stop picked in full except those in `found` ((location,
    sku) -> units actually taken), whose rest is short."""
    picks: list[Effect] = []
    shorts: list[Effect] = []
    for stop in view.stops():
        if stop.open == 0:
            continue
        taken = found.get(_key(stop), stop.open)
        if taken > stop.open:
            raise OverPick(sku=stop.sku_code, expected=stop.open, scanned=taken)
        if taken < 0:
            raise BadShortQty(found=taken, max=stop.open - 1)
        lines = [(x.allocation.index, x.open) for x in stop.lines]
        got = _fill(lines, taken)
        picks += got
        used = {e.allocation: e.qty for e in got}
        rest = [(i, q - used.get(i, 0)) for i, q in reversed(lines)]
        shorts += _fill(rest, stop.open - taken)
    return tuple(picks), tuple(shorts)


def hold_reason(sku_code: str, qty: int, location: str) -> str:
    """Stored on the order, language-neutral; `describe_hold` renders it."""
    return f"short:{sku_code}:{qty}:{location}"


def describe_hold(reason: str) -> str:
    parts = reason.split(":")
    if len(parts) == 4 and parts[0] == "short":
        return _("pick.hold.short", sku=parts[1], qty=parts[2], location=parts[3])
    return reason


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
    inactive = set()
    for order_no in wave.orders:
        order = uow.orders.get(order_no)
        if order is None or order.status not in live:
            inactive.add(order_no)
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
    for location in uow.locations.all():
        if location.kind is LocationKind.PACKING and location.station_id == station_id:
            return location.code
    raise NoPackingLocation(station=station_id)


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
    for wave in plan.waves:
        p.waves.add(wave)
        for order_no in wave.orders:
            p.orders.set_status(by_no[order_no], OrderStatus.RELEASED)
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
