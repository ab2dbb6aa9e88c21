"""Log-in: scan (or type) a badge, then the PIN if the operator has one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from wms_tui.core.errors import OperatorLocked, WmsError
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.i18n import _
from wms_tui.ui.screens.station_screen import StationScreen
from wms_tui.ui.widgets.scan_entry import ScanEntry


class LoginScreen(StationScreen):
    CONTEXT = "login"
    TITLE_MSGID = "ui.login.title"
    PROMPT_MSGID = "ui.login.prompt"

    def __init__(self) -> None:
        super().__init__()
        self.badge: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="login-help")
        yield ScanEntry("ui.login.badge_placeholder", id="badge-entry")
        yield Static(id="pin-label")
        yield Input(password=True, id="pin-entry", max_length=8)

    def on_mount(self) -> None:
        super().on_mount()
        self._ask_badge()

    def retranslate(self) -> None:
        self.query_one("#login-help", Static).update(Text(_("ui.login.help")))
        self.query_one(ScanEntry).retranslate()
        self.query_one("#pin-label", Static).update(Text(_("ui.login.pin_label")))
        self.query_one("#pin-entry", Input).placeholder = _("ui.login.pin_placeholder")

    def _ask_badge(self) -> None:
        self.badge = None
        pin = self.query_one("#pin-entry", Input)
        pin.value = ""
        self.query_one("#pin-label").display = False
        pin.display = False
        self.query_one(ScanEntry).focus()

    def _ask_pin(self, badge: str) -> None:
        self.badge = badge
        pin = self.query_one("#pin-entry", Input)
        pin.value = ""
        self.query_one("#pin-label").display = True
        pin.display = True
        pin.focus()

    @on(Input.Submitted, "#badge-entry")
    def _badge_typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if event.value.strip():
            self.station.submit_text(event.value.strip(), source="manual")

    @on(Input.Submitted, "#pin-entry")
    def _pin_typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if self.badge is not None:
            self._log_in(self.badge, event.value)

    def handle_outcome(self, outcome: Outcome) -> None:
        badge = outcome.params.get("badge")
        if not outcome.ok or not isinstance(badge, str):
            return
        if outcome.sound is SoundClass.NEEDS_INPUT:
            self._ask_pin(badge)
        else:
            self._log_in(badge, None)

    def _log_in(self, badge: str, pin: str | None) -> None:
        try:
            operator = self.station.authenticate(badge, pin)
        except OperatorLocked as error:
            self.station.present(Outcome.from_error(error))
            self._ask_badge()
            return
        except WmsError as error:
            self.station.present(Outcome.from_error(error))
            if self.badge is None:
                self._ask_badge()
            return
        self._ask_badge()
        self.station.logged_in(operator)
