"""Receiving's wiring: the receiving desk, its pipeline context and its home-menu entry (the
receiver's; supervisors cover it)."""

from __future__ import annotations

from wms_tui.core.model import Role
from wms_tui.core.receiving.handler import CONTEXT, ReceivingDesk
from wms_tui.core.receiving.rules import Places, Rules
from wms_tui.core.station import StationContext
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
            "receiving", "receiving.ui.title", Role.RECEIVER, lambda: ReceivingScreen(desk),
            ReceivingScreen.CONTEXTS,
        )
    )  # fmt: skip
