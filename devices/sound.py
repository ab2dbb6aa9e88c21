"""Sounds for the four feedback classes through a configured command (aplay, paplay, beep ...)."""

from __future__ import annotations

import logging
import queue
import shlex
import subprocess
import threading

log = logging.getLogger(__name__)

# Sounds not yet started beyond this are dropped: a player that hangs must not pile up
# a backlog that then plays for minutes.
MAX_BACKLOG = 8


class CommandSound:
    """Runs `command CLASS` on a thread of its own and never waits for it.

    Even starting a process (fork + exec, a player on a slow disk) can take long enough to
    be felt, so ``play`` only queues the class; the caller (the UI thread) returns at once.
    """

    def __init__(self, command: str) -> None:
        self._argv = shlex.split(command)
        self._warned = False
        self._queue: queue.Queue[str | threading.Event] = queue.Queue(MAX_BACKLOG)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def play(self, sound_class: str) -> None:
        self._ensure_thread()
        try:
            self._queue.put_nowait(sound_class)
        except queue.Full:
            log.debug("sound %s dropped: the player is not keeping up", sound_class)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Every queued sound started (tests)."""
        self._ensure_thread()
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sound", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if isinstance(item, threading.Event):
                item.set()
            else:
                self._start(item)

    def _start(self, sound_class: str) -> None:
        try:
            subprocess.Popen(
                [*self._argv, sound_class],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            if not self._warned:
                # Logged once: a missing player must not flood the log on every scan.
                log.warning("sound command %s failed: %s", self._argv, exc)
                self._warned = True
