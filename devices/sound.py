"""Sounds for the four feedback classes through a configured command (aplay, paplay, beep ...)."""

from __future__ import annotations

import logging
import shlex
import subprocess
import threading

log = logging.getLogger(__name__)


class CommandSound:
    """Runs `command CLASS` without waiting: a slow sound player must never delay a scan."""

    def __init__(self, command: str) -> None:
        self._argv = shlex.split(command)
        self._warned = False
        self._lock = threading.Lock()

    def play(self, sound_class: str) -> None:
        try:
            subprocess.Popen(
                [*self._argv, sound_class],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            with self._lock:
                if not self._warned:
                    # Logged once: a missing player must not flood the log on every scan.
                    log.warning("sound command %s failed: %s", self._argv, exc)
                    self._warned = True
