"""Inspection (验货): scan the waybill, then every item; the order passes only when it matches.

Every key action goes through the scan pipeline as a command text (CMD:ACK, CMD:QTY:3,
CMD:UNDO, CMD:DAMAGED, CMD:CANCEL), so it is journaled and stays in order with the scans
before it. What the screen shows is re-read from the database after each outcome: the
widgets never hold counts, so a restarted station shows exactly what was stored.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wms_tui.core.outcome import Outcome
from wms_tui.core.workflows.inspection import (
    CONTEXT,
    InspectionDesk,
    keyed_quantity_text,
    scan_resolver,
)
from wms_tui.core.workflows.inspection_ports import ProblemReason, Scale
from wms_tui.core.workflows.inspection_state import InspectionState, StationRules
from wms_tui.i18n import _, current_language
from wms_tui.ui.screens.station_screen import StationScreen
from wms_tui.ui.widgets.inspection_header import InspectionHeader
from wms_tui.ui.widgets.inspection_lines import InspectionLines
from wms_tui.ui.widgets.inspection_recent import InspectionRecent
from wms_tui.ui.widgets.inspection_remarks import InspectionRemarks

_KEYS = (
    ("F5", "inspect.ui.key.ack"),
    ("F6", "inspect.ui.key.qty"),
    ("F7", "inspect.ui.key.undo"),
    ("F8", "inspect.ui.key.problem"),
    ("Esc", "inspect.ui.key.cancel"),
)
_PROBLEMS = (
    (ProblemReason.DAMAGED, "inspect.ui.problem.damaged"),
    (ProblemReason.WRONG_SPEC, "inspect.ui.problem.wrong_spec"),
    (ProblemReason.MISSING_PART, "inspect.ui.problem.missing_part"),
)


class InspectScreen(StationScreen):
    CONTEXT = CONTEXT
    TITLE_MSGID = "inspect.ui.title"
    PROMPT_MSGID = "inspect.ui.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "acknowledge", show=False),
        Binding("f6", "key_quantity", show=False),
        Binding("f7", "undo", show=False),
        Binding("f8", "problem", show=False),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self, rules: StationRules, *, scale: Scale | None = None) -> None:
        super().__init__()
        self.rules = rules
        self._scale = scale
        self.state = InspectionState()
        self.desk: InspectionDesk | None = None

    def compose_body(self) -> ComposeResult:
        yield InspectionHeader(id="inspect-header")
        yield InspectionRemarks(id="inspect-remarks")
        with Horizontal(id="inspect-main"):
            yield InspectionLines(id="inspect-lines")
            with Vertical(id="inspect-side"):
                yield InspectionRecent(id="inspect-recent")
                yield Static(id="inspect-qty-label")
                yield Input(id="inspect-qty", max_length=6, restrict=r"[0-9]*")
                yield OptionList(id="inspect-problem")
        yield Static(id="inspect-keys")

    def on_mount(self) -> None:
        super().on_mount()
        context = self.station.context
        self.desk = InspectionDesk(
            self.rules,
            context.clock,
            self._badge,
            resolver=scan_resolver(context.resolver_config),
            scale=self._scale,
        )
        # Registering also applies this station's inspection scans a crash left journaled.
        context.pipeline.register(CONTEXT, self.desk.handle_scan)
        self._close_inputs()
        self.reload()

    def _badge(self) -> str:
        operator = self.station.operator
        return operator.badge if operator is not None else ""

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the open order in one short unit of work and re-render it."""
        if self.desk is None:
            return
        with self.station.context.uow_factory() as uow:
            self.state = self.desk.state(uow)
        self._render_state()

    def _render_state(self) -> None:
        self.query_one(InspectionHeader).show(self.state)
        self.query_one(InspectionRemarks).show(self.state)
        self.query_one(InspectionLines).show(self.state, current_language())
        self.query_one(InspectionRecent).show(self.state)
        self.set_class(self.state.session is not None, "-order-open")

    def retranslate(self) -> None:
        keys = Text(no_wrap=True, overflow="ellipsis")
        for key, msgid in _KEYS:
            keys.append(f" {key} ", style="reverse")
            keys.append(f" {_(msgid)}   ")
        self.query_one("#inspect-keys", Static).update(keys)
        self.query_one("#inspect-qty-label", Static).update(Text(_("inspect.ui.qty_label")))
        problems = self.query_one("#inspect-problem", OptionList)
        problems.clear_options()
        problems.add_options(Option(Text(_(msgid)), id=reason.value) for reason, msgid in _PROBLEMS)
        # Names on the sheet are in the language they were loaded in.
        self.reload()

    def handle_outcome(self, outcome: Outcome) -> None:
        self.reload()

    # --- keys: each becomes a command text in the scan pipeline ----------------------
    def _submit(self, text: str) -> None:
        self.station.submit_text(text, source="keyboard")

    def action_acknowledge(self) -> None:
        self._submit("CMD:ACK")

    def action_undo(self) -> None:
        self._submit("CMD:UNDO")

    def action_key_quantity(self) -> None:
        self._close_inputs()
        field = self.query_one("#inspect-qty", Input)
        self.query_one("#inspect-qty-label").display = True
        field.display = True
        field.value = ""
        field.focus()

    def action_problem(self) -> None:
        self._close_inputs()
        problems = self.query_one("#inspect-problem", OptionList)
        problems.display = True
        problems.highlighted = 0
        problems.focus()

    def action_cancel(self) -> None:
        if self._close_inputs():
            return
        if self.state.session is None:
            self.app.pop_screen()
            return
        self._submit("CMD:CANCEL")

    def _close_inputs(self) -> bool:
        """Hide the quantity field and the problem list; True when one was open."""
        was_open = False
        for selector in ("#inspect-qty", "#inspect-problem", "#inspect-qty-label"):
            widget = self.query_one(selector)
            was_open = was_open or bool(widget.display and selector != "#inspect-qty-label")
            widget.display = False
        self.query_one(InspectionLines).focus()
        return was_open

    @on(Input.Submitted, "#inspect-qty")
    def _quantity_typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self._close_inputs()
        if value.isascii() and value.isdigit() and int(value) > 0:
            self._submit(keyed_quantity_text(int(value)))

    @on(OptionList.OptionSelected, "#inspect-problem")
    def _problem_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        if event.option.id:
            self._submit("CMD:" + event.option.id.upper())
