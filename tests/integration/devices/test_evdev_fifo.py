"""The evdev reader thread fed input_event records through a FIFO (no /dev/input here)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from devices import InputUnavailableError
from devices.evdev_source import EV_KEY, EVENT, PRESS, RELEASE, EvdevScanner
from devices.framing import RawScan
from devices.serial_scanner import CONNECTED, DISCONNECTED, STOPPED

LSHIFT, LCTRL, ENTER, RIGHTBRACE = 42, 29, 28, 27
DIGITS = {str(d): code for d, code in zip("1234567890", range(2, 12), strict=True)}
LETTERS = {"a": 30, "b": 48, "c": 46}


def key(code: int, value: int) -> bytes:
    return EVENT.pack(0, 0, EV_KEY, code, value) + EVENT.pack(0, 0, 0, 0, 0)


def tap(code: int) -> bytes:
    return key(code, PRESS) + key(code, RELEASE)


def test_fifo_events_become_scans_and_eof_is_an_unplug(tmp_path: Path) -> None:
    fifo = tmp_path / "event9"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # RDWR: opening does not wait for the reader
    scans: list[RawScan] = []
    states: list[str] = []
    cond = threading.Condition()

    def on_scan(scan: RawScan) -> None:
        with cond:
            scans.append(scan)
            cond.notify_all()

    def on_state(name: str, state: str) -> None:
        with cond:
            states.append(state)
            cond.notify_all()

    scanner = EvdevScanner(
        "wedge1",
        "Test Scanner",
        on_scan=on_scan,
        on_state=on_state,
        device_path=str(fifo),
        grab=False,
        backoff_max=0.1,
    )
    scanner.start()
    try:
        with cond:
            assert cond.wait_for(lambda: CONNECTED in states, 5)
        stream = b"".join(tap(DIGITS[d]) for d in "0109501101530003")
        stream += key(LCTRL, PRESS) + tap(RIGHTBRACE) + key(LCTRL, RELEASE)
        stream += tap(DIGITS["1"]) + tap(DIGITS["0"])
        stream += key(LSHIFT, PRESS) + tap(LETTERS["a"]) + key(LSHIFT, RELEASE)
        stream += tap(LETTERS["b"]) + tap(ENTER)
        os.write(writer, stream[:37])  # a record split across writes
        os.write(writer, stream[37:])
        with cond:
            assert cond.wait_for(lambda: len(scans) == 1, 5)
        assert scans[0].data == b"0109501101530003\x1d10Ab"
        assert scans[0].source == "wedge1"
        os.close(writer)
        writer = -1
        with cond:
            assert cond.wait_for(lambda: DISCONNECTED in states, 5)
        assert isinstance(scanner.last_error, InputUnavailableError)
    finally:
        scanner.stop()
        if writer >= 0:
            os.close(writer)
    assert states[-1] == STOPPED
