"""The order desk's words, shared by its screen and `wms orders`: an order found, a line
of its timeline, a time. Stored text (buyers, remarks, details) is shown as untrusted text
(`printable`), ids in words where the catalogs have them (`words_for`)."""

from __future__ import annotations

from datetime import datetime

from wms_tui.core.orders.desk import OrderDetail, OrderHit, StockGlance, TimelineEntry
from wms_tui.core.orders.hold_reasons import describe_hold
from wms_tui.core.orders.problems import ProblemLot
from wms_tui.core.text import printable
from wms_tui.i18n import _, current_language, words_for


def when(at: datetime | None) -> str:
    """Local time to the minute, as the floor reads a clock; "-" for none."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else "-"


def status_words(status: object) -> str:
    return words_for("order.status.", getattr(status, "value", status))


def hit_words(hit: OrderHit) -> list[str]:
    """An order found, as the parts of one line (empty parts are left out by the caller)."""
    return [
        hit.order_no,
        status_words(hit.status),
        when(hit.paid_at),
        printable(hit.shop, 20),
        printable(hit.buyer, 20),
        " ".join(p for p in (words_for("courier.", hit.courier), printable(hit.waybill)) if p),
        printable(hit.platform_order_no, 30),
        _("order.desk.matched." + hit.matched.value),
    ]


def event_words(entry: TimelineEntry) -> list[str]:
    return [
        when(entry.at),
        words_for("order.desk.event.", entry.what),
        printable(entry.who, 20),
        printable(entry.station, 20),
        printable(entry.detail, 80),
    ]


def detail_lines(detail: OrderDetail) -> list[str]:
    order = detail.order
    out = [
        _("order.desk.head", order=order.order_no, status=_("order.status." + order.status.value)),
        _(
            "order.desk.head.platform",
            platform=printable(order.platform),
            number=printable(order.platform_order_no) or "-",
            shop=printable(order.shop) or "-",
        ),
        _("order.desk.head.buyer", buyer=printable(order.buyer) or "-", paid=when(order.paid_at)),
        *([_("order.desk.head.refunded", at=when(order.refunded_at))] if order.refunded_at else []),
        _(
            "order.desk.head.courier",
            courier=words_for("courier.", order.courier) if order.courier else "-",
            waybill=printable(order.waybill) or "-",
        ),
    ]
    if order.receiver or order.phone or order.address:
        out.append(
            _(
                "order.desk.head.receiver",
                receiver=printable(order.receiver, 40) or "-",
                phone=printable(order.phone, 40) or "-",
                address=printable(order.address, 200) or "-",
            )
        )
    if order.hold_reason:
        held = describe_hold(order.hold_reason)
        out.append(_("order.desk.head.hold", reason=printable(held, 200)))
    for label, remark in (("buyer", order.buyer_remark), ("seller", order.seller_remark)):
        if remark.strip():
            msgid = (
                "order.desk.head.remark_buyer"
                if label == "buyer"
                else "order.desk.head.remark_seller"
            )
            out.append(_(msgid, text=printable(remark, 200)))
    out.append(_("order.desk.lines"))
    language = current_language()
    for line in order.lines:
        sku = detail.skus.get(line.sku_code)
        name = printable(sku.name(language) if sku is not None else "", 60)
        gift = " " + _("order.desk.gift") if line.is_gift else ""
        kit = " " + _("order.desk.kit", kit=line.kit_code) if line.kit_code else ""
        out.append(f"  {line.line_no}. {line.sku_code} {name} ×{line.qty}{gift}{kit}")
    out.append(_("order.desk.timeline"))
    out.extend("  " + " · ".join(p for p in event_words(e) if p) for e in detail.timeline)
    return out


def stock_lines(glance: StockGlance) -> list[str]:
    on_hand = sum(level.on_hand for level in glance.levels)
    out = [
        f"{glance.sku_code} {printable(glance.name, 60)}",
        _(
            "order.desk.stock.totals",
            on_hand=on_hand,
            reserved=glance.reserved,
            available=glance.available,
            quarantined=glance.quarantined,
            transit=glance.in_transit,
        ),
    ]
    out.extend(f"  {level.location}  {level.on_hand}" for level in glance.levels)
    if not glance.levels:
        out.append("  " + _("order.desk.stock.none"))
    return out


def problem_lines(lots: list[ProblemLot]) -> list[str]:
    """Problem goods as lines: a lot, then the moves that brought units there."""
    if not lots:
        return [_("problem.none")]
    out = []
    for lot in lots:
        out.append(
            _(
                "problem.lot",
                sku=lot.sku_code,
                name=printable(lot.name, 40),
                qty=lot.qty,
                location=lot.location,
            )
        )
        for a in lot.arrivals:
            why = words_for("inspect.ui.problem.", a.why) if a.why else ""
            parts = [when(a.at), f"×{a.qty}", printable(a.who, 20), printable(a.station, 20),
                     printable(a.reference, 40), why]  # fmt: skip
            out.append("  " + " · ".join(p for p in parts if p))
    return out
