"""Count plans for the supervisor: which locations, blind or not, the recount threshold.

Creating a plan is one short unit of work: one task per location, locations already under
a count are left out. Below the form, every plan with its tasks by status.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, RadioButton, RadioSet

from wms_tui.core.counting import handler as svc
from wms_tui.core.counting.records import (
    CountPlan,
    CountScope,
    PlanCriteria,
    TaskStatus,
    Threshold,
    ThresholdKind,
)
from wms_tui.core.errors import InvalidValue, WmsError
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.text import plain

_SHOWN = (TaskStatus.OPEN, TaskStatus.COUNTING, TaskStatus.COUNTED, TaskStatus.APPROVED)
_PLAN_COLUMNS = (
    "count.ui.col.plan_name",
    "count.ui.col.created",
    "count.ui.col.blind",
    "count.ui.col.tasks",
)


def criteria_from(scope: CountScope, value: str) -> PlanCriteria:
    """The form's one text field read for the chosen scope."""
    value = value.strip()
    if scope is CountScope.LOCATIONS:
        codes = tuple(code.strip() for code in value.split(",") if code.strip())
        return PlanCriteria(scope, locations=codes)
    if scope is CountScope.ZONE:
        return PlanCriteria(scope, zone=value)
    if scope is CountScope.SKU:
        return PlanCriteria(scope, sku_code=value)
    if not (value.isascii() and value.isdigit()):
        raise InvalidValue(field=_("count.ui.field.value"), value=value)
    return PlanCriteria(scope, days=int(value))


class CountPlanScreen(StationScreen):
    TITLE_MSGID = "count.ui.plan_title"
    PROMPT_MSGID = "count.ui.plan_prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", show=False),
        Binding("escape", "back", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="plan-form"):
            with Vertical():
                yield Label(id="plan-name-label")
                yield Input(id="plan-name", max_length=120)
                yield Label(id="plan-value-label")
                yield Input(id="plan-value", max_length=2000)
                yield Checkbox(id="plan-blind", value=True)
            with Vertical():
                yield Label(id="plan-scope-label")
                with RadioSet(id="plan-scope"):
                    for n, scope in enumerate(CountScope):
                        yield RadioButton(id=f"scope-{scope.value}", value=n == 1)
                yield Label(id="plan-threshold-label")
                with Horizontal(id="plan-threshold-row"):
                    with RadioSet(id="plan-threshold-kind"):
                        for n, kind in enumerate(ThresholdKind):
                            yield RadioButton(id=f"threshold-{kind.value}", value=n == 0)
                    yield Input("0", id="plan-threshold", max_length=6, restrict=r"[0-9]*")
                yield Button(id="plan-create", variant="primary")
        yield DataTable[Text](id="plan-list", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#plan-name", Input).focus()

    def retranslate(self) -> None:
        for widget_id, msgid in (
            ("plan-name-label", "count.ui.field.name"),
            ("plan-value-label", "count.ui.field.value"),
            ("plan-scope-label", "count.ui.field.scope"),
            ("plan-threshold-label", "count.ui.field.threshold"),
        ):
            self.query_one(f"#{widget_id}", Label).update(Text(_(msgid)))
        self.query_one("#plan-blind", Checkbox).label = _("count.ui.field.blind")
        for scope in CountScope:
            self.query_one(f"#scope-{scope.value}", RadioButton).label = _(
                "count.scope." + scope.value
            )
        for kind in ThresholdKind:
            self.query_one(f"#threshold-{kind.value}", RadioButton).label = _(
                "count.ui.threshold." + kind.value
            )
        self.query_one("#plan-create", Button).label = _("count.ui.create")
        self.reload()

    def reload(self) -> None:
        table: DataTable[Text] = self.query_one("#plan-list", DataTable)
        table.clear(columns=True)
        for msgid in _PLAN_COLUMNS:
            table.add_column(Text(_(msgid)), key=msgid)

        def read(uow: UnitOfWork) -> list[tuple[CountPlan, list[int]]]:
            repo = uow.counts
            rows = []
            for plan in repo.plans():
                tasks = repo.tasks(plan.plan_id)
                rows.append((plan, [sum(1 for t in tasks if t.status is s) for s in _SHOWN]))
            return rows

        for plan, by_status in self.read(read) or []:
            table.add_row(
                plain(plan.name),  # typed by a supervisor: never markup
                Text(plan.created_at.strftime("%Y-%m-%d %H:%M")),
                Text(_("count.ui.yes") if plan.blind else _("count.ui.no")),
                Text(" / ".join(str(n) for n in by_status)),
                key=plan.plan_id,
            )

    def handle_outcome(self, outcome: Outcome) -> None:
        self.reload()

    # --- creating --------------------------------------------------------------------
    def _chosen(self, radio_set: str, prefix: str) -> str:
        pressed = self.query_one(f"#{radio_set}", RadioSet).pressed_button
        return (pressed.id or "").removeprefix(prefix) if pressed else ""

    @on(Button.Pressed, "#plan-create")
    def action_create(self) -> None:
        supervisor = self.station.operator
        if supervisor is None:
            return
        name = self.query_one("#plan-name", Input).value.strip()
        try:
            scope = CountScope(self._chosen("plan-scope", "scope-"))
            criteria = criteria_from(scope, self.query_one("#plan-value", Input).value)
            limit = self.query_one("#plan-threshold", Input).value.strip() or "0"
            threshold = Threshold(
                ThresholdKind(self._chosen("plan-threshold-kind", "threshold-")), int(limit)
            )
            with self.station.context.uow_factory() as uow:
                plan, tasks = svc.create_plan(
                    uow,
                    self.station.context.clock,
                    supervisor=supervisor,
                    station_id=self.station.context.station_id,
                    name=name or criteria.scope.value,
                    criteria=criteria,
                    blind=self.query_one("#plan-blind", Checkbox).value,
                    threshold=threshold,
                )
                uow.commit()
            created, locations = plan.name, len(tasks)
            outcome = Outcome.accepted("count.ui.plan_created", name=created, locations=locations)
        except WmsError as error:
            outcome = Outcome.from_error(error)
        self.station.present(outcome)

    def action_back(self) -> None:
        self.app.pop_screen()
