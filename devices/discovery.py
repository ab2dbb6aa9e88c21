"""What scanners could be plugged in: serial ports and input (keyboard-like) devices."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from serial.tools import list_ports

BY_ID_DIR = Path("/dev/serial/by-id")
PROC_INPUT_DEVICES = Path("/proc/bus/input/devices")


@dataclass(frozen=True, slots=True)
class PortInfo:
    device: str
    by_id: str | None
    vid: int | None
    pid: int | None
    serial_number: str | None
    description: str

    @property
    def usb_spec(self) -> str | None:
        """The ``usb:VID:PID[:SERIAL]`` spec that finds this port again after a re-plug."""
        if self.vid is None or self.pid is None:
            return None
        spec = f"usb:{self.vid:04x}:{self.pid:04x}"
        return f"{spec}:{self.serial_number}" if self.serial_number else spec


@dataclass(frozen=True, slots=True)
class InputDevice:
    path: str
    name: str
    phys: str


def _by_id_links(by_id_dir: Path) -> dict[str, str]:
    links: dict[str, str] = {}
    try:
        entries = sorted(by_id_dir.iterdir())
    except OSError:
        return links
    for entry in entries:
        links.setdefault(os.path.realpath(entry), str(entry))
    return links


def list_serial_ports(by_id_dir: Path = BY_ID_DIR) -> list[PortInfo]:
    links = _by_id_links(by_id_dir)
    ports = []
    for info in sorted(list_ports.comports(), key=lambda p: p.device):
        device = str(info.device)
        ports.append(
            PortInfo(
                device=device,
                by_id=links.get(os.path.realpath(device)),
                vid=info.vid,
                pid=info.pid,
                serial_number=info.serial_number,
                description=str(info.description or ""),
            )
        )
    return ports


_FIELD = re.compile(r"^([A-Z]): (\w+)=(.*)$")


def parse_input_devices(text: str) -> list[InputDevice]:
    """Parse ``/proc/bus/input/devices``: blank-line separated blocks of ``X: Key=value`` lines.

    Only devices with an ``eventN`` handler can be read, so only those are returned.
    """
    devices = []
    for block in re.split(r"\n\s*\n", text):
        name = phys = ""
        handlers: list[str] = []
        for line in block.splitlines():
            match = _FIELD.match(line.strip())
            if match is None:
                continue
            _, key, value = match.groups()
            if key == "Name":
                name = value.strip().strip('"')
            elif key == "Phys":
                phys = value.strip()
            elif key == "Handlers":
                handlers = value.split()
        events = [h for h in handlers if re.fullmatch(r"event\d+", h)]
        if events:
            devices.append(InputDevice(path=f"/dev/input/{events[0]}", name=name, phys=phys))
    return devices


def list_input_devices(proc_file: Path = PROC_INPUT_DEVICES) -> list[InputDevice]:
    """Input devices the kernel knows; empty where ``/proc/bus/input/devices`` is absent."""
    try:
        text = proc_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse_input_devices(text)
