"""Linux evdev source: reads one keyboard-wedge scanner straight from ``/dev/input/eventN``.

Grabbing the device (EVIOCGRAB) keeps its keystrokes away from the terminal, so scans never mix
with what the operator types. Pure stdlib: ``struct input_event`` is unpacked by hand.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import select
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

from devices import DeviceError, InputUnavailableError
from devices.discovery import PROC_INPUT_DEVICES, InputDevice, list_input_devices
from devices.framing import Framer, FramerOptions, RawScan
from devices.supervisor import Backoff, Link, OutageLog, Supervisor

log = logging.getLogger(__name__)

INPUT_DIR = Path("/dev/input")
# struct input_event { struct timeval time; __u16 type; __u16 code; __s32 value; }
EVENT = struct.Struct("@llHHi")
EV_KEY = 0x01
EVIOCGRAB = 0x40044590  # _IOW('E', 0x90, int)
PRESS, RELEASE, REPEAT = 1, 0, 2

_SHIFT = {42, 54}
_CTRL = {29, 97}
_ALT = {56, 100}
_CAPSLOCK = 58
_ROWS = {2: "1234567890-=", 16: "qwertyuiop[]", 30: "asdfghjkl;'`", 43: "\\zxcvbnm,./"}
_SHIFTED = dict(zip("1234567890-=[];'`\\,./", '!@#$%^&*()_+{}:"~|<>?', strict=True))
_KEYPAD = {
    71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
    79: "1", 80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/",
}  # fmt: skip
_SPECIAL = {28: "\r", 96: "\r", 15: "\t", 57: " "}


def _base_map() -> dict[int, str]:
    keys: dict[int, str] = {}
    for first, row in _ROWS.items():
        for offset, char in enumerate(row):
            keys[first + offset] = char
    keys.update(_KEYPAD)
    keys.update(_SPECIAL)
    return keys


KEYMAP = _base_map()


class KeyMapper:
    """Key codes (US layout) -> characters, tracking shift, caps lock, ctrl and alt.

    Ctrl+] gives GS (0x1d) as on a terminal; Alt + keypad digits gives the character with that
    decimal code (scanners in "ALT mode" send GS as Alt+0,2,9).
    """

    def __init__(self) -> None:
        self._shift: set[int] = set()
        self._ctrl: set[int] = set()
        self._alt: set[int] = set()
        self._caps = False
        self._alt_digits = ""

    def feed(self, code: int, value: int) -> str | None:
        if code in _SHIFT | _CTRL | _ALT:
            held = self._shift if code in _SHIFT else self._ctrl if code in _CTRL else self._alt
            if value == RELEASE:
                held.discard(code)
                if code in _ALT and not self._alt:
                    return self._end_alt_code()
            else:
                held.add(code)
            return None
        if value != PRESS:
            return None
        if code == _CAPSLOCK:
            self._caps = not self._caps
            return None
        base = KEYMAP.get(code)
        if base is None:
            return None
        if self._alt:
            if code in _KEYPAD and base.isdigit():
                self._alt_digits += base
            return None
        if self._ctrl:
            upper = base.upper()
            return chr(ord(upper) & 0x1F) if "@" <= upper <= "_" else None
        if base.isalpha():
            return base.upper() if bool(self._shift) != self._caps else base
        return _SHIFTED.get(base, base) if self._shift else base

    def _end_alt_code(self) -> str | None:
        digits, self._alt_digits = self._alt_digits, ""
        if not digits:
            return None
        number = int(digits)
        return chr(number) if number < 0x110000 else None


def parse_events(data: bytes) -> tuple[list[tuple[int, int, int]], bytes]:
    """Unpack whole ``input_event`` records as (type, code, value); returns the leftover bytes."""
    whole = len(data) - len(data) % EVENT.size
    events = [(t, c, v) for _s, _u, t, c, v in EVENT.iter_unpack(data[:whole])]
    return events, data[whole:]


def unavailable_reason(input_dir: Path = INPUT_DIR, proc_file: Path = PROC_INPUT_DEVICES) -> str:
    """Why evdev cannot be used here, or "" when it can."""
    if not input_dir.is_dir():
        return f"{input_dir} does not exist (no input devices, or running in a container)"
    if not proc_file.is_file():
        return f"{proc_file} does not exist"
    return ""


def available(input_dir: Path = INPUT_DIR, proc_file: Path = PROC_INPUT_DEVICES) -> bool:
    return unavailable_reason(input_dir, proc_file) == ""


def find_device(name: str, devices: list[InputDevice] | None = None) -> InputDevice:
    """The input device whose name is ``name`` (exact, else the only one containing it)."""
    found = list_input_devices() if devices is None else devices
    exact = [d for d in found if d.name == name]
    if exact:
        return exact[0]
    partial = [d for d in found if name.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    raise InputUnavailableError(f"no single input device named {name!r}", device=name)


class EvdevScanner:
    """Reads one input device and hands out framed scans; reconnects like ``SerialScanner``.

    ``device_path`` skips the lookup by name (tests feed a FIFO that way, with ``grab=False``).
    """

    def __init__(
        self,
        name: str,
        device_name: str,
        *,
        on_scan: Callable[[RawScan], None],
        on_state: Callable[[str, str], None],
        framer_options: FramerOptions | None = None,
        device_path: str | None = None,
        grab: bool = True,
        backoff_initial: float = 0.05,
        backoff_max: float = 2.0,
    ) -> None:
        self.name = name
        self.device_name = device_name
        self._link = _EvdevLink(self, on_scan, framer_options, device_path, grab)
        self._supervisor = Supervisor(
            self._link,
            thread_name=f"evdev-{name}",
            subject=f"scanner {name}",
            log=log,
            on_state=functools.partial(on_state, name),
            backoff=Backoff(backoff_initial, backoff_max),
            # This reader never wrote the "still away" and "is back" lines; it still does not.
            outage_log=OutageLog(retries=False, recovery=False),
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
        # No interrupt needed: the read loop wakes every 50 ms to look at the stop signal.
        self._supervisor.stop(timeout)


class _EvdevLink(Link[int]):
    """The input device work the supervisor drives; the port is the open descriptor."""

    def __init__(
        self,
        scanner: EvdevScanner,
        on_scan: Callable[[RawScan], None],
        framer_options: FramerOptions | None,
        device_path: str | None,
        grab: bool,
    ) -> None:
        self._scanner = scanner  # read at each open: the device name is public
        self._on_scan = on_scan
        self._framer = Framer(scanner.name, framer_options)
        self._device_path = device_path
        self._grab = grab

    def open(self) -> int:
        path = self._device_path or find_device(self._scanner.device_name).path
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise InputUnavailableError(f"cannot open {path}: {exc}", device=path) from exc
        if self._grab:
            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
            except OSError as exc:
                os.close(fd)
                raise InputUnavailableError(f"cannot grab {path}: {exc}", device=path) from exc
        return fd

    def read_until_lost(self, fd: int, stopping: threading.Event) -> DeviceError | None:
        device_name = self._scanner.device_name
        keys = KeyMapper()
        rest = b""
        while not stopping.is_set():
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(fd, EVENT.size * 64)
            except BlockingIOError:
                continue
            except OSError as exc:
                return InputUnavailableError(f"{device_name} lost: {exc}")
            if not data:
                return InputUnavailableError(f"{device_name} closed")
            events, rest = parse_events(rest + data)
            chars = [keys.feed(code, value) for kind, code, value in events if kind == EV_KEY]
            text = "".join(c for c in chars if c is not None)
            if text:
                self._deliver(text.encode("utf-8"))
        return None

    def close(self, fd: int) -> None:
        os.close(fd)

    def lost(self, error: DeviceError) -> None:
        self._framer.reset()

    def _deliver(self, data: bytes) -> None:
        for scan in self._framer.feed(data, time.monotonic()):
            try:
                self._on_scan(scan)
            except Exception:
                log.exception("scan handler failed for scanner %s", self._scanner.name)
