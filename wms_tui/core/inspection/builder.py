"""What every inspection decision is built with: the event/effect collector and outcomes.

Kept apart from `inspection_rules` so the item, command and opening modules can share it
without importing each other.
"""

from __future__ import annotations

from datetime import datetime

from wms_tui.core.errors import NotAllowed, WmsError
from wms_tui.core.inspection.progress import Progress, progress_of
from wms_tui.core.inspection.records import (
    EventKind,
    InspectionEvent,
    InspectionLeaseHeld,
    InspectionSession,
)
from wms_tui.core.inspection.state import (
    Decision,
    Effect,
    InspectionState,
    ItemScan,
    Move,
    OrderSheet,
    StepContext,
)
from wms_tui.core.model import MoveReason, Operator, Role
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass


def accepted(msgid: str, sound: SoundClass = SoundClass.OK, **params: object) -> Outcome:
    return Outcome.accepted(msgid, sound, **params)


def recorded_error(error: WmsError) -> Outcome:
    """A wrong scan is stored (it counts against the attempt), so it is not rolled back."""
    return Outcome.recorded(error)


def hhmm(at: datetime) -> str:
    return at.astimezone().strftime("%H:%M")


def lease_held(holder: InspectionSession) -> InspectionLeaseHeld:
    return InspectionLeaseHeld(
        station=holder.station_id, operator=holder.operator, since=hhmm(holder.started_at)
    )


def require_supervisor(operator: Operator) -> None:
    if not operator.has_role(Role.SUPERVISOR):
        raise NotAllowed(name=operator.name, role=Role.SUPERVISOR.value)


class Builder:
    """Collects one decision's events (numbered after the stored ones) and effects."""

    def __init__(self, state: InspectionState, ctx: StepContext) -> None:
        self.state = state
        self.ctx = ctx
        self.group = ctx.scan_id or ctx.new_id()
        self.events: list[InspectionEvent] = []
        self.effects: list[Effect] = []
        self._progress: tuple[int, Progress] | None = None

    @property
    def session(self) -> InspectionSession:
        assert self.state.session is not None
        return self.state.session

    def event(
        self,
        kind: EventKind,
        *,
        group: str = "",
        line_no: int = 0,
        sku_code: str = "",
        qty: int = 0,
        lot: str = "",
        serial: str = "",
        reason: str = "",
        text: str = "",
        spec: str = "",
        replacement: bool = False,
        location: str = "",
        expected_g: int = 0,
        move_id: str = "",
    ) -> InspectionEvent:
        event = InspectionEvent(
            session_id=self.session.session_id,
            seq=len(self.state.events) + len(self.events) + 1,
            kind=kind,
            group=group or self.group,
            line_no=line_no,
            sku_code=sku_code,
            qty=qty,
            lot=lot,
            serial=serial,
            reason=reason,
            text=text,
            spec=spec,
            replacement=replacement,
            location=location,
            expected_g=expected_g,
            move_id=move_id,
            scan_id=self.ctx.scan_id,
            operator=self.ctx.operator,
            station_id=self.ctx.rules.station_id,
            at=self.ctx.now,
        )
        self.events.append(event)
        return event

    def progress(self) -> Progress:
        """Folded once per new event: a pass asks several times with none added between."""
        assert self.state.sheet is not None
        if self._progress is None or self._progress[0] != len(self.events):
            events = (*self.state.events, *self.events)
            self._progress = (len(self.events), progress_of(self.state.sheet, events))
        return self._progress[1]

    def move(self, sku: str, qty: int, src: str, dst: str, reason: MoveReason, ref: str) -> str:
        move_id = self.ctx.new_id()
        self.effects.append(Move(move_id, sku, qty, src, dst, reason, ref))
        return move_id

    def done(self, outcome: Outcome) -> Decision:
        return Decision(outcome, tuple(self.events), tuple(self.effects))


def wrong_scan(
    b: Builder, error: WmsError, item: ItemScan, reason: str, line_no: int = 0
) -> Decision:
    b.event(EventKind.WRONG, sku_code=item.sku_code, text=item.text, reason=reason, line_no=line_no)
    return b.done(recorded_error(error))


def sku_name(sheet: OrderSheet, sku_code: str) -> str:
    return next((line.name for line in sheet.lines if line.sku_code == sku_code), sku_code)
