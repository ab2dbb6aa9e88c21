"""What the order desk does to the chosen order: F5 confirm, F8 hold, F9 release, F11 cancel,
Ctrl+R a refund recorded, Ctrl+W a new waybill (the next scan; a courier typed first).

The reason is what the person typed in the entry field (without Enter, which would search):
"type why, then F8". Cancelling cannot be undone: the first F11 says what it will do, the
second does it; anything else in between (another order chosen, a scan, another key's
act) asks again. Each act runs in a thread worker in
its own unit of work for the person logged in, guarded by the order as the desk shows it.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work

from wms_tui.core.errors import WmsError
from wms_tui.core.model import Order
from wms_tui.core.orders import acts
from wms_tui.core.orders.delivery import change_delivery
from wms_tui.core.orders.desk import OrderDetail, OrderHit, order_detail
from wms_tui.core.orders.refunds import record_refund
from wms_tui.core.orders.words import status_words
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.two_press import TwoPress

REFUND_ASK = "order.refund.ask"
WAYBILL_ASK = "order.delivery.scan_waybill"


class ActingDesk(StationScreen):
    """The order desk's acts; OrderDeskScreen shows what they change."""

    detail: OrderDetail | None
    hits: list[OrderHit]
    asked: TwoPress  # F11 asked about this order number: the same key again cancels it
    new_waybill: tuple[acts.Seen, str | None] | None  # Ctrl+W: the order, a typed courier

    def _typed_reason(self) -> str:
        return self.query_one(ScanEntry).value.strip()

    def action_hold(self) -> None:
        if self.detail is None:
            return
        reason = self._typed_reason()
        if not reason:
            self.station.present(Outcome.accepted("order.act.type_why", SoundClass.NEEDS_INPUT))
            return
        self._act("hold", acts.seen(self.detail.order), reason)

    def action_confirm(self) -> None:
        if self.detail is not None:
            self._act("confirm", acts.seen(self.detail.order), "")

    def action_release(self) -> None:
        if self.detail is not None:
            self._act("release", acts.seen(self.detail.order), "")

    def action_cancel(self) -> None:
        if self.detail is None:
            return
        order = self.detail.order
        reason = self._typed_reason()
        if not reason:
            self.station.present(Outcome.accepted("order.act.type_why", SoundClass.NEEDS_INPUT))
            return
        if not self.asked.answered(order.order_no):
            try:
                acts.check_cancellable(order)
            except WmsError as error:
                self.station.present(Outcome.from_error(error))
                return
            self.asked.ask(order.order_no)
            status = status_words(order.status)
            self.station.present(
                Outcome.accepted(
                    "order.act.cancel_confirm",
                    SoundClass.NEEDS_INPUT,
                    order=order.order_no,
                    status=status,
                )
            )
            return
        self._act("cancel", acts.seen(order), reason)

    def action_refund(self) -> None:
        """Ctrl+R: the shop refunded the buyer now (退款); the first press says so, the
        second records it."""
        if self.detail is None:
            return
        order = self.detail.order
        if not self.asked.answered("refund\t" + order.order_no):
            self.asked.ask("refund\t" + order.order_no)
            self.station.present(Outcome.accepted(REFUND_ASK, SoundClass.NEEDS_INPUT,
                                                  order=order.order_no))  # fmt: skip
            return
        self._act("refund", acts.seen(order), "")

    def action_waybill(self) -> None:
        """Ctrl+W: the next scan is the chosen order's new waybill; a courier typed in the
        field first (no Enter) changes the courier too."""
        if self.detail is None:
            return
        self.asked.reset()
        courier = self._typed_reason()
        self.query_one(ScanEntry).value = ""
        self.new_waybill = (acts.seen(self.detail.order), courier or None)
        self.station.present(Outcome.accepted(WAYBILL_ASK, SoundClass.NEEDS_INPUT,
                                              order=self.detail.order.order_no))  # fmt: skip

    def waybill_scanned(self, text: str) -> bool:
        """A scan while Ctrl+W waits: the new waybill (True), never a search."""
        armed, self.new_waybill = self.new_waybill, None
        if armed is None:
            return False
        was, courier = armed
        self._act("delivery", was, courier or "", waybill=text)
        return True

    @work(thread=True, exclusive=True, group="order-desk-act")
    def _act(self, act: str, was: acts.Seen, reason: str, *, waybill: str = "") -> None:
        """One act in its own unit of work; `reason` is a courier for "delivery"."""
        context, person = self.station.context, self.station.operator
        if person is None:
            return
        station = context.station_id
        try:
            with context.uow_factory() as uow:
                if act == "confirm":
                    acts.confirm(uow, context.clock, was, person, station)
                    outcome = Outcome.accepted("order.act.confirmed", order=was.order_no)
                elif act == "hold":
                    acts.hold(uow, context.clock, was, reason, person, station)
                    outcome = Outcome.accepted("order.act.held", order=was.order_no)
                elif act == "delivery":
                    reprint = change_delivery(uow, context.clock, was, courier=reason or None,
                                              waybill=waybill, by=person,
                                              station_id=station)  # fmt: skip
                    msgid = (
                        "order.delivery.changed_reprint" if reprint else "order.delivery.changed"
                    )
                    outcome = Outcome.accepted(msgid, order=was.order_no)
                elif act == "refund":
                    left = record_refund(uow, context.clock, was, None, person, station)
                    msgid = "order.refund.recorded_here" if left else "order.refund.recorded"
                    outcome = replace(
                        Outcome.accepted(msgid, order=was.order_no, status=was.status.value),
                        translated_params=(("status", "order.status."),),  # follows F2
                    )
                elif act == "release":
                    target = acts.release(uow, context.clock, was, person, station)
                    outcome = Outcome.accepted("order.act.released", order=was.order_no,
                                               status=status_words(target))  # fmt: skip
                else:
                    acts.cancel(uow, context.clock, was, reason, person, station)
                    outcome = Outcome.accepted("order.act.cancelled", order=was.order_no)
                uow.commit()
            with context.read_unit() as uow:
                detail = order_detail(uow, was.order_no)
        except WmsError as error:
            self.app.call_from_thread(self.station.present, Outcome.from_error(error))
            return
        self.app.call_from_thread(self._acted, outcome, detail)

    def _acted(self, outcome: Outcome, detail: OrderDetail) -> None:
        self.query_one(ScanEntry).value = ""
        order = detail.order
        self.hits = [_as_now(hit, order) if hit.order_no == order.order_no
                     else hit for hit in self.hits]  # fmt: skip
        if self.detail is not None and self.detail.order.order_no == order.order_no:
            self.detail = detail
        self.shown_again()
        self.station.present(outcome)

    def shown_again(self) -> None:
        """The screen draws its list and the chosen order again from what it holds."""


def _as_now(hit: OrderHit, order: Order) -> OrderHit:
    """The listed order as the act left it: its status, courier and waybill."""
    return replace(hit, status=order.status, courier=order.courier, waybill=order.waybill)
