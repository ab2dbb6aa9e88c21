"""The station app: screens, function keys, and the UI half of the scan pipeline.

Every key reaches `on_event` here first. Keyboard-wedge scanners type like a very fast
person, so characters and the terminator are judged in this one handler: a burst becomes
a scan, slower keys are handed to the focused field. Splitting characters and Enter across
message pumps reorders bursts (DESIGN.md section 6).
"""

from __future__ import annotations

import logging
import math
import sys
import termios
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, TextIO

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import _character_to_key
from textual.widgets import Button, Input

from wms_tui.core import operators
from wms_tui.core.errors import WmsError
from wms_tui.core.model import Operator, Role
from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import KEY_SOURCE, Scan
from wms_tui.core.station import StationContext, WedgeDecoder, WedgeVerdict
from wms_tui.i18n import LANGUAGES, current_language, set_language
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.bell import BellFeedback
from wms_tui.ui.common.status_line import StationStatus
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.menu import Menu
from wms_tui.ui.messages import Key as TypedKey
from wms_tui.ui.messages import OutcomesWaiting, ScanArrived, ScannerStateChanged, WedgeTick
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.login import LoginScreen
from wms_tui.ui.station.scanner_test import ScannerTestScreen

_TERMINATORS = ("\r", "\n")
_GS = "\x1d"
_TAB = "\t"
# Not printable, yet data inside a scan (GS1 separator, multi-field labels): the detector
# decides whether they belong to a burst, or a TAB is a person moving focus.
_SCAN_CONTROLS = (_GS, _TAB)
EXPIRE_INTERVAL_S = 0.05
# How often the station checks that its terminal is still there (StationApp._watch_terminal).
TERMINAL_CHECK_S = 1.0
IDLE_CHECK_S = 5.0

log = logging.getLogger(__name__)


def watched_terminal(headless: bool, stdin: TextIO | None) -> int | None:
    """The terminal the station runs in, to watch (StationApp._watch_terminal); none when
    headless (tests, benchmarks) or when input is not a terminal."""
    if headless or stdin is None or not stdin.isatty():
        return None
    return stdin.fileno()


class StationApp(App[None]):
    CSS_PATH: ClassVar[str | Path | None] = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "switch_language", priority=True, show=False),
        Binding("f3", "repeat", priority=True, show=False),
        Binding("f4", "mute", priority=True, show=False),
        Binding("f10,ctrl+l", "logout", priority=True, show=False),
    ]

    def __init__(
        self,
        context: StationContext,
        *,
        menu: Menu,
        start: str = "login",
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.menu = menu
        self.operator: Operator | None = None
        self.muted = context.muted
        self.printer_problem = ""  # set by a screen whose print failed, cleared by one that works
        self.last_outcome: Outcome | None = None
        self.scanner_states: dict[str, str] = {
            name: context.scanner_states.get(name, "disconnected") for name in context.scanner_names
        }
        self._start = start
        self._on_start: list[Outcome] = []
        self._waiting: list[Outcome] = []  # committed outcomes not yet presented
        self._waiting_lock = threading.Lock()
        self._monotonic = monotonic
        self.terminal_fd: int | None = None  # watched once running in a real terminal
        self._terminal_failures = 0
        self._last_activity = 0.0  # a key or a scan: the idle log-out counts from here
        self._decoder: WedgeDecoder | None = (
            context.wedge_factory() if context.wedge_factory else None
        )
        set_language(context.language)
        # A serial scan may arrive before the first screen is up: it is a log-in attempt.
        context.pipeline.activate("scanner_test" if start == "scanner_test" else "login")

    # --- screens -----------------------------------------------------------------------
    def show_on_start(self, outcomes: Sequence[Outcome]) -> None:
        """Outcomes of scans applied before the app ran (start-up recovery): no listener
        was attached yet, so they are shown, in order, once the first screen is up."""
        self._on_start = list(outcomes)

    async def on_mount(self) -> None:
        # Added once the loop runs: post_message is only thread-safe from then on.
        self.context.pipeline.add_listener(self._outcome_from_worker)
        if isinstance(self.context.feedback, BellFeedback):
            self.context.feedback.attach(self)
        if self._decoder is not None:
            self.set_interval(EXPIRE_INTERVAL_S, self._tick_wedge)
        self.terminal_fd = watched_terminal(self.is_headless, sys.__stdin__)
        if self.terminal_fd is not None:
            self.set_interval(TERMINAL_CHECK_S, self._watch_terminal)
        if self.context.idle_logout_min > 0:
            self.set_interval(IDLE_CHECK_S, self._check_idle)
        await self.push_screen(
            ScannerTestScreen() if self._start == "scanner_test" else LoginScreen()
        )
        for outcome in self._on_start:
            self.present(outcome)
        self._on_start = []

    def _watch_terminal(self) -> None:
        """A terminal window closed under a parent that keeps the hang-up to itself (make,
        a shell script) leaves the station reading end-of-file forever, at full CPU, on a
        PC that runs all day: a terminal that is gone ends the station. Scans already
        journaled are applied at the next start."""
        if self.terminal_fd is None:
            return
        try:
            termios.tcgetattr(self.terminal_fd)
        except (termios.error, OSError):
            # Twice in a row, a second apart: a hung-up terminal stays hung up.
            self._terminal_failures += 1
            if self._terminal_failures >= 2:
                log.warning("the terminal went away: the station closes")
                self.terminal_fd = None
                self.exit(return_code=1)
            return
        self._terminal_failures = 0

    def authenticate(self, badge: str, pin: str | None) -> Operator:
        """Badge + PIN with this station's lock-out rule; wrong PINs count toward the lock."""
        context = self.context
        return operators.login(
            context.uow_factory,
            context.pin_hasher,
            context.clock,
            badge=badge,
            pin=pin,
            station_id=context.station_id,
        )

    def authorize(self, badge: str, pin: str | None, role: Role) -> Operator:
        """Someone else's badge and PIN for one action (a takeover, closing a kiosk): the core
        checks the role; wrong PINs count toward the lock as at the log-in screen."""
        c = self.context
        return operators.verify(
            c.uow_factory, c.pin_hasher, c.clock, badge=badge, pin=pin, role=role,
            station_id=c.station_id,
        )  # fmt: skip

    def logged_in(self, operator: Operator) -> None:
        self._last_activity = self._now()
        self.operator = operator
        self.context.pipeline.set_operator(operator.badge)
        self.switch_screen(HomeScreen())

    def status(self) -> StationStatus:
        return StationStatus(
            station_id=self.context.station_id,
            station_name=self.context.station_name,
            operator_name=self.operator.name if self.operator else "",
            database_label=self.context.database_label,
            muted=self.muted,
            scanners=dict(self.scanner_states),
            printer_problem=self.printer_problem,
        )

    def _station_screen(self) -> StationScreen | None:
        screen = self.screen
        return screen if isinstance(screen, StationScreen) else None

    # --- outcomes ----------------------------------------------------------------------
    def _outcome_from_worker(self, outcome: Outcome) -> None:
        # Runs on the pipeline's thread: post_message is the thread-safe way in. Outcomes
        # that come faster than the app takes them (a burst) wait here and go in with the
        # one message already on its way, not one message each.
        with self._waiting_lock:
            self._waiting.append(outcome)
            if len(self._waiting) > 1:
                return
        self.post_message(OutcomesWaiting())

    def on_outcomes_waiting(self, _message: OutcomesWaiting) -> None:
        with self._waiting_lock:
            outcomes, self._waiting = self._waiting, []
        for outcome in outcomes:
            self.present(outcome)

    def present(self, outcome: Outcome) -> None:
        """Banner and sound for an outcome; only ever called once it is committed."""
        self.last_outcome = outcome
        self._last_activity = self._now()  # a scan is work too, for the idle log-out
        screen = self._station_screen()
        if screen is not None:
            screen.outcome_arrived(outcome)
        # After the banner: whatever the sound does, it cannot hold the banner back.
        if not self.muted:
            self.context.feedback.sound(outcome.sound)

    # --- scans -------------------------------------------------------------------------
    def on_scan_arrived(self, message: ScanArrived) -> None:
        self.context.pipeline.submit(message.scan)  # the pipeline stamps who is logged in

    def submit_key(self, text: str) -> None:
        """A key action, as a typed command (core.scans.key_command): journaled and applied
        in order with the scans around it, whatever prefix command barcodes use."""
        self.submit_text(text, source=KEY_SOURCE)

    def submit_text(self, text: str, *, source: str, symbology: str = "") -> None:
        self.context.pipeline.submit(
            Scan(
                scan_id=str(uuid.uuid4()),
                source=source,
                text=text,
                symbology=symbology,
                received_at=self.context.clock.now(),
            )
        )

    def scanner_state(self, name: str, state: str) -> None:
        """Safe from any thread: reader threads report connect / drop / reconnect here."""
        self.post_message(ScannerStateChanged(name, state))

    def on_scanner_state_changed(self, message: ScannerStateChanged) -> None:
        self.scanner_states[message.name] = message.state
        screen = self._station_screen()
        if screen is not None:
            screen.show_status()

    # --- keyboard wedge ----------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_activity = self._now()
        longest = self.context.resolver_config.max_length
        if isinstance(event, events.Paste) and len(event.text) > longest:
            # Longer than any scan (a pasted file): refused as a too-long scan is, in words,
            # and never typed into a field, where a megabyte froze the station for minutes.
            self.submit_text(event.text[: longest + 1], source="keyboard")
            return
        if isinstance(event, events.Key) and self._words_typed(event.character):
            if self._decoder and self._decoder.pending:
                await self._take(self._decoder.expire(math.inf))  # what came before first
            await self._type(event.character or "")
            return
        if (
            isinstance(event, events.Key)
            and not isinstance(event, TypedKey)
            and not event.is_forwarded
            and self._decoder
            and not self._pin_entry()
        ):
            char = event.character
            if char and (
                char.isprintable()
                or char in _TERMINATORS
                or char in _SCAN_CONTROLS
                or char in self._decoder.prefix
            ):
                # The key's own time, not the handler's: a busy loop must not split a burst.
                at = self._monotonic() if self._monotonic else event.time
                await self._take(self._decoder.feed("\r" if char == "\n" else char, at))
                return
            if self._decoder.pending:
                # Backspace or a function key mid-typing: whatever is held goes first,
                # scan or not, so the field sees the keys in the order they were pressed.
                await self._take(self._decoder.expire(math.inf))
        await super().on_event(event)

    def _pin_entry(self) -> bool:
        """A PIN goes straight to its field: however fast it is typed it is never a scan,
        so it can never land in the scan journal."""
        focused = self.focused
        return isinstance(focused, Input) and focused.password

    def _words_typed(self, char: str | None) -> bool:
        """Chinese typed into a text field (a reason, a note, a name) is text: an input
        method hands over a whole word at once, as fast as a scanner, but a scanner in
        keyboard mode types ASCII only. The scan entry keeps taking every burst as a scan."""
        focused = self.focused
        if not char or char.isascii() or not isinstance(focused, Input):
            return False
        return focused.id != "manual-entry"

    def _now(self) -> float:
        # The clock Textual stamps key events with: time.monotonic on the Linux stations.
        return self._monotonic() if self._monotonic else time.monotonic()

    def _tick_wedge(self) -> None:
        # Queued behind the keys already posted, so it never cuts a burst still in the queue.
        if self._decoder is not None and self._decoder.pending:
            self.post_message(WedgeTick(self._now()))

    async def on_wedge_tick(self, message: WedgeTick) -> None:
        if self._decoder is not None and self._decoder.pending:
            await self._take(self._decoder.expire(message.at))

    async def _take(self, verdict: WedgeVerdict) -> None:
        if verdict.typed:
            await self._type(verdict.typed)
        for text in verdict.scans:
            self.submit_text(text, source="keyboard")

    async def _type(self, typed: str) -> None:
        """Keys a person typed go to the focused field, Enter included, in order."""
        for char in typed:
            focused = self.focused
            if char == _TAB:
                # A person's TAB (or a scanner's TAB terminator): the usual focus move.
                self.screen.focus_next()
            elif isinstance(focused, Input):
                if char in _TERMINATORS:
                    await focused.action_submit()
                elif char != _GS:
                    focused.insert_text_at_cursor(char)
            elif isinstance(focused, Button) and char in _TERMINATORS:
                focused.press()
            else:
                key = "enter" if char in _TERMINATORS else _character_to_key(char)
                self.post_message(TypedKey(key, char))

    # --- function keys -----------------------------------------------------------------
    def action_switch_language(self) -> None:
        index = LANGUAGES.index(current_language())
        set_language(LANGUAGES[(index + 1) % len(LANGUAGES)])
        for screen in self.screen_stack:
            if isinstance(screen, StationScreen) and screen.is_mounted:
                screen.refresh_texts()

    def action_repeat(self) -> None:
        if self.last_outcome is not None:
            self.present(self.last_outcome)

    def action_mute(self) -> None:
        self.muted = not self.muted
        screen = self._station_screen()
        if screen is not None:
            screen.show_status()

    # --- leaving the station ------------------------------------------------------------
    async def action_quit(self) -> None:
        """Ctrl+Q. A kiosk station (the floor never sees a shell) closes only for an admin's
        badge and PIN; otherwise it closes at once, as any terminal program."""
        if not self.context.kiosk:
            self.exit()
            return
        if not isinstance(self.screen, SupervisorDialog):
            dialog = SupervisorDialog("ui.kiosk.exit_title", role=Role.ADMIN)
            self.push_screen(dialog, self._close_for)

    def _close_for(self, admin: Operator | None) -> None:
        if admin is not None:
            self._leave(admin)

    @work(thread=True, group="kiosk-exit")
    def _leave(self, admin: Operator) -> None:
        try:
            operators.record_exit(
                self.context.uow_factory, self.context.clock, admin, self.context.station_id
            )
        except WmsError:
            # The admin is standing there: the audit line is lost, the station still closes.
            log.warning("the station closed for %s without its audit line", admin.badge)
        self.call_from_thread(self.exit)

    def _check_idle(self) -> None:
        idle_s = self.context.idle_logout_min * 60
        if self.operator is not None and self._now() - self._last_activity >= idle_s:
            log.info("%s logged out after %s idle minutes", self.operator.badge, idle_s // 60)
            self.run_worker(self.action_logout(), group="idle-logout", exclusive=True)

    async def action_logout(self) -> None:
        if self.operator is None:
            return
        unsaved: Outcome | None = None
        try:
            operators.logout(
                self.context.uow_factory, self.context.clock, self.operator, self.context.station_id
            )
        except WmsError as error:
            # The person leaves all the same: a station must not stay logged in because the
            # database could not take the audit line. The log-in screen says what failed.
            unsaved = Outcome.from_error(error)
        self.operator = None
        self.context.pipeline.set_operator("")
        self.last_outcome = None
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        await self.switch_screen(LoginScreen())
        if unsaved is not None:
            self.present(unsaved)
