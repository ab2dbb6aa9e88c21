"""Serial (USB-CDC / RS-232) scanner: a reader thread with a reconnect supervisor.

The loop is ``devices.supervisor``'s: a lost port is reported, then reopened (resolving the spec
again, so a re-plugged scanner that came back as another tty is found) with back-off until it is
back. This module only opens, reads and closes the port. Callbacks run on the reader thread.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import threading
import time
from collections.abc import Callable

import serial
from serial.tools import list_ports

from devices import DeviceError, PortBusyError, PortNotFoundError, PortOpenError
from devices.framing import Framer, FramerOptions, RawScan

# The states and STABLE_S live in devices.supervisor now; the "as" form re-exports them because
# callers and tests have always imported them from here.
from devices.supervisor import CONNECTED as CONNECTED
from devices.supervisor import CONNECTING as CONNECTING
from devices.supervisor import DISCONNECTED as DISCONNECTED
from devices.supervisor import STABLE_S as STABLE_S
from devices.supervisor import STOPPED as STOPPED
from devices.supervisor import Backoff, Link, Supervisor

log = logging.getLogger(__name__)

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
        self._link = _SerialLink(self, on_scan, framer_options, read_timeout, clock)
        self._supervisor = Supervisor(
            self._link,
            thread_name=f"scanner-{name}",
            subject=f"scanner {name}",
            log=log,
            on_state=functools.partial(on_state, name),
            backoff=Backoff(backoff_initial, backoff_max),
        )

    @property
    def state(self) -> str:
        return self._supervisor.state

    @property
    def last_error(self) -> DeviceError | None:
        """Why the last attempt failed; None while connected."""
        return self._supervisor.last_error

    def start(self) -> None:
        self._supervisor.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Close the port and end the thread; state ends as ``stopped``."""
        self._supervisor.stop(timeout)

    def write(self, data: bytes) -> None:
        """Send bytes to the scanner (configuration commands, or test data on ``loop://``)."""
        self._link.write(data)


class _SerialLink(Link[serial.SerialBase]):
    """The port work the supervisor drives: open, read and frame, close."""

    def __init__(
        self,
        scanner: SerialScanner,
        on_scan: ScanHandler,
        framer_options: FramerOptions | None,
        read_timeout: float,
        clock: Callable[[], float],
    ) -> None:
        self._scanner = scanner  # read at each open: its spec and baud rate are public
        self._on_scan = on_scan
        self._framer = Framer(scanner.name, framer_options, self._report_overflow)
        self._read_timeout = read_timeout
        self._clock = clock
        # write() and stop() come from other threads while the reader swaps the port.
        self._port_lock = threading.Lock()
        self._port: serial.SerialBase | None = None

    def open(self) -> serial.SerialBase:
        # open_port is looked up here at each call, so tests can count the attempts.
        port = open_port(self._scanner.port_spec, self._scanner.baudrate, self._read_timeout)
        with self._port_lock:
            self._port = port
        return port

    def read_until_lost(
        self, port: serial.SerialBase, stopping: threading.Event
    ) -> DeviceError | None:
        spec = self._scanner.port_spec
        while not stopping.is_set():
            try:
                # in_waiting is not on SerialBase (URL ports); every real port has it.
                waiting = int(getattr(port, "in_waiting", 0))
                data = port.read(max(1, waiting))
            except (serial.SerialException, OSError) as exc:
                if stopping.is_set():
                    return None  # cancel_read or close from stop(), not an unplug
                return PortOpenError(f"{spec} lost: {exc}", port=spec)
            if data:
                self._deliver(data)
        return None

    def close(self, port: serial.SerialBase) -> None:
        with self._port_lock:
            if self._port is port:
                self._port = None
        try:
            port.close()
        except (serial.SerialException, OSError) as exc:
            log.debug("closing %s: %s", self._scanner.name, exc)

    def lost(self, error: DeviceError) -> None:
        self._framer.reset()

    def interrupt(self) -> None:
        with self._port_lock:
            port = self._port
        cancel = getattr(port, "cancel_read", None)
        if cancel is not None:
            with contextlib.suppress(OSError, serial.SerialException):
                cancel()

    def describe(self, port: serial.SerialBase) -> str:
        return str(port.port)

    def write(self, data: bytes) -> None:
        name = self._scanner.name
        with self._port_lock:
            if self._port is None:
                raise PortNotFoundError(f"scanner {name} is not connected", port=name)
            try:
                self._port.write(data)
            except (serial.SerialException, OSError) as exc:
                raise PortOpenError(f"write to {name} failed: {exc}") from exc

    def _deliver(self, data: bytes) -> None:
        for scan in self._framer.feed(data, self._clock()):
            try:
                self._on_scan(scan)
            except Exception:
                # A failing consumer must not take the scanner down with it.
                log.exception("scan handler failed for scanner %s", self._scanner.name)

    def _report_overflow(self, source: str, max_length: int) -> None:
        log.warning("scanner %s sent a frame over %d bytes; it is refused", source, max_length)
