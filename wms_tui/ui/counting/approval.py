"""Count approval for the supervisor: per location and SKU the system quantity, every round's
count, the variance and its value; approve, reject (a blind recount) or approve with a reason.
The newest closed plans stay listed after the open ones, read-only, so a finished plan's
variance report can still be read here.

Each decision is one short unit of work, committed; a refusal (the supervisor counted this
location, a recount is still open, stock moved meanwhile) shows as an error banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from wms_tui.core.counting import approval as appr
from wms_tui.core.counting.records import CountPlan, PlanStatus, ReasonCode
from wms_tui.core.counting.reports import VarianceLine
from wms_tui.core.errors import WmsError
from wms_tui.core.model import Operator
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.text import shown
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.counting.variance import VarianceTable

_REASONS = tuple(ReasonCode)
_KEYS = (
    ("A", "count.ui.key.approve"),
    ("R", "count.ui.key.reject"),
    ("1-5", "count.ui.key.reason"),
    ("[ ]", "count.ui.key.plan"),
    ("Esc", "count.ui.key.back"),
)


class CountApprovalScreen(StationScreen):
    TITLE_MSGID = "count.ui.approval_title"
    PROMPT_MSGID = "count.ui.approval_prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "approve", show=False),
        Binding("r", "reject", show=False),
        *(
            Binding(str(n), f"approve('{reason.value}')", show=False)
            for n, reason in enumerate(_REASONS, start=1)
        ),
        Binding("left_square_bracket", "plan(-1)", show=False),
        Binding("right_square_bracket", "plan(1)", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self, plan_id: str | None = None) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.plans: list[CountPlan] = []
        self.closed = False  # a closed plan's report is shown read-only
        self.lines: Sequence[VarianceLine] = ()
        # (location, reason) of an approval asked for once: the same key again posts it.
        self._confirming: tuple[str, str | None] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="approval-plan")
        yield VarianceTable(id="approval-lines")
        yield Static(id="approval-unknown")
        yield Static(id="approval-reasons")
        yield KeyRow(id="approval-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(VarianceTable).focus()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        plan_id = self.plan_id
        data = self.read(lambda uow: appr.approval_screen(uow, plan_id))
        if data is None:
            return
        self.plans, plan = data.plans, data.plan
        self.plan_id = plan.plan_id if plan else self.plan_id
        self.closed = plan is not None and plan.status is not PlanStatus.OPEN
        header = Text(_("count.ui.plan") + " ")
        if plan is None:
            header.append(_("count.ui.no_plan"))
        else:
            header.append(shown(plan.name), style="bold")  # typed by a supervisor: never markup
            if self.closed:
                header.append("  " + _("count.ui.plan_closed"), style="bold yellow")
        self.query_one("#approval-plan", Static).update(header)
        self.lines = data.view.lines
        self.query_one(VarianceTable).show(data.view.lines, current_language())
        unknown_text = Text()
        if data.view.unknown:
            unknown_text.append(_("count.ui.unknown_codes") + " ", style="bold yellow")
            # Scanned text nobody knows: plain Text, never markup.
            unknown_text.append(
                shown("; ".join(f"{loc} {code} ({who})" for loc, code, who in data.view.unknown))
            )
        self.query_one("#approval-unknown", Static).update(unknown_text)

    def retranslate(self) -> None:
        self.query_one("#approval-keys", KeyRow).show(_KEYS)
        reasons = "  ".join(
            f"{n} {_('count.reason.' + reason.value)}" for n, reason in enumerate(_REASONS, 1)
        )
        self.query_one("#approval-reasons", Static).update(Text(reasons))
        self.reload()

    def handle_outcome(self, outcome: Outcome) -> None:
        if outcome.msgid != "count.ui.confirm_approve":
            self._confirming = None  # anything in between: the next approval asks again
        self.reload()

    # --- decisions -------------------------------------------------------------------
    def action_approve(self, reason: str | None = None) -> None:
        chosen = ReasonCode(reason) if reason else None
        location = self.query_one(VarianceTable).location()
        if location is not None and self._confirming != (location, reason):
            # Posting adjustments cannot be taken back: show what they come to first, and
            # post on the same key pressed again.
            lines = [line for line in self.lines if line.location == location]
            units = sum(line.variance for line in lines)
            value = sum(line.value_cents for line in lines)
            self._confirming = (location, reason)
            self.station.present(
                Outcome.accepted(
                    "count.ui.confirm_approve", SoundClass.NEEDS_INPUT, location=location,
                    units=f"{units:+d}", value=f"{value / 100:+,.2f}",
                    lines=sum(1 for line in lines if line.variance),
                )
            )  # fmt: skip
            return
        self._confirming = None

        def decide(uow: UnitOfWork, plan_id: str, location: str, who: Operator) -> Outcome:
            moves = appr.approve(
                uow, self.station.context.clock, plan_id=plan_id, location=location,
                approver=who, station_id=self.station.context.station_id, reason=chosen,
            )  # fmt: skip
            return Outcome.accepted("count.ui.approved", location=location, moves=len(moves))

        self._decide(decide)

    def action_reject(self) -> None:
        def decide(uow: UnitOfWork, plan_id: str, location: str, who: Operator) -> Outcome:
            recount = appr.reject(
                uow, self.station.context.clock, plan_id=plan_id, location=location,
                approver=who, station_id=self.station.context.station_id,
            )  # fmt: skip
            return Outcome.accepted(
                "count.ui.rejected", SoundClass.WARNING, location=location, round=recount.round
            )

        self._decide(decide)

    def _decide(self, decide: Callable[[UnitOfWork, str, str, Operator], Outcome]) -> None:
        location = self.query_one(VarianceTable).location()
        who = self.station.operator
        if location is None or self.plan_id is None or who is None:
            return
        try:
            plan = next((p for p in self.plans if p.plan_id == self.plan_id), None)
            if plan is not None:
                appr.check_open(plan)
            with self.station.context.uow_factory() as uow:
                outcome = decide(uow, self.plan_id, location, who)
                uow.commit()
        except WmsError as error:
            outcome = Outcome.from_error(error)
        self.station.present(outcome)

    def action_plan(self, step: int) -> None:
        ids = [p.plan_id for p in self.plans]
        if self.plan_id in ids:
            self.plan_id = ids[(ids.index(self.plan_id) + step) % len(ids)]
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
