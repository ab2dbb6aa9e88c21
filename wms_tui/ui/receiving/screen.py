"""Receiving (入库验收): scan the purchase order or delivery note, each unit, fail what does
not pass with its reason, close; then put away: scan the item, then the bin.

Every key action goes through the scan pipeline as a command text (CMD:FAIL:<reason>:<note>,
CMD:BLIND:<supplier>, CMD:LOT:<lot>:<expiry>, CMD:ALLOW:<badge>, CMD:MAP:<badge>:<code>:
<sku>, CMD:ALL, CMD:UNDO, CMD:CLOSE, CMD:ABANDON), journaled and in order with the scans. The
desk answers each with the desk as it left it (`ReceiptView`); the screen only shows it.
Closing and giving up ask once more, saying what will happen. F12 brings a supervisor
(badge and PIN) for what the receiver may not do alone: more than the tolerance, or a
supplier's barcode the catalog does not know.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from wms_tui.core.model import Operator, Sku
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.receiving.handler import CONTEXT, ReceivingDesk
from wms_tui.core.receiving.records import FAIL_REASONS, NoReceiptOpen, NoUnitYet
from wms_tui.core.receiving.supervised import skus_for
from wms_tui.core.receiving.view import ReceiptView, SkuLabels
from wms_tui.core.scans import key_command
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.printing import print_document
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.common.text import plain
from wms_tui.ui.common.two_press import TwoPress, set_columns
from wms_tui.ui.receiving.header import header_of
from wms_tui.ui.receiving.sku_choice import offer

_KEYS_OPEN = (
    ("F5", "receiving.ui.key.fail"),
    ("Shift+F5", "receiving.ui.key.fail_line"),
    ("F6", "receiving.ui.key.labels"),
    ("F7", "receiving.ui.key.undo"),
    ("F8", "receiving.ui.key.lot"),
    ("F9", "receiving.ui.key.abandon"),
    ("F11", "receiving.ui.key.close"),
    ("F12", "receiving.ui.key.supervisor"),
    ("Esc", "receiving.ui.key.back"),
)
_KEYS_NONE = (
    ("F5", "putaway.ui.key.all"),
    ("F6", "receiving.ui.key.blind"),
    ("F12", "receiving.ui.key.supervisor"),
    ("Esc", "receiving.ui.key.back"),
)
_LINE_COLUMNS = tuple(
    # The counts before the name: a long name must never push them off an 80-column screen.
    f"receiving.ui.col.{name}"
    for name in ("line", "sku", "ordered", "received", "here", "name")
)
_UNIT_COLUMNS = ("receiving.ui.col.seq", "receiving.ui.col.sku", "receiving.ui.col.result")
_INPUTS = ("#receiving-reasons", "#receiving-skus", "#receiving-text")
LOOKUP_CONTEXT = "lookup"  # core/lookup.py's: says what a code is, changes nothing
_CONFIRM = {"close": "receiving.ui.confirm_close", "abandon": "receiving.ui.confirm_abandon"}


class ReceivingScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "receiving.ui.title"
    PROMPT_MSGID = "receiving.ui.prompt"
    ENTRY_MSGID = "receiving.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "f5", show=False),
        Binding("shift+f5", "fail_line", show=False),
        Binding("f6", "f6", show=False),
        Binding("f7", "undo", show=False),
        Binding("f8", "lot", show=False),
        Binding("f9", "abandon", show=False),
        Binding("f11", "close_receipt", show=False),
        Binding("f12", "supervisor", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self, desk: ReceivingDesk, labels: SkuLabels | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.labels = labels
        self.view = ReceiptView()
        self.asking = ""  # what the text field is for: note, supplier, lot, sku
        self.reason = ""  # chosen with F5, waiting for its note
        self.whole_line = False  # Shift+F5: the reason is for every unit of the line
        self.asked = TwoPress()  # "close" or "abandon" once asked: the same key again does it
        self.refused = ""  # "over" or "unknown": what F12 would let a supervisor allow
        self.unknown = ""  # the code the catalog did not know
        self.supervisor = ""  # the badge verified for mapping, while its SKU is typed

    def compose_body(self) -> ComposeResult:
        yield Static(id="receiving-header")
        with Horizontal(id="receiving-main"):
            yield DataTable[Text](id="receiving-lines", cursor_type="row", zebra_stripes=True)
            with Vertical(id="receiving-side"):
                yield DataTable[Text](id="receiving-units", cursor_type="none")
                yield OptionList(id="receiving-reasons")
        # Full width: what is typed (a note, a supplier, a lot) and its prompt must show whole,
        # and the SKUs a name matches when a supervisor maps a new barcode.
        yield OptionList(id="receiving-skus")
        yield Input(id="receiving-text", max_length=100)
        yield KeyRow(id="receiving-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self._close_inputs()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        self.read_later(self.desk.view, self._show, group="receiving-read")

    def _show(self, view: ReceiptView) -> None:
        self.view = view
        self._render_view()

    def _render_view(self) -> None:
        receipt = self.view.receipt
        self.query_one("#receiving-header", Static).update(header_of(self.view))
        self.query_one("#receiving-keys", KeyRow).show(_KEYS_OPEN if receipt else _KEYS_NONE)
        self._render_lines()
        self._render_units()

    def _render_lines(self) -> None:
        table = self.query_one("#receiving-lines", DataTable)
        if not table.columns:
            set_columns(table, _LINE_COLUMNS)
        table.clear()
        current = -1
        language = current_language()
        for line in self.view.lines:
            sku = self.view.sku(line.sku_code)
            name = sku.name(language) if sku is not None else ""
            style = "bold green" if line.received >= line.ordered else ""
            if line.received > line.ordered:
                style = "bold yellow"
            table.add_row(
                Text(str(line.line_no)), plain(line.sku_code), Text(str(line.ordered)),
                Text(str(line.received), style=style), Text(str(self.view.counted(line.line_no))),
                plain(name), key=str(line.line_no),
            )  # fmt: skip
            if line.line_no == self.view.current:
                current = table.row_count - 1
        if current >= 0:
            # The line just counted, wherever it stands in a long PO.
            table.move_cursor(row=current)

    def _render_units(self) -> None:
        table = self.query_one("#receiving-units", DataTable)
        if not table.columns:
            set_columns(table, _UNIT_COLUMNS)
        table.clear()
        for unit in self.view.units:
            result = (
                Text(_("receiving.ui.passed"))
                if unit.passed
                else Text(_("receiving.reason." + unit.reason), style="bold red")
            )
            qty = f" ×{unit.qty}" if unit.qty > 1 else ""
            table.add_row(Text(str(unit.seq)), plain(unit.sku_code + qty), result)

    def retranslate(self) -> None:
        set_columns(self.query_one("#receiving-lines", DataTable), _LINE_COLUMNS)
        set_columns(self.query_one("#receiving-units", DataTable), _UNIT_COLUMNS)
        options = self.query_one("#receiving-reasons", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(_("receiving.reason." + r.value)), id=r.value) for r in FAIL_REASONS
        )
        self._render_view()

    def _scans_name_the_sku(self) -> None:
        if self.asking == "sku":
            self.station.context.pipeline.activate(LOOKUP_CONTEXT)

    def handle_outcome(self, outcome: Outcome) -> None:
        self.asked.seen(outcome, _CONFIRM.values())
        if self.asking == "sku" and outcome.ok and outcome.kind in ("product", "packaging"):
            self._map(str(outcome.params.get("code", "")))
            return
        if outcome.msgid == "receiving.error.over":
            self.refused = "over"
        elif outcome.msgid == "receiving.error.item_unknown":
            self.refused, self.unknown = "unknown", str(outcome.params.get("code", ""))
        elif outcome.ok:
            self.refused = ""
        if isinstance(outcome.view, ReceiptView):
            # The desk computed it in the scan's own transaction: nothing to read again.
            self.view = outcome.view
            self._render_view()

    # --- keys ------------------------------------------------------------------------
    def _need_open(self) -> bool:
        if self.view.receipt is None:
            self.station.present(Outcome.from_error(NoReceiptOpen()))
            return False
        return True

    def action_f5(self) -> None:
        """F5: with a receipt open, fail the last unit (with a reason); with none, carry all
        of the item scanned to put away."""
        self._close_inputs()
        if self.view.receipt is None:
            self.station.submit_key(key_command("ALL"))
            return
        self._reasons(whole_line=False)

    def action_fail_line(self) -> None:
        """Shift+F5: the whole line fails (a carton that is all wrong), with a reason."""
        self._close_inputs()
        if self._need_open():
            self._reasons(whole_line=True)

    def _reasons(self, *, whole_line: bool) -> None:
        self.whole_line = whole_line
        options = self.query_one("#receiving-reasons", OptionList)
        options.display = True
        options.highlighted = 0
        options.focus()

    def action_f6(self) -> None:
        """F6: with a receipt open, SKU labels for the last unit's SKU, as many as this
        receipt counted of it (goods without a usable barcode); with none, a delivery with
        no purchase order, for the supplier typed."""
        self._close_inputs()
        if self.view.receipt is None:
            self._ask("supplier", _("receiving.ui.supplier"))
            return
        if not self.view.units:
            self.station.present(Outcome.from_error(NoUnitYet()))
            return
        if self.labels is None or self.station.context.printer is None:
            self.station.present(Outcome.accepted("receiving.ui.labels_off", SoundClass.WARNING))
            return
        sku = self.view.units[0].sku_code
        self._print_labels(sku, self.view.of_sku(sku))

    @work(thread=True, group="sku-labels")
    def _print_labels(self, sku: str, qty: int) -> None:
        context, render = self.station.context, self.labels
        if context.printer is None or render is None:
            return
        outcome = print_document(
            context, context.printer, lambda uow: render(uow, sku, qty),
            "receiving.ui.labels_printed", "receiving.ui.labels_failed", sku=sku, qty=qty,
        )  # fmt: skip
        self.app.call_from_thread(self.station.present, outcome)

    def action_undo(self) -> None:
        self._close_inputs()
        if self._need_open():
            self.station.submit_key(key_command("UNDO"))

    def action_lot(self) -> None:
        """F8: the lot (and expiry) printed on the cartons, kept for the units that follow."""
        self._close_inputs()
        if self._need_open():
            self._ask("lot", _("receiving.ui.lot_prompt"))

    def action_abandon(self) -> None:
        self._confirm("abandon", "ABANDON")

    def action_close_receipt(self) -> None:
        self._confirm("close", "CLOSE")

    def _confirm(self, what: str, command: str) -> None:
        """Irreversible: the first press says what will happen, the second does it."""
        self._close_inputs()
        receipt = self.view.receipt
        if not self._need_open() or receipt is None:
            return
        if self.asked.second(what):
            self.station.submit_key(key_command(command))
            return
        places = self.desk.rules.places
        self.station.present(
            Outcome.accepted(
                _CONFIRM[what], SoundClass.NEEDS_INPUT, receipt=receipt.receipt_id,
                passed=self.view.passed, failed=self.view.failed, area=places.receiving_area,
                quarantine=places.quarantine,
            )
        )  # fmt: skip

    def action_supervisor(self) -> None:
        """F12: a supervisor allows more than the tolerance, or maps the unknown code."""
        self._close_inputs()
        if self.refused == "over" and self.view.receipt is not None:
            dialog = SupervisorDialog("receiving.ui.supervisor_over")
        elif self.refused == "unknown" and self.unknown:
            dialog = SupervisorDialog("receiving.ui.supervisor_map", code=self.unknown)
        else:
            self.station.present(
                Outcome.accepted("receiving.ui.supervisor_nothing", SoundClass.WARNING)
            )
            return
        refused = self.refused

        def verified(supervisor: Operator | None) -> None:
            # The dialog's badge context may still be active: the screen's own takes what
            # the supervisor allowed, as nothing runs before the key is submitted.
            self.station.context.pipeline.activate(CONTEXT)
            if supervisor is None:
                return
            if refused == "over":
                self.station.submit_key(key_command("ALLOW", supervisor.badge))
            else:
                self.supervisor = supervisor.badge
                self._ask("sku", _("receiving.ui.map_prompt", code=self.unknown))
                # A scan now names the SKU (its own barcode) and counts nothing: the look-up
                # context says what it is. After the screen's resume, which takes its own.
                self.call_after_refresh(self._scans_name_the_sku)

        self.app.push_screen(dialog, verified)

    def action_back(self) -> None:
        if self._close_inputs():
            return
        self.app.pop_screen()

    @on(OptionList.OptionSelected, "#receiving-reasons")
    def _reason_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        self.reason = event.option.id or ""
        if self.reason:
            reason = _("receiving.reason." + self.reason)
            self._ask("note", _("receiving.ui.note", reason=reason))

    def _ask(self, what: str, placeholder: str) -> None:
        self.asking = what
        field = self.query_one("#receiving-text", Input)
        field.value, field.placeholder, field.display = "", placeholder, True
        field.focus()

    @on(Input.Submitted, "#receiving-text")
    def _typed(self, event: Input.Submitted) -> None:
        what, text = self.asking, " ".join(event.value.split())
        self._close_inputs()
        if what == "note":
            command = "FAILLINE" if self.whole_line else "FAIL"
            self.station.submit_key(key_command(command, self.reason, text.replace(":", " ")))
        elif what == "supplier" and text:
            self.station.submit_key(key_command("BLIND", text))
        elif what == "lot" and text:
            lot, _space, expiry = text.partition(" ")
            self.station.submit_key(key_command("LOT", lot, expiry.strip()))
        elif what == "sku" and text:
            # Its code or barcode maps at once; part of a name offers what it matches.
            self.read_later(lambda uow: skus_for(uow, text), self._skus_found, group="sku-find")

    def _skus_found(self, found: tuple[bool, list[Sku]]) -> None:
        exact, skus = found
        if exact:
            self._map(skus[0].code)
            return
        self._ask("sku", _("receiving.ui.map_prompt", code=self.unknown))
        self.station.context.pipeline.activate(LOOKUP_CONTEXT)  # a scan still names it
        if not skus:
            self.station.present(Outcome.accepted("receiving.ui.map_none", SoundClass.WARNING))
            return
        self.query_one("#receiving-text", Input).display = False
        offer(self.query_one("#receiving-skus", OptionList), skus, self.unknown)

    @on(OptionList.OptionSelected, "#receiving-skus")
    def _sku_chosen(self, event: OptionList.OptionSelected) -> None:
        self._map(event.option.id or "")

    def _map(self, sku: str) -> None:
        """The unknown code counts as `sku` (its code or a barcode of it) from now on."""
        self._close_inputs()
        if sku and self.supervisor:
            self.station.submit_key(key_command("MAP", self.supervisor, self.unknown, sku))
        self.supervisor = ""

    def _close_inputs(self) -> bool:
        if self.asking == "sku":  # scans count as units again
            self.station.context.pipeline.activate(CONTEXT)
        was_open = any(self.query_one(selector).display for selector in _INPUTS)
        for selector in _INPUTS:
            self.query_one(selector).display = False
        self.asking = ""
        self.focus_entry()
        return was_open
