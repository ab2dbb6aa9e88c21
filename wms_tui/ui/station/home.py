"""Home: the workflows this operator may run; a scan here says what the code is."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from wms_tui.core.outcome import Outcome
from wms_tui.core.text import shown
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.menu import Workflow

# Function keys open the workflows (F10 is log-out everywhere): the scan field keeps the
# focus, so digits and letters stay free for codes, and a gloved hand finds F5 unaided.
# A supervisor has more workflows than keys: Shift and the same keys open the rest.
_KEYS = ("f5", "f6", "f7", "f8", "f9", "f11", "f12")
WORKFLOW_KEYS = (*_KEYS, *(f"shift+{key}" for key in _KEYS))
# Rows the rest of the home screen takes (status line, title, greeting, scan field, banner,
# key bar), and a bordered button's: with more workflows than fit so, each takes one line.
_CHROME_ROWS, _BUTTON_ROWS = 14, 3


class HomeScreen(StationScreen):
    CONTEXT = "home"
    TITLE_MSGID = "ui.home.title"
    PROMPT_MSGID = "ui.home.prompt"
    ENTRY_MSGID = "ui.entry.placeholder"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"open_workflow({index})", show=False)
        for index, key in enumerate(WORKFLOW_KEYS)
    ]

    def _allowed(self) -> list[Workflow]:
        operator = self.station.operator
        return self.station.menu.allowed(operator) if operator else []

    def _label(self, index: int, workflow: Workflow) -> Text:
        # Past the last key a workflow is still a button (Tab, Enter or a click).
        key = WORKFLOW_KEYS[index] if index < len(WORKFLOW_KEYS) else ""
        key = "Shift+" + key[6:].upper() if key.startswith("shift+") else key.upper()
        return Text(f"{key}  {_(workflow.label)}".strip())

    def on_mount(self) -> None:
        super().on_mount()
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """One line a workflow when bordered buttons would push the last ones off the screen
        (a supervisor's thirteen on 100x30): every key must stay in sight, never scrolled."""
        rows = -(-len(self._allowed()) // 2)
        self.set_class(rows * _BUTTON_ROWS + _CHROME_ROWS > height, "-compact")

    def action_open_workflow(self, index: int) -> None:
        allowed = self._allowed()
        if index < len(allowed):
            self.app.push_screen(allowed[index].screen())

    def compose_body(self) -> ComposeResult:
        yield Static(id="home-greeting")
        with Vertical(id="workflow-list"):
            for index, workflow in enumerate(self._allowed()):
                yield Button(
                    self._label(index, workflow), id=f"workflow-{workflow.name}", name=workflow.name
                )

    def retranslate(self) -> None:
        operator = self.station.operator
        greeting = Text(_("ui.home.greeting") + " ")
        greeting.append(shown(operator.name) if operator else "", style="bold")
        self.query_one("#home-greeting", Static).update(greeting)
        for index, workflow in enumerate(self._allowed()):
            self.query_one(f"#workflow-{workflow.name}", Button).label = self._label(
                index, workflow
            )

    def handle_outcome(self, outcome: Outcome) -> None:
        # The CMD:LOGOUT sheet at the station logs out like F10 does.
        if outcome.ok and outcome.params.get("command") == "LOGOUT":
            # On the app, not this screen: the screen goes away during the log-out.
            self.app.run_worker(self.station.action_logout())

    @on(Button.Pressed)
    def _open(self, event: Button.Pressed) -> None:
        if event.button.name:
            self.app.push_screen(self.station.menu.get(event.button.name).screen())
