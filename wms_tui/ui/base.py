"""What every station screen shares: status line, title, feedback banner, key hints."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from wms_tui.core.errors import WmsError
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import UnitOfWork
from wms_tui.i18n import _
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.common.key_hints import KeyHints
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.common.status_line import StatusLine

if TYPE_CHECKING:
    from wms_tui.ui.app import StationApp


T = TypeVar("T")
SHORT_BELOW = 28  # rows: 80x24 is short, 100x30 and 120x36 are not


class StationScreen(Screen[None]):
    CONTEXT: ClassVar[str] = ""
    """The pipeline context that takes scans while this screen is in front."""
    TITLE_MSGID: ClassVar[str] = ""
    PROMPT_MSGID: ClassVar[str] = ""
    CONTEXTS: ClassVar[tuple[str, ...]] = ()
    """Every pipeline context whose handler serves the screen (bootstrap registers them);
    the menu names the screen a waiting scan belongs to from them."""
    ENTRY_MSGID: ClassVar[str] = ""
    """The placeholder of the screen's manual-entry field, for a label that will not scan:
    typed and Enter, it goes the way a scan goes. No field when empty."""

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status-line")
        yield Static(id="screen-title")
        with Vertical(id="screen-body"):
            yield from self.compose_body()
        if self.ENTRY_MSGID:
            yield ScanEntry(self.ENTRY_MSGID, id="manual-entry")
        yield FeedbackBanner(id="feedback")
        yield KeyHints(id="key-hints")

    def compose_body(self) -> ComposeResult:
        yield from ()

    @property
    def station(self) -> StationApp:
        return cast("StationApp", self.app)

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal (80x24): app.tcss makes the banner and the home's buttons
        # smaller under `-short`, so a screen's own content keeps its rows.
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT_BELOW, "-short")
        if self.PROMPT_MSGID:
            self.query_one(FeedbackBanner).show_prompt(self.PROMPT_MSGID)
        self.focus_entry()

    def focus_entry(self) -> None:
        """Where typing goes when no dialog or list of the screen is open."""
        if self.ENTRY_MSGID:
            self.query_one(ScanEntry).focus()

    @on(Input.Submitted, "#manual-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.input.value = ""
        if event.value.strip():
            self.station.submit_text(event.value.strip(), source="manual")

    def on_screen_resume(self) -> None:
        if self.CONTEXT:
            self.station.context.pipeline.activate(self.CONTEXT)
        self.refresh_texts()

    def refresh_texts(self) -> None:
        """Re-render every visible text in the current language."""
        self.query_one(StatusLine).show(self.station.status())
        self.query_one(KeyHints).rerender(self.station.operator is not None)
        self.query_one(FeedbackBanner).rerender()
        if self.ENTRY_MSGID:
            self.query_one(ScanEntry).retranslate()
        self.query_one("#screen-title", Static).update(
            Text(_(self.TITLE_MSGID) if self.TITLE_MSGID else "", style="bold")
        )
        self.retranslate()

    def retranslate(self) -> None:
        """Screens re-render their own texts here."""

    def outcome_arrived(self, outcome: Outcome) -> None:
        self.query_one(FeedbackBanner).show_outcome(outcome)
        self.handle_outcome(outcome)

    def handle_outcome(self, outcome: Outcome) -> None:
        """Screens act on what a scan came to here."""

    def reload(self) -> None:
        """Read again what the screen shows (with `read`); screens that show stored data
        override it."""

    def read(self, fn: Callable[[UnitOfWork], T]) -> T | None:
        """What the screen shows, read in a unit of work that only reads: on SQLite it never
        takes the write lock, so another station's import or wave release never holds it
        up. A storage error is said on the banner (the screen keeps what it shows, the
        station goes on); None then."""
        try:
            with self.station.context.read_unit() as uow:
                return fn(uow)
        except WmsError as error:
            self.query_one(FeedbackBanner).show_outcome(Outcome.from_error(error))
            return None

    def read_later(
        self, read: Callable[[UnitOfWork], T], then: Callable[[T], None], *, group: str
    ) -> None:
        """`read` as `read` does, but in a thread worker, so a slow or locked database never
        holds the screen; `then` gets what was read, on the UI thread. A storage error is
        said on the banner with its sound, and `then` is not called. A newer read of the
        same `group` cancels one still waiting."""

        def work() -> None:
            try:
                with self.station.context.read_unit() as uow:
                    found = read(uow)
            except WmsError as error:
                self.app.call_from_thread(self.station.present, Outcome.from_error(error))
                return
            self.app.call_from_thread(then, found)

        self.run_worker(work, thread=True, exclusive=True, group=group)

    def show_status(self) -> None:
        self.query_one(StatusLine).show(self.station.status())
