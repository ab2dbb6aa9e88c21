"""Stand-ins for real hardware, for tests and the demo mode."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from devices.framing import Framer, FramerOptions, RawScan
from devices.supervisor import CONNECTED, CONNECTING, STOPPED


class ScriptedScanner:
    """Plays a script of scans through the same framer and callbacks as a serial scanner.

    Each script entry is the bytes (or text) of one scan without terminator. ``start()`` plays
    the script on a thread, ``interval`` seconds apart; ``scan()`` sends one at once on the
    caller's thread.
    """

    def __init__(
        self,
        name: str,
        script: Iterable[bytes | str] = (),
        *,
        on_scan: Callable[[RawScan], None],
        on_state: Callable[[str, str], None] | None = None,
        interval: float = 0.0,
        framer_options: FramerOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._script = [s.encode("utf-8") if isinstance(s, str) else s for s in script]
        self._on_scan = on_scan
        self._on_state = on_state
        self._interval = interval
        self._framer = Framer(name, framer_options)
        self._clock = clock
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.done = threading.Event()
        self.state = STOPPED

    def scan(self, data: bytes | str, terminator: bytes = b"\r\n") -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with self._lock:
            scans = self._framer.feed(raw + terminator, self._clock())
        for scan in scans:
            self._on_scan(scan)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"scanner {self.name} already started")
        self._stopping.clear()
        self.done.clear()
        self._thread = threading.Thread(target=self._play, name=f"fake-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _play(self) -> None:
        self._set_state(CONNECTING)
        self._set_state(CONNECTED)
        try:
            for entry in self._script:
                if self._stopping.is_set():
                    break
                self.scan(entry)
                if self._interval and self._stopping.wait(self._interval):
                    break
            self.done.set()
            self._stopping.wait()
        finally:
            self._set_state(STOPPED)

    def _set_state(self, state: str) -> None:
        self.state = state
        if self._on_state is not None:
            self._on_state(self.name, state)


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    name: str
    data: bytes


class RecordingPrinter:
    """A printer that keeps what it was sent; same ``print_pdf`` as the real targets."""

    def __init__(self, fail_with: Exception | None = None) -> None:
        self.documents: list[PrintedDocument] = []
        self.fail_with = fail_with
        self._lock = threading.Lock()

    def print_pdf(self, name: str, pdf: bytes) -> str:
        if self.fail_with is not None:
            raise self.fail_with
        with self._lock:
            self.documents.append(PrintedDocument(name, pdf))
            return f"memory:{len(self.documents)}:{name}"


class HangingPrinter(RecordingPrinter):
    """A printer that accepts the job and then hangs, as a CUPS queue or a raw socket can,
    until `release` is set (tests of "printing never holds a scan back")."""

    def __init__(self, timeout_s: float = 30.0) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()
        self._timeout_s = timeout_s

    def print_pdf(self, name: str, pdf: bytes) -> str:
        self.started.set()
        if not self.release.wait(timeout=self._timeout_s):
            raise TimeoutError("the test never released the printer")
        return super().print_pdf(name, pdf)
