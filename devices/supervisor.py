"""One reconnect loop for every device reader: open, read until lost, back off, open again.

Modelled on ``serial.threaded.ReaderThread``: a daemon thread runs the loop and a separate object
(here a ``Link``, there a ``Protocol``) does the device's own work; ``stop()`` interrupts a
blocking read and joins. Unlike ``ReaderThread`` a lost device is not the end: the supervisor
reports it, backs off and opens the device again until it is back or it is told to stop.

Callbacks and ``Link`` methods run on the supervisor's thread, except ``Link.interrupt`` which
runs on the thread that calls ``stop()``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from devices import DeviceError

CONNECTING: Final = "connecting"
CONNECTED: Final = "connected"
DISCONNECTED: Final = "disconnected"
STOPPED: Final = "stopped"
# A connection that lasted less than this does not reset the reconnect back-off.
STABLE_S: Final = 1.0

PortT = TypeVar("PortT")


class Link(Generic[PortT]):
    """What the supervisor drives: one device, opened, read and closed again and again.

    Subclasses implement ``open``, ``read_until_lost`` and ``close``; the other hooks do nothing
    unless overridden.
    """

    def open(self) -> PortT:
        """Open the device; raise ``DeviceError`` when it is absent, busy or refuses."""
        raise NotImplementedError

    def read_until_lost(self, port: PortT, stopping: threading.Event) -> DeviceError | None:
        """Read and deliver until the device goes (return why) or ``stopping`` is set (return
        None). Whatever error is returned is reported as an outage, so a read that ``stop()``
        broke should return None, not the error the break raised."""
        raise NotImplementedError

    def close(self, port: PortT) -> None:
        """Release the device; called once for every successful ``open``."""
        raise NotImplementedError

    def lost(self, error: DeviceError) -> None:
        """Every failed open and every loss, before it is reported: drop half-read input so it
        is not glued to what the device sends once it is back."""

    def interrupt(self) -> None:
        """Called by ``stop()`` on the stopping thread: cut a blocking read short."""

    def describe(self, port: PortT) -> str:
        """Where the device was found, for the "is back" log line."""
        return str(port)


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait between attempts: ``initial``, doubling up to ``maximum``."""

    initial: float = 0.05
    maximum: float = 2.0
    # A device that opens and then fails at once (flaky cable, wrong device) keeps backing off;
    # one that stayed up at least this long starts again from ``initial``. 0 resets always.
    stable_s: float = STABLE_S

    def grow(self, delay: float) -> float:
        return min(delay * 2, self.maximum)


@dataclass(frozen=True, slots=True)
class OutageLog:
    """Which outage lines the supervisor writes (each device keeps the lines it always had)."""

    # WARNING "<subject> disconnected: <why>", once when an outage starts.
    outage: bool = True
    # DEBUG "<subject> still away: <why>" for every further failed attempt.
    retries: bool = True
    # INFO "<subject> is back on <where>" when the device opens again after an outage.
    recovery: bool = True


DEFAULT_BACKOFF: Final = Backoff()
ALL_LINES: Final = OutageLog()
QUIET: Final = OutageLog(outage=False, retries=False, recovery=False)


class Supervisor(Generic[PortT]):
    """Keeps one ``Link`` open on a thread of its own until ``stop()``.

    States go to ``on_state`` in this order: ``connecting`` once at start, then ``connected``
    after each open and ``disconnected`` once per outage (however many attempts fail in it),
    and ``stopped`` last. A stop is never reported as ``disconnected``.
    """

    def __init__(
        self,
        link: Link[PortT],
        *,
        thread_name: str,
        subject: str,
        log: logging.Logger,
        on_state: Callable[[str], object] | None = None,
        backoff: Backoff = DEFAULT_BACKOFF,
        outage_log: OutageLog = ALL_LINES,
        clock: Callable[[], float] = time.monotonic,
        wait: Callable[[float], object] | None = None,
    ) -> None:
        """``subject`` names the device in log lines ("scanner bench"); ``log`` is the device
        module's logger, so its records keep the name they always had. ``clock`` times a
        connection against ``backoff.stable_s``; ``wait`` is how the loop pauses between
        attempts (tests record the delays with it); by default it waits on the stop signal, so
        ``stop()`` cuts a pause short."""
        self._link = link
        self._thread_name = thread_name
        self.subject = subject
        self._log = log
        self._on_state = on_state
        self._backoff = backoff
        self._outage_log = outage_log
        self._clock = clock
        self._stopping = threading.Event()
        self._wait = self._stopping.wait if wait is None else wait
        self._thread: threading.Thread | None = None
        self.state: str = STOPPED
        self.last_error: DeviceError | None = None

    @property
    def stopping(self) -> threading.Event:
        """Set by ``stop()``; a custom ``wait`` should return early once it is set."""
        return self._stopping

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.subject} already started")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self._thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the loop and wait up to ``timeout`` for it; state ends as ``stopped``."""
        self._stopping.set()
        self._link.interrupt()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- the supervisor's thread ------------------------------------------------------------

    def _run(self) -> None:
        self._set_state(CONNECTING)
        delay = self._backoff.initial
        try:
            while not self._stopping.is_set():
                try:
                    port = self._link.open()
                except DeviceError as refused:
                    self._lost(refused)
                    self._wait(delay)
                    delay = self._backoff.grow(delay)
                    continue
                self._back(port)
                opened_at = self._clock()
                try:
                    why = self._link.read_until_lost(port, self._stopping)
                    if why is not None:
                        self._lost(why)
                finally:
                    self._link.close(port)
                if self._clock() - opened_at < self._backoff.stable_s:
                    self._wait(delay)
                    delay = self._backoff.grow(delay)
                else:
                    delay = self._backoff.initial
        finally:
            self._set_state(STOPPED)

    def _back(self, port: PortT) -> None:
        if self.last_error is not None and self._outage_log.recovery:
            self._log.info("%s is back on %s", self.subject, self._link.describe(port))
        self.last_error = None
        self._set_state(CONNECTED)

    def _lost(self, error: DeviceError) -> None:
        self.last_error = error
        self._link.lost(error)
        if self.state != DISCONNECTED:
            # Once per outage: a device left unplugged overnight must not flood the log.
            if self._outage_log.outage:
                self._log.warning("%s disconnected: %s", self.subject, error.detail)
            self._set_state(DISCONNECTED)
        elif self._outage_log.retries:
            self._log.debug("%s still away: %s", self.subject, error.detail)

    def _set_state(self, state: str) -> None:
        self.state = state
        if self._on_state is None:
            return
        try:
            self._on_state(state)
        except Exception:
            # A failing consumer must not take the reader down with it.
            self._log.exception("state handler failed for %s", self.subject)
