"""Picking's wiring: the pick handlers, pipeline contexts and home-menu entries, and the
core's PickList to the PDF renderer in devices/.

Only bootstrap modules import both the application and devices: the UI is handed
`render_pick_list_pdf` as a plain callable (StationContext.render_pick_list).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from devices.picklist_pdf import PickListDocument, SlotLine, StopLine, pick_list_pdf
from wms_tui.core.model import Role
from wms_tui.core.picking.paper import PAPER_CONTEXT, make_paper_handler
from wms_tui.core.picking.picklist import PickList
from wms_tui.core.picking.records import slot_code
from wms_tui.core.picking.service import load_pick_list, make_pick_handler
from wms_tui.core.picking.step import CONTEXT
from wms_tui.core.picking.takeover import TAKEOVER_CONTEXT, make_takeover_handler
from wms_tui.core.ports import UnitOfWorkFactory
from wms_tui.core.station import StationContext
from wms_tui.i18n import _, current_language
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.picking.screen import PickScreen
from wms_tui.ui.picking.waves import WavesScreen


def register(context: StationContext, menu: Menu) -> None:
    clock, station_id = context.clock, context.station_id
    context.pipeline.register_all(
        {
            CONTEXT: make_pick_handler(clock, station_id, context.resolver_config),
            PAPER_CONTEXT: make_paper_handler(clock, station_id),
            TAKEOVER_CONTEXT: make_takeover_handler(clock, station_id),
        }
    )
    menu.register(Workflow("pick", "pick.ui.title", Role.PICKER, PickScreen, PickScreen.CONTEXTS))
    menu.register(Workflow("waves", "pick.waves.title", Role.SUPERVISOR, WavesScreen))


def pick_list_document(pick_list: PickList) -> PickListDocument:
    """Plain data for devices/picklist_pdf.py, every text in the current language."""
    kind = _("pick.kind." + pick_list.kind.value)
    stops = tuple(
        StopLine(
            seq=stop.seq,
            location=stop.location,
            sku_code=stop.sku_code,
            name=stop.name,
            spec=stop.spec,
            qty=stop.qty,
            barcode=stop.barcode,
            puts="  ".join(
                _("pick.list.put", slot=slot_code(line.slot), qty=line.qty) for line in stop.lines
            ),
        )
        for stop in pick_list.stops
    )
    slots = tuple(
        SlotLine(
            code=slot_code(entry.slot),
            caption=" · ".join(p for p in (entry.order_no, entry.platform_order_no) if p),
            detail=" · ".join(
                p
                for p in (
                    entry.shop,
                    entry.courier,
                    _("pick.list.items", items=entry.items),
                    _("pick.list.remarks") if entry.has_remarks else "",
                )
                if p
            ),
        )
        for entry in pick_list.slots
    )
    return PickListDocument(
        wave_no=pick_list.wave_no,
        title=_(
            "pick.list.title",
            wave=pick_list.wave_no,
            kind=kind,
            orders=pick_list.order_count,
            items=pick_list.item_count,
        ),
        columns=(
            _("pick.list.col.seq"),
            _("pick.list.col.location"),
            _("pick.list.col.sku"),
            _("pick.list.col.qty"),
        ),
        stops=stops,
        slot_title=_("pick.list.slots"),
        slots=slots,
    )


def render_pick_list_pdf(pick_list: PickList) -> bytes:
    return pick_list_pdf(pick_list_document(pick_list))


def write_pick_lists(
    uow_factory: UnitOfWorkFactory, wave_nos: Iterable[str], directory: Path
) -> list[Path]:
    """One PDF per wave, `<wave_no>.pdf`; the database is read once, in one short unit."""
    with uow_factory() as uow:
        lists = [load_pick_list(uow, wave_no, current_language()) for wave_no in wave_nos]
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for pick_list in lists:
        path = directory / f"{pick_list.wave_no}.pdf"
        path.write_bytes(render_pick_list_pdf(pick_list))
        written.append(path)
    return written
