"""A supervisor hands a wave to another station (or sets it free): the way out for a wave a
picker left half picked. Audited, like inspection's takeover.

From the pick screen the supervisor confirms with badge + PIN and the wave comes to this
station's picker; the command goes through the scan pipeline as `takeover_text`, so it is
journaled and stays in order with the scans around it. The old station's next scan is refused
naming the new holder; what it had picked stays picked (progress is summed from stored rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wms_tui.core.errors import NotAllowed, UnknownOperator
from wms_tui.core.model import AuditEvent, Role
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.errors import FinishWaveFirst, NotForPicking, TakeoverTarget, WaveNotOpen
from wms_tui.core.picking.lease import leased_to
from wms_tui.core.picking.progress import next_stop
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES
from wms_tui.core.picking.service import load_view, open_session, operator_name
from wms_tui.core.picking.step import enter_wave
from wms_tui.core.pipeline.scanning import ScanHandler
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.scans import Scan

TAKEOVER_CONTEXT = "pick_takeover"
_TAKEOVER = re.compile(r"CMD:PICK-TAKEOVER:([^:]+):(.+)")


@dataclass(frozen=True)
class Takeover:
    """Who held the wave before, for the outcome and the audit line."""

    wave_no: str
    from_station: str
    from_operator: str
    from_name: str
    to_station: str
    to_operator: str


def take_over_wave(
    uow: UnitOfWork,
    clock: Clock,
    *,
    wave_no: str,
    supervisor: str,
    station_id: str,
    to_station: str,
    to_operator: str,
) -> Takeover:
    """Move the lease to `to_station`/`to_operator`, or free it when both are empty."""
    boss = uow.operators.get(supervisor)
    if boss is None:
        raise UnknownOperator(badge=supervisor)
    if not boss.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=boss.name, role=Role.SUPERVISOR.value)
    if bool(to_station) != bool(to_operator):
        raise TakeoverTarget(station=to_station or "-", operator=to_operator or "-")
    if to_operator and uow.operators.get(to_operator) is None:
        raise UnknownOperator(badge=to_operator)
    p = uow
    view = load_view(p, wave_no)
    wave = view.wave
    if wave.status not in OPEN_WAVE_STATUSES or view.finished:
        raise WaveNotOpen(wave=wave_no, status=wave.status.value)
    now = clock.now()
    p.waves.move_lease(wave_no, wave.version, to_station, to_operator, now if to_station else None)
    held = f"{wave.lease_station or '-'}/{wave.lease_operator or '-'}"
    target = f"{to_station or '-'}/{to_operator or '-'}"
    p.audit.record(
        AuditEvent(
            "wave.takeover",
            supervisor,
            station_id,
            wave_no,
            f"from {held} to {target} by {supervisor}",
            now,
        )
    )
    return Takeover(
        wave_no,
        wave.lease_station,
        wave.lease_operator,
        view.holder_name,
        to_station,
        to_operator,
    )


def take_over_here(
    uow: UnitOfWork,
    clock: Clock,
    *,
    wave_no: str,
    supervisor: str,
    station_id: str,
    operator: str = "",
) -> Outcome:
    """The pick screen's takeover: the wave comes to this station's picker (`operator`, who
    asked for it), who goes on."""
    p = uow
    session = open_session(p, station_id, operator)
    if session.wave_no and session.wave_no != wave_no:
        current = load_view(p, session.wave_no)
        if leased_to(current.wave, station_id, session.operator) and not current.finished:
            raise FinishWaveFirst(wave=session.wave_no)
    done = take_over_wave(
        uow,
        clock,
        wave_no=wave_no,
        supervisor=supervisor,
        station_id=station_id,
        to_station=station_id,
        to_operator=session.operator,
    )
    view = load_view(p, wave_no)
    result = enter_wave(session, view, None)
    p.pick_sessions.save(result.session)
    stop = next_stop(view.stops())
    return Outcome.accepted(
        "pick.takeover.done",
        wave=wave_no,
        station=done.from_station or "-",
        name=done.from_name or "-",
        supervisor=operator_name(uow, supervisor),
        location=stop.location if stop is not None else "-",
    )


def takeover_text(supervisor: str, wave_no: str) -> str:
    """The journaled command for a takeover a verified supervisor (badge + PIN) allowed."""
    return f"CMD:PICK-TAKEOVER:{supervisor}:{wave_no}"


def make_takeover_handler(clock: Clock, station_id: str) -> ScanHandler:
    """Applies `takeover_text` commands; a recovered one replays what was allowed."""

    def handle(uow: UnitOfWork, scan: Scan) -> Outcome:
        found = _TAKEOVER.fullmatch(scan.text)
        if found is None:
            raise NotForPicking(what=scan.text)
        return take_over_here(
            uow,
            clock,
            wave_no=found.group(2),
            supervisor=found.group(1),
            station_id=station_id,
            operator=scan.operator,
        )

    return handle
