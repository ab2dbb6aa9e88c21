"""The workflows the home screen offers, as bootstrap registered them.

bootstrap/ builds each workflow's handlers, registers them with the scan pipeline and adds
the workflow here with a screen factory that is handed what it needs; the UI imports no
workflow to build its menu. Only built workflows are listed: an operator never meets a
"coming soon" entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from wms_tui.core.model import Operator, Role


@dataclass(frozen=True)
class Workflow:
    name: str
    label: str  # message id
    role: Role | None  # None: every operator
    screen: Callable[[], Screen[None]]
    # The scan pipeline contexts whose handlers serve its screen: a scan waiting for one of
    # them is said to wait for this screen.
    contexts: tuple[str, ...] = ()


class Menu:
    """In registration order, so the home screen keeps a stable layout."""

    def __init__(self) -> None:
        self._workflows: dict[str, Workflow] = {}

    def register(self, workflow: Workflow) -> None:
        self._workflows[workflow.name] = workflow

    def get(self, name: str) -> Workflow:
        return self._workflows[name]

    def title_of(self, context: str) -> str:
        """The message id naming the screen whose scans go to a pipeline context."""
        found = next((w for w in self._workflows.values() if context in w.contexts), None)
        return found.label if found is not None else context

    def allowed(self, operator: Operator) -> list[Workflow]:
        return [w for w in self._workflows.values() if w.role is None or operator.has_role(w.role)]
