"""Returns (退货) at a returns station: scan the parcel, each unit, mark what is not fit to
sell, close.

Every key action goes through the scan pipeline as a command text (CMD:CONDITION:<c>:<why>,
CMD:UNIDENTIFIED:<code>:<note>, CMD:WAYBILL:<code>, CMD:UNDO, CMD:CLOSE, CMD:ABANDON),
journaled and in order with the scans. The desk answers each with the desk as it left it
(`ReturnView`); the screen only shows it. Closing and giving up ask once more, saying what
will happen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.returns.handler import CONTEXT, ReturnsDesk
from wms_tui.core.returns.records import CONDITIONS, Condition, NoReturnOpen
from wms_tui.core.returns.view import ReturnView
from wms_tui.core.scans import key_command
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.carrying import carry_line
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.text import plain
from wms_tui.ui.common.two_press import TwoPress, set_columns

_KEYS = (
    ("F5", "returns.ui.key.condition"),
    ("F6", "returns.ui.key.unidentified"),
    ("F7", "returns.ui.key.undo"),
    ("F8", "returns.ui.key.waybill"),
    ("F9", "returns.ui.key.abandon"),
    ("F11", "returns.ui.key.close"),
    ("Esc", "returns.ui.key.back"),
)
# With no return open only these do anything: the bar names nothing else.
_KEYS_NONE = (
    ("F5", "putaway.ui.key.all"),
    ("F6", "returns.ui.key.unidentified"),
    ("Esc", "returns.ui.key.back"),
)
_LINE_COLUMNS = tuple(
    # The counts before the name: a long name must never push them off an 80-column screen.
    f"returns.ui.col.{name}"
    for name in ("line", "sku", "shipped", "before", "now", "name")
)
_UNIT_COLUMNS = ("returns.ui.col.seq", "returns.ui.col.sku", "returns.ui.col.condition")
_INPUTS = ("#returns-conditions", "#returns-text")
# What closing and giving up say before the second press does them.
_CONFIRM = {"close": "returns.ui.confirm_close", "abandon": "returns.ui.confirm_abandon"}


class ReturnsScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "returns.ui.title"
    PROMPT_MSGID = "returns.ui.prompt"
    ENTRY_MSGID = "returns.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "condition", show=False),
        Binding("f6", "unidentified", show=False),
        Binding("f7", "undo", show=False),
        Binding("f8", "waybill", show=False),
        Binding("f9", "abandon", show=False),
        Binding("f11", "close_return", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self, desk: ReturnsDesk) -> None:
        super().__init__()
        self.desk = desk
        self.view = ReturnView()
        self.unknown = ""  # the last parcel code that matched no order: F6 books it
        self.asking = ""  # what the text field is for: reason, note, waybill
        self.condition = ""  # chosen with F5, waiting for its reason
        self.asked = TwoPress()  # "close" or "abandon" once asked: the same key again does it

    def compose_body(self) -> ComposeResult:
        yield Static(id="returns-header")
        with Horizontal(id="returns-main"):
            yield DataTable[Text](id="returns-lines", cursor_type="row", zebra_stripes=True)
            with Vertical(id="returns-side"):
                yield DataTable[Text](id="returns-units", cursor_type="none")
                yield OptionList(id="returns-conditions")
                yield Input(id="returns-text", max_length=200)
        yield KeyRow(id="returns-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self._close_inputs()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        self.read_later(self.desk.view, self._show, group="returns-read")

    def _show(self, view: ReturnView) -> None:
        self.view = view
        self._render_view()

    def _render_view(self) -> None:
        view, header = self.view, Text()
        record = view.record
        if record is None:
            header.append(_("returns.ui.none_open"), style="italic")
        else:
            header.append(record.return_id, style="bold")
            if view.order is not None:
                order = view.order
                header.append(" · " + _("returns.ui.order") + " ")
                header.append_text(plain(order.order_no, "bold"))
                if order.platform_order_no:
                    header.append(" / ").append_text(plain(order.platform_order_no))
                if order.buyer:
                    header.append(" · ").append_text(plain(order.buyer))
            else:
                header.append(" · " + _("returns.ui.unidentified") + " ", style="bold yellow")
                header.append_text(plain(record.parcel))
            header.append(" · " + _("returns.ui.count", count=view.count), style="bold")
        if record is None and view.shelving:
            header.append("\n" + _("returns.ui.shelving") + " ", style="bold")
            header.append_text(
                plain(" · ".join(f"{w.sku_code} ×{w.qty} → {w.home or '?'}" for w in view.shelving))
            )
        if record is None and view.carry is not None:
            header.append("\n").append_text(carry_line(view.carry, view.sku(view.carry.sku_code)))
        if view.unidentified:
            header.append("\n" + _("returns.ui.waiting", count=view.unidentified))
        self.query_one("#returns-header", Static).update(header)
        self.query_one("#returns-keys", KeyRow).show(_KEYS if record is not None else _KEYS_NONE)
        self._render_lines()
        self._render_units()

    def _render_lines(self) -> None:
        table = self.query_one("#returns-lines", DataTable)
        if not table.columns:
            set_columns(table, _LINE_COLUMNS)
        table.clear()
        language = current_language()
        for line in self.view.lines:
            sku = self.view.sku(line.sku_code)
            name = sku.name(language) if sku is not None else ""
            style = "bold green" if line.now and line.open == 0 else ""
            table.add_row(
                Text(str(line.line_no)), plain(line.sku_code), Text(str(line.shipped)),
                Text(str(line.before)), Text(str(line.now), style=style), plain(name),
                key=str(line.line_no),
            )  # fmt: skip

    def _render_units(self) -> None:
        table = self.query_one("#returns-units", DataTable)
        if not table.columns:
            set_columns(table, _UNIT_COLUMNS)
        table.clear()
        for unit in self.view.units:
            fit = unit.condition is Condition.RESALEABLE
            words = _("returns.condition." + unit.condition.value)
            table.add_row(
                Text(str(unit.seq)), plain(unit.sku_code),
                Text(words, style="" if fit else "bold red"),
            )  # fmt: skip

    def retranslate(self) -> None:
        self.query_one("#returns-keys", KeyRow).show(_KEYS if self.view.record else _KEYS_NONE)
        set_columns(self.query_one("#returns-lines", DataTable), _LINE_COLUMNS)
        set_columns(self.query_one("#returns-units", DataTable), _UNIT_COLUMNS)
        options = self.query_one("#returns-conditions", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(_("returns.condition." + c.value)), id=c.value) for c in CONDITIONS
        )
        self._render_view()

    def handle_outcome(self, outcome: Outcome) -> None:
        self.asked.seen(outcome, _CONFIRM.values())
        if outcome.msgid == "returns.error.unknown":
            self.unknown = str(outcome.params.get("code", ""))
        if isinstance(outcome.view, ReturnView):
            # The desk computed it in the scan's own transaction: nothing to read again
            # (the waiting count only when the step read it; the last one stands otherwise).
            kept = self.view.unidentified
            self.view = outcome.view
            if outcome.view.unidentified is None:
                self.view = replace(outcome.view, unidentified=kept)
            if outcome.view.record is not None:
                self.unknown = ""
            self._render_view()

    # --- keys ------------------------------------------------------------------------
    def _need_open(self) -> bool:
        if self.view.record is None:
            self.station.present(Outcome.from_error(NoReturnOpen()))
            return False
        return True

    def action_condition(self) -> None:
        """F5: with a return open, the last unit's condition (all but resaleable ask why);
        with none, carry all of the item scanned to put away."""
        self._close_inputs()
        if self.view.record is None:
            self.station.submit_key(key_command("ALL"))
            return
        options = self.query_one("#returns-conditions", OptionList)
        options.display = True
        options.highlighted = 0
        options.focus()

    def action_unidentified(self) -> None:
        """F6: the parcel that matched no order, booked as unidentified, with a note."""
        self._close_inputs()
        if not self.unknown:
            self.station.present(Outcome.accepted("returns.ui.scan_first", SoundClass.WARNING))
            return
        self._ask("note", _("returns.ui.note"))

    def action_undo(self) -> None:
        self._close_inputs()
        self.station.submit_key(key_command("UNDO"))

    def action_waybill(self) -> None:
        """F8: the buyer's return waybill, from the slip, kept on the return."""
        self._close_inputs()
        if self._need_open():
            self._ask("waybill", _("returns.ui.waybill"))

    def action_abandon(self) -> None:
        self._confirm("abandon", "ABANDON")

    def action_close_return(self) -> None:
        self._confirm("close", "CLOSE")

    def _confirm(self, what: str, command: str) -> None:
        """Irreversible: the first press says what will happen, the second does it."""
        self._close_inputs()
        record = self.view.record
        if not self._need_open() or record is None:
            return
        if self.asked.second(what):
            self.station.submit_key(key_command(command))
            return
        fit = sum(1 for u in self.view.units if u.condition is Condition.RESALEABLE)
        self.station.present(
            Outcome.accepted(
                _CONFIRM[what], SoundClass.NEEDS_INPUT, ret=record.return_id,
                count=self.view.count, fit=fit, unfit=self.view.count - fit,
                area=self.desk.places.returns_area, quarantine=self.desk.places.quarantine,
            )
        )  # fmt: skip

    def action_back(self) -> None:
        if self._close_inputs():
            return
        self.app.pop_screen()

    @on(OptionList.OptionSelected, "#returns-conditions")
    def _condition_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        chosen = event.option.id or ""
        if chosen == Condition.RESALEABLE.value:
            self.station.submit_key(key_command("CONDITION", chosen))
        elif chosen:
            self.condition = chosen
            self._ask("reason", _("returns.ui.reason", condition=_("returns.condition." + chosen)))

    def _ask(self, what: str, placeholder: str) -> None:
        self.asking = what
        field = self.query_one("#returns-text", Input)
        field.value, field.placeholder, field.display = "", placeholder, True
        field.focus()

    @on(Input.Submitted, "#returns-text")
    def _typed(self, event: Input.Submitted) -> None:
        what, text = self.asking, " ".join(event.value.split())
        self._close_inputs()
        if what == "reason" and text:
            self.station.submit_key(key_command("CONDITION", self.condition, text))
        elif what == "note":
            self.station.submit_key(key_command("UNIDENTIFIED", self.unknown, text))
        elif what == "waybill" and text:
            self.station.submit_key(key_command("WAYBILL", text))

    def _close_inputs(self) -> bool:
        was_open = any(self.query_one(selector).display for selector in _INPUTS)
        for selector in _INPUTS:
            self.query_one(selector).display = False
        self.asking = ""
        self.focus_entry()
        return was_open
