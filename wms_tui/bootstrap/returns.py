"""Returns' wiring: the returns desk, its pipeline context and its home-menu entry (the
returns clerk's; supervisors cover it)."""

from __future__ import annotations

from wms_tui.core.model import Role
from wms_tui.core.returns.handler import CONTEXT, ReturnsDesk
from wms_tui.core.returns.rules import Places
from wms_tui.core.station import StationContext
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.returns.screen import ReturnsScreen


def places(context: StationContext) -> Places:
    return Places(context.returns_location, context.inspection_rules.quarantine_location)


def register(context: StationContext, menu: Menu) -> None:
    desk = ReturnsDesk(context.station_id, places(context), context.clock, context.resolver_config)
    context.pipeline.register_all({CONTEXT: desk.handle_scan})
    menu.register(
        Workflow(
            "returns", "returns.ui.title", Role.RETURNS, lambda: ReturnsScreen(desk),
            ReturnsScreen.CONTEXTS,
        )
    )  # fmt: skip
