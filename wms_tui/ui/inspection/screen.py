"""Inspection (验货): scan the waybill, then every item; the order passes only when it matches.

Every key action goes through the scan pipeline as a command text (CMD:ACK, CMD:QTY:3,
CMD:UNDO:DOUBLE_SCAN, CMD:REMOVE:2:PUT_BACK, CMD:DAMAGED, CMD:GIFT, CMD:DONE, CMD:CANCEL), so it is
journaled and stays in order with the scans before it. What the screen shows is re-read from
the database after each outcome: the widgets never hold counts, so a restarted station shows
exactly what was stored.
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

from wms_tui.core.errors import LeaseHeld
from wms_tui.core.inspection.handler import (
    CONTEXT,
    InspectionDesk,
    keyed_quantity_text,
    remove_unit_text,
    undo_text,
)
from wms_tui.core.inspection.label import LabelRenderer
from wms_tui.core.inspection.records import (
    CorrectionReason,
    GiftNotListed,
    ProblemReason,
    Scale,
)
from wms_tui.core.inspection.state import InspectionState
from wms_tui.core.inspection.supervisor import (
    GIFT,
    OVERRIDE,
    SUPERVISED_CONTEXT,
    TAKEOVER,
    supervised_text,
)
from wms_tui.core.model import Operator
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.scans import KEY_SOURCE, key_command
from wms_tui.i18n import _, current_language
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.common.two_press import TwoPress
from wms_tui.ui.inspection.header import InspectionHeader
from wms_tui.ui.inspection.label import LabelPrinting
from wms_tui.ui.inspection.lines import InspectionLines
from wms_tui.ui.inspection.recent import InspectionRecent
from wms_tui.ui.inspection.remarks import InspectionRemarks
from wms_tui.ui.inspection.weight import InspectionWeight

_KEYS = (
    ("F1", "inspect.ui.key.gift"),
    ("F5", "inspect.ui.key.ack"),
    ("F6", "inspect.ui.key.qty"),
    ("F7", "inspect.ui.key.undo"),
    ("F8", "inspect.ui.key.problem"),
    ("F9", "inspect.ui.key.remove"),
    ("F11", "inspect.ui.key.done"),
    ("Esc", "inspect.ui.key.cancel"),
    ("F12", "inspect.ui.key.supervisor"),
    ("^P", "inspect.ui.key.reprint"),
)
# With no order open only these apply (the others act on an open order): room at 80x24 for
# the label key after a pass.
_KEYS_IDLE = (
    ("^P", "inspect.ui.key.reprint"),
    ("F12", "inspect.ui.key.supervisor"),
    ("Esc", "inspect.ui.key.back"),
)
_PROBLEMS = (
    (ProblemReason.DAMAGED, "inspect.ui.problem.damaged"),
    (ProblemReason.WRONG_SPEC, "inspect.ui.problem.wrong_spec"),
    (ProblemReason.MISSING_PART, "inspect.ui.problem.missing_part"),
)
_CORRECTIONS = (
    (CorrectionReason.DOUBLE_SCAN, "inspect.ui.reason.double_scan"),
    (CorrectionReason.WRONG_SCAN, "inspect.ui.reason.wrong_scan"),
    (CorrectionReason.PUT_BACK, "inspect.ui.reason.put_back"),
    (CorrectionReason.OTHER, "inspect.ui.reason.other"),
)
_INPUTS = ("#inspect-qty", "#inspect-problem", "#inspect-reason")
_LABELS = ("#inspect-qty-label", "#inspect-reason-label")


class InspectScreen(LabelPrinting):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT, SUPERVISED_CONTEXT)
    TITLE_MSGID = "inspect.ui.title"
    PROMPT_MSGID = "inspect.ui.prompt"
    ENTRY_MSGID = "inspect.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "acknowledge", show=False),
        Binding("f6", "key_quantity", show=False),
        Binding("f7", "undo", show=False),
        Binding("f8", "problem", show=False),
        Binding("f9", "remove_unit", show=False),
        Binding("f1", "gift", show=False),
        Binding("f11", "done", show=False),
        Binding("escape", "cancel", show=False),
        Binding("f12", "supervisor", show=False),
        Binding("ctrl+p", "reprint", show=False),
        # Typing goes to the manual-entry field; the arrows still choose the line F9 acts on.
        Binding("up", "line(-1)", show=False),
        Binding("down", "line(1)", show=False),
    ]

    def __init__(
        self,
        desk: InspectionDesk,
        *,
        scale: Scale | None = None,
        label: LabelRenderer | None = None,
    ) -> None:
        """`desk`: the station's inspection desk, built and registered by bootstrap;
        `label`: draws an order's parcel label for the printer (None: no labels)."""
        super().__init__()
        self.label = label
        self._keys_shown: tuple[tuple[str, str], ...] = ()
        self.desk = desk
        self.rules = desk.rules
        self._scale = scale
        self.state = InspectionState()
        # The waybill another station holds, from the last refusal: what F12 takes over.
        self.refused_code = ""
        # The gift refused as not on the list (SKU, name shown): what F12 lets a supervisor
        # allow.
        self.refused_gift: tuple[str, str] | None = None
        # The irreversible key pressed once ("cancel", "hold"): a second press does it.
        self.asked = TwoPress()
        # What the open reason list is for: an undo (0) or removing a unit of line N.
        self._correcting_line = 0

    def compose_body(self) -> ComposeResult:
        yield InspectionHeader(id="inspect-header")
        yield InspectionRemarks(id="inspect-remarks")
        with Horizontal(id="inspect-main"):
            yield InspectionLines(id="inspect-lines")
            with Vertical(id="inspect-side"):
                yield InspectionRecent(id="inspect-recent")
                yield InspectionWeight(self._scale, id="inspect-weight")
                yield Static(id="inspect-qty-label")
                yield Input(id="inspect-qty", max_length=6, restrict=r"[0-9]*")
                yield OptionList(id="inspect-problem")
                yield Static(id="inspect-reason-label")
                yield OptionList(id="inspect-reason")
        yield KeyRow(id="inspect-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self._close_inputs()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the open order (in a unit of work that only reads) and re-render it."""
        state = self.read(self.desk.state)
        if state is not None:
            self.state = state
            self._render_state()

    def _render_state(self) -> None:
        self.query_one(InspectionHeader).show(self.state)
        self.query_one(InspectionRemarks).show(self.state)
        self.query_one(InspectionLines).show(self.state, current_language())
        self.query_one(InspectionRecent).show(self.state)
        self.query_one(InspectionWeight).show_reading()
        self.set_class(self.state.session is not None, "-order-open")
        self._show_keys()

    def _show_keys(self, *, again: bool = False) -> None:
        """The bar changes only when an order opens or closes (or the language changes,
        `again`): not redrawn on every scan."""
        keys = _KEYS if self.state.session is not None else _KEYS_IDLE
        if again or keys is not self._keys_shown:
            self._keys_shown = keys
            self.query_one("#inspect-keys", KeyRow).show(keys)

    def retranslate(self) -> None:
        self._show_keys(again=True)
        self.query_one("#inspect-qty-label", Static).update(Text(_("inspect.ui.qty_label")))
        problems = self.query_one("#inspect-problem", OptionList)
        problems.clear_options()
        problems.add_options(Option(Text(_(msgid)), id=reason.value) for reason, msgid in _PROBLEMS)
        reasons = self.query_one("#inspect-reason", OptionList)
        reasons.clear_options()
        reasons.add_options(
            Option(Text(_(msgid)), id=reason.value) for reason, msgid in _CORRECTIONS
        )
        # Names on the sheet are in the language they were loaded in.
        self.reload()

    def handle_outcome(self, outcome: Outcome) -> None:
        # Something happened in between: ask again next time.
        self.asked.seen(outcome, ("inspect.ui.confirm_cancel", "inspect.ui.confirm_hold"))
        if outcome.error_code == LeaseHeld.code and outcome.scan_text:
            self.refused_code = outcome.scan_text
        elif outcome.ok and outcome.scan_text and outcome.scan_source != KEY_SOURCE:
            self.refused_code = ""
        if outcome.error_code == GiftNotListed.code:
            sku, name = outcome.params.get("sku"), outcome.params.get("name")
            self.refused_gift = (str(sku), str(name)) if sku else None
        elif outcome.ok:
            self.refused_gift = None
        if isinstance(outcome.view, InspectionState):
            # The desk computed it in the scan's own transaction: nothing to read again.
            self.state = outcome.view
            self._render_state()
        else:
            self.reload()
        self.label_after(outcome)

    # --- keys: each becomes a command text in the scan pipeline ----------------------
    def _submit(self, text: str) -> None:
        self.station.submit_key(text)

    def action_acknowledge(self) -> None:
        self._submit(key_command("ACK"))

    def action_undo(self) -> None:
        self._ask_reason(0, _("inspect.ui.reason.undo"))

    def action_remove_unit(self) -> None:
        """F9: one counted unit off the highlighted line (it went back, or was never there)."""
        lines = self.query_one(InspectionLines)
        counted = self.state.progress.lines
        if not counted or not 0 <= lines.cursor_row < len(counted):
            return
        line = counted[lines.cursor_row].line
        self._ask_reason(line.line_no, _("inspect.ui.reason.remove", line=line.line_no))

    def action_done(self) -> None:
        progress = self.state.progress
        # F11 on an order with problem goods puts it on hold: say so, and take it on the
        # second press.
        holds = self.state.session is not None and progress.open_problems > 0
        if holds and not progress.complete and self._ask_twice("hold", "inspect.ui.confirm_hold"):
            return
        self._submit(key_command("DONE"))

    def _ask_reason(self, line_no: int, title: str) -> None:
        if self.state.session is None:
            return
        self._close_inputs()
        self._correcting_line = line_no
        label = self.query_one("#inspect-reason-label", Static)
        label.update(Text(title))
        label.display = True
        reasons = self.query_one("#inspect-reason", OptionList)
        reasons.display = True
        reasons.highlighted = 0
        reasons.focus()

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
        # Work would be lost: say what Esc does, and do it on the second press.
        counted = any(line.counted for line in self.state.progress.lines)
        if counted and self._ask_twice("cancel", "inspect.ui.confirm_cancel"):
            return
        self._submit(key_command("CANCEL"))

    def _ask_twice(self, what: str, msgid: str) -> bool:
        """True (nothing done yet) the first time: the banner says what the same key will do
        if pressed again. Anything else in between asks again."""
        if self.asked.second(what):
            return False
        sheet = self.state.sheet
        counted = sum(line.counted for line in self.state.progress.lines)
        order = sheet.order_no if sheet is not None else ""
        self.station.present(
            Outcome.accepted(msgid, SoundClass.NEEDS_INPUT, order=order, counted=counted)
        )
        return True

    def action_gift(self) -> None:
        """F1: the next item scanned is a gift added to the open order."""
        self._close_inputs()
        self._submit(key_command("GIFT"))

    def action_supervisor(self) -> None:
        """F12: a supervisor takes over the refused waybill, allows the refused gift, or lets
        a weight failure pass."""
        self._close_inputs()
        if self.state.session is None and self.refused_code:
            action, code = TAKEOVER, self.refused_code
            dialog = SupervisorDialog("inspect.supervisor.title_takeover", code=code)
        elif self.state.session is not None and self.refused_gift is not None:
            (action, code), name = (GIFT, self.refused_gift[0]), self.refused_gift[1]
            dialog = SupervisorDialog("inspect.supervisor.title_gift", name=name)
        elif self.rules.weight is None:
            # Nothing a supervisor could allow here: no waybill was refused as another
            # station's, and this station weighs nothing. Say so; no PIN dialog for nothing.
            self.station.present(Outcome.accepted("inspect.supervisor.nothing", SoundClass.WARNING))
            return
        else:
            action, code = OVERRIDE, ""
            dialog = SupervisorDialog("inspect.supervisor.title_override")

        def verified(supervisor: Operator | None) -> None:
            if supervisor is not None:
                self.refused_gift = None
                self._submit_supervised(supervised_text(action, supervisor.badge, code))

        self.app.push_screen(dialog, verified)

    def _submit_supervised(self, text: str) -> None:
        # Nothing runs between these three calls, so no scan can slip into the context.
        pipeline = self.station.context.pipeline
        pipeline.activate(SUPERVISED_CONTEXT)
        try:
            self._submit(text)
        finally:
            pipeline.activate(CONTEXT)
        self.refused_code = ""

    def _close_inputs(self) -> bool:
        """Hide the quantity field and the problem and reason lists; True when one was open."""
        was_open = any(self.query_one(selector).display for selector in _INPUTS)
        for selector in (*_INPUTS, *_LABELS):
            self.query_one(selector).display = False
        # The lines table keeps its cursor: F9 removes from the line the inspector chose.
        self.focus_entry()
        return was_open

    def action_line(self, step: int) -> None:
        lines = self.query_one(InspectionLines)
        if lines.row_count:
            lines.move_cursor(row=max(0, min(lines.row_count - 1, lines.cursor_row + step)))

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
            self._submit(key_command(event.option.id.upper()))

    @on(OptionList.OptionSelected, "#inspect-reason")
    def _reason_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        if not event.option.id:
            return
        reason = CorrectionReason(event.option.id)
        line_no, self._correcting_line = self._correcting_line, 0
        self._submit(remove_unit_text(line_no, reason) if line_no else undo_text(reason))
