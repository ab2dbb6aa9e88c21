"""Handover to the courier (出库登记) at a dock: choose the courier, scan every parcel, close.

Every key action goes through the scan pipeline as a command text (CMD:COURIER:<courier>,
CMD:UNDO, CMD:REMOVE:<order>:<reason>, CMD:CLOSE:<who collected>), journaled and in order
with the scans. The desk answers each with the dock as it left it (`HandoverView`); the
screen only shows it. Closing asks once more, saying how many parcels go to whom; the
handover list prints in a worker, so a slow printer never holds the next scan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from wms_tui.core.clock import day_and_time
from wms_tui.core.couriers import courier_name
from wms_tui.core.handover.handler import CONTEXT, REMOVE_REASONS, HandoverDesk, HandoverView
from wms_tui.core.handover.records import NoManifestOpen
from wms_tui.core.handover.sheet import ManifestSheet, load_sheet
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.scans import key_command
from wms_tui.core.text import shown
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.printing import print_document
from wms_tui.ui.common.text import plain
from wms_tui.ui.common.two_press import TwoPress

_KEYS = (
    ("F5", "handover.ui.key.courier"),
    ("F7", "handover.ui.key.undo"),
    ("F9", "handover.ui.key.remove"),
    ("F11", "handover.ui.key.close"),
    ("Esc", "handover.ui.key.back"),
)
_COLUMNS = ("handover.ui.col.seq", "handover.ui.col.waybill", "handover.ui.col.order",
            "handover.ui.col.at")  # fmt: skip
_INPUTS = ("#handover-couriers", "#handover-reasons", "#handover-collector")


class HandoverScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "handover.ui.title"
    PROMPT_MSGID = "handover.ui.prompt"
    ENTRY_MSGID = "handover.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "courier", show=False),
        Binding("f7", "undo", show=False),
        Binding("f9", "remove", show=False),
        Binding("f11", "close_manifest", show=False),
        Binding("escape", "back", show=False),
        Binding("up", "row(-1)", show=False),
        Binding("down", "row(1)", show=False),
    ]

    def __init__(
        self, desk: HandoverDesk, *, render: Callable[[ManifestSheet], bytes] | None = None
    ) -> None:
        super().__init__()
        self.desk = desk
        self._render_pdf = render
        self.view = HandoverView()
        self.collector = ""  # typed after F11; the second F11 closes with it
        self.asked = TwoPress()  # F11 a second time, once the collector is named, closes

    def compose_body(self) -> ComposeResult:
        yield Static(id="handover-header")
        with Horizontal(id="handover-main"):
            yield DataTable[Text](id="handover-parcels", cursor_type="row", zebra_stripes=True)
            with Vertical(id="handover-side"):
                yield Static(id="handover-waiting")
                yield OptionList(id="handover-couriers")
                yield OptionList(id="handover-reasons")
                yield Input(id="handover-collector", max_length=64)
        yield KeyRow(id="handover-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self._close_inputs()
        self.reload()

    # --- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        view = self.read(self.desk.view)
        if view is not None:
            self.view = view
            self._render_view()

    def _render_view(self) -> None:
        view, header = self.view, Text()
        manifest = view.manifest
        if manifest is None:
            header.append(_("handover.ui.no_manifest"), style="italic")
        else:
            header.append(_("handover.ui.manifest") + " ")
            header.append(manifest.manifest_id, style="bold")
            # One line at 80 columns with a courier's full name: " · " and no "courier:" label.
            header.append(" · ")
            header.append(shown(courier_name(manifest.courier, current_language())), style="bold")
            header.append(" · " + _("handover.ui.count", count=view.count), style="bold")
            header.append(" · " + _("handover.ui.since", at=day_and_time(manifest.opened_at)))
            others = [courier_name(m.courier, current_language()) for m in view.open_here[1:]]
            if others:
                header.append("\n" + _("handover.ui.also_open", couriers=" · ".join(others)))
        self.query_one("#handover-header", Static).update(header)
        table = self.query_one("#handover-parcels", DataTable)
        if not table.columns:  # the first view can come before the first retranslate
            self._columns(table)
        table.clear()
        for parcel in view.parcels:
            table.add_row(
                Text(str(parcel.seq)),
                plain(parcel.waybill or "-"),
                plain(parcel.order_no),
                Text(day_and_time(parcel.scanned_at)),
                key=parcel.order_no,
            )
        waiting = Text(_("handover.ui.waiting") + "\n", style="bold")
        for courier, count in view.waiting:
            name = courier_name(courier, current_language())
            waiting.append(shown(f"{name}  {count}") + "\n")
        if not view.waiting:
            waiting.append(_("handover.ui.none_waiting"))
        self.query_one("#handover-waiting", Static).update(waiting)

    def retranslate(self) -> None:
        self.query_one("#handover-keys", KeyRow).show(_KEYS)
        self._columns(self.query_one("#handover-parcels", DataTable))
        reasons = self.query_one("#handover-reasons", OptionList)
        reasons.clear_options()
        reasons.add_options(Option(Text(_("handover.reason." + r)), id=r) for r in REMOVE_REASONS)
        self.query_one("#handover-collector", Input).placeholder = _("handover.ui.collector")
        self._render_view()

    def _columns(self, table: DataTable[Text]) -> None:
        table.clear(columns=True)
        for msgid in _COLUMNS:
            table.add_column(Text(_(msgid)), key=msgid)

    def handle_outcome(self, outcome: Outcome) -> None:
        if outcome.msgid == "handover.collector_badge":
            # A courier's badge names who collects, verified: F11 then closes with it.
            name = f"{outcome.params.get('name', '')} ({outcome.params.get('badge', '')})"
            self._close_inputs()
            self._ask_to_close(name)
            return
        self.asked.seen(outcome, ("handover.ui.confirm_close",))
        if isinstance(outcome.view, HandoverView):
            # The desk computed it in the scan's own transaction: nothing to read again.
            self.view = outcome.view
            self._render_view()
            if outcome.view.closed is not None:
                self.collector = ""
                self._print(outcome.view.closed.manifest_id)

    # --- keys ------------------------------------------------------------------------
    def action_courier(self) -> None:
        """F5: choose the courier whose parcels are scanned now (opens a manifest)."""
        self._close_inputs()
        couriers = sorted(
            {c for c, _n in self.view.waiting} | {m.courier for m in self.view.open_here}
        )
        options = self.query_one("#handover-couriers", OptionList)
        options.clear_options()
        language = current_language()
        options.add_options(Option(plain(courier_name(c, language)), id=c) for c in couriers)
        if not couriers:
            self.station.present(Outcome.accepted("handover.ui.no_couriers", SoundClass.WARNING))
            return
        # In the waiting list's place: the same couriers, now to choose from.
        self.query_one("#handover-waiting").display = False
        options.display = True
        options.highlighted = 0
        options.focus()

    def action_undo(self) -> None:
        self._close_inputs()
        self.station.submit_key(key_command("UNDO"))

    def action_remove(self) -> None:
        """F9: take the highlighted parcel off, saying why."""
        self._close_inputs()
        if not self.view.parcels:
            return
        reasons = self.query_one("#handover-reasons", OptionList)
        reasons.display = True
        reasons.highlighted = 0
        reasons.focus()

    def action_close_manifest(self) -> None:
        """F11: who collected it, then F11 again (the banner says what closing does)."""
        manifest = self.view.manifest
        if manifest is None:
            self.station.present(Outcome.from_error(NoManifestOpen()))
            return
        if self.collector and self.asked.answered("close"):
            self.station.submit_key(key_command("CLOSE", self.collector))
            return
        self._close_inputs()
        field = self.query_one("#handover-collector", Input)
        field.value = self.collector
        field.display = True
        field.focus()

    def action_back(self) -> None:
        if self._close_inputs():
            return
        self.app.pop_screen()

    def action_row(self, step: int) -> None:
        table = self.query_one("#handover-parcels", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(OptionList.OptionSelected, "#handover-couriers")
    def _courier_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        if event.option.id:
            self.station.submit_key(key_command("COURIER", event.option.id))

    @on(OptionList.OptionSelected, "#handover-reasons")
    def _reason_chosen(self, event: OptionList.OptionSelected) -> None:
        self._close_inputs()
        table = self.query_one("#handover-parcels", DataTable)
        parcels = self.view.parcels
        if event.option.id and parcels and 0 <= table.cursor_row < len(parcels):
            order = parcels[table.cursor_row].order_no
            self.station.submit_key(key_command("REMOVE", order, event.option.id))

    @on(Input.Submitted, "#handover-collector")
    def _collector_typed(self, event: Input.Submitted) -> None:
        self._close_inputs()
        self._ask_to_close(" ".join(event.value.split()))

    def _ask_to_close(self, name: str) -> None:
        manifest = self.view.manifest
        if not name or manifest is None:
            return
        self.collector = name
        self.asked.ask("close")
        self.station.present(
            Outcome.accepted(
                "handover.ui.confirm_close",
                SoundClass.NEEDS_INPUT,
                manifest=manifest.manifest_id,
                count=self.view.count,
                courier=courier_name(manifest.courier, current_language()),
                name=name,
            )
        )

    def _close_inputs(self) -> bool:
        was_open = any(self.query_one(selector).display for selector in _INPUTS)
        for selector in _INPUTS:
            self.query_one(selector).display = False
        self.query_one("#handover-waiting").display = True
        self.focus_entry()
        return was_open

    # --- printing --------------------------------------------------------------------
    @work(thread=True, group="handover-print")
    def _print(self, manifest_id: str) -> None:
        context, render = self.station.context, self._render_pdf
        if context.printer is None or render is None:
            outcome = Outcome.accepted("handover.ui.no_printer", manifest=manifest_id)
        else:
            draw = render

            def document(uow: UnitOfWork) -> tuple[str, bytes]:
                return f"{manifest_id}.pdf", draw(load_sheet(uow, manifest_id))

            outcome = print_document(
                context, context.printer, document,
                "handover.ui.printed", "handover.ui.print_failed", manifest=manifest_id,
            )  # fmt: skip
        self.app.call_from_thread(self.station.present, outcome)
