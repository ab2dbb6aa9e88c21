"""A manual order (手动下订单) on screen, from the order desk's Ctrl+N: for an offline sale
or a reship (补发), made for the person logged in (core/orders/manual.py).

Each scan of a SKU (its code or a barcode) adds one unit; F7 takes one unit of the last
SKU off again. What is typed in the field (no Enter) becomes the buyer with F8, the
seller's remark the packer reads with F9, or the order it reships with F6. F11 says what
it will make and F11 again makes it, pending like any order. Esc with lines asks once more
before they are dropped.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from wms_tui.core.errors import WmsError
from wms_tui.core.model import Sku
from wms_tui.core.orders.manual import CONTEXT, ManualOrder, make_manual_order
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.core.stock import find_sku
from wms_tui.core.text import printable
from wms_tui.i18n import _, current_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.keyed_table import KeyedTable
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.two_press import TwoPress

_KEYS = (
    ("F6", "order.manual.key.reship"),
    ("F7", "order.manual.key.undo"),
    ("F8", "order.manual.key.buyer"),
    ("F9", "order.manual.key.remark"),
    ("F11", "order.manual.key.make"),
    ("Esc", "order.manual.key.back"),
)
_COLUMNS = ("order.manual.col.sku", "order.manual.col.name", "order.manual.col.qty")
MAKE_ASK, DROP_ASK = "order.manual.make_ask", "order.manual.drop_ask"


class ManualOrderScreen(StationScreen):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "order.manual.title"
    PROMPT_MSGID = "order.manual.prompt"
    ENTRY_MSGID = "order.manual.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "field('reship_of')", show=False),
        Binding("f7", "undo", show=False),
        Binding("f8", "field('buyer')", show=False),
        Binding("f9", "field('remark')", show=False),
        Binding("f11", "make", show=False),
        Binding("escape", "back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}  # SKU code -> units, in the order first scanned
        self.names: dict[str, str] = {}
        self.scanned: list[str] = []  # every unit's SKU, for F7
        self.fields = {"buyer": "", "remark": "", "reship_of": ""}
        self.asked = TwoPress()

    def compose_body(self) -> ComposeResult:
        yield KeyedTable(id="manual-lines")
        yield Static(id="manual-fields")
        yield KeyRow(id="manual-keys")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(KeyedTable).can_focus = False  # the entry keeps the scanner's focus

    def retranslate(self) -> None:
        self.query_one("#manual-keys", KeyRow).show(_KEYS)
        self._show()

    def _show(self) -> None:
        rows = [(code, [Text(code, style="bold"), Text(printable(self.names.get(code, ""), 30)),
                        Text(str(qty))]) for code, qty in self.lines.items()]  # fmt: skip
        self.query_one(KeyedTable).fill(_COLUMNS, rows)
        said = [_("order.manual.field." + name, value=printable(value, 60) or "-")
                for name, value in self.fields.items()]  # fmt: skip
        self.query_one("#manual-fields", Static).update(Text("\n".join(said)))

    # --- lines -------------------------------------------------------------------------
    def handle_outcome(self, outcome: Outcome) -> None:
        self.asked.seen(outcome, (MAKE_ASK, DROP_ASK))
        if outcome.msgid == "order.manual.scanned" and outcome.params.get("text"):
            code = str(outcome.params["text"])
            self.read_later(lambda uow: find_sku(uow, code),
                            lambda sku: self._sku_found(code, sku), group="manual-sku")  # fmt: skip

    def _sku_found(self, code: str, sku: Sku | None) -> None:
        if sku is None:
            self.station.present(Outcome.accepted("order.manual.unknown_sku", SoundClass.ERROR,
                                                  code=printable(code, 40)))  # fmt: skip
            return
        self.lines[sku.code] = self.lines.get(sku.code, 0) + 1
        self.names[sku.code] = sku.name(current_language())
        self.scanned.append(sku.code)
        self._show()
        self.station.present(Outcome.accepted("order.manual.added_unit", sku=sku.code,
                                              n=self.lines[sku.code]))  # fmt: skip

    def action_undo(self) -> None:
        self.asked.reset()
        if not self.scanned:
            return
        code = self.scanned.pop()
        self.lines[code] -= 1
        if not self.lines[code]:
            del self.lines[code]
        self._show()
        self.station.present(Outcome.accepted("order.manual.took_off", sku=code,
                                              n=self.lines.get(code, 0)))  # fmt: skip

    def action_field(self, name: str) -> None:
        self.asked.reset()
        entry = self.query_one(ScanEntry)
        self.fields[name], entry.value = entry.value.strip(), ""
        self._show()

    # --- making it, or leaving -----------------------------------------------------------
    def action_make(self) -> None:
        if not self.lines:
            self.station.present(Outcome.accepted("order.manual.scan_first", SoundClass.WARNING))
            return
        if not self.asked.second("make"):
            self.station.present(Outcome.accepted(MAKE_ASK, SoundClass.NEEDS_INPUT,
                                                  lines=len(self.lines),
                                                  units=sum(self.lines.values())))  # fmt: skip
            return
        wanted = ManualOrder(
            tuple((code, str(qty)) for code, qty in self.lines.items()),
            buyer=self.fields["buyer"], remark=self.fields["remark"],
            reship_of=self.fields["reship_of"],
        )  # fmt: skip
        self._make(wanted)

    @work(thread=True, exclusive=True, group="manual-make")
    def _make(self, wanted: ManualOrder) -> None:
        context, person = self.station.context, self.station.operator
        if person is None:
            return
        try:
            order = make_manual_order(context.uow_factory, context.clock, wanted, person,
                                      context.station_id)  # fmt: skip
        except WmsError as error:
            self.app.call_from_thread(self.station.present, Outcome.from_error(error))
            return
        made = Outcome.accepted("order.manual.made", order=order.order_no, lines=len(order.lines))
        self.app.call_from_thread(self._made, made)

    def _made(self, outcome: Outcome) -> None:
        self.lines.clear()
        self.names.clear()
        self.scanned.clear()
        self.fields = dict.fromkeys(self.fields, "")
        self._show()
        self.station.present(outcome)

    def action_back(self) -> None:
        if self.lines and not self.asked.second("drop"):
            self.station.present(Outcome.accepted(DROP_ASK, SoundClass.NEEDS_INPUT,
                                                  lines=len(self.lines)))  # fmt: skip
            return
        self.app.pop_screen()
