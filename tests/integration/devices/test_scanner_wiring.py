"""How the station wires its scanners: `wms scanners`, several scanners at once, a USB port
followed to another tty after a re-plug, and the configured mute."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serial.tools import list_ports_common

from db.uow import make_uow_factory
from devices import discovery, serial_scanner
from devices.discovery import InputDevice, PortInfo
from devices.framing import RawScan
from devices.serial_scanner import CONNECTED, DISCONNECTED, SerialScanner
from tests.integration.devices.ptys import Pty
from wms_tui.bootstrap import devices as bootstrap
from wms_tui.bootstrap.devices import start_scanners
from wms_tui.bootstrap.features import wire
from wms_tui.bootstrap.station import build_context
from wms_tui.cli import command as cli
from wms_tui.cli import station as bootstrap_commands
from wms_tui.config import load_settings
from wms_tui.core.scans import Scan
from wms_tui.i18n import set_language
from wms_tui.ui.app import StationApp

WAIT_S = 10.0


@pytest.fixture
def ptys() -> Iterator[list[Pty]]:
    made = [Pty(), Pty()]
    try:
        yield made
    finally:
        for pty in made:
            pty.close()


class Seen:
    """Scans and scanner states from the reader threads."""

    def __init__(self) -> None:
        self.scans: list[tuple[str, str]] = []
        self.states: list[tuple[str, str]] = []
        self._cond = threading.Condition()

    def scan(self, scan: Scan | RawScan) -> None:
        text = scan.text if isinstance(scan, Scan) else scan.data.decode()
        with self._cond:
            self.scans.append((scan.source, text))
            self._cond.notify_all()

    def state(self, name: str, state: str) -> None:
        with self._cond:
            self.states.append((name, state))
            self._cond.notify_all()

    def wait(self, check: Callable[[], bool]) -> None:
        with self._cond:
            assert self._cond.wait_for(check, WAIT_S), (self.scans, self.states)


def _config(tmp_path: Path, body: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'[station]\nid = "S1"\nlanguage = "en"\n{body}', encoding="utf-8")
    return config


def test_wms_scanners_lists_ports_input_devices_and_the_configured_scanners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    config = _config(
        tmp_path,
        '[[scanners]]\nname = "handheld"\nkind = "serial"\nport = "usb:0c2e:0b61"\n'
        '[[scanners]]\nname = "fixed"\nkind = "evdev"\ndevice = "Honeywell"\n',
    )
    port = PortInfo("/dev/ttyACM0", "/dev/serial/by-id/usb-HW-if00", 0x0C2E, 0x0B61, "A1", "HW")
    monkeypatch.setattr(discovery, "list_serial_ports", lambda: [port])
    monkeypatch.setattr(
        discovery,
        "list_input_devices",
        lambda: [InputDevice("/dev/input/event5", "Honeywell 1900", "usb-1")],
    )
    monkeypatch.setattr(bootstrap_commands, "evdev_available", lambda: True)
    assert cli.main(["scanners", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "Serial ports: 1" in out
    assert "/dev/ttyACM0" in out and "usb:0c2e:0b61:A1" in out and "usb-HW-if00" in out
    assert "Input devices: 1" in out and "/dev/input/event5" in out and "Honeywell 1900" in out
    assert "Configured scanner handheld (serial): usb:0c2e:0b61" in out
    assert "Configured scanner fixed (evdev): Honeywell" in out


def test_wms_scanners_says_why_there_are_no_input_devices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    monkeypatch.setattr(discovery, "list_serial_ports", lambda: [])
    monkeypatch.setattr(bootstrap_commands, "evdev_available", lambda: False)
    monkeypatch.setattr(
        bootstrap_commands, "evdev_unavailable_reason", lambda: "/dev/input does not exist"
    )
    assert cli.main(["scanners", "--config", str(_config(tmp_path, ""))]) == 0
    out = capsys.readouterr().out
    assert "Serial ports: 0" in out
    assert "No evdev input devices: /dev/input does not exist" in out


def test_two_serial_scanners_work_side_by_side_while_evdev_is_unavailable(
    tmp_path: Path, ptys: list[Pty], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handheld and a fixed presentation scanner on one station; the evdev one cannot run
    here: it is reported unavailable and the other two go on, each scan named by its source."""
    handheld, fixed = ptys
    config = _config(
        tmp_path,
        f'[[scanners]]\nname = "handheld"\nkind = "serial"\nport = "{handheld.path}"\n'
        f'[[scanners]]\nname = "fixed"\nkind = "serial"\nport = "{fixed.path}"\n'
        '[[scanners]]\nname = "wireless"\nkind = "evdev"\ndevice = "Zebra"\n',
    )
    monkeypatch.setattr(bootstrap, "evdev_available", lambda: False)
    seen = Seen()
    readers = start_scanners(load_settings(config), seen.scan, seen.state)
    try:
        seen.wait(lambda: {("handheld", CONNECTED), ("fixed", CONNECTED)} <= set(seen.states))
        assert ("wireless", "unavailable") in seen.states
        handheld.write(b"6901234567892\r")
        fixed.write(b"A-01-1\r")
        handheld.write(b"SF1234567890\r")
        seen.wait(lambda: len(seen.scans) == 3)
    finally:
        readers.stop()
    assert sorted(seen.scans) == [
        ("fixed", "A-01-1"),
        ("handheld", "6901234567892"),
        ("handheld", "SF1234567890"),
    ]


def test_a_usb_port_spec_is_followed_to_another_tty_after_a_replug(
    ptys: list[Pty], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unplugged and plugged back, a USB scanner often comes back as another ttyACM: the
    usb:VID:PID spec finds it again there."""
    first, second = ptys
    plugged = [first.path]

    def comports() -> list[list_ports_common.ListPortInfo]:
        infos = []
        for device in plugged:
            info = list_ports_common.ListPortInfo(device, skip_link_detection=True)
            info.vid, info.pid, info.serial_number = 0x0C2E, 0x0B61, "A1"
            infos.append(info)
        return infos

    monkeypatch.setattr("serial.tools.list_ports.comports", comports)
    seen = Seen()
    scanner = SerialScanner(
        "handheld",
        "usb:0c2e:0b61:A1",
        on_scan=seen.scan,
        on_state=seen.state,
        backoff_initial=0.02,
        backoff_max=0.1,
    )
    scanner.start()
    try:
        seen.wait(lambda: ("handheld", CONNECTED) in seen.states)
        first.write(b"FIRST\r")
        seen.wait(lambda: len(seen.scans) == 1)
        plugged.clear()
        first.close()
        seen.wait(lambda: ("handheld", DISCONNECTED) in seen.states)
        plugged.append(second.path)
        seen.wait(lambda: seen.states.count(("handheld", CONNECTED)) == 2)
        second.write(b"SECOND\r")
        seen.wait(lambda: len(seen.scans) == 2)
    finally:
        scanner.stop()
    assert [text for _source, text in seen.scans] == ["FIRST", "SECOND"]
    assert serial_scanner.resolve_port("usb:0c2e:0b61:A1") == second.path


def test_feedback_mute_in_the_config_starts_the_station_muted(tmp_path: Path) -> None:
    settings = load_settings(_config(tmp_path, "[feedback]\nmute = true\n"))
    factory = make_uow_factory(settings.database_url)
    try:
        context = build_context(settings, factory)
        assert context.muted
        assert StationApp(context, menu=wire(context)).muted
    finally:
        factory.dispose()


def test_a_serial_scan_over_the_cap_reaches_the_station_to_be_refused(
    tmp_path: Path, ptys: list[Pty]
) -> None:
    """It used to vanish without a word: now it arrives one character too long, and the
    resolver refuses it in words; the next scan is clean."""
    from tests.fakes import FakeDatabase
    from wms_tui.core.errors import MalformedScan
    from wms_tui.core.scans import ResolverConfig, resolve

    handheld, _other = ptys
    config = _config(
        tmp_path,
        f'[scanning]\nmax_length = 64\n[[scanners]]\nname = "handheld"\nkind = "serial"\n'
        f'port = "{handheld.path}"\n',
    )
    settings = load_settings(config)
    seen = Seen()
    readers = start_scanners(settings, seen.scan, seen.state)
    try:
        seen.wait(lambda: ("handheld", CONNECTED) in seen.states)
        handheld.write(b"9" * 5000 + b"\r" + b"6901234567892\r")
        seen.wait(lambda: len(seen.scans) == 2)
    finally:
        readers.stop()
    (_source, long_one), (_same, next_one) = seen.scans
    assert (len(long_one), next_one) == (65, "6901234567892")
    with pytest.raises(MalformedScan) as refused, FakeDatabase().uow() as uow:
        resolve(long_one, uow.catalog(), ResolverConfig(max_length=settings.scan_max_length))
    assert refused.value.params["why"] == "too_long"
