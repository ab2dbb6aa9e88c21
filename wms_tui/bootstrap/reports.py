"""The dashboard's wiring: its home-menu entry, for supervisors (admins cover it too). It
takes no scans: its figures are read, never written."""

from __future__ import annotations

from wms_tui.core.model import Role
from wms_tui.core.station import StationContext
from wms_tui.ui.menu import Menu, Workflow
from wms_tui.ui.reports.dashboard import DashboardScreen


def register(context: StationContext, menu: Menu) -> None:
    menu.register(Workflow("dashboard", "report.ui.workflow", Role.SUPERVISOR, DashboardScreen))
