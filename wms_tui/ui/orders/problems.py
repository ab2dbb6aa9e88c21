"""Problem goods (异常处理), from the order desk's F12: everything in quarantine, one row per
SKU and quarantine location, the highlighted lot's arrivals below, and what a supervisor
decides for it (core/orders/problems.py).

- F5, then a bin scanned: one unit back to stock after its second check; each bin scanned
  puts back one more, until the lot is empty or another lot is chosen.
- F7 scrap, F8 back to the vendor: the whole lot, for the reason typed in the entry
  ("type why, then F7"); the first press says what will happen, the second does it.

A scan with no bin asked for finds the lot of the item scanned. The list is read in a
thread worker in a unit of work that only reads; each decision runs in a worker in its own
unit of work for the person logged in, and a refusal (not a supervisor, not a bin, fewer
units than asked) is said on the banner.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from wms_tui.core.errors import WmsError
from wms_tui.core.orders.problems import (
    CONTEXT,
    Disposal,
    ProblemLot,
    dispose,
    problem_goods,
)
from wms_tui.core.orders.words import problem_lines, when
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.stock import find_sku
from wms_tui.core.text import printable
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.keyed_table import KeyedTable
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.two_press import TwoPress

_KEYS = (
    ("↑↓", "problem.ui.key.choose"),
    ("F5", "problem.ui.key.stock"),
    ("F7", "problem.ui.key.scrap"),
    ("F8", "problem.ui.key.vendor"),
    ("Esc", "problem.ui.key.back"),
)
_COLUMNS = (
    "problem.ui.col.sku",
    "problem.ui.col.name",
    "problem.ui.col.location",
    "problem.ui.col.qty",
    "problem.ui.col.came",
)
_ASK = "problem.ui.ask"


def lot_key(lot: ProblemLot) -> str:
    return f"{lot.location}\t{lot.sku_code}"


class ProblemGoodsScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "problem.ui.title"
    PROMPT_MSGID = "problem.ui.prompt"
    ENTRY_MSGID = "problem.ui.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("f5", "to_stock", show=False),
        Binding("f7", "decide('scrap')", show=False),
        Binding("f8", "decide('vendor')", show=False),
        Binding("escape", "app.pop_screen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lots: list[ProblemLot] = []
        self.to_bin = ""  # the lot whose units go back to stock, a bin scan each
        self.asked = TwoPress()

    def compose_body(self) -> ComposeResult:
        yield KeyedTable(id="problem-lots")
        yield Static(id="problem-arrivals")
        yield KeyRow(id="problem-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(KeyedTable).can_focus = False  # the entry keeps the scanner's focus
        self.reload()

    # --- showing -----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.query_one("#problem-keys", KeyRow).show(_KEYS)
        self._show()

    def _show(self) -> None:
        table = self.query_one(KeyedTable)
        table.fill(_COLUMNS, [(lot_key(lot), _row(lot)) for lot in self.lots])
        self._show_arrivals()

    def _show_arrivals(self) -> None:
        lot = self.selected()
        lines = problem_lines([lot])[1:] if lot is not None else [_("problem.none")]
        self.query_one("#problem-arrivals", Static).update(Text("\n".join(lines)))

    def selected(self) -> ProblemLot | None:
        key = self.query_one(KeyedTable).selected()
        return next((lot for lot in self.lots if lot_key(lot) == key), None)

    def reload(self) -> None:
        self.read_later(problem_goods, self._read, group="problems")

    def _read(self, lots: list[ProblemLot]) -> None:
        self.lots = lots
        if self.to_bin and not any(lot_key(lot) == self.to_bin for lot in lots):
            self.to_bin = ""  # every unit of it is back in stock
        self._show()

    # --- choosing ----------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.asked.reset()  # another key between the two presses: ask again
        table = self.query_one(KeyedTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))

    @on(DataTable.RowHighlighted, "#problem-lots")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        lot = self.selected()
        if lot is None or lot_key(lot) != self.to_bin:
            self.to_bin = ""
        self.asked.reset()
        self._show_arrivals()

    def _choose(self, sku_code: str, code: str) -> None:
        keys = [lot_key(lot) for lot in self.lots if lot.sku_code == sku_code]
        if not keys:
            self.station.present(Outcome.accepted("problem.ui.not_here", SoundClass.WARNING,
                                                  code=printable(code, 40)))  # fmt: skip
            return
        table = self.query_one(KeyedTable)
        table.move_cursor(row=table.get_row_index(keys[0]))

    # --- deciding ----------------------------------------------------------------------
    def action_to_stock(self) -> None:
        lot = self.selected()
        if lot is None:
            self.station.present(Outcome.accepted("problem.ui.choose", SoundClass.WARNING))
            return
        self.asked.reset()
        self.to_bin = lot_key(lot)
        self.station.present(Outcome.accepted("problem.ui.scan_bin", SoundClass.NEEDS_INPUT,
                                              sku=lot.sku_code, n=lot.qty))  # fmt: skip

    def action_decide(self, to: str) -> None:
        lot, reason = self.selected(), self.query_one(ScanEntry).value.strip()
        if lot is None:
            self.station.present(Outcome.accepted("problem.ui.choose", SoundClass.WARNING))
            return
        if not reason:
            self.station.present(Outcome.accepted("order.act.type_why", SoundClass.NEEDS_INPUT))
            return
        self.to_bin = ""
        disposal = Disposal(to)
        if not self.asked.second(f"{to}\t{lot_key(lot)}"):
            self.station.present(
                Outcome.accepted(
                    _ASK, SoundClass.NEEDS_INPUT, to=_("problem.to." + to, bin="-"),
                    qty=lot.qty, sku=lot.sku_code, location=lot.location,
                    key="F7" if disposal is Disposal.SCRAP else "F8",
                )
            )  # fmt: skip
            return
        self._dispose(lot, disposal, lot.qty, reason, "")

    def handle_outcome(self, outcome: Outcome) -> None:
        self.asked.seen(outcome, (_ASK,))
        if outcome.msgid != "problem.scanned":
            return
        code = str(outcome.params.get("text", ""))
        lot = next((lot for lot in self.lots if lot_key(lot) == self.to_bin), None)
        if lot is not None:
            reason = _("problem.ui.second_check")
            self._dispose(lot, Disposal.TO_STOCK, 1, reason, code)
        elif code:
            self.read_later(lambda uow: find_sku(uow, code),
                            lambda sku: self._choose(sku.code if sku else code, code),
                            group="problem-find")  # fmt: skip

    @work(thread=True, group="problem-act")
    def _dispose(self, lot: ProblemLot, to: Disposal, qty: int, reason: str, bin_code: str) -> None:
        context, person = self.station.context, self.station.operator
        if person is None:
            return
        try:
            with context.uow_factory() as uow:
                where = dispose(
                    uow, context.clock, sku_code=lot.sku_code, location=lot.location, qty=qty,
                    to=to, reason=reason, by=person, station_id=context.station_id,
                    bin_code=bin_code,
                )  # fmt: skip
                uow.commit()
        except WmsError as error:
            self.app.call_from_thread(self.station.present, Outcome.from_error(error))
            return
        left = lot.qty - qty
        done = Outcome.accepted("problem.ui.done", qty=qty, sku=lot.sku_code, where=where, n=left)
        self.app.call_from_thread(self._disposed, done)

    def _disposed(self, outcome: Outcome) -> None:
        self.query_one(ScanEntry).value = ""
        self.station.present(outcome)
        self.reload()


def _row(lot: ProblemLot) -> list[Text]:
    latest = lot.arrivals[0] if lot.arrivals else None
    came = "" if latest is None else f"{when(latest.at)} {printable(latest.who, 16)}"
    return [
        Text(lot.sku_code, style="bold"),
        Text(printable(lot.name, 24)),
        Text(lot.location),
        Text(str(lot.qty)),
        Text(came),
    ]
