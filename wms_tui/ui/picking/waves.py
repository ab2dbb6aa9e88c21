"""Waves (波次) for the supervisor: build them from confirmed orders, cancel one, print its
pick list, and see the short picks the floor declared.

Every read and write is one short unit of work; building and printing run in thread workers
(10,000 orders or a slow printer must not freeze the station). The tables show at most
`ROW_LIMIT` rows each: a busy day has thousands of waves and shorts, and a DataTable that big
takes seconds to paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static

from wms_tui.core.errors import InvalidValue, WmsError
from wms_tui.core.outcome import Outcome
from wms_tui.core.picking.picklist import PickList, render_text
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES, Wave
from wms_tui.core.picking.service import cancel_wave, load_pick_list, release_waves
from wms_tui.core.picking.waves import GroupBy, NotAllocated, WaveLimits, WavePlan
from wms_tui.core.ports import LabelPrinter, SoundClass, UnitOfWork
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.printing import print_document
from wms_tui.ui.picking.wave_shorts import ShortLine, WavesShorts, short_lines
from wms_tui.ui.picking.wave_table import WavesTable
from wms_tui.ui.picking.wave_unallocated import WavesUnallocated

ROW_LIMIT = 200
_KEYS = (
    ("F5", "pick.waves.key.build"),
    ("F6", "pick.waves.key.print"),
    ("F7", "pick.waves.key.cancel"),
    ("F8", "pick.waves.key.reload"),
    ("Esc", "pick.waves.key.back"),
)


def _names(uow: UnitOfWork, badges: set[str]) -> dict[str, str]:
    """Badge -> name for the few operators on screen (a handful of pickers, not a join)."""
    return {b: op.name for b in sorted(badges) if b and (op := uow.operators.get(b)) is not None}


class WavesScreen(StationScreen):
    TITLE_MSGID = "pick.waves.title"
    PROMPT_MSGID = "pick.waves.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "build", show=False),
        Binding("f6", "print", show=False),
        Binding("f7", "cancel_wave", show=False),
        Binding("f8", "reload", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.waves: dict[str, Wave] = {}
        self.left: tuple[NotAllocated, ...] = ()
        self.built = False
        self.building = False  # a second F5 meanwhile would only collide with the first
        self.cancel_pending = ""  # the wave F7 asked about; F7 again cancels it

    def compose_body(self) -> ComposeResult:
        defaults = WaveLimits()
        with Horizontal(id="waves-form"):
            yield Label(id="waves-max-orders-label")
            yield Input(
                str(defaults.max_orders), id="waves-max-orders", max_length=5, restrict=r"[0-9]*"
            )
            yield Label(id="waves-max-items-label")
            yield Input(
                str(defaults.max_items), id="waves-max-items", max_length=5, restrict=r"[0-9]*"
            )
            yield Label(id="waves-group-label")
            yield Select[str](
                self._group_options(), id="waves-group", allow_blank=False, value=GroupBy.NONE
            )
        yield Static(id="waves-open-caption", classes="waves-caption")
        yield WavesTable(id="waves-table")
        with Vertical(id="waves-lists"):
            with Vertical(id="waves-left-box"):
                yield Static(id="waves-left-caption", classes="waves-caption")
                yield WavesUnallocated(id="waves-unallocated")
            with Vertical(id="waves-shorts-box"):
                yield Static(id="waves-shorts-caption", classes="waves-caption")
                yield WavesShorts(id="waves-shorts")
        with VerticalScroll(id="waves-text"):
            yield Static(id="waves-text-body")
        yield KeyRow(id="waves-keys")

    @staticmethod
    def _group_options() -> list[tuple[str, str]]:
        return [(_("pick.waves.group." + g.value), g.value) for g in GroupBy]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#waves-left-box").display = False
        self.query_one("#waves-text").display = False
        self.query_one(WavesTable).focus()

    # --- showing ---------------------------------------------------------------------
    def retranslate(self) -> None:
        for widget_id, msgid in (
            ("waves-max-orders-label", "pick.waves.field.max_orders"),
            ("waves-max-items-label", "pick.waves.field.max_items"),
            ("waves-group-label", "pick.waves.field.group_by"),
        ):
            self.query_one(f"#{widget_id}", Label).update(Text(_(msgid)))
        group = self.query_one("#waves-group", Select)
        chosen = group.value if isinstance(group.value, str) else GroupBy.NONE
        options = self._group_options()
        group.set_options(options)
        # Setting the value it already has redraws nothing, and the shown choice stayed in
        # the old language: pass through another option first.
        group.value = next(value for _label, value in options if value != chosen)
        group.value = chosen
        self.query_one("#waves-keys", KeyRow).show(_KEYS)
        self.reload()

    def reload(self) -> None:
        """Re-read open waves and short picks (in a unit of work that only reads)."""

        def read(
            uow: UnitOfWork,
        ) -> tuple[list[Wave], int, list[ShortLine], dict[str, str]]:
            repo = uow.waves
            waves = repo.by_status(OPEN_WAVE_STATUSES)
            shown = waves[:ROW_LIMIT]
            shorts = short_lines(repo.shorts(), ROW_LIMIT)
            badges = {w.lease_operator for w in shown} | {s.operator for s in shorts}
            return shown, len(waves), shorts, _names(uow, badges)

        found = self.read(read)
        if found is None:
            return
        shown, total, shorts, names = found
        self.waves = {w.wave_no: w for w in shown}
        self.query_one(WavesTable).show(shown, names)
        self.query_one(WavesShorts).show(shorts, names)
        self.query_one(WavesUnallocated).show(self.left, ROW_LIMIT)
        self.query_one("#waves-left-box").display = self.built
        self._caption("waves-open-caption", "pick.waves.open_caption", len(shown), total)
        self.query_one("#waves-shorts-caption", Static).update(
            Text(_("pick.waves.shorts_caption", count=len(shorts)), style="bold")
        )
        self._caption("waves-left-caption", "pick.waves.left_caption", len(self.left))

    def _caption(self, widget_id: str, msgid: str, shown: int, total: int = -1) -> None:
        text = Text(_(msgid, count=shown), style="bold")
        if total > shown:
            text.append("  " + _("pick.waves.more", shown=shown, total=total))
        self.query_one(f"#{widget_id}", Static).update(text)

    def handle_outcome(self, outcome: Outcome) -> None:
        self.reload()

    def _selected(self) -> Wave | None:
        wave = self.waves.get(self.query_one(WavesTable).selected())
        if wave is None:
            self.station.present(
                Outcome.accepted("pick.waves.none_selected", SoundClass.NEEDS_INPUT)
            )
        return wave

    @on(DataTable.RowHighlighted, "#waves-table")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        # A reload re-highlights the same wave: only a move to another wave drops the question.
        if self.cancel_pending and event.row_key.value != self.cancel_pending:
            self.cancel_pending = ""

    # --- building --------------------------------------------------------------------
    def _limits(self) -> WaveLimits:
        values = []
        for widget_id, msgid in (
            ("waves-max-orders", "pick.waves.field.max_orders"),
            ("waves-max-items", "pick.waves.field.max_items"),
        ):
            raw = self.query_one(f"#{widget_id}", Input).value.strip()
            if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
                raise InvalidValue(field=_(msgid), value=raw or "-")
            values.append(int(raw))
        group = self.query_one("#waves-group", Select).value
        chosen = GroupBy(group) if isinstance(group, str) else GroupBy.NONE
        return WaveLimits(max_orders=values[0], max_items=values[1], group_by=chosen)

    def action_build(self) -> None:
        supervisor = self.station.operator
        if supervisor is None or self.building:
            return
        try:
            limits = self._limits()
        except WmsError as error:
            self.station.present(Outcome.from_error(error))
            return
        self.building = True
        self.station.present(Outcome.accepted("pick.waves.building", SoundClass.NEEDS_INPUT))
        self._build(limits, supervisor.badge)

    @work(thread=True, exclusive=True, group="waves-build")
    def _build(self, limits: WaveLimits, badge: str) -> None:
        context = self.station.context
        try:
            with context.uow_factory() as uow:
                plan = release_waves(
                    uow,
                    context.clock,
                    limits=limits,
                    operator=badge,
                    station_id=context.station_id,
                )
                uow.commit()
        except WmsError as error:
            self.app.call_from_thread(self._build_failed, Outcome.from_error(error))
            return
        self.app.call_from_thread(self._built, plan)

    def _build_failed(self, outcome: Outcome) -> None:
        self.building = False
        self.station.present(outcome)

    def _built(self, plan: WavePlan) -> None:
        self.left, self.built, self.building = plan.not_allocated, True, False
        self.station.present(
            Outcome.accepted(
                "pick.waves.built",
                SoundClass.WARNING if plan.not_allocated else SoundClass.OK,
                waves=len(plan.waves),
                orders=plan.order_count,
                left=len(plan.not_allocated),
            )
        )

    # --- cancelling ------------------------------------------------------------------
    def action_cancel_wave(self) -> None:
        supervisor = self.station.operator
        wave = self._selected()
        if wave is None or supervisor is None:
            return
        if self.cancel_pending != wave.wave_no:
            self.cancel_pending = wave.wave_no
            self.station.present(
                Outcome.accepted(
                    "pick.waves.cancel_ask",
                    SoundClass.NEEDS_INPUT,
                    wave=wave.wave_no,
                    orders=len(wave.orders),
                )
            )
            return
        self.cancel_pending = ""
        context = self.station.context
        try:
            with context.uow_factory() as uow:
                cancel_wave(
                    uow,
                    context.clock,
                    wave_no=wave.wave_no,
                    operator=supervisor.badge,
                    station_id=context.station_id,
                )
                uow.commit()
        except WmsError as error:
            self.station.present(Outcome.from_error(error))
            return
        self.station.present(
            Outcome.accepted("pick.waves.cancelled", wave=wave.wave_no, orders=len(wave.orders))
        )

    # --- printing --------------------------------------------------------------------
    def action_print(self) -> None:
        wave = self._selected()
        if wave is None:
            return
        context = self.station.context
        if context.printer is None or context.render_pick_list is None:
            self._show_text(wave.wave_no)
            return
        self.station.present(
            Outcome.accepted("pick.waves.printing", SoundClass.NEEDS_INPUT, wave=wave.wave_no)
        )
        self._print(wave.wave_no, context.printer, context.render_pick_list)

    def _show_text(self, wave_no: str) -> None:
        """No printer here: the plain-text pick list on screen, so paper is not the only way."""
        try:
            with self.station.context.read_unit() as uow:
                pick_list = load_pick_list(uow, wave_no, current_language())
        except WmsError as error:
            self.station.present(Outcome.from_error(error))
            return
        self.query_one("#waves-text-body", Static).update(Text(render_text(pick_list)))
        self.query_one("#waves-text").display = True
        self.query_one("#waves-lists").display = False
        self.station.present(
            Outcome.accepted("pick.waves.no_printer", SoundClass.WARNING, wave=wave_no)
        )

    @work(thread=True, group="waves-print")
    def _print(
        self, wave_no: str, printer: LabelPrinter, render: Callable[[PickList], bytes]
    ) -> None:
        language = current_language()

        def document(uow: UnitOfWork) -> tuple[str, bytes]:
            return f"{wave_no}.pdf", render(load_pick_list(uow, wave_no, language))

        outcome = print_document(
            self.station.context, printer, document,
            "pick.waves.printed", "pick.waves.print_failed", wave=wave_no,
        )  # fmt: skip
        self.app.call_from_thread(self.station.present, outcome)

    # --- leaving ---------------------------------------------------------------------
    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if self.query_one("#waves-text").display:
            self.query_one("#waves-text").display = False
            self.query_one("#waves-lists").display = True
            return
        if self.cancel_pending:
            wave_no, self.cancel_pending = self.cancel_pending, ""
            self.station.present(Outcome.accepted("pick.waves.cancel_kept", wave=wave_no))
            return
        self.app.pop_screen()
