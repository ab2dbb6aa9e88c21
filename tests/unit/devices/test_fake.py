from __future__ import annotations

import threading

from devices.fake import ScriptedScanner
from devices.framing import FramerOptions, RawScan
from devices.serial_scanner import CONNECTED, CONNECTING, STOPPED


def test_scripted_scanner_plays_its_script_through_the_framer() -> None:
    scans: list[RawScan] = []
    states: list[str] = []
    scanner = ScriptedScanner(
        "demo",
        ["]E06901234567892", b"A-01-02", "0109501101530003\x1d10LOT"],
        on_scan=scans.append,
        on_state=lambda name, state: states.append(f"{name}:{state}"),
        framer_options=FramerOptions(aim=True),
    )
    scanner.start()
    assert scanner.done.wait(5)
    scanner.stop()
    assert [(s.data, s.symbology_id, s.source) for s in scans] == [
        (b"6901234567892", "]E0", "demo"),
        (b"A-01-02", "", "demo"),
        (b"0109501101530003\x1d10LOT", "", "demo"),
    ]
    assert states == [f"demo:{s}" for s in (CONNECTING, CONNECTED, STOPPED)]


def test_scan_on_the_callers_thread_and_stop_mid_script() -> None:
    scans: list[RawScan] = []
    first = threading.Event()

    def on_scan(scan: RawScan) -> None:
        scans.append(scan)
        first.set()

    scanner = ScriptedScanner("demo", ["A", "B", "C"], on_scan=on_scan, interval=60)
    scanner.scan("LOC-9")
    assert [s.data for s in scans] == [b"LOC-9"]
    scanner.start()
    assert first.wait(5)
    scanner.stop()
    assert [s.data for s in scans] == [b"LOC-9", b"A"]
    assert scanner.state == STOPPED
