"""Serial (USB-CDC / RS-232) scanner: a reader thread with a reconnect supervisor.

Modelled on ``serial.threaded.ReaderThread``, but a lost port is not the end: the thread reports
it, then reopens the port (resolving the spec again, so a re-plugged scanner that came back as
another tty is found) with back-off until it is back. Callbacks run on the reader thread.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Final

import serial
from serial.tools import list_ports

from devices import DeviceError, PortBusyError, PortNotFoundError, PortOpenError
from devices.framing import Framer, FramerOptions, RawScan

log = logging.getLogger(__name__)

CONNECTING: Final = "connecting"
CONNECTED: Final = "connected"
DISCONNECTED: Final = "disconnected"
STOPPED: Final = "stopped"
# A connection that lasted less than this does not reset the reconnect back-off.
STABLE_S: Final = 1.0

ScanHandler = Callable[[RawScan], None]
StateHandler = Callable[[str, str], None]
"""Called as ``on_state(scanner_name, state)``."""

_URL_SCHEMES = ("loop://", "socket://", "rfc2217://", "spy://", "alt://", "hwgrep://")


def resolve_port(spec: str) -> str:
    """Turn a port spec into something ``serial.serial_for_url`` opens.

    ``usb:VID:PID`` or ``usb:VID:PID:SERIAL`` (hex ids) is looked up among the ports present now;
    a pyserial URL passes through; a path must exist (symlinks such as
    ``/dev/serial/by-id/...`` are followed when the port is opened).
    """
    if spec.startswith(_URL_SCHEMES):
        return spec
    if spec.lower().startswith("usb:"):
        return _resolve_usb(spec)
    if not os.path.exists(spec):
        raise PortNotFoundError(f"serial port {spec} does not exist", port=spec)
    return spec


def _resolve_usb(spec: str) -> str:
    fields = spec.split(":")
    if len(fields) not in (3, 4):
        raise PortNotFoundError(f"bad USB port spec {spec!r}: use usb:VID:PID[:SERIAL]", port=spec)
    try:
        vid, pid = int(fields[1], 16), int(fields[2], 16)
    except ValueError:
        raise PortNotFoundError(f"bad USB ids in {spec!r}", port=spec) from None
    wanted_serial = fields[3] if len(fields) == 4 else None
    for info in sorted(list_ports.comports(), key=lambda p: p.device):
        if info.vid != vid or info.pid != pid:
            continue
        if wanted_serial is not None and info.serial_number != wanted_serial:
            continue
        return str(info.device)
    raise PortNotFoundError(f"no serial port with USB id {spec}", port=spec)


def open_port(spec: str, baudrate: int, timeout: float) -> serial.SerialBase:
    """Open the port exclusively; a port another program holds raises ``PortBusyError``."""
    device = resolve_port(spec)
    port = serial.serial_for_url(device, do_not_open=True)
    port.baudrate = baudrate
    port.timeout = timeout
    port.exclusive = True
    try:
        port.open()
    except serial.SerialException as exc:
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EBUSY) or "exclusive" in str(exc):
            raise PortBusyError(f"{device} is in use by another program", port=device) from exc
        if exc.errno == errno.ENOENT:
            raise PortNotFoundError(f"{device} does not exist", port=device) from exc
        raise PortOpenError(f"cannot open {device}: {exc}", port=device) from exc
    except OSError as exc:
        raise PortOpenError(f"cannot open {device}: {exc}", port=device) from exc
    try:
        port.set_low_latency_mode(True)
    except (AttributeError, NotImplementedError, ValueError, OSError) as exc:
        # ptys, CDC-ACM and URL ports refuse it; it only trims the FTDI 16 ms latency timer.
        log.debug("low-latency mode refused on %s: %s", device, exc)
    return port


class SerialScanner:
    """A scanner on one serial port, kept connected until ``stop()``."""

    def __init__(
        self,
        name: str,
        port_spec: str,
        baudrate: int = 9600,
        *,
        on_scan: ScanHandler,
        on_state: StateHandler,
        framer_options: FramerOptions | None = None,
        read_timeout: float = 0.05,
        backoff_initial: float = 0.05,
        backoff_max: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.port_spec = port_spec
        self.baudrate = baudrate
        self._on_scan = on_scan
        self._on_state = on_state
        self._framer = Framer(name, framer_options, self._report_overflow)
        self._read_timeout = read_timeout
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._clock = clock
        self._stopping = threading.Event()
        self._port_lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._thread: threading.Thread | None = None
        self.state = STOPPED
        self.last_error: DeviceError | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"scanner {self.name} already started")
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._supervise, name=f"scanner-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Close the port and end the thread; state ends as ``stopped``."""
        self._stopping.set()
        with self._port_lock:
            port = self._port
        cancel = getattr(port, "cancel_read", None)
        if cancel is not None:
            with contextlib.suppress(OSError, serial.SerialException):
                cancel()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def write(self, data: bytes) -> None:
        """Send bytes to the scanner (configuration commands, or test data on ``loop://``)."""
        with self._port_lock:
            if self._port is None:
                raise PortNotFoundError(f"scanner {self.name} is not connected", port=self.name)
            try:
                self._port.write(data)
            except (serial.SerialException, OSError) as exc:
                raise PortOpenError(f"write to {self.name} failed: {exc}") from exc

    # -- the reader thread ------------------------------------------------------------------

    def _supervise(self) -> None:
        self._set_state(CONNECTING)
        delay = self._backoff_initial
        try:
            while not self._stopping.is_set():
                port = self._try_open()
                if port is None:
                    self._stopping.wait(delay)
                    delay = min(delay * 2, self._backoff_max)
                    continue
                self._set_state(CONNECTED)
                opened_at = time.monotonic()
                self._read_until_lost(port)
                self._close(port)
                if time.monotonic() - opened_at < STABLE_S:
                    # Opens but fails at once (flaky cable, wrong device): keep backing off.
                    self._stopping.wait(delay)
                    delay = min(delay * 2, self._backoff_max)
                else:
                    delay = self._backoff_initial
        finally:
            with self._port_lock:
                port = self._port
            if port is not None:
                self._close(port)
            self._set_state(STOPPED)

    def _try_open(self) -> serial.SerialBase | None:
        try:
            port = open_port(self.port_spec, self.baudrate, self._read_timeout)
        except DeviceError as exc:
            self._lost(exc)
            return None
        with self._port_lock:
            self._port = port
        if self.last_error is not None:
            log.info("scanner %s is back on %s", self.name, port.port)
        self.last_error = None
        return port

    def _read_until_lost(self, port: serial.SerialBase) -> None:
        while not self._stopping.is_set():
            try:
                # in_waiting is not on SerialBase (URL ports); every real port has it.
                waiting = int(getattr(port, "in_waiting", 0))
                data = port.read(max(1, waiting))
            except (serial.SerialException, OSError) as exc:
                if not self._stopping.is_set():
                    self._lost(PortOpenError(f"{self.port_spec} lost: {exc}", port=self.port_spec))
                return
            if data:
                self._deliver(data)

    def _deliver(self, data: bytes) -> None:
        for scan in self._framer.feed(data, self._clock()):
            try:
                self._on_scan(scan)
            except Exception:
                # A failing consumer must not take the scanner down with it.
                log.exception("scan handler failed for scanner %s", self.name)

    def _lost(self, error: DeviceError) -> None:
        self.last_error = error
        self._framer.reset()
        if self.state != DISCONNECTED:
            # Once per outage: a scanner left unplugged overnight must not flood the log.
            log.warning("scanner %s disconnected: %s", self.name, error.detail)
            self._set_state(DISCONNECTED)
        else:
            log.debug("scanner %s still away: %s", self.name, error.detail)

    def _close(self, port: serial.SerialBase) -> None:
        with self._port_lock:
            if self._port is port:
                self._port = None
        try:
            port.close()
        except (serial.SerialException, OSError) as exc:
            log.debug("closing %s: %s", self.name, exc)

    def _set_state(self, state: str) -> None:
        self.state = state
        try:
            self._on_state(self.name, state)
        except Exception:
            log.exception("state handler failed for scanner %s", self.name)

    def _report_overflow(self, source: str, max_length: int) -> None:
        log.warning("scanner %s sent a frame over %d bytes; dropped it", source, max_length)
