"""Handover's wiring: the dock desk, its pipeline context, its home-menu entry, and the
handover list rendered as a PDF (devices/handover_pdf.py) in the station's language."""

from __future__ import annotations

from wms_tui.core.couriers import courier_name
from wms_tui.core.handover.handler import CONTEXT, HandoverDesk
from wms_tui.core.handover.sheet import ManifestSheet
from wms_tui.core.model import Role
from wms_tui.core.station import StationContext
from wms_tui.i18n import _, current_language
from wms_tui.ui.handover.screen import HandoverScreen
from wms_tui.ui.menu import Menu, Workflow


def register(context: StationContext, menu: Menu) -> None:
    desk = HandoverDesk(
        context.station_id,
        context.inspection_rules.dock_location,
        context.clock,
        context.resolver_config,
    )
    context.pipeline.register_all({CONTEXT: desk.handle_scan})
    menu.register(
        Workflow(
            "handover",
            "handover.ui.title",
            Role.DOCK,
            lambda: HandoverScreen(desk, render=render_handover_list),
            HandoverScreen.CONTEXTS,
        )
    )


def render_handover_list(sheet: ManifestSheet) -> bytes:
    from devices.handover_pdf import ManifestDocument, ManifestLine, handover_list_pdf

    m = sheet.manifest
    at = m.closed_at or m.opened_at
    facts = (
        _("handover.list.when", at=at.astimezone().strftime("%Y-%m-%d %H:%M")),
        _("handover.list.dock", dock=m.dock, by=m.closed_by or m.opened_by),
        _("handover.list.collected", name=m.collected_by or "＿＿＿＿＿＿"),
    )
    document = ManifestDocument(
        manifest_id=m.manifest_id,
        title=_("handover.list.title", manifest=m.manifest_id,
                courier=courier_name(m.courier, current_language()),
                count=len(sheet.parcels)),
        facts=facts,
        columns=(_("handover.list.col.seq"), _("handover.list.col.waybill"),
                 _("handover.list.col.order")),
        lines=tuple(
            ManifestLine(n, p.waybill or p.order_no, p.order_no,
                         sheet.platform_numbers.get(p.order_no, ""))
            for n, p in enumerate(sheet.parcels, start=1)
        ),
        signature=_("handover.list.signature"),
    )  # fmt: skip
    return handover_list_pdf(document)
