"""Every workflow wired into a station: one register() per feature, in menu order.

Each register() builds the feature's handlers for this station, registers them with the
scan pipeline (before it starts, so scans a crash left journaled are applied at start, in
the name of who scanned them) and adds the feature's entries to the home menu.
"""

from __future__ import annotations

from wms_tui.bootstrap import (
    counting,
    handover,
    inspection,
    orders,
    picking,
    receiving,
    reports,
    returns,
)
from wms_tui.core import lookup
from wms_tui.core.model import Role
from wms_tui.core.station import StationContext
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.station.lookup import LookupScreen
from wms_tui.ui.station.scanner_test import ScannerTestScreen


def wire(context: StationContext) -> Menu:
    menu = Menu()
    # The screens that change nothing: log-in, home, look-up, scanner test.
    context.pipeline.register_all(lookup.handlers(context.resolver_config, context.clock))
    inspection.register(context, menu)
    picking.register(context, menu)
    counting.register(context, menu)
    menu.register(
        Workflow("scanner_test", "ui.workflow.scanner_test", Role.SUPERVISOR, ScannerTestScreen)
    )
    # After the supervisor's seven keys (their scanner test keeps F12): a dock worker's
    # first workflow, on F5; a supervisor covering the dock finds it on Shift+F5.
    handover.register(context, menu)
    orders.register(context, menu)
    reports.register(context, menu)
    returns.register(context, menu)
    receiving.register(context, menu)
    # Last: home already says what any scanned code is, so lookup may go without a key.
    menu.register(Workflow("lookup", "ui.workflow.lookup", None, LookupScreen))
    return menu
