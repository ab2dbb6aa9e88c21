"""The order desk (订单处理) for customer service and supervisors: scan or type any key of
an order, see the orders found, and the highlighted one's lines and life.

A scan (or what is typed and Enter) goes the way every scan goes; its outcome starts the
search here, in a thread worker with a unit of work that only reads (core/orders/desk.py):
a million orders, or another station's import holding SQLite's write lock, never freeze
the station. The screen only shows what the workers read.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from wms_tui.core.orders.desk import (
    CONTEXT,
    PAGE,
    OrderDetail,
    OrderHit,
    OrderQuery,
    StockGlance,
    checked,
    order_detail,
    stock_glance,
)
from wms_tui.core.orders.words import detail_lines, stock_lines
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.text import printable
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.common.key_hints import KeyRow
from wms_tui.ui.common.printing import print_document
from wms_tui.ui.common.two_press import TwoPress
from wms_tui.ui.orders.acting import REFUND_ASK, ActingDesk
from wms_tui.ui.orders.hits import OrderHits
from wms_tui.ui.orders.manual import ManualOrderScreen
from wms_tui.ui.orders.problems import ProblemGoodsScreen

_KEYS = (
    ("↑↓", "order.desk.key.choose"),
    ("PgUp/PgDn", "order.desk.key.scroll"),
    ("F5", "order.desk.key.confirm"),
    ("F6", "order.desk.key.stock"),
    ("F7", "order.desk.key.more"),
    ("F8", "order.desk.key.hold"),
    ("F9", "order.desk.key.release"),
    ("F11", "order.desk.key.cancel"),
    ("F12", "order.desk.key.problems"),
    ("Ctrl+P", "order.desk.key.label"),
    ("Ctrl+R", "order.desk.key.refund"),
    ("Ctrl+W", "order.desk.key.waybill"),
    ("Ctrl+N", "order.desk.key.manual"),
    ("Esc", "order.desk.key.back"),
)


class OrderDeskScreen(ActingDesk):
    CONTEXT = CONTEXT
    CONTEXTS = (CONTEXT,)
    TITLE_MSGID = "order.desk.title"
    PROMPT_MSGID = "order.desk.prompt"
    ENTRY_MSGID = "order.desk.entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The entry keeps the focus for the scanner and typing; the arrows move the list.
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "scroll(1)", show=False),
        Binding("pageup", "scroll(-1)", show=False),
        Binding("f5", "confirm", show=False),
        Binding("f6", "stock", show=False),
        Binding("f7", "more", show=False),
        Binding("f8", "hold", show=False),
        Binding("f9", "release", show=False),
        Binding("f11", "cancel", show=False),
        Binding("f12", "problems", show=False),
        Binding("ctrl+p", "reprint", show=False),
        Binding("ctrl+r", "refund", show=False),
        Binding("ctrl+n", "manual", show=False),
        Binding("ctrl+w", "waybill", priority=True, show=False),  # not the field's word delete
        Binding("escape", "app.pop_screen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.hits: list[OrderHit] = []
        self.complete = True  # the last page was short: nothing more to load
        self.detail: OrderDetail | None = None
        self.stock: list[StockGlance] = []
        self.asked = TwoPress()
        self.new_waybill = None

    def compose_body(self) -> ComposeResult:
        yield OrderHits(id="desk-hits")
        with VerticalScroll(id="desk-detail"):
            yield Static(id="desk-detail-body")
        yield KeyRow(id="desk-keys")

    # --- showing (from what the workers read; a language switch reads nothing) --------
    def retranslate(self) -> None:
        self.query_one("#desk-keys", KeyRow).show(_KEYS)
        self.shown_again()  # the headings in the new language; the same order stays chosen

    def _found_outcome(self) -> Outcome:
        """What the search came to, on the banner (it follows a language switch)."""
        text = printable(self.text)
        if not self.hits:
            return Outcome.accepted("order.desk.none", SoundClass.WARNING, text=text)
        msgid = "order.desk.found" if self.complete else "order.desk.found_more"
        return Outcome.accepted(msgid, SoundClass.OK, n=len(self.hits), text=text)

    def _show_detail(self) -> None:
        lines: list[str] = [] if self.detail is None else detail_lines(self.detail)
        for glance in self.stock:
            lines += ["", *stock_lines(glance)]
        body = self.query_one("#desk-detail-body", Static)
        body.update(Text("\n".join(lines)))

    # --- searching ---------------------------------------------------------------------
    def shown_again(self) -> None:
        # Redrawn, the table highlights its row again: the same order, read again only if
        # another one is under the cursor.
        table = self.query_one(OrderHits)
        row = table.cursor_row
        table.show(self.hits)
        if self.hits:
            table.move_cursor(row=min(row, len(self.hits) - 1))
        self._show_detail()

    def handle_outcome(self, outcome: Outcome) -> None:
        # Anything else between the two presses: ask again.
        self.asked.seen(outcome, ("order.act.cancel_confirm", REFUND_ASK))
        if outcome.msgid == "order.desk.searching" and outcome.params.get("text"):
            if self.waybill_scanned(str(outcome.params["text"])):
                return
            self.text = str(outcome.params["text"])
            self._search(self.text, 0)

    def _search(self, text: str, offset: int) -> None:
        def read(uow: UnitOfWork) -> tuple[list[OrderHit], OrderDetail | None]:
            hits = uow.order_desk.find(checked(OrderQuery(text, limit=PAGE, offset=offset)))
            return hits, order_detail(uow, hits[0].order_no) if hits and not offset else None

        self.read_later(read, lambda found: self._found(text, offset, *found), group="desk")

    def _found(
        self, text: str, offset: int, hits: list[OrderHit], first: OrderDetail | None
    ) -> None:
        if text != self.text:
            return  # a newer search is on its way
        self.hits = [*self.hits[:offset], *hits]
        self.complete = len(hits) < PAGE
        if not offset:
            self.detail, self.stock = first, []
        table = self.query_one(OrderHits)
        row = table.cursor_row if offset else 0
        table.show(self.hits)
        if self.hits:
            table.move_cursor(row=min(row, len(self.hits) - 1))
        self._show_detail()
        # On the banner without a second sound: the scan already had its own.
        banner = self.query_one(FeedbackBanner)
        if offset and not hits:
            banner.show_outcome(Outcome.accepted("order.desk.no_more", SoundClass.NEEDS_INPUT))
        else:
            banner.show_outcome(self._found_outcome())

    def action_more(self) -> None:
        if self.text and self.hits and not self.complete:
            self._search(self.text, len(self.hits))

    def action_scroll(self, pages: int) -> None:
        detail = self.query_one("#desk-detail", VerticalScroll)
        detail.scroll_to(y=detail.scroll_y + pages * max(1, detail.size.height - 1), animate=False)

    def action_move(self, step: int) -> None:
        self.asked.reset()
        self.new_waybill = None  # another order: Ctrl+W asks again
        table = self.query_one(OrderHits)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))

    # --- the highlighted order -----------------------------------------------------------
    @on(DataTable.RowHighlighted, "#desk-hits")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        order_no = str(event.row_key.value or "")
        if order_no and (self.detail is None or self.detail.order.order_no != order_no):
            self._read_detail(order_no)

    def _read_detail(self, order_no: str) -> None:
        self.read_later(lambda uow: order_detail(uow, order_no), self._detail_read,
                        group="desk-detail")  # fmt: skip

    def _detail_read(self, detail: OrderDetail) -> None:
        if self.query_one(OrderHits).selected() != detail.order.order_no:
            return  # the cursor moved on meanwhile
        self.detail, self.stock = detail, []
        self._show_detail()

    def action_stock(self) -> None:
        if self.detail is None:
            return
        skus = sorted({line.sku_code for line in self.detail.order.lines})
        if not skus:
            self.station.present(Outcome.accepted("order.desk.no_line_sku", SoundClass.WARNING))
            return
        self._read_stock(self.detail.order.order_no, skus)

    def _read_stock(self, order_no: str, skus: list[str]) -> None:
        self.read_later(lambda uow: [stock_glance(uow, sku) for sku in skus],
                        lambda glances: self._stock_read(order_no, glances),
                        group="desk-stock")  # fmt: skip

    def _stock_read(self, order_no: str, glances: list[StockGlance]) -> None:
        if self.detail is not None and self.detail.order.order_no == order_no:
            self.stock = glances
            self._show_detail()
            # Asked for: the stock comes into view, below the order.
            self.call_after_refresh(
                self.query_one("#desk-detail", VerticalScroll).scroll_end, animate=False
            )

    # --- problem goods ---------------------------------------------------------------------
    def action_manual(self) -> None:
        """Ctrl+N: a manual order (an offline sale, a reship) on its own screen."""
        self.app.push_screen(ManualOrderScreen())

    def action_problems(self) -> None:
        """F12: everything in quarantine, and what a supervisor decides for it."""
        self.app.push_screen(ProblemGoodsScreen())

    # --- the parcel label again (a box whose label came off, a courier changed here) ----
    def action_reprint(self) -> None:
        """Ctrl+P: the chosen order's parcel label, as the inspection desk prints it."""
        context = self.station.context
        if self.detail is None:
            self.station.present(Outcome.accepted("order.desk.label.choose", SoundClass.WARNING))
        elif context.parcel_label is None or context.printer is None:
            self.station.present(Outcome.accepted("inspect.label.printing_off", SoundClass.WARNING))
        else:
            self._print_label(self.detail.order.order_no)

    @work(thread=True, group="desk-label")
    def _print_label(self, order_no: str) -> None:
        context = self.station.context
        render, printer = context.parcel_label, context.printer
        if render is None or printer is None:
            return
        # An order not yet passed is refused in the core's words (no label for its status).
        outcome = print_document(
            context, printer, lambda uow: render(uow, order_no),
            "inspect.label.printed", "inspect.label.failed", order=order_no,
        )  # fmt: skip
        self.app.call_from_thread(self.station.present, outcome)
