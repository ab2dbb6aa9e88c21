"""Inspection's wiring: the station's desk, its pipeline contexts and its home-menu entry."""

from __future__ import annotations

from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.inspection.supervisor import SUPERVISED_CONTEXT, supervised_handler
from wms_tui.core.model import Role
from wms_tui.core.station import StationContext
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.menu import Menu, Workflow


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
            lambda: InspectScreen(desk, scale=context.scale),
            InspectScreen.CONTEXTS,
        )
    )
