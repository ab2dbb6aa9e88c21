"""The serial reader through real pyserial: pseudo-terminals stand in for USB scanners."""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import serial

from devices import PortBusyError, PortNotFoundError, serial_scanner
from devices.framing import FramerOptions, RawScan
from devices.serial_scanner import (
    CONNECTED,
    CONNECTING,
    DISCONNECTED,
    STOPPED,
    SerialScanner,
    resolve_port,
)

WAIT_S = 5.0


class Collector:
    """Thread-safe sink for the scanner's callbacks."""

    def __init__(self) -> None:
        self.scans: list[RawScan] = []
        self.states: list[str] = []
        self._cond = threading.Condition()

    def on_scan(self, scan: RawScan) -> None:
        with self._cond:
            self.scans.append(scan)
            self._cond.notify_all()

    def on_state(self, name: str, state: str) -> None:
        assert name == "bench"
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool]) -> None:
        with self._cond:
            assert self._cond.wait_for(predicate, WAIT_S), (self.states, len(self.scans))

    def wait_scans(self, count: int) -> list[bytes]:
        self.wait_for(lambda: len(self.scans) >= count)
        return [s.data for s in self.scans]

    def wait_state(self, state: str, occurrence: int = 1) -> None:
        self.wait_for(lambda: self.states.count(state) >= occurrence)


class Pty:
    """A pseudo-terminal whose slave is reachable through a stable symlink, like by-id."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        tmp = link.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(self.slave))
        tmp.replace(link)
        self.plugged = True

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.master, view)
            view = view[written:]

    def unplug(self) -> None:
        # Close once only: a closed descriptor number may already belong to someone else.
        if not self.plugged:
            return
        self.plugged = False
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def link(tmp_path: Path) -> Path:
    return tmp_path / "usb-Scanner_1234-if00"


@pytest.fixture
def pty(link: Path) -> Iterator[Pty]:
    port = Pty(link)
    yield port
    port.unplug()


@pytest.fixture
def sink() -> Collector:
    return Collector()


@pytest.fixture
def make_scanner(sink: Collector) -> Iterator[Callable[..., SerialScanner]]:
    started: list[SerialScanner] = []

    def make(spec: str, **options: object) -> SerialScanner:
        scanner = SerialScanner(
            "bench",
            spec,
            on_scan=sink.on_scan,
            on_state=sink.on_state,
            **options,  # type: ignore[arg-type]
        )
        scanner.start()
        started.append(scanner)
        return scanner

    yield make
    for scanner in started:
        scanner.stop()


def test_a_scan_arrives_with_source_and_times(
    pty: Pty, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    make_scanner(str(pty.link))
    sink.wait_state(CONNECTED)
    before = time.monotonic()
    pty.write(b"6901234567892\r")
    assert sink.wait_scans(1) == [b"6901234567892"]
    scan = sink.scans[0]
    assert scan.source == "bench"
    assert scan.received_at >= before
    assert abs(scan.received_wall - time.time()) < 60
    assert sink.states[:2] == [CONNECTING, CONNECTED]


@pytest.mark.parametrize("terminator", [b"\r", b"\n", b"\r\n", b"\t"])
def test_terminators(
    terminator: bytes,
    pty: Pty,
    sink: Collector,
    make_scanner: Callable[..., SerialScanner],
) -> None:
    make_scanner(str(pty.link))
    sink.wait_state(CONNECTED)
    pty.write(b"A-01-02" + terminator + b"0109501101530003\x1d10LOT7" + terminator)
    assert sink.wait_scans(2) == [b"A-01-02", b"0109501101530003\x1d10LOT7"]


def test_thousand_scans_in_one_burst_arrive_all_in_order(
    pty: Pty, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    make_scanner(str(pty.link), baudrate=115200)
    sink.wait_state(CONNECTED)
    expected = [f"SKU{n:06d}".encode() for n in range(1000)]
    pty.write(b"".join(code + b"\r\n" for code in expected))
    assert sink.wait_scans(1000) == expected


def test_scan_split_across_two_writes_is_one_scan(
    pty: Pty, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    make_scanner(str(pty.link), framer_options=FramerOptions(aim=True))
    sink.wait_state(CONNECTED)
    pty.write(b"]E069012")
    time.sleep(0.1)  # let the reader see the first half on its own
    pty.write(b"34567892\r")
    pty.write(b"NEXT\r")
    assert sink.wait_scans(2) == [b"6901234567892", b"NEXT"]
    assert sink.scans[0].symbology_id == "]E0"


def test_unplug_is_reported_once_and_replug_under_same_name_resumes(
    pty: Pty, link: Path, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    scanner = make_scanner(str(link), backoff_max=0.2)
    sink.wait_state(CONNECTED)
    pty.write(b"BEFORE\r")
    sink.wait_scans(1)

    pty.write(b"HALF-A-SC")  # a partial scan must not be glued to the first scan after replug
    time.sleep(0.05)
    pty.unplug()
    link.unlink()
    sink.wait_state(DISCONNECTED)
    time.sleep(0.5)  # several reopen attempts fail while the port is away
    assert sink.states.count(DISCONNECTED) == 1
    assert scanner.last_error is not None

    replugged = Pty(link)
    try:
        sink.wait_state(CONNECTED, occurrence=2)
        replugged.write(b"AFTER\r")
        assert sink.wait_scans(2) == [b"BEFORE", b"AFTER"]
        assert scanner.last_error is None
    finally:
        scanner.stop()
        replugged.unplug()
    assert sink.states == [CONNECTING, CONNECTED, DISCONNECTED, CONNECTED, STOPPED]


def test_scanner_started_before_the_port_exists_connects_when_it_appears(
    link: Path, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    scanner = make_scanner(str(link), backoff_max=0.1)
    sink.wait_state(DISCONNECTED)
    assert isinstance(scanner.last_error, PortNotFoundError)
    port = Pty(link)
    try:
        sink.wait_state(CONNECTED)
        port.write(b"LATE\n")
        assert sink.wait_scans(1) == [b"LATE"]
    finally:
        scanner.stop()
        port.unplug()


def test_busy_port_is_reported_as_busy(
    pty: Pty, sink: Collector, make_scanner: Callable[..., SerialScanner]
) -> None:
    holder = serial.Serial(str(pty.link), exclusive=True)
    try:
        scanner = make_scanner(str(pty.link), backoff_max=0.1)
        sink.wait_state(DISCONNECTED)
        assert isinstance(scanner.last_error, PortBusyError)
        assert scanner.last_error.code == "device.port_busy"
    finally:
        holder.close()
    sink.wait_state(CONNECTED)


def test_failing_scan_handler_does_not_stop_the_reader(pty: Pty, sink: Collector) -> None:
    def on_scan(scan: RawScan) -> None:
        if scan.data == b"BAD":
            raise RuntimeError("consumer bug")
        sink.on_scan(scan)

    scanner = SerialScanner("bench", str(pty.link), on_scan=on_scan, on_state=sink.on_state)
    scanner.start()
    try:
        sink.wait_state(CONNECTED)
        pty.write(b"BAD\rGOOD\r")
        assert sink.wait_scans(1) == [b"GOOD"]
    finally:
        scanner.stop()
    assert sink.states[-1] == STOPPED


def test_loop_url_reader(sink: Collector, make_scanner: Callable[..., SerialScanner]) -> None:
    scanner = make_scanner("loop://", framer_options=FramerOptions(aim=True))
    sink.wait_state(CONNECTED)
    scanner.write(b"]C1010950110153000310ABC\x1d21S1\r\n]Q3")
    scanner.write(b"LOC-B-07\r")
    assert sink.wait_scans(2) == [b"010950110153000310ABC\x1d21S1", b"LOC-B-07"]
    assert [s.symbology_id for s in sink.scans] == ["]C1", "]Q3"]
    scanner.stop()
    assert sink.states == [CONNECTING, CONNECTED, STOPPED]


def test_write_when_not_connected_raises(link: Path, sink: Collector) -> None:
    scanner = SerialScanner("bench", str(link), on_scan=sink.on_scan, on_state=sink.on_state)
    with pytest.raises(PortNotFoundError):
        scanner.write(b"x")


@pytest.mark.parametrize("spec", ["usb:zz:01", "usb:1234", "usb:dead:beef:NOPE"])
def test_usb_specs_that_match_nothing(spec: str) -> None:
    with pytest.raises(PortNotFoundError):
        resolve_port(spec)


def test_usb_spec_resolves_through_comports(monkeypatch: pytest.MonkeyPatch) -> None:
    from serial.tools import list_ports_common

    def fake_comports() -> list[list_ports_common.ListPortInfo]:
        ports = []
        for device, serial_number in (("/dev/ttyACM1", "B2"), ("/dev/ttyACM0", "A1")):
            info = list_ports_common.ListPortInfo(device, skip_link_detection=True)
            info.vid, info.pid, info.serial_number = 0x0C2E, 0x0B61, serial_number
            ports.append(info)
        return ports

    monkeypatch.setattr("serial.tools.list_ports.comports", fake_comports)
    assert resolve_port("usb:0c2e:0b61") == "/dev/ttyACM0"
    assert resolve_port("usb:0C2E:0B61:B2") == "/dev/ttyACM1"


def _attempts(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Times of every open attempt, through the real open_port."""
    times: list[float] = []
    real = serial_scanner.open_port

    def counted(spec: str, baudrate: int, timeout: float) -> serial.SerialBase:
        times.append(time.monotonic())
        return real(spec, baudrate, timeout)

    monkeypatch.setattr(serial_scanner, "open_port", counted)
    return times


def test_reopen_backs_off_from_50_ms_doubling_up_to_the_cap(
    link: Path, monkeypatch: pytest.MonkeyPatch, make_scanner: Callable[..., SerialScanner]
) -> None:
    times = _attempts(monkeypatch)
    expected = [0.05, 0.1, 0.2, 0.4, 0.4, 0.4]
    scanner = make_scanner(str(link), backoff_initial=0.05, backoff_max=0.4)
    deadline = time.monotonic() + 10 * sum(expected)
    while len(times) <= len(expected) and time.monotonic() < deadline:
        time.sleep(0.05)
    scanner.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) >= len(expected), gaps
    for gap, want in zip(gaps, expected, strict=False):
        # Never early, so the delay doubles. Late by at most 0.3 s of scheduling noise on a
        # loaded machine: an uncapped 0.8 s after 0.4 s would still be caught.
        assert want * 0.95 <= gap <= want + 0.3, (gaps, expected)


def test_an_outage_is_logged_once_however_many_retries_fail(
    pty: Pty,
    link: Path,
    sink: Collector,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    make_scanner: Callable[..., SerialScanner],
) -> None:
    caplog.set_level(logging.DEBUG, logger="devices.serial_scanner")
    times = _attempts(monkeypatch)
    make_scanner(str(link), backoff_initial=0.02, backoff_max=0.05)
    sink.wait_state(CONNECTED)
    pty.unplug()
    link.unlink()
    sink.wait_state(DISCONNECTED)
    failed_before = len(times)
    deadline = time.monotonic() + 30
    while len(times) - failed_before < 5:  # it keeps retrying meanwhile
        assert time.monotonic() < deadline, times
        time.sleep(0.05)
    replugged = Pty(link)
    try:
        sink.wait_state(CONNECTED, occurrence=2)
        # Read before the replugged port goes: its own unplug is a second, real outage.
        ours = [r for r in caplog.records if r.name == "devices.serial_scanner"]
    finally:
        replugged.unplug()
    warnings = [r.getMessage() for r in ours if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "scanner bench disconnected" in warnings[0], warnings
    back = [r.getMessage() for r in ours if r.levelno == logging.INFO]
    assert len(back) == 1 and "is back" in back[0], back


@pytest.mark.parametrize("refusal", [None, NotImplementedError, ValueError, OSError])
def test_low_latency_is_tried_and_a_port_that_refuses_it_still_works(
    refusal: type[Exception] | None,
    pty: Pty,
    sink: Collector,
    monkeypatch: pytest.MonkeyPatch,
    make_scanner: Callable[..., SerialScanner],
) -> None:
    asked: list[bool] = []
    real = serial.Serial.set_low_latency_mode

    def spy(self: serial.Serial, low_latency_settings: bool) -> None:
        asked.append(low_latency_settings)
        if refusal is not None:
            raise refusal("refused")
        real(self, low_latency_settings)  # a pty refuses it for real (no TIOCGSERIAL)

    monkeypatch.setattr(serial.Serial, "set_low_latency_mode", spy)
    make_scanner(str(pty.link))
    sink.wait_state(CONNECTED)
    pty.write(b"6901234567892\r")
    assert sink.wait_scans(1) == [b"6901234567892"]
    assert asked == [True]
