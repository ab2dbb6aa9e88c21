from __future__ import annotations

from pathlib import Path

import pytest

from devices import InputUnavailableError
from devices.discovery import InputDevice, PortInfo, parse_input_devices
from devices.evdev_source import (
    EV_KEY,
    EVENT,
    PRESS,
    RELEASE,
    REPEAT,
    KeyMapper,
    available,
    find_device,
    parse_events,
    unavailable_reason,
)

LSHIFT, RSHIFT, LCTRL, LALT, CAPS = 42, 54, 29, 56, 58
KEY_A, KEY_Z, KEY_1, KEY_0, KEY_RIGHTBRACE, KEY_ENTER, KEY_TAB = 30, 44, 2, 11, 27, 28, 15
KP0, KP2, KP9 = 82, 80, 73


def tap(mapper: KeyMapper, code: int) -> str | None:
    char = mapper.feed(code, PRESS)
    assert mapper.feed(code, RELEASE) is None
    return char


def test_digits_letters_enter_tab() -> None:
    mapper = KeyMapper()
    codes = [KEY_1, 3, 4, 5, 6, 7, 8, 9, 10, KEY_0, KEY_A, KEY_Z, KEY_ENTER, KEY_TAB, 96]
    assert "".join(tap(mapper, c) or "" for c in codes) == "1234567890az\r\t\r"


def test_shift_gives_upper_case_and_symbols_and_caps_lock_toggles() -> None:
    mapper = KeyMapper()
    mapper.feed(LSHIFT, PRESS)
    assert [tap(mapper, c) for c in (KEY_A, KEY_1, 12, 52)] == ["A", "!", "_", ">"]
    mapper.feed(LSHIFT, RELEASE)
    assert tap(mapper, KEY_A) == "a"
    tap(mapper, CAPS)
    assert tap(mapper, KEY_A) == "A"
    assert tap(mapper, KEY_1) == "1"
    mapper.feed(RSHIFT, PRESS)
    assert tap(mapper, KEY_A) == "a"


def test_ctrl_right_bracket_is_gs_and_ctrl_letters_are_control_codes() -> None:
    mapper = KeyMapper()
    mapper.feed(LCTRL, PRESS)
    assert tap(mapper, KEY_RIGHTBRACE) == "\x1d"
    assert tap(mapper, KEY_A) == "\x01"
    assert tap(mapper, KEY_1) is None
    mapper.feed(LCTRL, RELEASE)
    assert tap(mapper, KEY_RIGHTBRACE) == "]"


def test_alt_keypad_code_gives_that_character() -> None:
    mapper = KeyMapper()
    mapper.feed(LALT, PRESS)
    assert [tap(mapper, c) for c in (KP0, KP2, KP9)] == [None, None, None]
    assert mapper.feed(LALT, RELEASE) == "\x1d"
    mapper.feed(LALT, PRESS)
    assert mapper.feed(LALT, RELEASE) is None


def test_repeats_releases_and_unknown_codes_give_nothing() -> None:
    mapper = KeyMapper()
    assert mapper.feed(KEY_A, REPEAT) is None
    assert mapper.feed(KEY_A, RELEASE) is None
    assert mapper.feed(240, PRESS) is None


def test_parse_events_keeps_a_partial_record() -> None:
    records = EVENT.pack(1, 2, EV_KEY, KEY_A, PRESS) + EVENT.pack(1, 3, 0, 0, 0)
    events, rest = parse_events(records + b"\x01\x02")
    assert events == [(EV_KEY, KEY_A, PRESS), (0, 0, 0)]
    assert rest == b"\x01\x02"


SAMPLE = """\
I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
P: Phys=LNXPWRBN/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXPWRBN:00/input/input0
U: Uniq=
H: Handlers=kbd event0
B: PROP=0
B: EV=3

I: Bus=0003 Vendor=0c2e Product=0b61 Version=0111
N: Name="Honeywell Imaging & Mobility 1900"
P: Phys=usb-0000:00:14.0-2/input0
S: Sysfs=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:0C2E:0B61.0001/input/input7
U: Uniq=17343B4CF2
H: Handlers=sysrq kbd leds event7
B: PROP=0

I: Bus=0003 Vendor=046d Product=c52b Version=0111
N: Name="Logitech USB Receiver"
P: Phys=usb-0000:00:14.0-1/input2
H: Handlers=mouse0

"""


def test_parse_input_devices() -> None:
    assert parse_input_devices(SAMPLE) == [
        InputDevice("/dev/input/event0", "Power Button", "LNXPWRBN/button/input0"),
        InputDevice(
            "/dev/input/event7",
            "Honeywell Imaging & Mobility 1900",
            "usb-0000:00:14.0-2/input0",
        ),
    ]
    assert parse_input_devices("") == []


def test_find_device_by_exact_or_unique_partial_name() -> None:
    devices = parse_input_devices(SAMPLE)
    assert find_device("Power Button", devices).path == "/dev/input/event0"
    assert find_device("honeywell", devices).path == "/dev/input/event7"
    with pytest.raises(InputUnavailableError) as info:
        find_device("Zebra", devices)
    assert info.value.code == "device.input_unavailable"


def test_available_needs_dev_input_and_proc_file(tmp_path: Path) -> None:
    proc = tmp_path / "devices"
    missing = tmp_path / "input"
    assert not available(missing, proc)
    assert str(missing) in unavailable_reason(missing, proc)
    missing.mkdir()
    assert "devices" in unavailable_reason(missing, proc)
    proc.write_text(SAMPLE)
    assert available(missing, proc)
    assert unavailable_reason(missing, proc) == ""


def test_port_info_usb_spec() -> None:
    info = PortInfo("/dev/ttyACM0", None, 0x0C2E, 0x0B61, "17343B4CF2", "scanner")
    assert info.usb_spec == "usb:0c2e:0b61:17343B4CF2"
    assert PortInfo("/dev/ttyS0", None, None, None, None, "").usb_spec is None
