"""Serial bench scale: weight frames in, the latest stable weight out.

Common Chinese bench scales (and most RS-232 / USB-CDC indicators) send ASCII frames either
continuously or when asked: ``ST,GS,+0001.250kg`` (ST stable / US unstable / OL overload;
GS gross, NT net) or a bare ``  1.250 kg``. A reader thread keeps the last stable weight; an
unstable frame clears it, because the parcel is moving and the last figure no longer holds.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import serial

from devices.serial_scanner import open_port

log = logging.getLogger(__name__)

STALE_S: Final = 2.0
_SPLIT = re.compile(rb"[\r\n]+")
_FRAME = re.compile(
    rb"\s*(?:(ST|US|OL)\s*,\s*(?:(?:GS|NT|GW|NW|TR)\s*,\s*)?)?"
    rb"([+-]?)\s*([0-9]{1,7}(?:\.[0-9]{1,4})?)\s*(kg|g)\s*",
    re.IGNORECASE,
)
_GRAMS_PER: Final = {b"kg": Decimal(1000), b"g": Decimal(1)}


@dataclass(frozen=True)
class Weight:
    grams: int
    stable: bool


def parse_weight(frame: bytes) -> Weight | None:
    """One frame without its terminator; None for anything that is not a usable weight
    (overload, garbage, a unit we do not know)."""
    found = _FRAME.fullmatch(frame)
    if found is None:
        return None
    status, sign, number, unit = found.groups()
    if status is not None and status.upper() == b"OL":
        return None
    grams = int((Decimal(number.decode("ascii")) * _GRAMS_PER[unit.lower()]).to_integral_value())
    if sign == b"-":
        grams = -grams
    stable = status is None or status.upper() == b"ST"
    return Weight(grams, stable)


class SerialScale:
    """Reads a scale on a serial port in a thread; `read_grams` is safe from any thread.

    ``request`` is sent every ``poll_s`` for scales that answer on demand (often ``b"R"``
    or ``b"P\\r\\n"``); leave it None for scales that stream.
    """

    def __init__(
        self,
        port_spec: str,
        baudrate: int = 9600,
        *,
        request: bytes | None = None,
        poll_s: float = 0.2,
        stale_s: float = STALE_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.port_spec = port_spec
        self.baudrate = baudrate
        self._request = request
        self._poll_s = poll_s
        self._stale_s = stale_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._stable: tuple[int, float] | None = None
        self._last: Weight | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    # --- reading (any thread) ------------------------------------------------------
    def read_grams(self) -> int | None:
        """The last stable weight, or None when there is none or it is older than stale_s."""
        with self._lock:
            stable = self._stable
        if stable is None or self._monotonic() - stable[1] > self._stale_s:
            return None
        return stable[0]

    def latest(self) -> Weight | None:
        """The last frame read, stable or not (for a display)."""
        with self._lock:
            return self._last

    def feed(self, frame: bytes) -> Weight | None:
        """Take one frame (the reader thread calls this; tests may too)."""
        weight = parse_weight(frame)
        if weight is None:
            return None
        with self._lock:
            self._last = weight
            self._stable = (weight.grams, self._monotonic()) if weight.stable else None
        return weight

    # --- thread --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="scale", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        backoff = 0.05
        while not self._stop.is_set():
            try:
                port = open_port(self.port_spec, self.baudrate, timeout=0.1)
            except Exception as error:  # a missing or busy port: try again later
                log.debug("scale %s not open: %s", self.port_spec, error)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            backoff = 0.05
            try:
                self._read(port)
            except (serial.SerialException, OSError) as error:
                log.warning("scale %s lost: %s", self.port_spec, error)
            finally:
                self.connected.clear()
                with self._lock:
                    self._stable = None
                port.close()

    def _read(self, port: serial.SerialBase) -> None:
        self.connected.set()
        buffer = b""
        next_request = 0.0
        while not self._stop.is_set():
            if self._request is not None and time.monotonic() >= next_request:
                port.write(self._request)
                next_request = time.monotonic() + self._poll_s
            # in_waiting is not on SerialBase (URL ports); every real port has it.
            chunk = port.read(max(1, int(getattr(port, "in_waiting", 0))))
            if not chunk:
                continue
            parts = _SPLIT.split(buffer + chunk)
            buffer = parts.pop()  # an unterminated tail waits for the rest of its frame
            for frame in parts:
                if frame:
                    self.feed(frame)
            if len(buffer) > 256:
                buffer = b""  # no terminator in sight: noise, not a frame
