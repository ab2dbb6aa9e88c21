"""Guided picking (拣货): scan the wave, then at each stop the location, the item(s) and, in
multi-item waves, the slot; or confirm a wave picked from the printed list (paper mode).

Every key action goes through the scan pipeline as a text (CMD:SHORT, CMD:NEXT, CMD:CANCEL,
QTY:<n>, PAPER:<json>, CMD:PICK-TAKEOVER:...), so it is journaled and stays in order with the
scans before it. F12 after a "being picked at station X" refusal asks a supervisor's badge +
PIN and hands that wave to this station.
What the screen shows is re-read from the database after every outcome: the widgets never
hold progress, so a restarted station shows exactly what was stored.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from wms_tui.core.errors import LeaseHeld
from wms_tui.core.model import Operator
from wms_tui.core.outcome import Outcome, OutcomeStatus
from wms_tui.core.picking.display import PickDisplay, StopInfo, load_display, paper_stops
from wms_tui.core.picking.errors import LeaseLost
from wms_tui.core.picking.paper import PAPER_CONTEXT, paper_text
from wms_tui.core.picking.step import CONTEXT, KEYED_QTY_PREFIX, PickStep
from wms_tui.core.picking.takeover import TAKEOVER_CONTEXT, takeover_text
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.scans import key_command
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.picking.header import PickHeader
from wms_tui.ui.picking.paper_table import PickPaperTable
from wms_tui.ui.picking.stop import PickStopPanel
from wms_tui.ui.picking.upcoming import PickUpcoming

_KEYS = (
    ("F5", "pick.ui.key.short"),
    ("F6", "pick.ui.key.qty"),
    ("F7", "pick.ui.key.next"),
    ("F8", "pick.ui.key.paper"),
    ("Esc", "pick.ui.key.cancel"),
    ("F12", "pick.ui.key.takeover"),
)
_PAPER_KEYS = (
    ("F6", "pick.ui.key.found"),
    ("F9", "pick.ui.key.confirm"),
    ("Esc", "pick.ui.key.guided"),
)


class PickScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT, PAPER_CONTEXT, TAKEOVER_CONTEXT)
    TITLE_MSGID = "pick.ui.title"
    PROMPT_MSGID = "pick.ui.prompt"
    ENTRY_MSGID = "pick.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "short", show=False),
        Binding("f6", "key_quantity", show=False),
        Binding("f7", "next_wave", show=False),
        Binding("f8", "paper", show=False),
        Binding("f9", "confirm_paper", show=False),
        Binding("escape", "cancel", show=False),
        Binding("f12", "take_over", show=False),
        # Typing goes to the manual-entry field; the arrows still choose the paper list's row.
        Binding("up", "row(-1)", show=False),
        Binding("down", "row(1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.display_data = PickDisplay()
        self.paper = False
        self.paper_wave = ""
        self.paper_rows: tuple[StopInfo, ...] = ()
        self.found: dict[tuple[str, str], int] = {}
        self.refused_wave = ""  # the wave last refused as another's: F12 may take it over

    def compose_body(self) -> ComposeResult:
        yield PickHeader(id="pick-header")
        with Horizontal(id="pick-main"):
            yield PickStopPanel(id="pick-stop")
            with Vertical(id="pick-side"):
                yield PickUpcoming(id="pick-upcoming")
        yield PickPaperTable(id="pick-paper")
        # Outside both modes' panels: the paper list hides the guided one, and F6's field
        # inside it was typed into unseen.
        with Horizontal(id="pick-qty-row"):
            yield Static(id="pick-qty-label")
            yield Input(id="pick-qty", max_length=6, restrict=r"[0-9]*")
        yield KeyRow(id="pick-keys")

    def on_mount(self) -> None:
        super().on_mount()
        # No session is opened here: each picking scan carries its picker's badge and goes
        # on in that picker's session (open_session), so scans a crash left journaled stay
        # with whoever made them. bootstrap registered the handlers.
        self._close_input()
        self._show_mode()
        self.reload()

    def _badge(self) -> str:
        return self.station.operator.badge if self.station.operator else ""

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.paper:
            self.station.context.pipeline.activate(PAPER_CONTEXT)

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the station's wave (or the paper list) in one short unit of work."""
        context, language, badge = self.station.context, current_language(), self._badge()
        paper_wave = self.paper_wave if self.paper else ""

        def read(uow: UnitOfWork) -> tuple[PickDisplay, tuple[StopInfo, ...] | None]:
            display = load_display(uow, context.station_id, language, badge)
            return display, paper_stops(uow, paper_wave, language) if paper_wave else None

        found = self.read(read)
        if found is None:
            return
        self.display_data = found[0]
        if found[1] is not None:
            self.paper_rows = found[1]
        self.query_one(PickHeader).show(self.display_data)
        self.query_one(PickStopPanel).show(self.display_data)
        self.query_one(PickUpcoming).show(self.display_data)
        self.query_one(PickPaperTable).show(self.paper_rows, self.found)

    def retranslate(self) -> None:
        self.query_one("#pick-keys", KeyRow).show(_PAPER_KEYS if self.paper else _KEYS)
        label = "pick.ui.found_label" if self.paper else "pick.ui.qty_label"
        self.query_one("#pick-qty-label", Static).update(Text(_(label)))
        self.reload()

    def handle_outcome(self, outcome: Outcome) -> None:
        if outcome.error_code in (LeaseHeld.code, LeaseLost.code):
            self.refused_wave = str(outcome.params.get("wave", ""))
        elif outcome.ok and outcome.msgid == "pick.takeover.done":
            self.refused_wave = ""
        if outcome.ok and outcome.msgid == "pick.paper.loaded":
            self.paper_wave = str(outcome.params["wave"])
            self.found = {}
        elif outcome.ok and outcome.msgid == "pick.paper.done":
            self.paper_wave, self.paper_rows, self.found = "", (), {}
        self.reload()

    def _show_mode(self) -> None:
        self.query_one("#pick-main").display = not self.paper
        self.query_one(PickPaperTable).display = self.paper
        self.set_class(self.paper, "-paper")
        self.retranslate()

    # --- keys: each becomes a text in the scan pipeline --------------------------------
    def _submit(self, text: str) -> None:
        self.station.submit_key(text)

    def action_short(self) -> None:
        if not self.paper:
            self._submit(key_command("SHORT"))

    def action_next_wave(self) -> None:
        if not self.paper:
            self._submit(key_command("NEXT"))

    def action_key_quantity(self) -> None:
        if self.paper and not self.paper_rows:
            return
        field = self.query_one("#pick-qty", Input)
        self.query_one("#pick-qty-label").display = True
        field.display = True
        field.value = ""
        field.focus()

    def action_paper(self) -> None:
        self._close_input()
        self.paper = True
        self.paper_wave, self.paper_rows, self.found = "", (), {}
        self.station.context.pipeline.activate(PAPER_CONTEXT)
        self.query_one(FeedbackBanner).show_prompt("pick.ui.paper_prompt")
        self._show_mode()

    def action_confirm_paper(self) -> None:
        if self.paper and self.paper_wave:
            self._submit(paper_text(self.paper_wave, self.found))

    def action_cancel(self) -> None:
        if self._close_input():
            return
        if self.paper:
            self.paper = False
            self.station.context.pipeline.activate(CONTEXT)
            self.query_one(FeedbackBanner).show_prompt(self.PROMPT_MSGID)
            self._show_mode()
            return
        shown = self.display_data
        if shown.pending_qty or shown.step is PickStep.SHORT_QTY:
            self._submit(key_command("CANCEL"))  # "clear": a keyed quantity or a short
            return
        # "back": the wave stays open at this station, where the picker left off; opening
        # picking again (or scanning the wave) carries on from that stop.
        self.app.pop_screen()

    def action_take_over(self) -> None:
        if self.paper:
            return
        wave_no = self.refused_wave
        if not wave_no:
            self.station.present(
                Outcome(OutcomeStatus.REJECTED, SoundClass.NEEDS_INPUT, "pick.takeover.scan_first")
            )
            return
        self._close_input()

        def verified(supervisor: Operator | None) -> None:
            if supervisor is None:
                return
            # Nothing runs between these calls, so no scan can slip into the takeover context.
            pipeline = self.station.context.pipeline
            pipeline.activate(TAKEOVER_CONTEXT)
            try:
                self._submit(takeover_text(supervisor.badge, wave_no))
            finally:
                pipeline.activate(CONTEXT)

        self.app.push_screen(SupervisorDialog("pick.takeover.title", wave=wave_no), verified)

    def _close_input(self) -> bool:
        """Hide the quantity field; True when it was open."""
        field = self.query_one("#pick-qty", Input)
        was_open = bool(field.display)
        field.display = False
        self.query_one("#pick-qty-label").display = False
        self.focus_entry()
        return was_open

    def action_row(self, step: int) -> None:
        table = self.query_one(PickPaperTable)
        if self.paper and table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(Input.Submitted, "#pick-qty")
    def _quantity_typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self._close_input()
        if not (value.isascii() and value.isdigit()):
            return
        if not self.paper:
            self._submit(f"{KEYED_QTY_PREFIX}{int(value)}")
            return
        table = self.query_one(PickPaperTable)
        if 0 <= table.cursor_row < len(self.paper_rows):
            stop = self.paper_rows[table.cursor_row]
            key = (stop.location, stop.sku_code)
            if int(value) >= stop.open:
                self.found.pop(key, None)  # found in full: nothing to declare
            else:
                self.found[key] = int(value)
            row = table.cursor_row
            table.show(self.paper_rows, self.found)
            table.move_cursor(row=row)
