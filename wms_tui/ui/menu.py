"""The workflows the home screen offers. A new workflow adds one `register()` call here.

Only built workflows are listed: an operator never meets a "coming soon" entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from wms_tui.core.model import Operator, Role
from wms_tui.core.station import StationContext
from wms_tui.ui.counting.approval import CountApprovalScreen
from wms_tui.ui.counting.plan import CountPlanScreen
from wms_tui.ui.counting.screen import CountScreen
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.picking.screen import PickScreen
from wms_tui.ui.picking.waves import WavesScreen
from wms_tui.ui.station.lookup import LookupScreen
from wms_tui.ui.station.scanner_test import ScannerTestScreen


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str  # message id
    role: Role | None  # None: every operator
    screen: Callable[[StationContext], Screen[None]]
    # The scan pipeline contexts its screen registers handlers for (StationScreen.CONTEXTS).
    contexts: tuple[str, ...] = ()


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> None:
    _REGISTRY[workflow.name] = workflow


def get(name: str) -> Workflow:
    return _REGISTRY[name]


def title_of(context: str) -> str:
    """The message id naming the screen whose scans go to a pipeline context."""
    found = next((w for w in _REGISTRY.values() if context in w.contexts), None)
    return found.label if found is not None else context


def allowed(operator: Operator) -> list[Workflow]:
    """In registration order, so the home screen keeps a stable layout."""
    return [w for w in _REGISTRY.values() if w.role is None or operator.has_role(w.role)]


register(
    Workflow(
        "inspect",
        "inspect.ui.title",
        Role.INSPECTOR,
        lambda context: InspectScreen(context.inspection_rules, scale=context.scale),
        InspectScreen.CONTEXTS,
    )
)
register(
    Workflow(
        "pick",
        "pick.ui.title",
        Role.PICKER,
        lambda _context: PickScreen(),
        PickScreen.CONTEXTS,
    )
)
register(Workflow("waves", "pick.waves.title", Role.SUPERVISOR, lambda _context: WavesScreen()))
register(
    Workflow(
        "count",
        "count.ui.title",
        Role.STOCKTAKER,
        lambda _context: CountScreen(),
        CountScreen.CONTEXTS,
    )
)
register(
    Workflow("count_plan", "count.ui.plan_title", Role.SUPERVISOR, lambda _c: CountPlanScreen())
)
register(
    Workflow(
        "count_approval",
        "count.ui.approval_title",
        Role.SUPERVISOR,
        lambda _context: CountApprovalScreen(),
    )
)
register(
    Workflow(
        "scanner_test",
        "ui.workflow.scanner_test",
        Role.SUPERVISOR,
        lambda _context: ScannerTestScreen(),
    )
)
# Last: home already says what any scanned code is, so lookup may go without a key.
register(Workflow("lookup", "ui.workflow.lookup", None, lambda _context: LookupScreen()))
