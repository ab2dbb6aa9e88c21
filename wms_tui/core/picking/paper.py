"""Confirming a printed pick list at the station (paper picking), through the pipeline.

The screen's context "pick_paper": a wave barcode opens the list for confirmation, then the
whole confirmation arrives as one journaled text, `PAPER:<json>`, so it is applied exactly
once and in order with the scans around it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.errors import NotForPicking, WaveAlreadyPicked, WaveCancelled
from wms_tui.core.picking.records import WaveStatus, is_wave_code
from wms_tui.core.picking.service import confirm_paper_pick, load_view, open_session
from wms_tui.core.picking.step import check_lease
from wms_tui.core.pipeline.scanning import ScanHandler
from wms_tui.core.ports import Clock, SoundClass, UnitOfWork
from wms_tui.core.scans import Scan

PAPER_CONTEXT = "pick_paper"
PAPER_PREFIX = "PAPER:"  # the confirmation, journaled like a scan: PAPER:<json>


def paper_text(wave_no: str, found: Mapping[tuple[str, str], int]) -> str:
    """The confirmation as one text; `found` holds only the stops found short."""
    rows = [[location, sku, qty] for (location, sku), qty in sorted(found.items())]
    return PAPER_PREFIX + json.dumps({"wave": wave_no, "found": rows}, ensure_ascii=False)


def _parse_paper(text: str) -> tuple[str, dict[tuple[str, str], int]]:
    try:
        body = json.loads(text[len(PAPER_PREFIX) :])
        found = {(str(loc), str(sku)): int(qty) for loc, sku, qty in body["found"]}
        return str(body["wave"]), found
    except (ValueError, KeyError, TypeError) as error:
        raise NotForPicking(what=text[:40]) from error


def make_paper_handler(clock: Clock, station_id: str) -> ScanHandler:
    """A wave barcode opens the list for confirmation; PAPER:<json> posts it."""

    def handle(uow: UnitOfWork, scan: Scan) -> Outcome:
        p = uow
        session = open_session(p, station_id, scan.operator)
        text = scan.text.strip()
        if is_wave_code(text):
            view = load_view(p, text)
            if view.wave.status is WaveStatus.CANCELLED:
                raise WaveCancelled(wave=text)
            if view.finished:
                raise WaveAlreadyPicked(wave=text)
            check_lease(view.wave, station_id, session.operator)
            open_stops = [s for s in view.stops() if s.open > 0]
            return Outcome.accepted(
                "pick.paper.loaded",
                SoundClass.NEEDS_INPUT,
                wave=text,
                stops=len(open_stops),
                items=sum(s.open for s in open_stops),
            )
        if text.startswith(PAPER_PREFIX):
            wave_no, found = _parse_paper(text)
            return confirm_paper_pick(
                p,
                clock,
                wave_no=wave_no,
                station_id=station_id,
                operator=session.operator,
                found=found,
                action_id=scan.scan_id,
            )
        raise NotForPicking(what=text)

    return handle
