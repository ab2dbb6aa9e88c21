"""Guided picking as a pure state machine: (session, wave view, event) -> result.

A picker scans the wave barcode (or CMD:NEXT), then at each stop the location, then the
item (repeatedly, or QTY:<n> first to count n), and in multi-item waves the slot (SLOT-07)
the units go into. CMD:SHORT + QTY:<n found> declares a stop short. Nothing here does I/O:
`picking_service` loads the view through the ports, runs `step`, and posts the effects.
Rejections raise a WmsError: nothing is moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from wms_tui.core.errors import OverPick
from wms_tui.core.model import (
    parse_quantity,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.errors import (
    FinishWaveFirst,
    NoSlotsInWave,
    NotForPicking,
    NoWave,
    QtyNotExpected,
    ScanItemFirst,
    ScanLocationFirst,
    WaveAlreadyPicked,
    WaveCancelled,
    WrongItem,
    WrongLocation,
    WrongSlot,
    short_qty_error,
)
from wms_tui.core.picking.lease import check_lease as check_lease
from wms_tui.core.picking.progress import Stop, next_stop, stops
from wms_tui.core.picking.records import (
    Command,
    ItemScan,
    KeyedQty,
    LocationScan,
    OtherScan,
    PickEvent,
    PickSession,
    SlotScan,
    Wave,
    WaveKind,
    WaveScan,
    WaveStatus,
    is_wave_code,
    parse_slot_code,
    slot_code,
)
from wms_tui.core.picking.shorts import Effect, fill, share_found
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import ResolverConfig, command_body

CONTEXT = "pick"
KEYED_QTY_PREFIX = "QTY:"  # the quantity field submits keyed numbers as `QTY:<n>`


_COMMANDS = {c.value.upper(): c for c in Command}


def classify_text(
    text: str, source: str = "", config: ResolverConfig | None = None
) -> PickEvent | None:
    """Codes only picking knows, read from the raw text before the shared resolver runs.

    None means: not one of ours, resolve it (location, product, packaging ...).
    """
    raw = text.strip()
    upper = raw.upper()
    body = command_body(raw, source, (config or ResolverConfig()).command_prefix)
    if body in _COMMANDS:
        return _COMMANDS[body]
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
    holder_name: str = ""  # the lease holder's name: "who has it" names a person, not a badge

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
class StepResult:
    session: PickSession
    outcome: Outcome
    picks: tuple[Effect, ...] = ()
    shorts: tuple[Effect, ...] = ()


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
        # No stop left: units still in hand belong to orders that went on hold or away.
        left = put_back(session, None)
        if left is not None:
            return left
        raise NoWave()
    stop = next_stop(view.stops())
    assert stop is not None  # expected() said we are inside a wave
    # A supervisor may have handed the wave to another station: nothing more is picked here.
    check_lease(view.wave, session.station_id, session.operator, view.holder_name)
    stale = put_back(session, stop)
    if stale is not None:
        return stale
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
            raise short_qty_error("-", stop.open - 1)
        return _short(session, view, stop, event.qty)
    if event is Command.SHORT:
        return StepResult(
            replace(session, awaiting_short_qty=True, pending_qty=0),
            Outcome.accepted(
                "pick.short.ask" if stop.open > 1 else "pick.short.ask_none",
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
        held = replace(
            session, in_hand=session.in_hand + qty, in_hand_sku=stop.sku_code, pending_qty=0
        )
        slot, put = next_slot(stop, held.in_hand)
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
    picks = fill([(line.allocation.index, line.open) for line in stop.lines], qty)
    done = replace(session, pending_qty=0)
    return _after(done, view, stop, picks, ())


def next_slot(stop: Stop, in_hand: int) -> tuple[int, int]:
    """The slot the next units at `stop` go into, and how many of `in_hand` it takes."""
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
        expected_slot, _qty = next_slot(stop, session.in_hand)
        raise WrongSlot(slot=slot_code(slot), sku=stop.sku_code, expected=slot_code(expected_slot))
    put = min(session.in_hand, sum(q for _, q in lines))
    picks = fill(lines, put)
    return _after(_holding(session, session.in_hand - put), view, stop, picks, ())


def _holding(session: PickSession, in_hand: int) -> PickSession:
    return replace(session, in_hand=in_hand, in_hand_sku=session.in_hand_sku if in_hand else "")


def put_back(session: PickSession, stop: Stop | None) -> StepResult | None:
    """Units in hand that no order at this stop wants any more (their orders went on hold or
    were cancelled while the picker held them; `stop` None: the wave has no stop left): back
    to the bin they came from, before the next scan can put them into a slot, where they
    would count as another stop's SKU."""
    if session.in_hand == 0:
        return None
    same = (
        stop is not None
        and session.at_location == stop.location
        and session.in_hand_sku in ("", stop.sku_code)
    )
    keep = min(session.in_hand, stop.open) if same and stop is not None else 0
    if keep == session.in_hand:
        return None
    return StepResult(
        _holding(session, keep),
        Outcome.accepted(
            "pick.put_back",
            SoundClass.WARNING,
            qty=session.in_hand - keep,
            sku=session.in_hand_sku or (stop.sku_code if stop is not None else "-"),
            location=session.at_location,
        ),
    )


def _short(session: PickSession, view: WaveView, stop: Stop, found: int) -> StepResult:
    if not session.in_hand <= found < stop.open:
        raise short_qty_error(found, stop.open - 1)
    kept, dropped = share_found(stop, found)
    shorts = fill(dropped, stop.open - found)
    # Found units no kept order wants stay in (or go back to) the bin: only the missing
    # ones leave it, for @adjustment.
    need = sum(qty for _index, qty in kept)
    back = max(0, session.in_hand - need)
    asked = replace(_holding(session, session.in_hand - back), awaiting_short_qty=False)
    result = _after(asked, view, stop, (), shorts)
    if back == 0:
        return result
    outcome = replace(
        result.outcome,
        msgid="pick.short.recorded_put_back",
        params={**result.outcome.params, "back": back},
    )
    return replace(result, outcome=outcome)


def view_after(view: WaveView, picks: tuple[Effect, ...], shorts: tuple[Effect, ...]) -> WaveView:
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
    after = view_after(view, picks, shorts)
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
        slot, put = next_slot(now, session.in_hand)
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
