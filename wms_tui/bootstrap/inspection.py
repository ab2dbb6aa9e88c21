"""Inspection's wiring: the station's desk, its pipeline contexts and its home-menu entry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from wms_tui.config import Settings
from wms_tui.core.couriers import courier_name
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.inspection.label import LabelRenderer, ParcelLabelView, parcel_label_view
from wms_tui.core.inspection.supervisor import SUPERVISED_CONTEXT, supervised_handler
from wms_tui.core.model import Role
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.station import StationContext
from wms_tui.i18n import _, current_language, words_for
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.menu import Menu, Workflow

if TYPE_CHECKING:
    from devices.parcel_label import ParcelLabel


def register(context: StationContext, menu: Menu) -> None:
    desk = InspectionDesk(
        context.inspection_rules,
        context.clock,
        resolver=scan_resolver(context.resolver_config),
        scale=context.scale,
        config=context.resolver_config,
    )
    # Together: scans a crash left journaled for either are applied in the order made.
    context.pipeline.register_all(
        {CONTEXT: desk.handle_scan, SUPERVISED_CONTEXT: supervised_handler(desk)}
    )
    menu.register(
        Workflow(
            "inspect",
            "inspect.ui.title",
            Role.INSPECTOR,
            lambda: InspectScreen(desk, scale=context.scale, label=context.parcel_label),
            InspectScreen.CONTEXTS,
        )
    )


# --- the parcel label ------------------------------------------------------------------


def parcel_labeller(settings: Settings, station_id: str, clock: Clock) -> LabelRenderer | None:
    """The station's labels as its printer wants them; None when labels are off or nothing
    prints."""
    printer = settings.printer
    if printer.parcel_label == "off" or printer.kind == "none":
        return None
    return label_renderer(printer.parcel_label, printer.label_dpi, station_id, clock)


def label_renderer(fmt: str, dpi: int, station_id: str, clock: Clock) -> LabelRenderer:
    """Reads an order's label (in the caller's unit of work) and draws it as `fmt`: "zpl"
    at `dpi` for a thermal printer, else a PDF."""

    def render(uow: UnitOfWork, code: str) -> tuple[str, bytes]:
        from devices.parcel_label import parcel_label_pdf, parcel_label_zpl

        view = parcel_label_view(uow, code, current_language())
        label = parcel_label(view, station_id, clock.now())
        name = f"label-{view.order.order_no}"
        if fmt == "zpl":
            return f"{name}.zpl", parcel_label_zpl(label, 300 if dpi == 300 else 203)
        return f"{name}.pdf", parcel_label_pdf(label)

    return render


def parcel_label(view: ParcelLabelView, station_id: str, now: datetime) -> ParcelLabel:
    """The label's words in the station's language; the lines cut to what fits."""
    from devices.parcel_label import MAX_LINES, ParcelLabel

    order = view.order
    language = current_language()
    lines = [
        _("inspect.label.gift_line" if line.is_gift else "inspect.label.line",
          sku=line.sku_code, qty=line.qty, name=" ".join(filter(None, (line.name, line.spec))))
        for line in view.lines
    ]  # fmt: skip
    if len(lines) > MAX_LINES:
        more = len(lines) - (MAX_LINES - 1)
        lines = [*lines[: MAX_LINES - 1], _("inspect.label.more_lines", count=more)]
    remarks = [
        _(msgid, text=text.strip())
        for msgid, text in (
            ("inspect.label.buyer_remark", order.buyer_remark),
            ("inspect.label.seller_remark", order.seller_remark),
        )
        if text.strip()
    ]
    return ParcelLabel(
        courier=courier_name(order.courier, language) or _("inspect.label.no_courier"),
        shop=" · ".join(filter(None, (platform_name(order.platform), order.shop))),
        waybill=order.waybill,
        no_waybill=_("inspect.label.no_waybill"),
        order_caption=_("inspect.label.order", order=order.order_no),
        order_no=order.order_no,
        platform_caption=_("inspect.label.platform_order", number=order.platform_order_no),
        platform_order_no=order.platform_order_no,
        buyer=_("inspect.label.buyer", buyer=order.buyer or "-"),
        lines=tuple(lines),
        remark="  ".join(remarks),
        footer=_("inspect.label.footer", at=now.astimezone().strftime("%Y-%m-%d %H:%M"),
                 station=station_id),
    )  # fmt: skip


def platform_name(platform: str) -> str:
    return words_for("platform.", platform)
