"""The scale reader through real pyserial: a raw pseudo-terminal stands in for the scale."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.scale import SerialScale, Weight
from tests.integration.devices.ptys import Pty
from wms_tui.bootstrap.devices import make_scale
from wms_tui.config import ScaleSettings, parse_settings
from wms_tui.core.errors import ConfigError
from wms_tui.core.inspection.records import Scale

WAIT_S = 5.0


@pytest.fixture
def pty() -> Iterator[Pty]:
    port = Pty()
    yield port
    port.close()


@pytest.fixture
def started() -> Iterator[list[SerialScale]]:
    scales: list[SerialScale] = []
    yield scales
    for scale in scales:
        scale.stop()


def wait(check: Callable[[], bool]) -> None:
    done = threading.Event()
    for _ in range(int(WAIT_S / 0.01)):
        if check():
            return
        done.wait(0.01)
    raise AssertionError("condition never became true")


def test_a_streaming_scale_gives_its_stable_weight(pty: Pty, started: list[SerialScale]) -> None:
    scale = SerialScale(pty.path, 9600)
    started.append(scale)
    scale.start()
    assert scale.connected.wait(WAIT_S)
    pty.write(b"US,GS,+0000.800kg\r\nUS,GS,+0001.2")  # a frame split across two reads
    wait(lambda: scale.latest() == Weight(800, False))
    assert scale.read_grams() is None
    pty.write(b"40kg\r\nST,GS,+0001.250kg\r\n")
    wait(lambda: scale.read_grams() == 1250)
    pty.write(b"  1.300 kg\r\n")
    wait(lambda: scale.read_grams() == 1300)


def test_an_on_demand_scale_is_asked_for_a_weight(pty: Pty, started: list[SerialScale]) -> None:
    scale = SerialScale(pty.path, request=b"R", poll_s=0.05)
    started.append(scale)
    scale.start()
    asked = os.read(pty.master, 1)
    assert asked == b"R"
    pty.write(b"ST,GS,+0002.000kg\r\n")
    wait(lambda: scale.read_grams() == 2000)


def test_make_scale_from_the_config_table(pty: Pty, started: list[SerialScale]) -> None:
    assert make_scale(ScaleSettings()) is None
    scale = make_scale(ScaleSettings(port=pty.path, baudrate=115200))
    assert scale is not None
    started.append(scale)
    port: Scale = scale  # what InspectScreen and the desk take
    assert scale.baudrate == 115200
    assert scale.connected.wait(WAIT_S)
    pty.write(b"ST,GS,+0000.450kg\n")
    wait(lambda: port.read_grams() == 450)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("port = 3", "scale.port"),
        ('port = "/dev/ttyUSB0"\nbaudrate = "fast"', "scale.baudrate"),
        ('port = "/dev/ttyUSB0"\nbaudrate = 0', "scale.baudrate"),
        ('port = "/dev/ttyUSB0"\nbaud = 9600', "scale.baud"),
    ],
)
def test_bad_scale_tables_name_the_key(table: str, key: str) -> None:
    text = f'[station]\nid = "S1"\n[scale]\n{table}\n'
    with pytest.raises(ConfigError) as raised:
        parse_settings(text, Path("config.toml"))
    assert raised.value.params["key"] == key
