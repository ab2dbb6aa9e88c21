"""Log-in: scan (or type) a badge, then the PIN if the operator has one.

A badge locked by wrong PINs can be freed right here: F12 opens the supervisor dialog
(badge + PIN, counted like any log-in), so nobody has to walk to a shell.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from wms_tui.core import operators
from wms_tui.core.errors import OperatorLocked, WmsError
from wms_tui.core.model import Operator
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass
from wms_tui.i18n import _
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog


class LoginScreen(StationScreen):
    CONTEXT = "login"
    TITLE_MSGID = "ui.login.title"
    PROMPT_MSGID = "ui.login.prompt"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f12", "unlock", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.badge: str | None = None
        self.locked: tuple[str, str] | None = None  # (badge, name) last refused as locked

    def compose_body(self) -> ComposeResult:
        yield Static(id="login-help")
        yield ScanEntry("ui.login.badge_placeholder", id="badge-entry")
        yield Static(id="pin-label")
        yield Input(password=True, id="pin-entry", max_length=8)

    def on_mount(self) -> None:
        super().on_mount()
        self._ask_badge()

    def retranslate(self) -> None:
        self._show_help()
        self.query_one(ScanEntry).retranslate()
        self.query_one("#pin-label", Static).update(Text(_("ui.login.pin_label")))
        self.query_one("#pin-entry", Input).placeholder = _("ui.login.pin_placeholder")

    def _show_help(self) -> None:
        help_text = (
            _("ui.login.unlock_help", name=self.locked[1]) if self.locked else _("ui.login.help")
        )
        self.query_one("#login-help", Static).update(Text(help_text))

    def _was_locked(self, error_params: dict[str, object]) -> None:
        badge = error_params.get("badge")
        if isinstance(badge, str):
            self.locked = (badge, str(error_params.get("name", badge)))
            self._show_help()

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
        if outcome.error_code == OperatorLocked.code:
            self._was_locked(outcome.params)
        if not outcome.ok or not isinstance(badge, str):
            return
        if outcome.sound is SoundClass.NEEDS_INPUT:
            self._ask_pin(badge)
        else:
            self._log_in(badge, None)

    # On a thread: checking a PIN hashes it (tens of milliseconds) and writes the audit line,
    # which on a locked database waits and retries for seconds. The screen stays live.
    @work(thread=True, group="log-in")
    def _log_in(self, badge: str, pin: str | None) -> None:
        try:
            operator = self.station.authenticate(badge, pin)
        except WmsError as error:
            self.app.call_from_thread(self._refused, error)
            return
        self.app.call_from_thread(self._accepted, operator)

    def _refused(self, error: WmsError) -> None:
        self.station.present(Outcome.from_error(error))
        if isinstance(error, OperatorLocked):
            self._was_locked(error.params)
            self._ask_badge()
        elif self.badge is None:
            self._ask_badge()

    def _accepted(self, operator: Operator) -> None:
        self._ask_badge()
        self.station.logged_in(operator)

    def action_unlock(self) -> None:
        if self.locked is None:
            return
        badge, name = self.locked
        self.app.push_screen(
            SupervisorDialog("ui.login.unlock_title", name=name),
            lambda supervisor: self._unlock(badge, name, supervisor),
        )

    def _unlock(self, badge: str, name: str, supervisor: Operator | None) -> None:
        if supervisor is None:
            return
        context = self.station.context
        try:
            operators.unlock_by(
                context.uow_factory,
                context.clock,
                badge,
                supervisor=supervisor,
                station_id=context.station_id,
            )
        except WmsError as error:
            self.station.present(Outcome.from_error(error))
            return
        self.locked = None
        self._show_help()
        self.station.present(Outcome.accepted("ui.login.unlocked", name=name, by=supervisor.name))
