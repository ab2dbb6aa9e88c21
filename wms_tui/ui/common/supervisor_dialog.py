"""A supervisor confirms a takeover or an override at the inspector's station: badge + PIN
(an admin, with `role=Role.ADMIN`, to close a kiosk station).

Badge, PIN and role are checked by the core (`operators.verify`), so a wrong PIN counts
toward the lock exactly as at the log-in screen. A badge may be scanned: while the dialog is
up the pipeline's log-in context takes scans (it only says whose badge it is), and its
outcome is relayed here.

What the supervisor then allows goes through the scan pipeline as a command text naming the
action and the supervisor (`supervised_text`), so it is journaled and stays in order with the
scans around it; `supervised_handler` applies it in the pipeline's transaction.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from wms_tui.core.errors import NotAllowed, OperatorLocked, UnknownOperator, WmsError
from wms_tui.core.model import Operator, Role
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.i18n import _

if TYPE_CHECKING:
    from wms_tui.ui.app import StationApp

BADGE_CONTEXT = "login"  # read-only: resolves a badge and says whether a PIN follows
_LABELS = {
    Role.SUPERVISOR: ("inspect.supervisor.badge_label", "inspect.supervisor.pin_label"),
    Role.ADMIN: ("ui.kiosk.badge_label", "ui.kiosk.pin_label"),
}
_NOT_ALLOWED = {
    Role.SUPERVISOR: "inspect.supervisor.not_supervisor",
    Role.ADMIN: "ui.kiosk.not_admin",
}


class _Relay:
    """One pipeline listener per pipeline, pointing at the dialog that is up (if any)."""

    def __init__(self) -> None:
        self.target: SupervisorDialog | None = None

    def __call__(self, outcome: Outcome) -> None:
        target = self.target
        if target is not None and outcome.kind == "badge":
            target.post_message(SupervisorDialog.BadgeScanned(outcome))  # thread-safe


_RELAYS: weakref.WeakKeyDictionary[ScanPipeline, _Relay] = weakref.WeakKeyDictionary()


def _relay(pipeline: ScanPipeline) -> _Relay:
    relay = _RELAYS.get(pipeline)
    if relay is None:
        relay = _RELAYS[pipeline] = _Relay()
        pipeline.add_listener(relay)
    return relay


class SupervisorDialog(ModalScreen[Operator | None]):
    """Dismisses with the verified supervisor, or None when closed with Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", show=False)]

    class BadgeScanned(Message):
        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, title_msgid: str, role: Role = Role.SUPERVISOR, **params: object) -> None:
        super().__init__()
        self._role = role
        self._title_msgid = title_msgid
        self._params = params
        self._relay: _Relay | None = None
        self.refusal: str = ""

    @property
    def station(self) -> StationApp:
        return cast("StationApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="supervisor-box"):
            yield Static(id="supervisor-title")
            yield Static(id="supervisor-badge-label")
            yield Input(id="supervisor-badge", max_length=64)
            yield Static(id="supervisor-pin-label")
            yield Input(id="supervisor-pin", password=True, max_length=8)
            yield Static(id="supervisor-refusal")
            yield Static(id="supervisor-help")

    def on_mount(self) -> None:
        pipeline = self.station.context.pipeline
        self._relay = _relay(pipeline)
        self._relay.target = self
        pipeline.activate(BADGE_CONTEXT)
        self._texts()
        self._ask_badge()

    def on_unmount(self) -> None:
        if self._relay is not None and self._relay.target is self:
            self._relay.target = None

    def _texts(self) -> None:
        title = _(self._title_msgid, **self._params)
        self.query_one("#supervisor-title", Static).update(Text(title, style="bold"))
        badge_msgid, pin_msgid = _LABELS.get(self._role, _LABELS[Role.SUPERVISOR])
        for selector, msgid in (
            ("#supervisor-badge-label", badge_msgid),
            ("#supervisor-pin-label", pin_msgid),
            ("#supervisor-help", "inspect.supervisor.help"),
        ):
            self.query_one(selector, Static).update(Text(_(msgid)))

    def _refuse(self, message: str) -> None:
        self.refusal = message
        self.query_one("#supervisor-refusal", Static).update(Text(message))
        self.set_class(bool(message), "-refused")

    def _ask_badge(self) -> None:
        self.query_one("#supervisor-pin", Input).value = ""
        badge = self.query_one("#supervisor-badge", Input)
        badge.value = ""
        badge.focus()

    def _ask_pin(self, badge: str) -> None:
        self.query_one("#supervisor-badge", Input).value = badge
        pin = self.query_one("#supervisor-pin", Input)
        pin.value = ""
        pin.focus()

    @on(Input.Submitted, "#supervisor-badge")
    def _badge_typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._refuse("")
            self._ask_pin(event.value.strip())

    def on_supervisor_dialog_badge_scanned(self, message: BadgeScanned) -> None:
        outcome = message.outcome
        badge = outcome.params.get("badge")
        if outcome.ok and isinstance(badge, str):
            self._refuse("")
            self._ask_pin(badge)
        else:
            self._refuse(outcome.text())

    @on(Input.Submitted, "#supervisor-pin")
    def _pin_typed(self, event: Input.Submitted) -> None:
        badge = self.query_one("#supervisor-badge", Input).value.strip()
        pin = event.value
        event.input.value = ""
        if badge:
            self._verify(badge, pin)
        else:
            self._ask_badge()

    # On a thread, as the log-in screen's check: hashing and a busy database stay off the UI.
    @work(thread=True, group="supervisor-pin")
    def _verify(self, badge: str, pin: str) -> None:
        try:
            supervisor = self.station.authorize(badge, pin, self._role)
        except WmsError as error:
            self.app.call_from_thread(self._not_verified, error)
            return
        self.app.call_from_thread(self._verified, supervisor)

    def _not_verified(self, error: WmsError) -> None:
        if isinstance(error, NotAllowed):
            name = str(error.params.get("name", ""))
            self._refuse(_(_NOT_ALLOWED.get(self._role, _NOT_ALLOWED[Role.SUPERVISOR]), name=name))
        else:
            self._refuse(error.message())
        if isinstance(error, (OperatorLocked, UnknownOperator, NotAllowed)):
            self._ask_badge()
        else:
            self.query_one("#supervisor-pin", Input).focus()

    def _verified(self, supervisor: Operator) -> None:
        self.dismiss(supervisor)

    def action_close(self) -> None:
        self.dismiss(None)
