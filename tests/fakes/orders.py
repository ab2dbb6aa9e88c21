"""The order desk over the fake store: the same answers as db/orders/desk.py, by scanning."""

from __future__ import annotations

from tests.fakes.store import _Store
from wms_tui.core.model import LocationKind, phone_tail
from wms_tui.core.orders.desk import MatchedBy, OrderHit, OrderQuery, TimelineEntry
from wms_tui.core.orders.problems import Arrival, ProblemLot


class FakeOrderDesk:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def find(self, query: OrderQuery) -> list[OrderHit]:
        hits = []
        for order in self.s.orders.values():
            matched = next(
                (
                    kind
                    for kind, hit in (
                        (MatchedBy.ORDER_NO, order.order_no == query.text),
                        (MatchedBy.WAYBILL, order.waybill == query.text),
                        (MatchedBy.PLATFORM_ORDER_NO, order.platform_order_no == query.text),
                        (MatchedBy.BUYER, order.buyer.startswith(query.text)),
                        (MatchedBy.RECEIVER, order.receiver.startswith(query.text)),
                        (MatchedBy.SKU, any(ln.sku_code == query.text for ln in order.lines)),
                        (
                            MatchedBy.PHONE,
                            len(query.text) == 4 and phone_tail(order.phone) == query.text,
                        ),
                    )
                    if hit
                ),
                None,
            )
            if matched is None or (query.statuses and order.status not in query.statuses):
                continue
            if query.shop and order.shop != query.shop:
                continue
            paid = order.paid_at
            if query.paid_from and (paid is None or paid < query.paid_from):
                continue
            if query.paid_to and (paid is None or paid >= query.paid_to):
                continue
            hits.append(
                OrderHit(
                    order.order_no,
                    order.platform,
                    order.platform_order_no,
                    order.shop,
                    order.buyer,
                    order.courier,
                    order.waybill,
                    order.status,
                    paid,
                    order.hold_reason,
                    matched,
                )
            )
        hits.sort(key=lambda h: h.order_no, reverse=True)
        hits.sort(key=lambda h: (h.paid_at is None, -h.paid_at.timestamp() if h.paid_at else 0))
        return hits[query.offset : query.offset + query.limit]

    def problem_goods(self) -> list[ProblemLot]:
        lots = []
        for (sku, location), qty in sorted(self.s.levels.items(), key=lambda i: i[0][::-1]):
            where = self.s.locations.get(location)
            if qty <= 0 or where is None or where.kind is not LocationKind.QUARANTINE:
                continue
            arrivals = tuple(
                Arrival(m.at, m.qty, m.operator, m.station_id, m.reference, "")
                for m in sorted(self.s.moves.values(), key=lambda m: str(m.at), reverse=True)
                if m.at is not None and m.to_location == location and m.sku_code == sku
            )[:5]
            lots.append(ProblemLot(sku, "", location, qty, arrivals))
        return lots

    def timeline(self, order_no: str) -> list[TimelineEntry]:
        events = [
            TimelineEntry(e.at, "audit_" + e.action, e.operator, e.station_id, e.detail)
            for e in self.s.audit
            if e.subject == order_no and e.at is not None
        ]
        events += [
            TimelineEntry(
                m.at,
                "move_" + m.reason.value,
                m.operator,
                m.station_id,
                f"{m.sku_code} ×{m.qty} {m.from_location} → {m.to_location}",
            )
            for m in self.s.moves.values()
            if m.at is not None and m.reference.split("/")[0] == order_no
        ]
        return events
