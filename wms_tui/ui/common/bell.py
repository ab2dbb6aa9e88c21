"""Feedback through the terminal bell, for stations without a sound player."""

from __future__ import annotations

from typing import Any

from textual.app import App

from wms_tui.core.ports import SoundClass

# An accepted scan stays quiet: a bell on every good scan would drown out the bad ones.
_RINGS = {
    SoundClass.OK: 0,
    SoundClass.NEEDS_INPUT: 1,
    SoundClass.WARNING: 2,
    SoundClass.ERROR: 3,
    SoundClass.ALARM: 6,
}


class BellFeedback:
    """Implements the Feedback port; StationApp attaches itself when it mounts."""

    def __init__(self) -> None:
        self._app: App[Any] | None = None

    def attach(self, app: App[Any]) -> None:
        self._app = app

    def rings(self, kind: SoundClass) -> int:
        return _RINGS[kind]

    def sound(self, kind: SoundClass) -> None:
        if self._app is None:
            return
        for _ring in range(_RINGS[kind]):
            self._app.bell()
