"""Receiving's wiring: the receiving desk, its pipeline context and its home-menu entry (the
receiver's; supervisors cover it)."""

from __future__ import annotations

from wms_tui.config import Settings
from wms_tui.core.clock import day_and_time
from wms_tui.core.errors import UnknownSku
from wms_tui.core.model import Role
from wms_tui.core.ports import Clock, UnitOfWork
from wms_tui.core.receiving.handler import CONTEXT, ReceivingDesk
from wms_tui.core.receiving.rules import Places, Rules
from wms_tui.core.receiving.view import SkuLabels
from wms_tui.core.station import StationContext
from wms_tui.i18n import current_language
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.receiving.screen import ReceivingScreen


def rules(context: StationContext) -> Rules:
    places = Places(context.receiving_location, context.inspection_rules.quarantine_location)
    return Rules(places, context.over_receipt_percent, context.min_shelf_days)


def register(context: StationContext, menu: Menu) -> None:
    desk = ReceivingDesk(context.station_id, rules(context), context.clock, context.resolver_config)
    context.pipeline.register_all({CONTEXT: desk.handle_scan})
    menu.register(
        Workflow(
            "receiving", "receiving.ui.title", Role.RECEIVER,
            lambda: ReceivingScreen(desk, labels=context.sku_labels),
            ReceivingScreen.CONTEXTS,
        )
    )  # fmt: skip


def sku_labeller(settings: Settings, station_id: str, clock: Clock) -> SkuLabels | None:
    """SKU labels as the station's printer wants them (the parcel label's format and
    resolution); None when nothing prints."""
    printer = settings.printer
    if printer.kind == "none":
        return None
    fmt, dpi = printer.parcel_label, 300 if printer.label_dpi == 300 else 203

    def render(uow: UnitOfWork, code: str, qty: int) -> tuple[str, bytes]:
        from devices.sku_label import SkuLabel, sku_label_pdf, sku_label_zpl

        sku = uow.skus.get(code)
        if sku is None:
            raise UnknownSku(sku=code)
        language = current_language()
        footer = f"{station_id} · {day_and_time(clock.now())}"
        label = SkuLabel(sku.name(language), sku.spec_in(language), sku.code, footer)
        if fmt == "zpl":
            return f"sku-{sku.code}.zpl", sku_label_zpl(label, qty, dpi)  # type: ignore[arg-type]
        return f"sku-{sku.code}.pdf", sku_label_pdf(label, qty)

    return render
