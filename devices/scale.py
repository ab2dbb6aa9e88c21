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

from devices import DeviceError, PortOpenError
from devices.serial_scanner import open_port
from devices.supervisor import QUIET, Backoff, Link, Supervisor

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
        self._stale_s = stale_s
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._stable: tuple[int, float] | None = None
        self._last: Weight | None = None
        self.connected = threading.Event()
        self._supervisor = Supervisor(
            _ScaleLink(self, request, poll_s, forget=self._forget),
            thread_name="scale",
            subject=f"scale {port_spec}",
            log=log,
            # A connection of any length resets the back-off, as this reader always did.
            backoff=Backoff(0.05, 2.0, stable_s=0.0),
            outage_log=QUIET,  # the link writes the scale's own lines
        )

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

    def _forget(self) -> None:
        """The port is gone or closing: no weight read from it holds any more."""
        self.connected.clear()
        with self._lock:
            self._stable = None

    # --- thread --------------------------------------------------------------------
    def start(self) -> None:
        if self._supervisor.started:
            return
        self._supervisor.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._supervisor.stop(timeout)


class _ScaleLink(Link[serial.SerialBase]):
    """The port work the supervisor drives for a scale.

    The scale keeps its own log lines: a failed open is only DEBUG (a scale not plugged in yet
    is not an error), and every lost connection is a WARNING.
    """

    def __init__(
        self,
        scale: SerialScale,
        request: bytes | None,
        poll_s: float,
        *,
        forget: Callable[[], None],
    ) -> None:
        self._scale = scale  # read at each open: its port spec and baud rate are public
        self._request = request
        self._poll_s = poll_s
        self._forget = forget

    def open(self) -> serial.SerialBase:
        scale = self._scale
        try:
            return open_port(scale.port_spec, scale.baudrate, timeout=0.1)
        except Exception as error:  # a missing or busy port: try again later
            log.debug("scale %s not open: %s", scale.port_spec, error)
            raise PortOpenError(str(error), port=scale.port_spec) from error

    def read_until_lost(
        self, port: serial.SerialBase, stopping: threading.Event
    ) -> DeviceError | None:
        try:
            self._read(port, stopping)
        except (serial.SerialException, OSError) as error:
            log.warning("scale %s lost: %s", self._scale.port_spec, error)
            return PortOpenError(str(error), port=self._scale.port_spec)
        return None

    def close(self, port: serial.SerialBase) -> None:
        self._forget()
        port.close()

    def _read(self, port: serial.SerialBase, stopping: threading.Event) -> None:
        scale = self._scale
        scale.connected.set()
        buffer = b""
        next_request = 0.0
        while not stopping.is_set():
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
                    scale.feed(frame)
            if len(buffer) > 256:
                buffer = b""  # no terminator in sight: noise, not a frame
