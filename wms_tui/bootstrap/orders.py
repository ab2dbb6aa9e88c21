"""The order desk's wiring: its scan contexts (a scan there asks for a search; at its
problem goods, for a location or the item's goods) and its home-menu entry, for customer
service (supervisors and admins cover it too)."""

from __future__ import annotations

from wms_tui.core.model import Role
from wms_tui.core.orders import manual, problems
from wms_tui.core.orders.desk import CONTEXT, searched
from wms_tui.core.station import StationContext
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.orders.desk import OrderDeskScreen


def register(context: StationContext, menu: Menu) -> None:
    context.pipeline.register_all(
        {CONTEXT: searched, problems.CONTEXT: problems.scanned, manual.CONTEXT: manual.scanned}
    )
    menu.register(
        Workflow(
            "order_desk",
            "order.desk.title",
            Role.SERVICE,
            OrderDeskScreen,
            (CONTEXT, problems.CONTEXT, manual.CONTEXT),
        )
    )
