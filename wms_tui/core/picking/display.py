"""What the pick screens show, read from stored rows in one short unit of work.

The screens never keep progress: after every outcome they call `load_display` (guided
picking) or `paper_stops` (confirming a printed list) and render what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wms_tui.core.picking.picklist import sku_barcode_value
from wms_tui.core.picking.progress import Stop, next_stop
from wms_tui.core.picking.records import WaveKind, slot_code
from wms_tui.core.picking.service import load_view
from wms_tui.core.picking.step import PickStep, WaveView, expected, next_slot
from wms_tui.core.ports import UnitOfWork

UPCOMING = 5


@dataclass(frozen=True)
class StopInfo:
    location: str
    sku_code: str
    name: str
    spec: str
    barcode: str
    open: int
    qty: int
    picked: int


@dataclass(frozen=True)
class PickDisplay:
    wave_no: str = ""
    kind: WaveKind | None = None
    step: PickStep = PickStep.WAVE
    stops_done: int = 0
    stops_total: int = 0
    items_picked: int = 0
    items_total: int = 0
    current: StopInfo | None = None
    slot: str = ""  # multi-item waves: the tote the next units go into
    put_qty: int = 0  # ... and how many of them
    in_hand: int = 0
    pending_qty: int = 0
    upcoming: tuple[StopInfo, ...] = ()


def _info(uow: UnitOfWork, stop: Stop, language: str) -> StopInfo:
    sku = uow.skus.get(stop.sku_code)
    return StopInfo(
        location=stop.location,
        sku_code=stop.sku_code,
        name=sku.name(language) if sku else "",
        spec=sku.spec_in(language) if sku else "",
        barcode=sku_barcode_value(stop.sku_code, uow.skus.barcodes_of(stop.sku_code)),
        open=stop.open,
        qty=stop.qty,
        picked=stop.picked,
    )


def _progress(view: WaveView) -> tuple[int, int, int, int]:
    all_stops = view.stops()
    done = sum(1 for s in all_stops if s.open == 0)
    return done, len(all_stops), sum(s.picked for s in all_stops), view.wave.item_count


def load_display(
    uow: UnitOfWork, station_id: str, language: str, operator: str = ""
) -> PickDisplay:
    """`operator`: who looks; another picker's session left at the station shows nothing
    (their first scan starts their own, picking_service.open_session)."""
    session = uow.pick_sessions.get(station_id)
    if session is None or not session.wave_no or (operator and session.operator != operator):
        return PickDisplay()
    view = load_view(uow, session.wave_no)
    done, total, picked, items = _progress(view)
    base = PickDisplay(
        wave_no=view.wave.wave_no,
        kind=view.wave.kind,
        step=expected(session, view),
        stops_done=done,
        stops_total=total,
        items_picked=picked,
        items_total=items,
        in_hand=session.in_hand,
        pending_qty=session.pending_qty,
    )
    all_stops = view.stops()
    stop = next_stop(all_stops)
    if stop is None:
        return base
    slot, put = ("", 0)
    if view.wave.kind is WaveKind.MULTI:
        number, put = next_slot(stop, session.in_hand or stop.open)
        slot = slot_code(number)
    later = [s for s in all_stops if s.open > 0 and s is not stop][:UPCOMING]
    return replace(
        base,
        current=_info(uow, stop, language),
        slot=slot,
        put_qty=put,
        upcoming=tuple(_info(uow, s, language) for s in later),
    )


def paper_stops(uow: UnitOfWork, wave_no: str, language: str) -> tuple[StopInfo, ...]:
    """The printed list's stops still open, in walk order: what a paper confirmation posts."""
    view = load_view(uow, wave_no)
    return tuple(_info(uow, s, language) for s in view.stops() if s.open > 0)
