"""Messages that cross threads into the app. `App.post_message` is thread-safe."""

from __future__ import annotations

from textual import events
from textual.message import Message

from wms_tui.core.scans import Scan


class ScanArrived(Message):
    """A finished scan from any reader (serial thread, keyboard wedge, manual entry)."""

    def __init__(self, scan: Scan) -> None:
        super().__init__()
        self.scan = scan


class OutcomesWaiting(Message):
    """The pipeline committed (or refused) scans; posted from its worker thread. The
    outcomes wait in the app, in order, so a burst's thousand outcomes need not be a
    thousand messages."""


class ScannerStateChanged(Message):
    """A scanner connected, dropped or is reconnecting; posted from its reader thread."""

    def __init__(self, name: str, state: str) -> None:
        super().__init__()
        self.name = name
        self.state = state


class WedgeTick(Message):
    """Time for the wedge decoder to give back held keys; `at` is when the tick was due."""

    def __init__(self, at: float) -> None:
        super().__init__()
        self.at = at


class Key(events.Key):
    """A key the wedge decoder found a person typed, handed back to Textual as a key press
    (the app's own handler lets it through to the bindings and the focused widget). Named
    Key so widgets handle it as any key (`on_key`)."""
