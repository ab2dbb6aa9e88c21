"""Counting's wiring: the count handler, its pipeline context and the home-menu entries."""

from __future__ import annotations

from wms_tui.core.counting.handler import CONTEXT, CountHandler
from wms_tui.core.model import Role
from wms_tui.core.station import StationContext
from wms_tui.ui.counting.approval import CountApprovalScreen
from wms_tui.ui.counting.plan import CountPlanScreen
from wms_tui.ui.counting.screen import CountScreen
from wms_tui.ui.menu import Menu, Workflow


def register(context: StationContext, menu: Menu) -> None:
    handler = CountHandler(context.clock, context.station_id, context.resolver_config)
    context.pipeline.register_all({CONTEXT: handler})
    menu.register(
        Workflow("count", "count.ui.title", Role.STOCKTAKER, CountScreen, CountScreen.CONTEXTS)
    )
    menu.register(Workflow("count_plan", "count.ui.plan_title", Role.SUPERVISOR, CountPlanScreen))
    menu.register(
        Workflow("count_approval", "count.ui.approval_title", Role.SUPERVISOR, CountApprovalScreen)
    )
