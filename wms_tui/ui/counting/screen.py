"""Cycle count (盘点) for the stocktaker: scan a location, then every item on it.

Blind by default: the system quantity is never shown (nor sent in an outcome) unless the
plan says otherwise. Every key action goes through the scan pipeline as a command text
(`*N` keyed quantity, CMD:UNDO, CMD:EMPTY, CMD:DONE), so it is journaled and stays in order
with the scans before it. What the screen shows is re-read from the stored entries after
each outcome, so a restarted station shows exactly what was counted.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from wms_tui.core.counting import handler as svc
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.core.scans import key_command
from wms_tui.core.text import shown
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.counting.lines import CountLines

_KEYS = (
    ("F6", "count.ui.key.qty"),
    ("F7", "count.ui.key.undo"),
    ("F8", "count.ui.key.empty"),
    ("F9", "count.ui.key.done"),
    ("Esc", "count.ui.key.back"),
)


class CountScreen(StationScreen):
    CONTEXT = svc.CONTEXT
    CONTEXTS = (svc.CONTEXT,)
    TITLE_MSGID = "count.ui.title"
    PROMPT_MSGID = "count.ui.prompt"
    ENTRY_MSGID = "count.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "key_quantity", show=False),
        Binding("f7", "command('UNDO')", show=False),
        Binding("f8", "command('EMPTY')", show=False),
        Binding("f9", "command('DONE')", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: svc.CountView | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="count-header")
        yield Static(id="count-todo")
        yield CountLines(id="count-lines")
        yield Static(id="count-pending")
        yield Static(id="count-qty-label")
        yield Input(id="count-qty", max_length=9, restrict=r"[0-9]*")
        yield KeyRow(id="count-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self._close_input()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read this stocktaker's location in one short unit of work and re-render it."""
        operator = self.station.operator
        language = current_language()
        badge = operator.badge if operator else ""

        def read(uow: UnitOfWork) -> tuple[svc.CountView, dict[str, str]]:
            view = svc.count_view(uow, badge)
            names: dict[str, str] = {}
            for code in {*view.tally.counted, *(view.system or {})}:
                sku = uow.skus.get(code)
                names[code] = sku.name(language) if sku else ""
            return view, names

        found = self.read(read)
        if found is None:
            return
        view, names = found
        self.view = view
        self._render_header(view)
        self.query_one(CountLines).show(view, names, language)
        pending = view.tally.pending_qty
        self.query_one("#count-pending", Static).update(
            Text(_("count.ui.pending", qty=pending), style="bold") if pending else Text("")
        )
        self.set_class(view.task is not None, "-counting")

    def _render_header(self, view: svc.CountView) -> None:
        header = self.query_one("#count-header", Static)
        todo = self.query_one("#count-todo", Static)
        todo.display = view.task is None
        if view.task is None:
            header.update(Text(_("count.ui.no_location")))
            todo.update(
                Text(_("count.ui.to_count", locations=", ".join(view.to_count)))
                if view.to_count
                else Text(_("count.ui.nothing_to_count"))
            )
            return
        plan = view.plan
        mode = _("count.ui.blind") if view.system is None else _("count.ui.open")
        # What the stocktaker needs at a glance first (where, and how many so far); the plan
        # on a line of its own, so a long plan name never splits "0 units counted" at 80
        # columns.
        text = Text()
        text.append(_("count.ui.location") + " ")
        text.append(shown(view.task.location), style="bold reverse")
        text.append("   " + _("count.ui.units", units=view.tally.units))
        text.append("   " + _("count.ui.round", round=view.task.round) + "\n")
        # The plan name was typed by a supervisor: a Text, never markup.
        text.append(_("count.ui.plan") + " ")
        text.append(shown(plan.name if plan else view.task.plan_id), style="bold")
        text.append(f" ({mode})")
        header.update(text)

    def retranslate(self) -> None:
        self.query_one("#count-keys", KeyRow).show(_KEYS)
        self.query_one("#count-qty-label", Static).update(Text(_("count.ui.qty_label")))
        self.reload()

    def handle_outcome(self, outcome: Outcome) -> None:
        self.reload()

    # --- keys: each becomes a text in the scan pipeline ------------------------------
    def action_command(self, name: str) -> None:
        self.station.submit_key(key_command(name))

    def action_key_quantity(self) -> None:
        field = self.query_one("#count-qty", Input)
        self.query_one("#count-qty-label").display = True
        field.display = True
        field.value = ""
        field.focus()

    def action_back(self) -> None:
        if self._close_input():
            return
        self.app.pop_screen()

    def _close_input(self) -> bool:
        field = self.query_one("#count-qty", Input)
        was_open = bool(field.display)
        field.display = False
        self.query_one("#count-qty-label").display = False
        self.focus_entry()
        return was_open

    @on(Input.Submitted, "#count-qty")
    def _quantity_typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self._close_input()
        if value.isascii() and value.isdigit() and int(value) > 0:
            self.station.submit_key(f"*{int(value)}")
